namespace ApiFilter.Tokens;

/// <summary>
/// The result of reading, verifying or validating a token. Everything but <see cref="Valid"/> is a refusal
/// with its specific reason; bad input never throws.
/// </summary>
public enum TokenValidationStatus
{
    /// <summary>The check passed.</summary>
    Valid = 0,

    /// <summary>Not a compact JWS: wrong segment count, bad base64url, header or payload not the JSON required.</summary>
    Malformed,

    /// <summary>The token, its header or its payload is over the configured size limit.</summary>
    TokenTooLarge,

    /// <summary>Five segments: a JWE (RFC 7516 section 7.1). Recognised, not handled here.</summary>
    EncryptedTokenNotSupported,

    /// <summary>The JOSE header breaks a rule of RFC 7515/7797: missing or non-string "alg", wrong member types, too deep, too many members, "b64" not listed in "crit".</summary>
    InvalidHeader,

    /// <summary>A header parameter name occurs twice (RFC 7515 section 4 allows refusing; we refuse).</summary>
    DuplicateHeaderParameter,

    /// <summary>"crit" lists an extension this library does not understand (RFC 7515 section 4.1.11).</summary>
    CriticalHeaderUnknown,

    /// <summary>The "alg" value is unknown (names are case-sensitive) or not available on this platform (EdDSA).</summary>
    UnsupportedAlgorithm,

    /// <summary>"alg" is "none": unsecured tokens are always refused (RFC 8725 section 3.1).</summary>
    AlgorithmNone,

    /// <summary>The algorithm is known but not in this verifier's allow-list (RFC 8725 section 3.1).</summary>
    AlgorithmNotAllowed,

    /// <summary>No key in the set has the token's "kid", or no key can verify the algorithm when there is no "kid".</summary>
    KeyNotFound,

    /// <summary>The key named by "kid" is of another type or curve than the algorithm needs (e.g. HS256 naming an RSA key).</summary>
    KeyTypeMismatch,

    /// <summary>The key's own "alg", "use" or "key_ops" forbid verifying with this algorithm, or the key is too short for it.</summary>
    KeyUsageNotPermitted,

    /// <summary>The signature does not verify (including a wrong signature length or an empty signature).</summary>
    BadSignature,

    /// <summary>The payload is not a JSON object, or a registered claim has the wrong type (RFC 7519 section 4.1).</summary>
    InvalidClaims,

    /// <summary>A claim name occurs twice in the claims set (RFC 7519 section 4 allows refusing; we refuse).</summary>
    DuplicateClaim,

    /// <summary>A claim the policy requires is absent.</summary>
    MissingRequiredClaim,

    /// <summary>"exp" is past, after the clock skew (RFC 7519 section 4.1.4).</summary>
    Expired,

    /// <summary>"nbf" is in the future, after the clock skew (RFC 7519 section 4.1.5).</summary>
    NotYetValid,

    /// <summary>"iat" is in the future, after the clock skew.</summary>
    IssuedInFuture,

    /// <summary>"iss" is not one of the accepted issuers (exact, case-sensitive comparison).</summary>
    InvalidIssuer,

    /// <summary>No "aud" value is one of the accepted audiences.</summary>
    InvalidAudience,

    /// <summary>The header "typ" is not "at+jwt" (RFC 9068 section 4) where the policy requires access tokens.</summary>
    InvalidTokenType,
}
