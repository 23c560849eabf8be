namespace ApiFilter.Signatures;

/// <summary>Outcome of <see cref="StructuredFieldParser.Parse"/>: the first rule of RFC 8941 section 4.2 the input broke.</summary>
public enum StructuredFieldStatus : byte
{
    /// <summary>The whole input parsed.</summary>
    Ok,

    /// <summary>A character outside printable ASCII (section 4.2: the field is converted to ASCII first, which fails).</summary>
    NonAscii,

    /// <summary>An Item field was empty, or a List/Dictionary ended with a comma.</summary>
    Empty,

    /// <summary>A value started with a character no bare item starts with.</summary>
    UnexpectedCharacter,

    /// <summary>Input was left after the value (section 4.2 step 6).</summary>
    TrailingCharacters,

    /// <summary>List or Dictionary members not separated by a comma.</summary>
    MissingComma,

    /// <summary>An Integer or Decimal broke section 4.2.4 (too many digits, no digit, a dot at the end).</summary>
    BadNumber,

    /// <summary>A String had a bad escape, a control or non-ASCII character, or no closing quote.</summary>
    BadString,

    /// <summary>A Byte Sequence had no closing colon or a character outside the base64 alphabet.</summary>
    BadByteSequence,

    /// <summary>A Boolean was not <c>?0</c> or <c>?1</c>.</summary>
    BadBoolean,

    /// <summary>A Dictionary or Parameter key did not start with a lowercase letter or <c>*</c>.</summary>
    BadKey,

    /// <summary>An Inner List had no closing parenthesis or items not separated by a space.</summary>
    BadInnerList,

    /// <summary>More values than the caller's node buffer holds: the caller's limit, not a syntax error.</summary>
    TooManyNodes,
}
