namespace ApiFilter.Tokens;

/// <summary>Outcome of the <see cref="PkceRules"/> checks (RFC 7636, RFC 9700 section 2.1.1).</summary>
public enum PkceStatus
{
    /// <summary>The check passed.</summary>
    Valid = 0,

    /// <summary>The authorization request has no "code_challenge": PKCE is required (RFC 9700 section 2.1.1).</summary>
    MissingChallenge,

    /// <summary>"code_challenge" is not 43 base64url characters of a 32-byte SHA-256 value (RFC 7636 section 4.2).</summary>
    InvalidChallenge,

    /// <summary>"code_challenge_method" is absent: it would default to "plain" (RFC 7636 section 4.3), which is refused.</summary>
    MissingChallengeMethod,

    /// <summary>"code_challenge_method" is not exactly "S256" ("plain" included, RFC 9700 section 2.1.1).</summary>
    UnsupportedChallengeMethod,

    /// <summary>The token request has no "code_verifier".</summary>
    MissingVerifier,

    /// <summary>"code_verifier" is not 43 to 128 characters of [A-Za-z0-9-._~] (RFC 7636 section 4.1).</summary>
    InvalidVerifier,

    /// <summary>BASE64URL(SHA256(code_verifier)) is not the "code_challenge" (RFC 7636 section 4.6).</summary>
    Mismatch,
}
