namespace ApiFilter.Contract;

/// <summary>An OAuth 2.0 flow (OpenAPI 3.1 section 4.8.29; Swagger 2.0 <c>application</c> and <c>accessCode</c> map to the 3.x names).</summary>
public enum OAuthFlowKind : byte
{
    /// <summary>Implicit grant (RFC 6749 section 4.2).</summary>
    Implicit,
    /// <summary>Resource owner password credentials (RFC 6749 section 4.3).</summary>
    Password,
    /// <summary>Client credentials (RFC 6749 section 4.4); 2.0 <c>application</c>.</summary>
    ClientCredentials,
    /// <summary>Authorization code (RFC 6749 section 4.1); 2.0 <c>accessCode</c>.</summary>
    AuthorizationCode,
}
