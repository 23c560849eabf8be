using ApiFilter.Signatures;

namespace ApiFilter.Policy;

/// <summary>
/// How request bodies are checked against their <c>Content-Digest</c> (RFC 9530) or legacy
/// <c>Digest</c> (RFC 3230) field. The check runs in the same pass that judges the body, over the
/// bytes as received (after content coding: RFC 9530 section 2).
/// </summary>
public sealed record DigestPolicy
{
    /// <summary>The defaults: a digest that is sent is checked and must match; none is required; sha-256 and sha-512 accepted.</summary>
    public static DigestPolicy Default { get; } = new();

    /// <summary>Block (default): a wrong, malformed or weak digest refuses the request. Report: logged only. Off: not checked.</summary>
    public EnforcementMode Mode { get; init; } = EnforcementMode.Block;

    /// <summary>When true, a request with a body and no digest field is refused (<c>digest.missing</c>).</summary>
    public bool Require { get; init; }

    /// <summary>The accepted algorithms; a field offering only others is refused as weak (<c>digest.algorithm</c>).</summary>
    public DigestAlgorithms Algorithms { get; init; } = DigestAlgorithms.All;
}
