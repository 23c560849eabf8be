namespace ApiFilter.Signatures;

/// <summary>The type of a parsed structured field value (RFC 8941 section 3.3, plus Inner List).</summary>
public enum StructuredFieldValueType : byte
{
    /// <summary>An Integer: at most 15 digits, value in <see cref="StructuredFieldNode.Number"/>.</summary>
    Integer,

    /// <summary>A Decimal: at most 12 integer and 3 fractional digits, value × 1000 in <see cref="StructuredFieldNode.Number"/>.</summary>
    Decimal,

    /// <summary>A String: the source range is between the quotes, still escaped when <see cref="StructuredFieldNode.HasEscapes"/>.</summary>
    String,

    /// <summary>A Token: the source range is the token itself.</summary>
    Token,

    /// <summary>A Byte Sequence: the source range is the base64 text between the colons.</summary>
    ByteSequence,

    /// <summary>A Boolean: <see cref="StructuredFieldNode.Number"/> is 1 for true and 0 for false.</summary>
    Boolean,

    /// <summary>An Inner List: its items are the nodes that follow it, up to its parameters.</summary>
    InnerList,
}
