namespace ApiFilter.Tokens;

/// <summary>
/// Where a <see cref="JsonWebKeySource"/> gets an issuer's keys and how it keeps them fresh. Exactly one of
/// <see cref="File"/>, <see cref="JwksUri"/> and <see cref="Discovery"/> is set. The members map one to one onto
/// policy keys (<c>jwks</c>, <c>jwksUri</c>, <c>discovery</c>, <c>caCertificate</c>, <c>minRefreshSeconds</c>,
/// <c>maxStaleSeconds</c>, …); durations are <see cref="TimeSpan"/> here and whole seconds in a policy.
/// </summary>
public sealed record JsonWebKeySourceOptions
{
    /// <summary>A JWK Set file, polled for changes every <see cref="FilePollInterval"/>.</summary>
    public string? File { get; init; }

    /// <summary>The JWK Set URL (an https URL; see <see cref="AllowInsecureLoopback"/>).</summary>
    public Uri? JwksUri { get; init; }

    /// <summary>
    /// An issuer identifier (an https URL without query or fragment) whose metadata document names the "jwks_uri".
    /// The document's "issuer" must equal this value exactly (OpenID Connect Discovery 1.0 section 4.3, RFC 8414
    /// section 3.3), or the document is refused.
    /// </summary>
    public string? Discovery { get; init; }

    /// <summary>Which metadata document <see cref="Discovery"/> reads. Default OpenID Connect.</summary>
    public DiscoveryMetadataKind DiscoveryKind { get; init; } = DiscoveryMetadataKind.OpenIdConnect;

    /// <summary>
    /// A PEM (one or more certificates) or DER file of the certificate authorities the issuer's TLS certificate must
    /// chain to. When set, these replace the system roots for this source (a pin for private PKI); host name checks
    /// stay on. When null, the system's trust store decides.
    /// </summary>
    public string? CaCertificate { get; init; }

    /// <summary>Accept plain http when the host is loopback (tests, local development). Never for any other host.</summary>
    public bool AllowInsecureLoopback { get; init; }

    /// <summary>At most one refresh asked for by an unknown "kid" per this interval; others fail fast. Default 30 s.</summary>
    public TimeSpan MinRefreshInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long past its expiry the last good set is still served while refreshes fail; after that the source
    /// fails closed (no keys). Default 24 h. Not applied to <see cref="File"/>: the file is the operator's truth.
    /// </summary>
    public TimeSpan MaxStaleAge { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The shortest cache lifetime, whatever "Cache-Control: max-age" says (also for no-cache). Default 5 min.</summary>
    public TimeSpan MinCacheDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest cache lifetime, whatever "Cache-Control: max-age" says. Default 24 h.</summary>
    public TimeSpan MaxCacheDuration { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The cache lifetime when the response has no max-age (clamped like one). Default 1 h.</summary>
    public TimeSpan DefaultCacheDuration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long a request with an unknown "kid" waits for the refresh it triggered. Default 2 s; zero never waits.</summary>
    public TimeSpan UnknownKeyWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The time limit of one HTTP exchange, connection included (real time). Default 5 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest JWK Set or metadata document (bytes) read; a larger one is refused. Default 256 KB.</summary>
    public int MaxDocumentBytes { get; init; } = 256 * 1024;

    /// <summary>How often a <see cref="File"/> source checks the file's modification time and length. Default 5 s.</summary>
    public TimeSpan FilePollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The wait before the first retry after a failed refresh; it doubles per failure. Default 1 s.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between retries. Default 5 min.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The clock for cache expiry, staleness and the refresh schedule. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
