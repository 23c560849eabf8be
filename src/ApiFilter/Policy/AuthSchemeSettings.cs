namespace ApiFilter.Policy;

/// <summary>
/// How one security scheme of the contract is verified: <see cref="JwtBearerSettings"/> for http
/// bearer, oauth2 and openIdConnect schemes, <see cref="ApiKeySettings"/> for apiKey schemes,
/// <see cref="BasicAuthSettings"/> for http basic. The filter checks at construction that the kind
/// of settings fits the kind of scheme.
/// </summary>
public abstract record AuthSchemeSettings
{
    /// <summary>What the settings verify, for messages: <c>JWT bearer</c>, <c>API key</c>, <c>HTTP Basic</c>.</summary>
    public abstract string Describe();
}
