namespace ApiFilter.Tokens;

/// <summary>
/// The result of <see cref="JweDecryptor"/>. Everything but <see cref="Decrypted"/> is a refusal; bad input never throws.
/// </summary>
/// <remarks>
/// Which refusals are told apart, and why that is safe: every status up to and including
/// <see cref="DestinationTooSmall"/> is decided from the token's public structure (segment count, lengths,
/// the protected header, the configured allow-lists and key set) before any secret key is used, so telling them
/// apart gives an attacker nothing they could not read from the token themselves. Everything from the key
/// unwrap on (RSA-OAEP decryption, AES key unwrap, ECDH agreement, the content tag or HMAC check, CBC padding)
/// is <see cref="DecryptionFailed"/>, one status for all, and a failed unwrap continues with a random content
/// key so it also costs the same work as a failed tag: RFC 7516 section 11.5 and section 9 of RFC 7516's
/// security considerations (a difference between "bad key" and "bad content" is the oracle of Bleichenbacher-
/// and Manger-style attacks).
/// </remarks>
public enum JweDecryptionStatus
{
    /// <summary>The content was decrypted and authenticated.</summary>
    Decrypted = 0,

    /// <summary>Not a compact JWE (five base64url segments), or a segment has a length the algorithms forbid (IV, tag, CBC ciphertext, "dir"/ECDH-ES encrypted key not empty).</summary>
    Malformed,

    /// <summary>The token or its header is over the configured size limit.</summary>
    TokenTooLarge,

    /// <summary>The protected header breaks a rule: missing "alg" or "enc", wrong member types, too deep, too many members, "b64" in a JWE.</summary>
    InvalidHeader,

    /// <summary>A header parameter name occurs twice.</summary>
    DuplicateHeaderParameter,

    /// <summary>"crit" lists an extension this library does not understand (RFC 7516 section 4.1.13).</summary>
    CriticalHeaderUnknown,

    /// <summary>The "alg" value is unknown (names are case-sensitive).</summary>
    UnsupportedAlgorithm,

    /// <summary>The "alg" value is refused whatever the configuration says: "RSA1_5" (RFC 8725 section 3.2) or "PBES2-*".</summary>
    AlgorithmRefused,

    /// <summary>The "alg" value is known but not in the allow-list.</summary>
    AlgorithmNotAllowed,

    /// <summary>The "enc" value is unknown.</summary>
    UnsupportedEncryption,

    /// <summary>The "enc" value is known but not in the allow-list.</summary>
    EncryptionNotAllowed,

    /// <summary>
    /// The header carries "zip": compressed content is refused, because a few kilobytes of DEFLATE can expand to
    /// gigabytes (a decompression bomb) after the filter has already accepted the token's size.
    /// </summary>
    CompressionRefused,

    /// <summary>The ECDH-ES "epk" is missing, malformed, on another curve than the key, or not a point on its curve (the invalid-curve attack).</summary>
    InvalidEphemeralKey,

    /// <summary>No configured key has the header's "kid", or none fits the algorithm when there is no "kid".</summary>
    KeyNotFound,

    /// <summary>The key named by "kid" is of another type, curve or size than the algorithm needs.</summary>
    KeyTypeMismatch,

    /// <summary>The key's own algorithm restriction forbids this "alg".</summary>
    KeyUsageNotPermitted,

    /// <summary>The destination is shorter than the ciphertext (<see cref="JweDecryptor.GetMaxPlaintextLength"/>).</summary>
    DestinationTooSmall,

    /// <summary>Key unwrap, agreement or content authentication failed. One status for all of them, on purpose (see remarks).</summary>
    DecryptionFailed,
}
