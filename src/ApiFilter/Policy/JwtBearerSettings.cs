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

    /// <summary>The verification keys (public keys from a JWK Set and, for HS*, the shared secret).</summary>
    public required JsonWebKeySet Keys { get; init; }

    /// <summary>Tolerance for clocks that disagree (0 to 1 hour). Default 60 seconds.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether the token's <c>typ</c> must be <c>at+jwt</c> (RFC 9068 section 4). Default false.</summary>
    public bool RequireAccessTokenType { get; init; }

    /// <summary>Claims that must be present (<c>sub</c>, <c>client_id</c>, …). Default none.</summary>
    public IReadOnlyList<string> RequiredClaims { get; init; } = [];

    /// <summary>The clock; replace it in tests.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Builds the validator these settings describe (cold path).</summary>
    /// <exception cref="ArgumentException">A setting is not usable (no issuer, an HMAC algorithm without a shared secret, …).</exception>
    public JwtValidator CreateValidator()
    {
        var verifier = new JwsVerifier(Keys, new JwsVerifierOptions { AllowedAlgorithms = Algorithms });
        var claims = new JwtClaimsPolicy(Issuers, Audiences)
        {
            ClockSkew = ClockSkew,
            RequireAccessTokenType = RequireAccessTokenType,
            RequiredClaims = RequiredClaims,
            TimeProvider = TimeProvider,
        };
        return new JwtValidator(verifier, claims);
    }

    /// <inheritdoc/>
    public override string Describe() => "JWT bearer tokens";
}
