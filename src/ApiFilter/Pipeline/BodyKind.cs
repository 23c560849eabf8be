namespace ApiFilter.Pipeline;

/// <summary>Which guard judges a request body, chosen from its media type.</summary>
public enum BodyKind : byte
{
    /// <summary>No guard: no body, or a media type the filter does not judge (forwarded unchanged).</summary>
    None,

    /// <summary><c>application/json</c> or any <c>*+json</c> (RFC 6839 section 3.1).</summary>
    Json,

    /// <summary><c>application/xml</c>, <c>text/xml</c> or any <c>*+xml</c> (RFC 7303).</summary>
    Xml,

    /// <summary><c>application/x-www-form-urlencoded</c> (WHATWG URL, <c>application/x-www-form-urlencoded</c> parsing).</summary>
    Form,

    /// <summary><c>multipart/form-data</c> (RFC 7578).</summary>
    Multipart,
}
