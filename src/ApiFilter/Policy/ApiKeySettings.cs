using ApiFilter.Tokens;

namespace ApiFilter.Policy;

/// <summary>API keys for an <c>apiKey</c> scheme: the key travels where the contract says (header, query or cookie).</summary>
public sealed record ApiKeySettings : AuthSchemeSettings
{
    /// <summary>The accepted keys, held as SHA-256 hashes.</summary>
    public required ApiKeyStore Keys { get; init; }

    /// <inheritdoc/>
    public override string Describe() => "API keys";
}
