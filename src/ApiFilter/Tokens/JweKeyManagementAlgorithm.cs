namespace ApiFilter.Tokens;

/// <summary>
/// JWE "alg" values: how the content encryption key reaches the recipient (RFC 7518 section 4.1). Names are
/// case-sensitive. Some are recognised only to be refused by name (see <see cref="JweDecryptionStatus.AlgorithmRefused"/>).
/// </summary>
public enum JweKeyManagementAlgorithm
{
    /// <summary>An "alg" value this library does not know (also "A128GCMKW" and the other AES-GCM key wraps); refused.</summary>
    Unknown = 0,

    /// <summary>"RSA-OAEP-256": RSAES-OAEP with SHA-256 and MGF1 with SHA-256 (RFC 7518 section 4.3).</summary>
    RsaOaep256,

    /// <summary>
    /// "RSA-OAEP": RSAES-OAEP with SHA-1 and MGF1 with SHA-1 (RFC 7518 section 4.3). Opt-in only
    /// (<see cref="JweDecryptorOptions.AllowRsaOaepSha1"/>): OAEP with SHA-1 is not broken, but new deployments should use RSA-OAEP-256.
    /// </summary>
    RsaOaep,

    /// <summary>"ECDH-ES": the agreed key is the content encryption key (RFC 7518 section 4.6).</summary>
    EcdhEs,

    /// <summary>"ECDH-ES+A128KW": the agreed key wraps the content encryption key with AES Key Wrap.</summary>
    EcdhEsA128KW,

    /// <summary>"ECDH-ES+A192KW".</summary>
    EcdhEsA192KW,

    /// <summary>"ECDH-ES+A256KW".</summary>
    EcdhEsA256KW,

    /// <summary>"dir": the shared symmetric key is the content encryption key (RFC 7518 section 4.5).</summary>
    Direct,

    /// <summary>"A128KW": AES Key Wrap with a 128-bit shared key (RFC 7518 section 4.4, RFC 3394).</summary>
    A128KW,

    /// <summary>"A192KW".</summary>
    A192KW,

    /// <summary>"A256KW".</summary>
    A256KW,

    /// <summary>
    /// "RSA1_5": RSAES-PKCS1-v1_5. Always refused: its padding check is a Bleichenbacher oracle that cannot be
    /// closed reliably in a decryptor that answers over the network (RFC 8725 section 3.2).
    /// </summary>
    RsaPkcs1V15,

    /// <summary>
    /// "PBES2-HS256+A128KW", "PBES2-HS384+A192KW", "PBES2-HS512+A256KW". Always refused: the sender chooses the
    /// iteration count "p2c", so one token can cost the edge seconds of PBKDF2 (a denial of service), and
    /// password-derived keys have no place at a filter.
    /// </summary>
    Pbes2,
}
