using ApiFilter.Parameters;

namespace ApiFilter.Contract;

/// <summary>
/// A security scheme the contract declares (3.x <c>components/securitySchemes</c>, 2.0
/// <c>securityDefinitions</c>), reduced to what a filter checks.
/// </summary>
public sealed record SecuritySchemeModel
{
    /// <summary>The scheme's name, the key security requirements use.</summary>
    public required string Name { get; init; }

    /// <summary>The kind of scheme (the <c>type</c> field).</summary>
    public required SecuritySchemeKind Kind { get; init; }

    /// <summary>For <see cref="SecuritySchemeKind.Http"/>: the authentication scheme, lower-cased (RFC 9110 section 11.1: case-insensitive), e.g. <c>bearer</c>.</summary>
    public string? Scheme { get; init; }

    /// <summary>For <c>bearer</c>: the declared token format hint, e.g. <c>JWT</c>.</summary>
    public string? BearerFormat { get; init; }

    /// <summary>For <see cref="SecuritySchemeKind.ApiKey"/>: the header, query parameter or cookie name.</summary>
    public string? ApiKeyName { get; init; }

    /// <summary>For <see cref="SecuritySchemeKind.ApiKey"/>: where the key travels (query, header or cookie).</summary>
    public ParameterLocation? ApiKeyLocation { get; init; }

    /// <summary>For <see cref="SecuritySchemeKind.OAuth2"/>: the flows, in document order.</summary>
    public IReadOnlyList<OAuthFlowModel> Flows { get; init; } = [];

    /// <summary>For <see cref="SecuritySchemeKind.OpenIdConnect"/>: the discovery URL, as written.</summary>
    public string? OpenIdConnectUrl { get; init; }

    /// <summary>JSON Pointer of the scheme object in the contract document.</summary>
    public required string Pointer { get; init; }
}
