namespace ApiFilter.Signatures;

/// <summary>Outcome of a <see cref="ContentDigest"/> check.</summary>
public enum DigestVerificationStatus : byte
{
    /// <summary>Every supported digest the message carries matches the content.</summary>
    Valid,

    /// <summary>The message carries no <c>Content-Digest</c> and no <c>Digest</c> field.</summary>
    Missing,

    /// <summary>The digest field broke its syntax, or a digest has the wrong length for its algorithm.</summary>
    Malformed,

    /// <summary>Only algorithms this check does not accept were offered (e.g. <c>md5</c>, <c>sha</c>, <c>unixsum</c>: RFC 9530 section 5 marks them insecure).</summary>
    NoSupportedAlgorithm,

    /// <summary>A supported digest does not match the content.</summary>
    Mismatch,

    /// <summary><see cref="ContentDigest.Verify"/> was called before a digest field was read.</summary>
    NotStarted,
}
