using ApiFilter.Tokens;

namespace ApiFilter.Policy;

/// <summary>
/// <c>jose.detachedSignature</c>: a detached compact JWS (<c>&lt;header&gt;..&lt;signature&gt;</c>, RFC 7515 appendix F;
/// RFC 7797 when the header says <c>"b64": false</c>) carried in a request header and checked over the body as
/// received, in the same pass that judges it.
/// </summary>
public sealed record DetachedSignatureSettings
{
    /// <summary>Off.</summary>
    public static DetachedSignatureSettings Default { get; } = new();

    /// <summary>Off (default), Block, or Report (failures are logged, the request goes on).</summary>
    public EnforcementMode Mode { get; init; } = EnforcementMode.Off;

    /// <summary>The request header carrying the detached JWS (default <c>x-jws-signature</c>).</summary>
    public string Header { get; init; } = "x-jws-signature";

    /// <summary>True: every request with a body (to the listed operations) must carry one (<c>jose.signature.missing</c>).</summary>
    public bool Require { get; init; }

    /// <summary>The operationIds the check applies to; empty: every operation, or every request without a contract.</summary>
    public IReadOnlyList<string> Operations { get; init; } = [];

    /// <summary>The verification keys (a JWK Set); required when the mode is not off.</summary>
    public JsonWebKeySet? Keys { get; init; }

    /// <summary>The explicit algorithm allow-list (RFC 8725 section 3.1).</summary>
    public IReadOnlyList<JwsAlgorithm> Algorithms { get; init; } = [JwsAlgorithm.ES256, JwsAlgorithm.PS256];

    /// <summary>Throws <see cref="ArgumentException"/> when the check is on without keys or algorithms.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Header);
        ArgumentNullException.ThrowIfNull(Operations);
        ArgumentNullException.ThrowIfNull(Algorithms);
        if (Mode != EnforcementMode.Off && (Keys is null || Algorithms.Count == 0))
        {
            ThrowHelper.ThrowArgument(nameof(Keys), "jose.detachedSignature is on but has no keys or no algorithms.");
        }
    }
}
