using ApiFilter.Signatures;

namespace ApiFilter.Policy;

/// <summary>
/// How requests' HTTP message signatures are checked: RFC 9421 (<c>Signature-Input</c> and
/// <c>Signature</c>) and, when <see cref="Cavage"/> is set, draft-cavage-http-signatures-12
/// (<c>Signature</c> or <c>Authorization: Signature</c>). Checked from the head, before any body byte.
/// </summary>
public sealed record SignaturePolicy
{
    /// <summary>The defaults: off, no keys.</summary>
    public static SignaturePolicy Default { get; } = new();

    /// <summary>Off (default), Block (refuse what fails) or Report (log what fails, let it pass).</summary>
    public EnforcementMode Mode { get; init; } = EnforcementMode.Off;

    /// <summary>The verification keys by <c>keyid</c>; the policy file's <c>keys</c> names a JWKS file.</summary>
    public MessageSignatureKeyStore Keys { get; init; } = new();

    /// <summary>True (default): every request must carry a valid signature. False: only signatures that are present are verified.</summary>
    public bool Require { get; init; } = true;

    /// <summary>
    /// Components every signature must cover (RFC 9421 names such as <c>@method</c>,
    /// <c>@target-uri</c>, <c>content-digest</c>; for draft-cavage the header names such as
    /// <c>(request-target)</c>, <c>digest</c>). <c>content-digest</c> and <c>digest</c> are
    /// required only of requests with a body.
    /// </summary>
    public IReadOnlyList<string> Components { get; init; } = ["@method", "@target-uri", "content-digest"];

    /// <summary>Signatures whose <c>created</c> is older than this many seconds are refused (default 300); <c>expires</c> is always honoured.</summary>
    public int MaxAgeSeconds { get; init; } = 300;

    /// <summary>The accepted algorithms (by the key's configured algorithm); default every supported one.</summary>
    public IReadOnlyList<MessageSignatureAlgorithm> Algorithms { get; init; } =
    [
        MessageSignatureAlgorithm.RsaPssSha512,
        MessageSignatureAlgorithm.RsaV15Sha256,
        MessageSignatureAlgorithm.HmacSha256,
        MessageSignatureAlgorithm.EcdsaP256Sha256,
        MessageSignatureAlgorithm.EcdsaP384Sha384,
    ];

    /// <summary>Also accept draft-cavage-12 signatures (default false).</summary>
    public bool Cavage { get; init; }

    /// <summary>When true, a <c>nonce</c> is required and a nonce seen before is refused as a replay (RFC 9421 section 7.2.2).</summary>
    public bool Nonce { get; init; }

    /// <summary>The replay check for nonces; null uses a bounded in-memory set of this process.</summary>
    public ISignatureNonceValidator? NonceValidator { get; init; }

    /// <summary>The clock for <c>created</c> and <c>expires</c> (default the system clock).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> or <see cref="ArgumentNullException"/> naming the first setting that is not valid.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Keys);
        ArgumentNullException.ThrowIfNull(Components);
        ArgumentNullException.ThrowIfNull(Algorithms);
        ArgumentNullException.ThrowIfNull(Clock);
        ThrowHelper.ThrowIfNotPositive(MaxAgeSeconds, nameof(MaxAgeSeconds));
    }
}
