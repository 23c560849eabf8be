using System.Globalization;
using ApiFilter.Tokens;

namespace ApiFilter.Policy;

/// <summary>The <c>auth</c> section: mode, realm and the settings of each contract security scheme.</summary>
public static partial class PolicyLoader
{
    private const string JwtKeys = "issuers, issuer, audiences, audience, algorithms, jwks, jwksUri, discovery, discoveryKind, caCertificate, allowInsecureLoopback,"
        + " minRefreshSeconds, maxStaleSeconds, unknownKeyWaitSeconds, secretFile, clockSkewSeconds, requireAccessTokenType, requiredClaims,"
        + " replay, replayCapacity, dpop, dpopAlgorithms, dpopMaxAgeSeconds, certificateBound, claimsSchema, headerSchema";

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
                "pkce" => auth with { Pkce = BuildPkce(value, errors, at) },
                _ => throw errors.Unknown(path, key, "mode, realm, schemes, pkce"),
            };
        }

        return auth;
    }

    /// <summary><c>auth.pkce</c>: <c>authorize</c> and <c>token</c>, lists of contract operationIds (<see cref="PkceSettings"/>).</summary>
    private static PkceSettings BuildPkce(PolicyNode node, ErrorSink errors, string path)
    {
        ExpectMapping(node, errors, path);
        var pkce = PkceSettings.None;
        foreach (var (key, value) in node.Members)
        {
            var at = path + "." + key;
            pkce = key switch
            {
                "authorize" => pkce with { Authorize = Strings(value, errors, at) },
                "token" => pkce with { Token = Strings(value, errors, at) },
                _ => throw errors.Unknown(path, key, "authorize, token"),
            };
        }

        return pkce;
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

    /// <summary>A JWT bearer scheme (<see cref="JwtBearerSettings"/>).</summary>
    /// <remarks>
    /// <para>Keys: exactly one of <c>jwks</c> (a file, polled), <c>jwksUri</c> and <c>discovery</c> (with <c>discoveryKind</c>
    /// <c>oidc</c> or <c>oauth</c>), or <c>secretFile</c> alone; <c>secretFile</c> may sit beside <c>jwks</c>, which then
    /// stays a fixed set. <c>caCertificate</c>, <c>allowInsecureLoopback</c> and <c>maxStaleSeconds</c> tune network
    /// sources only; <c>minRefreshSeconds</c> (1 to 86400) and <c>unknownKeyWaitSeconds</c> (0 to 30) any source. Files
    /// are relative to the policy file. HS* algorithms are refused with a network source.</para>
    /// <para>Binding and replay: <c>replay</c> (bool) and <c>replayCapacity</c>; <c>dpop</c> and <c>certificateBound</c>
    /// (<c>off</c>, <c>allowed</c>, <c>required</c>); <c>dpopAlgorithms</c> (asymmetric only); <c>dpopMaxAgeSeconds</c>
    /// (1 to 600).</para>
    /// <para>Token schemas: <c>claimsSchema</c> and <c>headerSchema</c>, JSON Schema files (relative to the policy file)
    /// compiled into the same program bodies run through.</para>
    /// </remarks>
    private static JwtBearerSettings BuildJwt(PolicyNode node, ErrorSink errors, string path, string? baseDirectory)
    {
        var issuers = new List<string>();
        var audiences = new List<string>();
        var algorithms = new List<JwsAlgorithm>();
        var keys = new List<JsonWebKey>();
        var hasKeySource = false;
        var hasSecret = false;
        // the key source: exactly one of jwks (file), jwksUri, discovery; the rest tunes it
        string? sourceKey = null;
        var source = new JsonWebKeySourceOptions();
        var sourceTuning = new List<string>();
        var replay = false;
        var replayCapacity = 100_000;
        var dpop = TokenBindingMode.Off;
        List<JwsAlgorithm>? dpopAlgorithms = null;
        var dpopMaxAge = 60;
        var certificateBound = TokenBindingMode.Off;
        var skew = 60;
        var requireType = false;
        var required = new List<string>();
        Schema.SchemaProgram? claimsSchema = null;
        Schema.SchemaProgram? headerSchema = null;
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
                    OneSource(ref sourceKey, key, errors, at);
                    keys.AddRange(ReadFile(value, errors, at, baseDirectory, JsonWebKeySet.Load).Keys);
                    source = source with { File = FullPath(Text(value, errors, at), baseDirectory) };
                    hasKeySource = true;
                    break;
                case "jwksUri":
                    OneSource(ref sourceKey, key, errors, at);
                    source = source with { JwksUri = AbsoluteUri(value, errors, at) };
                    hasKeySource = true;
                    break;
                case "discovery":
                    OneSource(ref sourceKey, key, errors, at);
                    source = source with { Discovery = AbsoluteUri(value, errors, at).OriginalString };
                    hasKeySource = true;
                    break;
                case "discoveryKind":
                    sourceTuning.Add(key);
                    source = source with
                    {
                        DiscoveryKind = Text(value, errors, at) switch
                        {
                            "oidc" => DiscoveryMetadataKind.OpenIdConnect,
                            "oauth" => DiscoveryMetadataKind.OAuthAuthorizationServer,
                            var other => throw errors.At(at, $"unknown discovery kind \"{other}\"; expected oidc or oauth"),
                        },
                    };
                    break;
                case "caCertificate":
                    sourceTuning.Add(key);
                    var ca = FullPath(Text(value, errors, at), baseDirectory);
                    if (!File.Exists(ca))
                    {
                        throw errors.At(at, $"cannot use {value.Text}: the file does not exist");
                    }

                    source = source with { CaCertificate = ca };
                    break;
                case "allowInsecureLoopback":
                    sourceTuning.Add(key);
                    source = source with { AllowInsecureLoopback = Bool(value, errors, at) };
                    break;
                case "minRefreshSeconds":
                    sourceTuning.Add(key);
                    source = source with { MinRefreshInterval = Seconds(value, errors, at, 1, 86_400) };
                    break;
                case "maxStaleSeconds":
                    sourceTuning.Add(key);
                    source = source with { MaxStaleAge = Seconds(value, errors, at, 0, 30 * 86_400) };
                    break;
                case "unknownKeyWaitSeconds":
                    sourceTuning.Add(key);
                    source = source with { UnknownKeyWait = Seconds(value, errors, at, 0, 30) };
                    break;
                case "replay":
                    replay = Bool(value, errors, at);
                    break;
                case "replayCapacity":
                    replayCapacity = IntInRange(value, errors, at, ReplayCache.SlotsPerBucket, ReplayCache.MaxCapacity);
                    break;
                case "dpop":
                    dpop = BindingMode(value, errors, at);
                    break;
                case "dpopAlgorithms":
                    var dpopNames = Strings(value, errors, at);
                    dpopAlgorithms = [];
                    for (var i = 0; i < dpopNames.Count; i++)
                    {
                        var itemAt = at + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
                        var algorithm = Algorithm(dpopNames[i], errors, itemAt);
                        if (algorithm is JwsAlgorithm.HS256 or JwsAlgorithm.HS384 or JwsAlgorithm.HS512)
                        {
                            // RFC 9449 section 4.2: a proof is signed with an asymmetric key
                            throw errors.At(itemAt, $"\"{dpopNames[i]}\" is symmetric; a DPoP proof must use an asymmetric algorithm (RFC 9449 section 4.2)");
                        }

                        dpopAlgorithms.Add(algorithm);
                    }

                    if (dpopAlgorithms.Count == 0)
                    {
                        throw errors.At(at, "expected at least one algorithm");
                    }

                    break;
                case "dpopMaxAgeSeconds":
                    dpopMaxAge = IntInRange(value, errors, at, 1, 600);
                    break;
                case "certificateBound":
                    certificateBound = BindingMode(value, errors, at);
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
                    hasSecret = true;
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
                case "claimsSchema":
                    claimsSchema = ReadFile(value, errors, at, baseDirectory, CompileTokenSchema);
                    break;
                case "headerSchema":
                    headerSchema = ReadFile(value, errors, at, baseDirectory, CompileTokenSchema);
                    break;
                default:
                    throw errors.Unknown(path, key, JwtKeys + " (or keys: for an API key scheme, users: for HTTP Basic)");
            }
        }

        if (issuers.Count == 0 || audiences.Count == 0 || algorithms.Count == 0 || !hasKeySource)
        {
            throw errors.At(path, "a JWT bearer scheme needs issuers (or issuer), audiences (or audience), algorithms and one of jwks, jwksUri, discovery or secretFile"
                + " (an API key scheme needs keys:, an HTTP Basic scheme users:)");
        }

        var remote = sourceKey is "jwksUri" or "discovery";
        if (remote && hasSecret)
        {
            throw errors.At(path + ".secretFile", $"a shared secret cannot be combined with {sourceKey}: keys from the network are public keys only; use a separate scheme");
        }

        if (sourceKey is null && sourceTuning.Count > 0)
        {
            throw errors.At(path + "." + sourceTuning[0], "tunes a key source, but the scheme has none (jwks, jwksUri or discovery)");
        }

        foreach (var tuning in sourceTuning)
        {
            if (!remote && tuning is "discoveryKind" or "caCertificate" or "allowInsecureLoopback" or "maxStaleSeconds")
            {
                throw errors.At(path + "." + tuning, "applies to keys fetched over the network (jwksUri or discovery), not to a jwks file");
            }

            if (tuning == "discoveryKind" && sourceKey != "discovery")
            {
                throw errors.At(path + "." + tuning, "applies to discovery only");
            }
        }

        if (remote)
        {
            foreach (var algorithm in algorithms)
            {
                if (algorithm is JwsAlgorithm.HS256 or JwsAlgorithm.HS384 or JwsAlgorithm.HS512)
                {
                    throw errors.At(path + ".algorithms", $"{algorithm} needs a shared secret, which is never taken from the network ({sourceKey}); use secretFile in a scheme of its own");
                }
            }

            try
            {
                // the source's own checks (https or an allowed loopback URL, a readable caCertificate) fail the load, not the start
                new JsonWebKeySource(source).Dispose();
            }
            catch (ArgumentException e)
            {
                throw errors.At(path + "." + sourceKey, e.Message);
            }
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
            // a jwks file with a shared secret beside it stays a fixed set: the file source would not carry the secret
            KeySource = sourceKey is null || (sourceKey == "jwks" && hasSecret) ? null : source,
            Replay = replay,
            ReplayCapacity = replayCapacity,
            Dpop = dpop,
            DpopMaxAge = TimeSpan.FromSeconds(dpopMaxAge),
            CertificateBound = certificateBound,
            ClaimsSchema = claimsSchema,
            HeaderSchema = headerSchema,
        };
        if (dpopAlgorithms is not null)
        {
            settings = settings with { DpopAlgorithms = dpopAlgorithms };
        }

        try
        {
            // the verifier's own checks (an HS* algorithm with no shared secret, an empty issuer) fail the load, not the first request
            settings.CreateValidator();
            _ = settings.CreateDpopOptions();
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
    /// <summary>
    /// Compiles a JSON Schema file (2020-12, or draft-04 when its <c>$schema</c> says so) for a token's claims or
    /// header into the same validation program request bodies run through.
    /// </summary>
    private static Schema.SchemaProgram CompileTokenSchema(string path)
    {
        System.Text.Json.Nodes.JsonNode? document;
        try
        {
            document = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new FormatException($"not JSON: {e.Message}", e);
        }

        if (document is null)
        {
            throw new FormatException("the schema file holds null");
        }

        var declared = document is System.Text.Json.Nodes.JsonObject root && root["$schema"] is System.Text.Json.Nodes.JsonValue value
            && value.TryGetValue(out string? text) ? text : null;
        var dialect = declared is not null && declared.Contains("draft-04", StringComparison.Ordinal)
            ? Schema.SchemaDialect.Draft4
            : Schema.SchemaDialect.Draft2020_12;
        try
        {
            var compiler = new Schema.SchemaCompiler(dialect);
            compiler.AddSchema(document, new Uri(path));
            return compiler.Compile();
        }
        catch (Schema.SchemaCompileException e)
        {
            throw new FormatException(e.Message, e);
        }
    }

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

    private static void OneSource(ref string? sourceKey, string key, ErrorSink errors, string path)
    {
        if (sourceKey is not null)
        {
            throw errors.At(path, $"a scheme takes exactly one key source, and {sourceKey} is already set (jwks, jwksUri or discovery)");
        }

        sourceKey = key;
    }

    private static string FullPath(string name, string? baseDirectory) =>
        baseDirectory is null ? Path.GetFullPath(name) : Path.GetFullPath(name, baseDirectory);

    private static Uri AbsoluteUri(PolicyNode node, ErrorSink errors, string path)
    {
        var text = Text(node, errors, path);
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw errors.At(path, $"expected an absolute https URL, got \"{text}\"");
    }

    private static TokenBindingMode BindingMode(PolicyNode node, ErrorSink errors, string path) => Text(node, errors, path) switch
    {
        "off" => TokenBindingMode.Off,
        "allowed" => TokenBindingMode.Allowed,
        "required" => TokenBindingMode.Required,
        var other => throw errors.At(path, $"unknown mode \"{other}\"; expected off, allowed or required"),
    };

    /// <summary>A whole number of seconds from <paramref name="min"/> to <paramref name="max"/>.</summary>
    private static TimeSpan Seconds(PolicyNode node, ErrorSink errors, string path, int min, int max) =>
        TimeSpan.FromSeconds(IntInRange(node, errors, path, min, max));

    private static int IntInRange(PolicyNode node, ErrorSink errors, string path, int min, int max)
    {
        var value = NonNegativeInt(node, errors, path);
        return value < min || value > max ? throw errors.At(path, $"expected {min} to {max}, got {value}") : value;
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
