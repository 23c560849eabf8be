using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ApiFilter.Signatures;
using ApiFilter.Tokens;

namespace ApiFilter.Policy;

/// <summary>The <c>jose</c> section of the policy file: detached JWS on requests, JWE request bodies, signed responses.</summary>
public static partial class PolicyLoader
{
    private static JosePolicy BuildJose(PolicyNode node, ErrorSink errors, string path)
    {
        ExpectMapping(node, errors, path);
        var jose = JosePolicy.Default;
        foreach (var (key, value) in node.Members)
        {
            var at = path + "." + key;
            jose = key switch
            {
                "detachedSignature" => jose with { DetachedSignature = BuildDetachedSignature(value, errors, at) },
                "decrypt" => jose with { Decrypt = BuildDecrypt(value, errors, at) },
                "signResponses" => jose with { SignResponses = BuildSignResponses(value, errors, at) },
                _ => throw errors.Unknown(path, key, "detachedSignature, decrypt, signResponses"),
            };
        }

        return jose;
    }

    private static DetachedSignatureSettings BuildDetachedSignature(PolicyNode node, ErrorSink errors, string path)
    {
        ExpectMapping(node, errors, path);
        var settings = DetachedSignatureSettings.Default;
        foreach (var (key, value) in node.Members)
        {
            var at = path + "." + key;
            settings = key switch
            {
                "mode" => settings with { Mode = Mode(value, errors, at) },
                "header" => settings with { Header = HeaderName(value, errors, at) },
                "require" => settings with { Require = Bool(value, errors, at) },
                "operations" => settings with { Operations = OperationList(value, errors, at) },
                "keys" => settings with { Keys = JwsKeys(value, errors, at) },
                "algorithms" => settings with { Algorithms = JwsAlgorithmList(value, errors, at) },
                _ => throw errors.Unknown(path, key, "mode, header, require, operations, keys, algorithms"),
            };
        }

        // a check without keys could only refuse everything: say so at load time instead
        if (settings.Mode != EnforcementMode.Off && settings.Keys is null)
        {
            throw errors.At(path + ".keys", "detached signature checking is on but no keys file is given");
        }

        return settings;
    }

    private static JweDecryptSettings BuildDecrypt(PolicyNode node, ErrorSink errors, string path)
    {
        ExpectMapping(node, errors, path);
        var settings = JweDecryptSettings.Default;
        var hasKeys = false;
        foreach (var (key, value) in node.Members)
        {
            var at = path + "." + key;
            settings = key switch
            {
                "mode" => settings with { Mode = DecryptMode(value, errors, at) },
                "keys" => settings with { Keys = JweKeys(value, errors, at) },
                "keyManagement" => settings with { KeyManagement = KeyManagementList(value, errors, at) },
                "contentEncryption" => settings with { ContentEncryption = ContentEncryptionList(value, errors, at) },
                "forward" => settings with { Forward = Forwarding(value, errors, at) },
                _ => throw errors.Unknown(path, key, "mode, keys, keyManagement, contentEncryption, forward"),
            };
            hasKeys |= key == "keys";
        }

        if (settings.Mode != EnforcementMode.Off && !hasKeys)
        {
            throw errors.At(path + ".keys", "decryption is on but no keys file is given");
        }

        return settings;
    }

    private static ResponseSigningSettings BuildSignResponses(PolicyNode node, ErrorSink errors, string path)
    {
        ExpectMapping(node, errors, path);
        var on = false;
        PolicyNode? keyNode = null;
        var keyPath = path + ".key";
        var algorithm = JwsAlgorithm.ES256;
        var algorithmPath = path + ".algorithm";
        var b64 = true;
        var settings = ResponseSigningSettings.Default;
        foreach (var (key, value) in node.Members)
        {
            var at = path + "." + key;
            switch (key)
            {
                case "mode":
                    on = OnOff(value, errors, at);
                    break;
                case "key":
                    keyNode = value;
                    break;
                case "algorithm":
                    algorithm = JwsAlgorithmName(value, errors, at);
                    algorithmPath = at;
                    break;
                case "header":
                    settings = settings with { Header = HeaderName(value, errors, at) };
                    break;
                case "b64":
                    b64 = Bool(value, errors, at);
                    break;
                case "maxBodyBytes":
                    settings = settings with { MaxBodyBytes = PositiveLong(value, errors, at) };
                    break;
                default:
                    throw errors.Unknown(path, key, "mode, key, algorithm, header, b64, maxBodyBytes");
            }
        }

        if (!on)
        {
            return settings;
        }

        if (keyNode is null)
        {
            throw errors.At(keyPath, "response signing is on but no key file is given");
        }

        return settings with { Signer = SigningKey(keyNode, algorithm, b64, errors, keyPath, algorithmPath) };
    }

