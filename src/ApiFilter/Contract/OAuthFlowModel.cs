namespace ApiFilter.Contract;

/// <summary>One OAuth 2.0 flow of a security scheme with the scopes it offers.</summary>
public sealed record OAuthFlowModel
{
    /// <summary>Which grant the flow is.</summary>
    public required OAuthFlowKind Kind { get; init; }

    /// <summary>The authorization URL (implicit and authorization code flows), as written.</summary>
    public string? AuthorizationUrl { get; init; }

    /// <summary>The token URL (password, client credentials and authorization code flows), as written.</summary>
    public string? TokenUrl { get; init; }

    /// <summary>The refresh URL, if declared.</summary>
    public string? RefreshUrl { get; init; }

    /// <summary>Scope name → description.</summary>
    public required IReadOnlyDictionary<string, string> Scopes { get; init; }
}
