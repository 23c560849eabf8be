using System.Security.Cryptography.X509Certificates;

namespace ApiFilter.Pipeline;

/// <summary>
/// What the engine sees of an HTTP request: the strings the host already holds, no copies and no
/// header dictionary. Build one per request; it is a small value and costs no allocation.
/// </summary>
public readonly struct HttpMessageView
{
    /// <summary>Creates a view of a request.</summary>
    /// <param name="method">Request method, e.g. <c>POST</c>.</param>
    /// <param name="path">Request path (no query).</param>
    /// <param name="query">Query string including the leading <c>?</c>, or null.</param>
    /// <param name="contentType">The <c>Content-Type</c> header value, or null.</param>
    /// <param name="contentEncoding">The <c>Content-Encoding</c> header value (all field lines joined by commas), or null.</param>
    /// <param name="contentLength">The declared <c>Content-Length</c>, or null (chunked or absent).</param>
    /// <param name="hasBody">False when the framing says there is no body at all (RFC 9112 section 6.3).</param>
    public HttpMessageView(string method, string path, string? query, string? contentType, string? contentEncoding, long? contentLength, bool hasBody)
    {
        Method = method;
        Path = path;
        Query = query;
        ContentType = contentType;
        ContentEncoding = contentEncoding;
        ContentLength = contentLength;
        HasBody = hasBody;
        Headers = null;
    }

    /// <summary>Creates a view of a request with access to its header fields (header and cookie parameters need it).</summary>
    /// <param name="method">Request method, e.g. <c>POST</c>.</param>
    /// <param name="path">Request path (no query), raw: still percent-encoded as received.</param>
    /// <param name="query">Query string including the leading <c>?</c>, or null.</param>
    /// <param name="contentType">The <c>Content-Type</c> header value, or null.</param>
    /// <param name="contentEncoding">The <c>Content-Encoding</c> header value (all field lines joined by commas), or null.</param>
    /// <param name="contentLength">The declared <c>Content-Length</c>, or null (chunked or absent).</param>
    /// <param name="hasBody">False when the framing says there is no body at all (RFC 9112 section 6.3).</param>
    /// <param name="headers">The request's header fields, or null.</param>
    public HttpMessageView(string method, string path, string? query, string? contentType, string? contentEncoding, long? contentLength, bool hasBody, IRequestHeaders? headers)
        : this(method, path, query, contentType, contentEncoding, contentLength, hasBody)
    {
        Headers = headers;
    }

    /// <summary>Request method, e.g. <c>POST</c>.</summary>
    public string Method { get; }

    /// <summary>Request path, without the query.</summary>
    public string Path { get; }

    /// <summary>Query string including the leading <c>?</c>, or null.</summary>
    public string? Query { get; }

    /// <summary>The <c>Content-Type</c> header value, or null.</summary>
    public string? ContentType { get; }

    /// <summary>The <c>Content-Encoding</c> header value, or null.</summary>
    public string? ContentEncoding { get; }

    /// <summary>The declared <c>Content-Length</c>, or null.</summary>
    public long? ContentLength { get; }

    /// <summary>False when the request framing says there is no body.</summary>
    public bool HasBody { get; }

    /// <summary>The request's header fields, or null when the host did not provide them.</summary>
    public IRequestHeaders? Headers { get; }

    /// <summary>
    /// The URI scheme the request arrived on (<c>http</c> or <c>https</c>), or null when the host did not say.
    /// Checks that rebuild the target URI need it: DPoP's <c>htu</c> (RFC 9449 section 4.3), RFC 9421's
    /// <c>@scheme</c> and <c>@target-uri</c>.
    /// </summary>
    public string? Scheme { get; init; }

    /// <summary>
    /// The request's authority (host and port, as in the <c>Host</c> field or the HTTP/2 <c>:authority</c>),
    /// or null when the host did not say. Used as <see cref="Scheme"/> is.
    /// </summary>
    public string? Authority { get; init; }

    /// <summary>
    /// The certificate the client presented in the TLS handshake, or null (plain HTTP, or none presented).
    /// Certificate-bound access tokens are checked against it (RFC 8705 section 3).
    /// </summary>
    public X509Certificate2? ClientCertificate { get; init; }
}
