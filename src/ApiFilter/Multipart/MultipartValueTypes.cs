namespace ApiFilter.Multipart;

/// <summary>
/// The JSON types a text field's schema allows. A text part's value reaches the schema validator
/// as the first of these it can be read as (boolean, then number), otherwise as a string, just as
/// query parameters are typed by their schema.
/// </summary>
[Flags]
public enum MultipartValueTypes : byte
{
    /// <summary>No typing: the value is passed as a string.</summary>
    None = 0,

    /// <summary>The schema allows a string.</summary>
    String = 1,

    /// <summary>The schema allows a number: an RFC 8259 number literal is passed as a number.</summary>
    Number = 2,

    /// <summary>The schema allows an integer: an RFC 8259 number literal is passed as a number (the validator checks it is integral).</summary>
    Integer = 4,

    /// <summary>The schema allows a boolean: <c>true</c> and <c>false</c> are passed as booleans.</summary>
    Boolean = 8,
}
