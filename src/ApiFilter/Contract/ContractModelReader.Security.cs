using System.Text.Json.Nodes;
using ApiFilter.Parameters;
using OpenApiSpecVersion = Microsoft.OpenApi.OpenApiSpecVersion;

namespace ApiFilter.Contract;

internal sealed partial class ContractModelReader
{
    /// <summary>3.x <c>components/securitySchemes</c> (3.1 section 4.8.27) or 2.0 <c>securityDefinitions</c>.</summary>
    private Dictionary<string, SecuritySchemeModel> ReadSecuritySchemes(JsonObject document)
    {
        var schemes = new Dictionary<string, SecuritySchemeModel>(StringComparer.Ordinal);
        var pointer = _swagger2 ? "/securityDefinitions" : "/components/securitySchemes";
        var node = _swagger2 ? document["securityDefinitions"] : (document["components"] as JsonObject)?["securitySchemes"];
        if (node is not JsonObject map)
        {
            return schemes;
        }

        foreach (var (name, value) in map)
        {
            if (!TryDeref(value, JsonPointer.Append(pointer, name), "security scheme", out var scheme, out var schemePointer))
            {
                continue;
            }

            if (ReadSecurityScheme(name, scheme, schemePointer) is { } model)
            {
                schemes.Add(name, model);
            }
        }

        return schemes;
    }

    private SecuritySchemeModel? ReadSecurityScheme(string name, JsonObject scheme, string pointer)
    {
        var type = String(scheme, "type");
        switch (type)
        {
            case "apiKey":
                var keyName = String(scheme, "name");
                var location = String(scheme, "in");
                ParameterLocation? keyLocation = location switch
                {
                    "query" => ParameterLocation.Query,
                    "header" => ParameterLocation.Header,
                    "cookie" when !_swagger2 => ParameterLocation.Cookie,
                    _ => null,
                };
                if (keyName is null || keyLocation is null)
                {
                    Problem(pointer, $"apiKey scheme '{name}' needs a name and in: query, header{(_swagger2 ? "" : " or cookie")}");
                    return null;
                }

                return new SecuritySchemeModel { Name = name, Kind = SecuritySchemeKind.ApiKey, ApiKeyName = keyName, ApiKeyLocation = keyLocation, Pointer = pointer };
            case "basic" when _swagger2:
                return new SecuritySchemeModel { Name = name, Kind = SecuritySchemeKind.Http, Scheme = "basic", Pointer = pointer };
            case "http" when !_swagger2:
                if (String(scheme, "scheme") is not { } httpScheme)
                {
                    Problem(pointer, $"http scheme '{name}' needs a scheme");
                    return null;
                }

                return new SecuritySchemeModel
                {
                    Name = name,
                    Kind = SecuritySchemeKind.Http,
                    Scheme = httpScheme.ToLowerInvariant(),
                    BearerFormat = String(scheme, "bearerFormat"),
                    Pointer = pointer,
                };
            case "oauth2":
                var flows = _swagger2 ? Swagger2Flow(name, scheme, pointer) : ReadFlows(name, scheme, pointer);
                return flows is null ? null : new SecuritySchemeModel { Name = name, Kind = SecuritySchemeKind.OAuth2, Flows = flows, Pointer = pointer };
            case "openIdConnect" when !_swagger2:
                return new SecuritySchemeModel { Name = name, Kind = SecuritySchemeKind.OpenIdConnect, OpenIdConnectUrl = String(scheme, "openIdConnectUrl"), Pointer = pointer };
            case "mutualTLS" when _version == OpenApiSpecVersion.OpenApi3_1:
                return new SecuritySchemeModel { Name = name, Kind = SecuritySchemeKind.MutualTls, Pointer = pointer };
            default:
                Problem(pointer + "/type", $"security scheme '{name}' has unknown type '{type}'");
                return null;
        }
    }

