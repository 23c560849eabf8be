using System.Security.Cryptography;
using System.Text.Json;
using ApiFilter.Tokens;

namespace ApiFilter.Signatures;

/// <summary>
/// Builds a <see cref="DetachedJwsSigner"/> from one private JWK (RFC 7517; RFC 7518 section 6): EC with "d", RSA with
/// the CRT members, or oct. Cold path (policy load): throws <see cref="JsonWebKeyException"/> for a key that is not a
/// private signing key, <see cref="ArgumentException"/> when <c>algorithm</c> does not fit it.
/// </summary>
internal static class ResponseSigningKey
{
    public static DetachedJwsSigner Create(JsonElement jwk, JwsAlgorithm algorithm, bool encodePayload)
    {
        if (jwk.ValueKind != JsonValueKind.Object)
        {
            throw new JsonWebKeyException("A JWK must be a JSON object.");
        }

        var kid = Optional(jwk, "kid");
        if (Optional(jwk, "use") is { } use && use != "sig")
        {
            throw new JsonWebKeyException($"The key's \"use\" is \"{use}\"; only \"sig\" keys sign.");
        }

        if (Optional(jwk, "alg") is { } alg && alg != JwsAlgorithmInfo.GetName(algorithm))
        {
            throw new ArgumentException($"the key is restricted to \"{alg}\"");
        }

        try
        {
            switch (Required(jwk, "kty"))
            {
                case "EC":
                    {
                        var curve = Required(jwk, "crv") switch
                        {
                            "P-256" => ECCurve.NamedCurves.nistP256,
                            "P-384" => ECCurve.NamedCurves.nistP384,
                            "P-521" => ECCurve.NamedCurves.nistP521,
                            var other => throw new JsonWebKeyException($"Curve \"{other}\" is not supported (P-256, P-384, P-521)."),
                        };
                        var ecdsa = ECDsa.Create(new ECParameters
                        {
                            Curve = curve,
                            Q = new ECPoint { X = Member(jwk, "x"), Y = Member(jwk, "y") },
                            D = Member(jwk, "d"),
                        });
                        var signer = DetachedJwsSigner.ForEcdsa(ecdsa, kid, encodePayload);
                        return signer.Algorithm == algorithm ? signer : throw new ArgumentException($"the key's curve signs {JwsAlgorithmInfo.GetName(signer.Algorithm)}");
                    }

                case "RSA":
                    {
                        var n = Member(jwk, "n");
                        var half = (n.Length + 1) / 2;
                        var rsa = RSA.Create();
                        rsa.ImportParameters(new RSAParameters
                        {
                            Modulus = n,
                            Exponent = Member(jwk, "e"),
                            D = LeftPad(Member(jwk, "d"), n.Length),
                            P = LeftPad(Member(jwk, "p"), half),
                            Q = LeftPad(Member(jwk, "q"), half),
                            DP = LeftPad(Member(jwk, "dp"), half),
                            DQ = LeftPad(Member(jwk, "dq"), half),
                            InverseQ = LeftPad(Member(jwk, "qi"), half),
                        });
                        return DetachedJwsSigner.ForRsa(rsa, algorithm, kid, encodePayload);
                    }

                case "oct":
                    return DetachedJwsSigner.ForHmac(Member(jwk, "k"), algorithm, kid, encodePayload);
                case var kty:
                    throw new JsonWebKeyException($"The key's \"kty\" \"{kty}\" is not one this library signs with (EC, RSA, oct).");
            }
        }
        catch (CryptographicException e)
        {
            throw new JsonWebKeyException($"The key could not be imported: {e.Message}", e);
        }
    }

    private static byte[] LeftPad(byte[] value, int length)
    {
        if (value.Length >= length)
        {
            return value;
        }

        var padded = new byte[length];
        value.CopyTo(padded, length - value.Length);
        return padded;
    }

    private static byte[] Member(JsonElement element, string name)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(Required(element, name));
        var decoded = new byte[Math.Max(0, Base64Url.GetDecodedLength(utf8.Length))];
        return Base64Url.TryDecode(utf8, decoded, out _) == Base64UrlDecodeStatus.Done && decoded.Length > 0
            ? decoded
            : throw new JsonWebKeyException($"\"{name}\" is missing its private part or is not non-empty strict base64url.");
    }

    private static string Required(JsonElement element, string name) =>
        Optional(element, name) ?? throw new JsonWebKeyException($"\"{name}\" is missing (a private JWK is needed to sign).");

    private static string? Optional(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString() : throw new JsonWebKeyException($"\"{name}\" must be a string.");
}
