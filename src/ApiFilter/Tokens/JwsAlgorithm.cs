namespace ApiFilter.Tokens;

/// <summary>
/// JWS "alg" values (RFC 7518 section 3.1, RFC 8037 section 3.1). Names are case-sensitive (RFC 7515
/// section 4.1.1): "None" or "hs256" are <see cref="Unknown"/>, not spellings of a known algorithm.
/// </summary>
public enum JwsAlgorithm
{
    /// <summary>An "alg" value this library does not know; always refused.</summary>
    Unknown = 0,

    /// <summary>"none", the unsecured JWS (RFC 7518 section 3.6); always refused, whatever the allow-list says.</summary>
    None,

    /// <summary>HMAC with SHA-256 (RFC 7518 section 3.2).</summary>
    HS256,

    /// <summary>HMAC with SHA-384.</summary>
    HS384,

    /// <summary>HMAC with SHA-512.</summary>
    HS512,

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 section 3.3).</summary>
    RS256,

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-384.</summary>
    RS384,

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-512.</summary>
    RS512,

    /// <summary>RSASSA-PSS with SHA-256 and MGF1 with SHA-256 (RFC 7518 section 3.5).</summary>
    PS256,

    /// <summary>RSASSA-PSS with SHA-384.</summary>
    PS384,

    /// <summary>RSASSA-PSS with SHA-512.</summary>
    PS512,

    /// <summary>ECDSA on P-256 with SHA-256 (RFC 7518 section 3.4).</summary>
    ES256,

    /// <summary>ECDSA on P-384 with SHA-384.</summary>
    ES384,

    /// <summary>ECDSA on P-521 with SHA-512.</summary>
    ES512,

    /// <summary>
    /// EdDSA (RFC 8037). Recognised but not available: System.Security.Cryptography in .NET 10 has no public
    /// Ed25519/Ed448 API, so tokens using it are refused as <see cref="TokenValidationStatus.UnsupportedAlgorithm"/>.
    /// </summary>
    EdDsa,
}
