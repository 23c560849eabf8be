using ApiFilter.Pipeline;

namespace ApiFilter.Signatures;

/// <summary>
/// The parts of an HTTP message that signature components are derived from (RFC 9421 section
/// 2.2): request method and target URI parts, or response status, plus the header fields.
/// Spans into the host's own request, so building one copies nothing.
/// </summary>
public readonly ref struct HttpMessageComponents
{
    /// <summary>A request.</summary>
    /// <param name="method">The method, as received (case-sensitive).</param>
    /// <param name="scheme">The target URI's scheme (<c>http</c>, <c>https</c>).</param>
    /// <param name="authority">The target URI's authority (host and optional port).</param>
    /// <param name="path">The absolute path (empty is read as <c>/</c>).</param>
    /// <param name="query">The query without its leading <c>?</c> (empty when absent).</param>
    /// <param name="headers">The header fields.</param>
    public HttpMessageComponents(ReadOnlySpan<char> method, ReadOnlySpan<char> scheme, ReadOnlySpan<char> authority, ReadOnlySpan<char> path, ReadOnlySpan<char> query, IRequestHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        Method = method;
        Scheme = scheme;
        Authority = authority;
        Path = path;
        Query = query;
        Headers = headers;
    }

    /// <summary>A response.</summary>
    /// <param name="status">The three-digit status code.</param>
    /// <param name="headers">The header fields.</param>
    public HttpMessageComponents(int status, IRequestHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        Status = status;
        Headers = headers;
    }

    /// <summary>The request method.</summary>
    public ReadOnlySpan<char> Method { get; }

    /// <summary>The target URI's scheme.</summary>
    public ReadOnlySpan<char> Scheme { get; }

    /// <summary>The target URI's authority.</summary>
    public ReadOnlySpan<char> Authority { get; }

    /// <summary>The absolute path.</summary>
    public ReadOnlySpan<char> Path { get; }

    /// <summary>The query without its leading <c>?</c>.</summary>
    public ReadOnlySpan<char> Query { get; }

    /// <summary>
    /// The request-target exactly as on the request line, when it is not origin-form (absolute-form
    /// to a proxy, authority-form for CONNECT, <c>*</c> for OPTIONS); empty means path and query.
    /// </summary>
    public ReadOnlySpan<char> RequestTarget { get; init; }

    /// <summary>The response status (0 for a request).</summary>
    public int Status { get; }

    /// <summary>The header fields.</summary>
    public IRequestHeaders Headers { get; }

    /// <summary>True for a response.</summary>
    public bool IsResponse => Status != 0;
}