    private static EnforcementMode DecryptMode(PolicyNode node, ErrorSink errors, string path) =>
        node.IsScalar && node.Text.ToLowerInvariant() is "block" or "off"
            ? Mode(node, errors, path)
            : throw errors.At(path, $"expected block or off (a body that cannot be decrypted cannot be judged, so there is no report mode), got {node.Describe()}");

    private static bool OnOff(PolicyNode node, ErrorSink errors, string path) =>
        node.IsScalar
            ? node.Text.ToLowerInvariant() switch
            {
                "on" or "true" => true,
                "off" or "false" => false,
                _ => throw errors.At(path, $"expected on or off, got {node.Describe()}"),
            }
            : throw errors.At(path, $"expected on or off, got {node.Describe()}");

    private static JweForwarding Forwarding(PolicyNode node, ErrorSink errors, string path) =>
        node.IsScalar
            ? node.Text.ToLowerInvariant() switch
            {
                "plaintext" => JweForwarding.Plaintext,
                "original" => JweForwarding.Original,
                _ => throw errors.At(path, $"expected plaintext or original, got {node.Describe()}"),
            }
            : throw errors.At(path, $"expected plaintext or original, got {node.Describe()}");

    private static string HeaderName(PolicyNode node, ErrorSink errors, string path)
    {
        // RFC 9110 section 5.1: a field name is a token
        if (!node.IsScalar || node.Text.Length == 0 || !node.Text.All(c => c < 0x7F && (char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c))))
        {
            throw errors.At(path, $"expected a header field name, got {node.Describe()}");
        }

