using System.Globalization;
using ApiFilter.Tokens;

namespace ApiFilter.Policy;

/// <summary>The <c>auth</c> section: mode, realm and the settings of each contract security scheme.</summary>
public static partial class PolicyLoader
{
    private const string JwtKeys = "issuers, issuer, audiences, audience, algorithms, jwks, secretFile, clockSkewSeconds, requireAccessTokenType, requiredClaims";

    private static AuthenticationPolicy BuildAuth(PolicyNode node, ErrorSink errors, string path, string? baseDirectory)
    {
        ExpectMapping(node, errors, path);
        var auth = AuthenticationPolicy.Default;
        foreach (var (key, value) in node.Members)
        {
            var at = path + "." + key;
            auth = key switch
            {
                "mode" => auth with { Mode = Mode(value, errors, at) },
                "realm" => auth with { Realm = Realm(value, errors, at) },
                "schemes" => auth with { Schemes = BuildSchemes(value, errors, at, baseDirectory) },
                _ => throw errors.Unknown(path, key, "mode, realm, schemes"),
            };
        }

        return auth;
    }

    private static string Realm(PolicyNode node, ErrorSink errors, string path)
    {
        var text = Text(node, errors, path);
        foreach (var c in text)
        {
            if (c is '"' or '\\' || char.IsControl(c) || c > '~')
            {
                throw errors.At(path, "the realm must be printable ASCII without '\"' or '\\' (it is sent in a quoted-string)");
            }
        }

        return text;
    }

    private static Dictionary<string, AuthSchemeSettings> BuildSchemes(PolicyNode node, ErrorSink errors, string path, string? baseDirectory)
    {
        ExpectMapping(node, errors, path);
        var schemes = new Dictionary<string, AuthSchemeSettings>(StringComparer.Ordinal);
        foreach (var (name, value) in node.Members)
        {
            var at = path + "." + name;
            ExpectMapping(value, errors, at);
            schemes[name] = HasMember(value, "keys") ? BuildApiKey(value, errors, at, baseDirectory)
                : HasMember(value, "users") ? BuildBasic(value, errors, at, baseDirectory)
                : BuildJwt(value, errors, at, baseDirectory);
        }

        return schemes;
    }

    private static ApiKeySettings BuildApiKey(PolicyNode node, ErrorSink errors, string path, string? baseDirectory)
    {
        ApiKeyStore? store = null;
        foreach (var (key, value) in node.Members)
        {
            var at = path + "." + key;
            store = key switch
            {
                "keys" => ReadFile(value, errors, at, baseDirectory, ApiKeyStore.Load),
                _ => throw errors.At(at, "an API key scheme (keys: …) takes no other key; expected only: keys"),
            };
        }

        return new ApiKeySettings { Keys = store! };
    }

    private static BasicAuthSettings BuildBasic(PolicyNode node, ErrorSink errors, string path, string? baseDirectory)
    {
        BasicCredentialStore? store = null;
        foreach (var (key, value) in node.Members)
        {
            var at = path + "." + key;
            store = key switch
            {
                "users" => ReadFile(value, errors, at, baseDirectory, BasicCredentialStore.Load),
                _ => throw errors.At(at, "an HTTP Basic scheme (users: …) takes no other key; expected only: users"),
            };
        }

        return new BasicAuthSettings { Users = store! };
    }

