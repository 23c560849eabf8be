namespace ApiFilter.Tokens;

/// <summary>
/// Outcome of <see cref="DpopProofValidator.Validate"/> (RFC 9449 section 4.3). Everything but <see cref="Valid"/>
/// is a refusal; RFC 9449 section 7.1 answers them with <c>invalid_dpop_proof</c>, and <see cref="NonceRequired"/>
/// with <c>use_dpop_nonce</c> (section 9).
/// </summary>
public enum DpopStatus
{
    /// <summary>The proof holds for this request; the key thumbprint was written.</summary>
    Valid = 0,

    /// <summary>No proof: the <c>DPoP</c> header value is empty.</summary>
    Missing,

    /// <summary>
    /// Not a single well-formed compact JWS with a base64url JSON payload (step 2): wrong segment count, bad base64url,
    /// a header breaking RFC 7515 (duplicate or mistyped members, unknown "crit"), "b64": false, or detached content.
    /// </summary>
    Malformed,

    /// <summary>The proof or its header is over the configured size.</summary>
    TooLarge,

    /// <summary>The header "typ" is not "dpop+jwt" (step 4).</summary>
    InvalidType,

    /// <summary>"alg" is "none" (step 5).</summary>
    AlgorithmNone,

    /// <summary>"alg" is symmetric (HS*), unknown, or not in the allow-list (step 5).</summary>
    AlgorithmNotAllowed,

    /// <summary>The header has no "jwk" (section 4.2).</summary>
    MissingKey,

    /// <summary>"jwk" carries private key members ("d", "p", "q", "dp", "dq", "qi", "oth", "k") (step 7).</summary>
    PrivateKey,

    /// <summary>"jwk" is not a usable public key: wrong or duplicate members, bad base64url, a point off the curve, a short RSA modulus.</summary>
    InvalidKey,

    /// <summary>The key's type or curve does not fit "alg" (ES256 needs P-256, RS*/PS* need RSA).</summary>
    KeyAlgorithmMismatch,

    /// <summary>The signature does not verify with the header's key (step 6).</summary>
    BadSignature,

    /// <summary>The payload is not a JSON object, a claim has the wrong type, or a claim name repeats.</summary>
    InvalidClaims,

    /// <summary>"jti", "htm", "htu" or "iat" is absent (step 3), or "ath" is absent while an access token is presented.</summary>
    MissingClaim,

    /// <summary>"jti" is empty or longer than <see cref="DpopProofValidatorOptions.MaxJtiLength"/>.</summary>
    InvalidJti,

    /// <summary>"htm" is not the request method (step 8; methods are case-sensitive, RFC 9110 section 9.1).</summary>
    MethodMismatch,

    /// <summary>"htu" is not the request's target URI after normalisation, or carries a query or fragment (step 9).</summary>
    UriMismatch,

    /// <summary>"iat" is older than <see cref="DpopProofValidatorOptions.MaxAge"/> (step 11).</summary>
    Expired,

    /// <summary>"iat" is further in the future than <see cref="DpopProofValidatorOptions.MaxFutureSkew"/> (step 11).</summary>
    IssuedInFuture,

    /// <summary>A nonce check is configured and the proof has no "nonce": answer with a fresh <c>DPoP-Nonce</c> (section 9).</summary>
    NonceRequired,

    /// <summary>The nonce check refused the proof's "nonce" (step 10).</summary>
    InvalidNonce,

    /// <summary>"ath" is not base64url(SHA-256(access token)) (step 12).</summary>
    AccessTokenHashMismatch,

    /// <summary>This key already used this "jti" within the window (section 11.1).</summary>
    Replayed,

    /// <summary>The replay cache had no room to record the "jti"; refused because a replay could not be ruled out.</summary>
    ReplayCacheFull,
}
