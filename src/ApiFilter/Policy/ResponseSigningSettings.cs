using ApiFilter.Signatures;

namespace ApiFilter.Policy;

/// <summary><c>jose.signResponses</c>: response bodies are signed with a detached JWS added as a header.</summary>
public sealed record ResponseSigningSettings
{
    /// <summary>Off.</summary>
    public static ResponseSigningSettings Default { get; } = new();

    /// <summary>The signer (its key, algorithm and "b64"); null: responses are not signed.</summary>
    public DetachedJwsSigner? Signer { get; init; }

    /// <summary>The response header the detached JWS is written to (default <c>x-jws-signature</c>).</summary>
    public string Header { get; init; } = "x-jws-signature";

    /// <summary>The largest response body that is signed; a longer one is sent without the header (it would have to be held whole).</summary>
    public long MaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>True when responses are signed.</summary>
    public bool IsEnabled => Signer is not null;

    /// <summary>Throws <see cref="ArgumentException"/> for an empty header name or a non-positive cap.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Header);
        ThrowHelper.ThrowIfNotPositive(MaxBodyBytes, nameof(MaxBodyBytes));
    }
}
