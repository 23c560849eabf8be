using System.Globalization;
using ApiFilter.Signatures;

namespace ApiFilter.Policy;

/// <summary>The <c>digest</c> and <c>signatures</c> sections of the policy file.</summary>
public static partial class PolicyLoader
{
    private static DigestPolicy BuildDigest(PolicyNode node, ErrorSink errors, string path)
    {
        ExpectMapping(node, errors, path);
        var digest = DigestPolicy.Default;
        foreach (var (key, value) in node.Members)
        {
            var at = path + "." + key;
            digest = key switch
            {
                "mode" => digest with { Mode = Mode(value, errors, at) },
                "require" => digest with { Require = Bool(value, errors, at) },
                "algorithms" => digest with { Algorithms = DigestAlgorithmList(value, errors, at) },
                _ => throw errors.Unknown(path, key, "mode, require, algorithms"),
            };
        }

        return digest;
    }

    private static SignaturePolicy BuildSignatures(PolicyNode node, ErrorSink errors, string path)
    {
        ExpectMapping(node, errors, path);
        var signatures = SignaturePolicy.Default;
        var hasKeys = false;
        foreach (var (key, value) in node.Members)
        {
            var at = path + "." + key;
            signatures = key switch
            {
                "mode" => signatures with { Mode = Mode(value, errors, at) },
                "keys" => signatures with { Keys = SignatureKeys(value, errors, at) },
                "require" => signatures with { Require = Bool(value, errors, at) },
                "components" => signatures with { Components = StringList(value, errors, at) },
                "maxAgeSeconds" => signatures with { MaxAgeSeconds = PositiveInt(value, errors, at) },
                "algorithms" => signatures with { Algorithms = SignatureAlgorithmList(value, errors, at) },
                "cavage" => signatures with { Cavage = Bool(value, errors, at) },
                "nonce" => signatures with { Nonce = Bool(value, errors, at) },
                _ => throw errors.Unknown(path, key, "mode, keys, require, components, maxAgeSeconds, algorithms, cavage, nonce"),
            };
            hasKeys |= key == "keys";
        }

        // a signature check without keys could only refuse everything: say so at load time instead
        if (signatures.Mode != EnforcementMode.Off && !hasKeys)
        {
            throw errors.At(path + ".keys", "signature checking is on but no keys file is given");
        }

        return signatures;
    }

    private static MessageSignatureKeyStore SignatureKeys(PolicyNode node, ErrorSink errors, string path)
    {
        if (!node.IsScalar || node.Text.Length == 0)
        {
            throw errors.At(path, $"expected the path of a JWKS file, got {node.Describe()}");
        }

        var file = Path.IsPathRooted(node.Text) || errors.BaseDirectory is null ? node.Text : Path.Combine(errors.BaseDirectory, node.Text);
        try
        {
            return SignatureKeyFile.Load(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException
            or NotSupportedException or System.Text.Json.JsonException or System.Security.Cryptography.CryptographicException)
        {
            throw errors.At(path, $"cannot load the keys from {node.Describe()}: {e.Message}");
        }
    }

    private static DigestAlgorithms DigestAlgorithmList(PolicyNode node, ErrorSink errors, string path)
    {
        var algorithms = DigestAlgorithms.None;
        foreach (var (name, at) in Items(node, errors, path, "digest algorithm names (sha-256, sha-512)"))
        {
            algorithms |= name.ToLowerInvariant() switch
            {
                "sha-256" => DigestAlgorithms.Sha256,
                "sha-512" => DigestAlgorithms.Sha512,
                _ => throw errors.At(at, $"\"{name}\" is not accepted; expected sha-256 or sha-512 (md5, sha, unixsum and unixcksum are deprecated: RFC 9530 section 5)"),
            };
        }

        if (algorithms == DigestAlgorithms.None)
        {
            throw errors.At(path, "expected at least one algorithm");
        }

        return algorithms;
    }

    private static MessageSignatureAlgorithm[] SignatureAlgorithmList(PolicyNode node, ErrorSink errors, string path)
    {
        var list = new List<MessageSignatureAlgorithm>();
        foreach (var (name, at) in Items(node, errors, path, "signature algorithm names"))
        {
            if (!AlgorithmNames.TryParse(name, out var algorithm) || algorithm == MessageSignatureAlgorithm.Ed25519)
            {
                throw errors.At(at, $"\"{name}\" is not a supported algorithm; expected rsa-pss-sha512, rsa-v1_5-sha256, hmac-sha256, ecdsa-p256-sha256 or ecdsa-p384-sha384");
            }

            list.Add(algorithm);
        }

        if (list.Count == 0)
        {
            throw errors.At(path, "expected at least one algorithm");
        }

        return [.. list];
    }

    private static string[] StringList(PolicyNode node, ErrorSink errors, string path)
    {
        var list = new List<string>();
        foreach (var (name, _) in Items(node, errors, path, "component names"))
        {
            list.Add(name);
        }

        return [.. list];
    }

    private static List<(string Text, string At)> Items(PolicyNode node, ErrorSink errors, string path, string what)
    {
        if (node.Kind != PolicyNodeKind.Sequence)
        {
            throw errors.At(path, $"expected a list of {what}, got {node.Describe()}");
        }

        var items = new List<(string, string)>(node.Items.Count);
        for (var i = 0; i < node.Items.Count; i++)
        {
            var item = node.Items[i];
            var at = path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            if (!item.IsScalar || item.Text.Length == 0)
            {
                throw errors.At(at, $"expected one of the {what}, got {item.Describe()}");
            }

            items.Add((item.Text, at));
        }

        return items;
    }
}
