namespace ApiFilter.Tokens;

/// <summary>What a <see cref="JwsVerifier"/> accepts: the algorithm allow-list (RFC 8725 section 3.1) and the reading limits.</summary>
public sealed record JwsVerifierOptions
{
    /// <summary>
    /// The algorithms tokens may use. Required and explicit: the token's "alg" only selects among these.
    /// "none" and unknown values are refused at construction; EdDSA is refused as not available on this platform;
    /// HMAC algorithms need a shared secret (kty "oct") in the key set.
    /// </summary>
    public required IReadOnlyList<JwsAlgorithm> AllowedAlgorithms { get; init; }

    /// <summary>Size and shape limits for the token and its header.</summary>
    public JwsReaderLimits Limits { get; init; } = JwsReaderLimits.Default;

    /// <summary>
    /// When a token has no "kid", at most this many compatible keys are tried, in set order, so a token without
    /// "kid" cannot make one request cost a verification per key of a large set. Default 3.
    /// </summary>
    public int MaxKeysTriedWithoutKeyId { get; init; } = 3;
}
