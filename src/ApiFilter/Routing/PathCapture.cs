namespace ApiFilter.Routing;

/// <summary>
/// Where one path parameter's value sits in the raw (still percent-encoded) request path: a range
/// of UTF-16 code units. The parameter decoder percent-decodes it, once.
/// </summary>
public readonly record struct PathCapture(int Start, int Length)
{
    /// <summary>The captured raw text of <paramref name="rawPath"/>.</summary>
    public ReadOnlySpan<char> Slice(ReadOnlySpan<char> rawPath) => rawPath.Slice(Start, Length);
}
