namespace ApiFilter.Parameters;

/// <summary>Limits and policy switches for parameter checking.</summary>
public sealed record ParameterOptions
{
    /// <summary>The defaults: strict about unknown query parameters, tolerant of unknown cookies.</summary>
    public static ParameterOptions Default { get; } = new();

    /// <summary>Most name=value pairs a query string may carry (<c>param.count</c>); bounds the work per request.</summary>
    public int MaxQueryParameters { get; init; } = 256;

    /// <summary>Most array items or object members in one parameter value (<c>param.count</c>).</summary>
    public int MaxItems { get; init; } = 256;

    /// <summary>Whether query parameters the operation does not declare pass (default: refused, <c>param.unknown</c>).</summary>
    public bool AllowUnknownQueryParameters { get; init; }

    /// <summary>
    /// Whether cookies the operation does not declare pass (default: yes — browsers send every
    /// cookie of the site, and contracts rarely declare session or consent cookies).
    /// </summary>
    public bool AllowUnknownCookies { get; init; } = true;

    /// <summary>
    /// Whether RFC 3986 reserved characters unencoded in a query value are refused
    /// (<c>param.reserved</c>) unless the parameter declares <c>allowReserved</c> (default: yes).
    /// </summary>
    public bool EnforceAllowReserved { get; init; } = true;

    /// <summary>
    /// Query parameter names that carry an API key of a security scheme the operation's requirements
    /// name (<c>in: query</c>): not refused as undeclared and not decoded or inspected here, because
    /// the authentication stage checks them and a key must never reach a value detector or a message.
    /// </summary>
    public IReadOnlyList<string> CredentialQueryNames { get; init; } = [];

    /// <summary>Cookie names that carry an API key (<c>in: cookie</c>); see <see cref="CredentialQueryNames"/>.</summary>
    public IReadOnlyList<string> CredentialCookieNames { get; init; } = [];

    /// <summary>Throws when a limit is not positive.</summary>
    public void Validate()
    {
        ThrowHelper.ThrowIfNotPositive(MaxQueryParameters, nameof(MaxQueryParameters));
        ThrowHelper.ThrowIfNotPositive(MaxItems, nameof(MaxItems));
        ArgumentNullException.ThrowIfNull(CredentialQueryNames);
        ArgumentNullException.ThrowIfNull(CredentialCookieNames);
    }
}
