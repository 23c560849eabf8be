namespace ApiFilter.Signatures;

/// <summary>The signature algorithms of the RFC 9421 registry (section 6.2.2).</summary>
public enum MessageSignatureAlgorithm : byte
{
    /// <summary><c>rsa-pss-sha512</c>: RSASSA-PSS, SHA-512, MGF1 with SHA-512, 64-byte salt (section 3.3.1).</summary>
    RsaPssSha512,

    /// <summary><c>rsa-v1_5-sha256</c>: RSASSA-PKCS1-v1_5 with SHA-256 (section 3.3.2).</summary>
    RsaV15Sha256,

    /// <summary><c>hmac-sha256</c>: HMAC with SHA-256, compared in constant time (section 3.3.3).</summary>
    HmacSha256,

    /// <summary><c>ecdsa-p256-sha256</c>: ECDSA on P-256 with SHA-256, signature as raw r||s, 64 bytes (section 3.3.4).</summary>
    EcdsaP256Sha256,

    /// <summary><c>ecdsa-p384-sha384</c>: ECDSA on P-384 with SHA-384, signature as raw r||s, 96 bytes (section 3.3.5).</summary>
    EcdsaP384Sha384,

    /// <summary>
    /// <c>ed25519</c> (section 3.3.6): recognised but not supported, since .NET 10's
    /// System.Security.Cryptography has no Ed25519 API; signatures naming it are refused with
    /// <see cref="SignatureVerificationStatus.AlgorithmNotSupported"/>.
    /// </summary>
    Ed25519,
}
