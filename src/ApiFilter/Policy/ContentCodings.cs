namespace ApiFilter.Policy;

/// <summary>
/// Request content codings (RFC 9110 section 8.4.1) the filter may decode to judge a body.
/// A coding that is not allowed is refused with <c>body.encoding</c> (415).
/// </summary>
[Flags]
public enum ContentCodings
{
    /// <summary>No coding allowed: compressed request bodies are refused.</summary>
    None = 0,

    /// <summary><c>gzip</c> (RFC 9110 section 8.4.1.3; also accepts <c>x-gzip</c>).</summary>
    Gzip = 1,

    /// <summary><c>deflate</c>: the zlib format (RFC 9110 section 8.4.1.2).</summary>
    Deflate = 2,

    /// <summary><c>br</c>: Brotli (RFC 7932).</summary>
    Brotli = 4,
}
