namespace ApiFilter.Signatures;

/// <summary>
/// The digest algorithms a <see cref="ContentDigest"/> check accepts. Only the two the RFC 9530
/// registry marks "Active" exist here; <c>md5</c>, <c>sha</c>, <c>unixsum</c> and <c>unixcksum</c>
/// are "Deprecated" (section 5) and never accepted.
/// </summary>
[Flags]
public enum DigestAlgorithms : byte
{
    /// <summary>None: every digest is of an unaccepted algorithm.</summary>
    None = 0,

    /// <summary><c>sha-256</c> (RFC 3230 <c>SHA-256</c>).</summary>
    Sha256 = 1,

    /// <summary><c>sha-512</c> (RFC 3230 <c>SHA-512</c>).</summary>
    Sha512 = 2,

    /// <summary>Both.</summary>
    All = Sha256 | Sha512,
}