        return node.Text.ToLowerInvariant();
    }

    private static string[] OperationList(PolicyNode node, ErrorSink errors, string path)
    {
        var list = new List<string>();
        foreach (var (name, _) in Items(node, errors, path, "operationIds"))
        {
            list.Add(name);
        }

        return [.. list];
    }

    private static string ResolvePath(PolicyNode node, ErrorSink errors, string path, string what)
    {
        if (!node.IsScalar || node.Text.Length == 0)
        {
            throw errors.At(path, $"expected the path of {what}, got {node.Describe()}");
        }

        return Path.IsPathRooted(node.Text) || errors.BaseDirectory is null ? node.Text : Path.Combine(errors.BaseDirectory, node.Text);
    }

    private static JsonWebKeySet JwsKeys(PolicyNode node, ErrorSink errors, string path)
    {
        var file = ResolvePath(node, errors, path, "a JWKS file");
        try
        {
            var set = JsonWebKeySet.Load(file);
            return set.Keys.Count == 0 ? throw errors.At(path, $"{node.Describe()} holds no usable verification key") : set;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonWebKeyException or ArgumentException or CryptographicException)
        {
            throw errors.At(path, $"cannot load the keys from {node.Describe()}: {e.Message}");
        }
    }

    private static JweDecryptionKey[] JweKeys(PolicyNode node, ErrorSink errors, string path)
    {
        var file = ResolvePath(node, errors, path, "a JWKS file of private keys");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            {
                throw errors.At(path, $"{node.Describe()} is not a JWK Set (an object with a \"keys\" array)");
            }

            var list = new List<JweDecryptionKey>();
            foreach (var key in keys.EnumerateArray())
            {
                list.Add(JweDecryptionKey.ParseJwk(Encoding.UTF8.GetBytes(key.GetRawText())));
            }

            return list.Count == 0 ? throw errors.At(path, $"{node.Describe()} holds no key") : [.. list];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonWebKeyException or JsonException or ArgumentException or CryptographicException)
        {
            throw errors.At(path, $"cannot load the keys from {node.Describe()}: {e.Message}");
        }
    }

    private static DetachedJwsSigner SigningKey(PolicyNode node, JwsAlgorithm algorithm, bool b64, ErrorSink errors, string path, string algorithmPath)
    {
        var file = ResolvePath(node, errors, path, "a private JWK file");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or ArgumentException)
        {
            throw errors.At(path, $"cannot load the key from {node.Describe()}: {e.Message}");
        }

        using (document)
        {
            try
            {
                return ResponseSigningKey.Create(document.RootElement, algorithm, b64);
            }
            catch (JsonWebKeyException e)
            {
                throw errors.At(path, $"{node.Describe()}: {e.Message}");
            }
            catch (ArgumentException e)
            {
                throw errors.At(algorithmPath, $"{JwsAlgorithmInfo.GetName(algorithm)} does not fit the key in {node.Describe()}: {e.Message}");
            }
        }
    }

    private static JwsAlgorithm JwsAlgorithmName(PolicyNode node, ErrorSink errors, string path)
    {
        var algorithm = node.IsScalar ? JwsAlgorithmInfo.Parse(node.Text) : JwsAlgorithm.Unknown;
        if (!JwsAlgorithmInfo.IsSupported(algorithm))
        {
            throw errors.At(path, $"{node.Describe()} is not a supported JWS algorithm; expected ES256, ES384, ES512, PS256, PS384, PS512, RS256, RS384, RS512, HS256, HS384 or HS512");
        }

        return algorithm;
    }

    private static JwsAlgorithm[] JwsAlgorithmList(PolicyNode node, ErrorSink errors, string path)
    {
        var list = new List<JwsAlgorithm>();
        foreach (var (name, at) in Items(node, errors, path, "JWS algorithm names"))
        {
            var algorithm = JwsAlgorithmInfo.Parse(name);
            if (!JwsAlgorithmInfo.IsSupported(algorithm))
            {
                throw errors.At(at, $"\"{name}\" is not a supported JWS algorithm (\"none\" never is)");
            }

            list.Add(algorithm);
        }

        return list.Count == 0 ? throw errors.At(path, "expected at least one algorithm") : [.. list];
    }

    private static JweKeyManagementAlgorithm[] KeyManagementList(PolicyNode node, ErrorSink errors, string path)
    {
        var list = new List<JweKeyManagementAlgorithm>();
        foreach (var (name, at) in Items(node, errors, path, "JWE key management algorithm names"))
        {
            var algorithm = JweAlgorithmInfo.ParseKeyManagement(Encoding.UTF8.GetBytes(name));
            if (JweAlgorithmInfo.IsRefused(algorithm))
            {
                throw errors.At(at, $"\"{name}\" is never accepted (RSA1_5: padding oracle, RFC 8725 section 3.2; PBES2: sender-chosen work)");
            }

            if (algorithm is JweKeyManagementAlgorithm.Unknown or JweKeyManagementAlgorithm.RsaOaep)
            {
                throw errors.At(at, $"\"{name}\" is not accepted; expected RSA-OAEP-256, ECDH-ES, ECDH-ES+A128KW, ECDH-ES+A192KW, ECDH-ES+A256KW, dir, A128KW, A192KW or A256KW");
            }

            list.Add(algorithm);
        }

        return list.Count == 0 ? throw errors.At(path, "expected at least one algorithm") : [.. list];
    }

    private static JweContentEncryption[] ContentEncryptionList(PolicyNode node, ErrorSink errors, string path)
    {
        var list = new List<JweContentEncryption>();
        foreach (var (name, at) in Items(node, errors, path, "JWE content encryption names"))
        {
            var encryption = JweAlgorithmInfo.ParseContentEncryption(Encoding.UTF8.GetBytes(name));
            if (encryption == JweContentEncryption.Unknown)
            {
                throw errors.At(at, $"\"{name}\" is not accepted; expected A128GCM, A192GCM, A256GCM, A128CBC-HS256, A192CBC-HS384 or A256CBC-HS512");
            }

            list.Add(encryption);
        }

        return list.Count == 0 ? throw errors.At(path, "expected at least one algorithm") : [.. list];
    }
}
