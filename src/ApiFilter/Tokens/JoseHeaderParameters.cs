namespace ApiFilter.Tokens;

/// <summary>Which registered header parameters a JOSE header carried (RFC 7515 section 4.1, RFC 7797 section 3).</summary>
[Flags]
public enum JoseHeaderParameters
{
    /// <summary>None of the registered parameters.</summary>
    None = 0,

    /// <summary>"alg".</summary>
    Algorithm = 1 << 0,

    /// <summary>"kid".</summary>
    KeyId = 1 << 1,

    /// <summary>"typ".</summary>
    Type = 1 << 2,

    /// <summary>"cty".</summary>
    ContentType = 1 << 3,

    /// <summary>"crit".</summary>
    Critical = 1 << 4,

    /// <summary>"b64" (RFC 7797).</summary>
    Base64Payload = 1 << 5,

    /// <summary>"jku": a URL to fetch keys from. Noted, never followed: keys come only from the configured set.</summary>
    JwkSetUrl = 1 << 6,

    /// <summary>"jwk": a key embedded by the sender. Noted, never used: a token must not bring its own key (RFC 8725 section 3.10 spirit).</summary>
    JsonWebKey = 1 << 7,

    /// <summary>"x5u": a URL to a certificate chain. Noted, never followed.</summary>
    X509Url = 1 << 8,

    /// <summary>"x5c": an embedded certificate chain. Noted, never used for key selection.</summary>
    X509CertificateChain = 1 << 9,

    /// <summary>"x5t": a SHA-1 certificate thumbprint. Noted only.</summary>
    X509Thumbprint = 1 << 10,

    /// <summary>"x5t#S256": a SHA-256 certificate thumbprint. Noted only.</summary>
    X509ThumbprintSha256 = 1 << 11,

    // JWE members (RFC 7516 section 4.1, RFC 7518 sections 4.6.1 and 7.3), read for JweDecryptor.

    /// <summary>"enc": the content encryption algorithm of a JWE (RFC 7516 section 4.1.2).</summary>
    Encryption = 1 << 16,

    /// <summary>"epk": the sender's ephemeral public key for ECDH-ES (RFC 7518 section 4.6.1.1).</summary>
    EphemeralPublicKey = 1 << 17,

    /// <summary>"apu": agreement PartyUInfo for ECDH-ES (RFC 7518 section 4.6.1.2).</summary>
    AgreementPartyUInfo = 1 << 18,

    /// <summary>"apv": agreement PartyVInfo for ECDH-ES (RFC 7518 section 4.6.1.3).</summary>
    AgreementPartyVInfo = 1 << 19,

    /// <summary>"zip": compressed plaintext (RFC 7516 section 4.1.3). Noted so the decryptor can refuse it.</summary>
    Compression = 1 << 20,
}