    private List<OAuthFlowModel>? ReadFlows(string name, JsonObject scheme, string pointer)
    {
        if (scheme["flows"] is not JsonObject flows)
        {
            Problem(pointer, $"oauth2 scheme '{name}' needs flows");
            return null;
        }

        var list = new List<OAuthFlowModel>();
        foreach (var (key, value) in flows)
        {
            OAuthFlowKind? kind = key switch
            {
                "implicit" => OAuthFlowKind.Implicit,
                "password" => OAuthFlowKind.Password,
                "clientCredentials" => OAuthFlowKind.ClientCredentials,
                "authorizationCode" => OAuthFlowKind.AuthorizationCode,
                _ => null,
            };
            if (kind is null)
            {
                if (!key.StartsWith("x-", StringComparison.Ordinal))
                {
                    Problem(JsonPointer.Append(pointer + "/flows", key), $"unknown OAuth flow '{key}'");
                }

                continue;
            }

            if (value is JsonObject flow)
            {
                list.Add(Flow(kind.Value, flow));
            }
        }

        return list;
    }

    /// <summary>Swagger 2.0 OAuth: one <c>flow</c> with its URLs and scopes; <c>application</c> and <c>accessCode</c> are the 3.x client credentials and authorization code.</summary>
    private List<OAuthFlowModel>? Swagger2Flow(string name, JsonObject scheme, string pointer)
    {
        OAuthFlowKind? kind = String(scheme, "flow") switch
        {
            "implicit" => OAuthFlowKind.Implicit,
            "password" => OAuthFlowKind.Password,
            "application" => OAuthFlowKind.ClientCredentials,
            "accessCode" => OAuthFlowKind.AuthorizationCode,
            _ => null,
        };
        if (kind is null)
        {
            Problem(pointer + "/flow", $"oauth2 scheme '{name}' needs flow: implicit, password, application or accessCode");
            return null;
        }

        return [Flow(kind.Value, scheme)];
    }

    private static OAuthFlowModel Flow(OAuthFlowKind kind, JsonObject flow)
    {
        var scopes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (flow["scopes"] is JsonObject map)
        {
            foreach (var (scope, description) in map)
            {
                scopes[scope] = description is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";
            }
        }

        return new OAuthFlowModel
        {
            Kind = kind,
            AuthorizationUrl = String(flow, "authorizationUrl"),
            TokenUrl = String(flow, "tokenUrl"),
            RefreshUrl = String(flow, "refreshUrl"),
            Scopes = scopes,
        };
    }

    /// <summary>
    /// A <c>security</c> list: OR of Security Requirement Objects, each an AND of schemes (3.1
    /// section 4.8.30). Each name must be a declared scheme.
    /// </summary>
    private List<SecurityRequirement> ReadSecurity(JsonNode node, string pointer)
    {
        var list = new List<SecurityRequirement>();
        if (node is not JsonArray array)
        {
            Problem(pointer, "security must be an array");
            return list;
        }

        for (var i = 0; i < array.Count; i++)
        {
            var entryPointer = JsonPointer.Append(pointer, i);
            if (array[i] is not JsonObject requirement)
            {
                Problem(entryPointer, "a security requirement must be an object");
                continue;
            }

            var schemes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var (name, scopesNode) in requirement)
            {
                var namePointer = JsonPointer.Append(entryPointer, name);
                if (!_schemes.ContainsKey(name))
                {
                    Problem(namePointer, $"security scheme '{name}' is not declared");
                    continue;
                }

                var scopes = new List<string>();
                if (scopesNode is JsonArray scopeArray)
                {
                    foreach (var scope in scopeArray)
                    {
                        if (scope is JsonValue value && value.TryGetValue<string>(out var text))
                        {
                            scopes.Add(text);
                        }
                        else
                        {
                            Problem(namePointer, "scopes must be strings");
                        }
                    }
                }
                else
                {
                    Problem(namePointer, "the scopes of a security requirement must be an array");
                }

                schemes[name] = scopes;
            }

            list.Add(new SecurityRequirement { Schemes = schemes, Pointer = entryPointer });
        }

        return list;
    }
}
