namespace ApiFilter.Tokens;

/// <summary>Which well-known metadata document a <see cref="JsonWebKeySource"/> reads to find an issuer's "jwks_uri".</summary>
public enum DiscoveryMetadataKind
{
    /// <summary>OpenID Connect Discovery 1.0 section 4: <c>&lt;issuer&gt;/.well-known/openid-configuration</c>.</summary>
    OpenIdConnect = 0,

    /// <summary>
    /// RFC 8414 section 3: <c>https://host/.well-known/oauth-authorization-server</c> followed by the issuer's path,
    /// for authorization servers that are not OpenID providers.
    /// </summary>
    OAuthAuthorizationServer,
}