    private static JwtBearerSettings BuildJwt(PolicyNode node, ErrorSink errors, string path, string? baseDirectory)
    {
        var issuers = new List<string>();
        var audiences = new List<string>();
        var algorithms = new List<JwsAlgorithm>();
        var keys = new List<JsonWebKey>();
        var hasKeySource = false;
        var skew = 60;
        var requireType = false;
        var required = new List<string>();
        foreach (var (key, value) in node.Members)
        {
            var at = path + "." + key;
            switch (key)
            {
                case "issuers":
                    issuers.AddRange(Strings(value, errors, at));
                    break;
                case "issuer":
                    issuers.Add(Text(value, errors, at));
                    break;
                case "audiences":
                    audiences.AddRange(Strings(value, errors, at));
                    break;
                case "audience":
                    audiences.Add(Text(value, errors, at));
                    break;
                case "algorithms":
                    var names = Strings(value, errors, at);
                    for (var i = 0; i < names.Count; i++)
                    {
                        algorithms.Add(Algorithm(names[i], errors, at + "[" + i.ToString(CultureInfo.InvariantCulture) + "]"));
                    }

                    break;
                case "jwks":
                    keys.AddRange(ReadFile(value, errors, at, baseDirectory, JsonWebKeySet.Load).Keys);
                    hasKeySource = true;
                    break;
                case "secretFile":
                    var secret = ReadFile(value, errors, at, baseDirectory, File.ReadAllBytes);
                    try
                    {
                        keys.Add(JsonWebKey.CreateSharedSecret(secret));
                    }
                    catch (JsonWebKeyException e)
                    {
                        throw errors.At(at, e.Message);
                    }

                    hasKeySource = true;
                    break;
                case "clockSkewSeconds":
                    skew = NonNegativeInt(value, errors, at);
                    if (skew > 3600)
                    {
                        throw errors.At(at, "expected at most 3600 seconds");
                    }

                    break;
                case "requireAccessTokenType":
                    requireType = Bool(value, errors, at);
                    break;
                case "requiredClaims":
                    required.AddRange(Strings(value, errors, at));
                    break;
                default:
                    throw errors.Unknown(path, key, JwtKeys + " (or keys: for an API key scheme, users: for HTTP Basic)");
            }
        }

        if (issuers.Count == 0 || audiences.Count == 0 || algorithms.Count == 0 || !hasKeySource)
        {
            throw errors.At(path, "a JWT bearer scheme needs issuers (or issuer), audiences (or audience), algorithms and jwks or secretFile"
                + " (an API key scheme needs keys:, an HTTP Basic scheme users:)");
        }

        var settings = new JwtBearerSettings
        {
            Issuers = issuers,
            Audiences = audiences,
            Algorithms = algorithms,
            Keys = JsonWebKeySet.Create(keys),
            ClockSkew = TimeSpan.FromSeconds(skew),
            RequireAccessTokenType = requireType,
            RequiredClaims = required,
        };
        try
        {
            // the verifier's own checks (an HS* algorithm with no shared secret, an empty issuer) fail the load, not the first request
            settings.CreateValidator();
        }
        catch (ArgumentException e)
        {
            throw errors.At(path, e.Message);
        }

        return settings;
    }

    private static JwsAlgorithm Algorithm(string name, ErrorSink errors, string path)
    {
        // names are case-sensitive (RFC 7515 section 4.1.1); "none" is never allowed (RFC 8725 section 3.1)
        JwsAlgorithm? algorithm = name switch
        {
            "HS256" => JwsAlgorithm.HS256,
            "HS384" => JwsAlgorithm.HS384,
            "HS512" => JwsAlgorithm.HS512,
            "RS256" => JwsAlgorithm.RS256,
            "RS384" => JwsAlgorithm.RS384,
            "RS512" => JwsAlgorithm.RS512,
            "PS256" => JwsAlgorithm.PS256,
            "PS384" => JwsAlgorithm.PS384,
            "PS512" => JwsAlgorithm.PS512,
            "ES256" => JwsAlgorithm.ES256,
            "ES384" => JwsAlgorithm.ES384,
            "ES512" => JwsAlgorithm.ES512,
            _ => null,
        };
        return algorithm ?? throw errors.At(path, $"unknown or refused algorithm \"{name}\"; expected HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384 or ES512");
    }

    /// <summary>Reads the file a key names, relative to the policy's folder; any failure is a policy error at that key.</summary>
    private static T ReadFile<T>(PolicyNode node, ErrorSink errors, string path, string? baseDirectory, Func<string, T> load)
    {
        var name = Text(node, errors, path);
        var full = baseDirectory is null ? Path.GetFullPath(name) : Path.GetFullPath(name, baseDirectory);
        try
        {
            return load(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or JsonWebKeyException or ArgumentException)
        {
            throw errors.At(path, $"cannot use {name}: {e.Message}");
        }
    }

    private static bool HasMember(PolicyNode node, string key)
    {
        foreach (var member in node.Members)
        {
            if (member.Key == key)
            {
                return true;
            }
        }

        return false;
    }

    private static string Text(PolicyNode node, ErrorSink errors, string path) =>
        node.IsScalar && node.Text.Length > 0 ? node.Text : throw errors.At(path, $"expected a non-empty string, got {node.Describe()}");

    private static List<string> Strings(PolicyNode node, ErrorSink errors, string path)
    {
        if (node.Kind != PolicyNodeKind.Sequence)
        {
            throw errors.At(path, $"expected a list of strings, got {node.Describe()}");
        }

        var list = new List<string>();
        for (var i = 0; i < node.Items.Count; i++)
        {
            list.Add(Text(node.Items[i], errors, path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]"));
        }

        return list;
    }

    private static int NonNegativeInt(PolicyNode node, ErrorSink errors, string path)
    {
        if (node.Kind != PolicyNodeKind.PlainScalar
            || !int.TryParse(node.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw errors.At(path, $"expected a non-negative integer, got {node.Describe()}");
        }

        return value;
    }
}
