namespace ApiFilter.Contract;

/// <summary>The <c>type</c> of a Security Scheme Object (OpenAPI 3.1 section 4.8.27; Swagger 2.0 <c>basic</c> maps to <see cref="Http"/>).</summary>
public enum SecuritySchemeKind : byte
{
    /// <summary>An API key in a header, query parameter or cookie.</summary>
    ApiKey,
    /// <summary>An HTTP authentication scheme (RFC 9110 section 11): <c>basic</c>, <c>bearer</c>, …</summary>
    Http,
    /// <summary>OAuth 2.0 with one or more flows.</summary>
    OAuth2,
    /// <summary>OpenID Connect discovery.</summary>
    OpenIdConnect,
    /// <summary>Mutual TLS (3.1): the client certificate authenticates.</summary>
    MutualTls,
}
