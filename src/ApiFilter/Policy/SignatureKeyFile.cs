using System.Security.Cryptography;
using System.Text.Json;
using ApiFilter.Signatures;

namespace ApiFilter.Policy;

/// <summary>
/// Reads signature verification keys from a JWKS file (RFC 7517 section 5): <c>{"keys": [...]}</c>.
/// Each key's <c>kid</c> is the signatures' <c>keyid</c>; its <c>alg</c> fixes the one algorithm the
/// key verifies (RFC 9421 section 3.3.7: the verifier decides the algorithm from the key).
/// </summary>
internal static class SignatureKeyFile
{
    /// <summary>Loads every key of the JWKS file at <paramref name="path"/>.</summary>
    /// <exception cref="FormatException">A key is incomplete or of an unsupported type.</exception>
    public static MessageSignatureKeyStore Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("a JWKS file is an object with a \"keys\" array (RFC 7517 section 5)");
        }

        var store = new MessageSignatureKeyStore();
        foreach (var jwk in keys.EnumerateArray())
        {
            var kid = Text(jwk, "kid");
            try
            {
                store.Add(kid, Key(jwk));
            }
            catch (ArgumentException e) when (e is not ArgumentNullException)
            {
                throw new FormatException($"key \"{kid}\": {e.Message}", e);
            }
        }

        return store;
    }

    private static MessageSignatureKey Key(JsonElement jwk)
    {
        var algorithm = Algorithm(Text(jwk, "alg"));
        var kty = Text(jwk, "kty");
        switch (kty)
        {
            case "RSA" when algorithm is MessageSignatureAlgorithm.RsaPssSha512 or MessageSignatureAlgorithm.RsaV15Sha256:
                using (var rsa = RSA.Create(new RSAParameters { Modulus = Bytes(jwk, "n"), Exponent = Bytes(jwk, "e") }))
                {
                    return MessageSignatureKey.FromPublicKeyPem(algorithm, rsa.ExportSubjectPublicKeyInfoPem());
                }

            case "EC" when algorithm is MessageSignatureAlgorithm.EcdsaP256Sha256 or MessageSignatureAlgorithm.EcdsaP384Sha384:
                var curve = algorithm == MessageSignatureAlgorithm.EcdsaP256Sha256 ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP384;
                var expected = algorithm == MessageSignatureAlgorithm.EcdsaP256Sha256 ? "P-256" : "P-384";
                if (Text(jwk, "crv") != expected)
                {
                    throw new FormatException($"{Text(jwk, "alg")} needs crv \"{expected}\"");
                }

                using (var ecdsa = ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = Bytes(jwk, "x"), Y = Bytes(jwk, "y") } }))
                {
                    return MessageSignatureKey.FromPublicKeyPem(algorithm, ecdsa.ExportSubjectPublicKeyInfoPem());
                }

            case "oct" when algorithm == MessageSignatureAlgorithm.HmacSha256:
                return MessageSignatureKey.FromSharedSecret(Bytes(jwk, "k"));
            default:
                throw new FormatException($"kty \"{kty}\" cannot be used with alg \"{Text(jwk, "alg")}\"");
        }
    }

    /// <summary>The RFC 9421 registry names, and the JOSE names (RFC 7518 section 3.1) of the same algorithms.</summary>
    private static MessageSignatureAlgorithm Algorithm(string alg) => alg switch
    {
        "rsa-pss-sha512" or "PS512" => MessageSignatureAlgorithm.RsaPssSha512,
        "rsa-v1_5-sha256" or "RS256" => MessageSignatureAlgorithm.RsaV15Sha256,
        "hmac-sha256" or "HS256" => MessageSignatureAlgorithm.HmacSha256,
        "ecdsa-p256-sha256" or "ES256" => MessageSignatureAlgorithm.EcdsaP256Sha256,
        "ecdsa-p384-sha384" or "ES384" => MessageSignatureAlgorithm.EcdsaP384Sha384,
        _ => throw new FormatException($"alg \"{alg}\" is not supported"),
    };

    private static string Text(JsonElement jwk, string name) =>
        jwk.ValueKind == JsonValueKind.Object && jwk.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new FormatException($"every key needs a string \"{name}\"");

    private static byte[] Bytes(JsonElement jwk, string name)
    {
        // base64url without padding (RFC 7515 section 2)
        var text = Text(jwk, name).Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));
    }
}
