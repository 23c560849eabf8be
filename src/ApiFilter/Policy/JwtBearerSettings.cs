using ApiFilter.Tokens;

namespace ApiFilter.Policy;

/// <summary>
/// Bearer JWT access tokens (RFC 6750, RFC 9068) for an http <c>bearer</c>, <c>oauth2</c> or
/// <c>openIdConnect</c> scheme: the accepted issuers and audiences, the explicit algorithm
/// allow-list (RFC 8725 section 3.1) and the verification keys.
/// </summary>
public sealed record JwtBearerSettings : AuthSchemeSettings
{
    /// <summary>Accepted <c>iss</c> values (exact). At least one.</summary>
    public required IReadOnlyList<string> Issuers { get; init; }

    /// <summary>Accepted <c>aud</c> values (exact). At least one.</summary>
    public required IReadOnlyList<string> Audiences { get; init; }

    /// <summary>The algorithms tokens may use; the token's <c>alg</c> only selects among these.</summary>
    public required IReadOnlyList<JwsAlgorithm> Algorithms { get; init; }

    /// <summary>
    /// The verification keys (public keys from a JWK Set and, for HS*, the shared secret), used when
    /// <see cref="KeySource"/> is null. Default empty.
    /// </summary>
    public JsonWebKeySet Keys { get; init; } = JsonWebKeySet.Create();

    /// <summary>
    /// Where the keys are kept fresh from instead of <see cref="Keys"/>: a polled JWK Set file, a <c>jwks_uri</c>
    /// or an issuer's discovery document. The filter builds one <see cref="JsonWebKeySource"/> per scheme from it,
    /// loads it in <see cref="Pipeline.RequestFilter.InitializeAsync"/> and disposes it with the filter. Default null.
    /// </summary>
    public JsonWebKeySourceOptions? KeySource { get; init; }

    /// <summary>
    /// Whether every token must carry a <c>jti</c> and is accepted once only, until its <c>exp</c> (one
    /// <see cref="ReplayCache"/> per scheme). Default false.
    /// </summary>
    public bool Replay { get; init; }

    /// <summary>How many token ids the replay cache holds at once (peak tokens per second × token lifetime, with headroom). Default 100,000.</summary>
    public int ReplayCapacity { get; init; } = 100_000;

    /// <summary>DPoP-bound tokens (RFC 9449): <c>Authorization: DPoP</c> with a <c>DPoP</c> proof. Default off.</summary>
    public TokenBindingMode Dpop { get; init; }

    /// <summary>The algorithms a DPoP proof may use, sent in the challenge's <c>algs</c>. Default ES256, PS256, RS256.</summary>
    public IReadOnlyList<JwsAlgorithm> DpopAlgorithms { get; init; } = [JwsAlgorithm.ES256, JwsAlgorithm.PS256, JwsAlgorithm.RS256];

    /// <summary>How old a DPoP proof's <c>iat</c> may be (RFC 9449 section 11.1). Default 60 seconds.</summary>
    public TimeSpan DpopMaxAge { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How many DPoP proof ids the proof replay cache holds at once (proofs per second × <see cref="DpopMaxAge"/>). Default 100,000.</summary>
    public int DpopReplayCapacity { get; init; } = 100_000;

    /// <summary>Certificate-bound tokens (RFC 8705 section 3): <c>cnf</c> <c>x5t#S256</c> against the TLS client certificate. Default off.</summary>
    public TokenBindingMode CertificateBound { get; init; }

    /// <summary>Tolerance for clocks that disagree (0 to 1 hour). Default 60 seconds.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether the token's <c>typ</c> must be <c>at+jwt</c> (RFC 9068 section 4). Default false.</summary>
    public bool RequireAccessTokenType { get; init; }

    /// <summary>Claims that must be present (<c>sub</c>, <c>client_id</c>, …). Default none.</summary>
    public IReadOnlyList<string> RequiredClaims { get; init; } = [];

    /// <summary>
    /// A JSON Schema the token's claims set must match, compiled into the same validation program as request
    /// bodies (policy key <c>claimsSchema</c>), or null. Checked after the signature and the registered claims.
    /// </summary>
    public Schema.SchemaProgram? ClaimsSchema { get; init; }

    /// <summary>A JSON Schema the token's JOSE header must match (policy key <c>headerSchema</c>), or null.</summary>
    public Schema.SchemaProgram? HeaderSchema { get; init; }

    /// <summary>The clock; replace it in tests.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Builds the validator these settings describe (cold path).</summary>
    /// <exception cref="ArgumentException">A setting is not usable (no issuer, an HMAC algorithm without a shared secret, …).</exception>
    public JwtValidator CreateValidator() => CreateValidator(null);

    /// <summary>Builds the validator these settings describe over <paramref name="source"/>, or over <see cref="Keys"/> when it is null (cold path).</summary>
    /// <exception cref="ArgumentException">A setting is not usable (no issuer, an HMAC algorithm without a shared secret, …).</exception>
    public JwtValidator CreateValidator(JsonWebKeySource? source)
    {
        var options = new JwsVerifierOptions { AllowedAlgorithms = Algorithms };
        var verifier = source is null ? new JwsVerifier(Keys, options) : new JwsVerifier(source, options);
        var claims = new JwtClaimsPolicy(Issuers, Audiences)
        {
            ClockSkew = ClockSkew,
            RequireAccessTokenType = RequireAccessTokenType,
            RequiredClaims = RequiredClaims,
            TimeProvider = TimeProvider,
        };
        return new JwtValidator(verifier, claims);
    }

    /// <summary>The DPoP proof validator options these settings describe (cold path).</summary>
    /// <exception cref="ArgumentException">An algorithm is not an asymmetric one, or the window is out of range.</exception>
    public DpopProofValidatorOptions CreateDpopOptions() => new()
    {
        AllowedAlgorithms = DpopAlgorithms,
        MaxAge = DpopMaxAge,
        TimeProvider = TimeProvider,
    };

    /// <inheritdoc/>
    public override string Describe() => "JWT bearer tokens";
}
