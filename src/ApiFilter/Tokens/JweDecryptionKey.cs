using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ApiFilter.Tokens;

/// <summary>
/// One private key a <see cref="JweDecryptor"/> may decrypt with: an RSA private key (RSA-OAEP*), an EC private key on
/// P-256/P-384/P-521 (ECDH-ES*), or a shared AES key ("dir", AxxxKW), with an optional "kid" and algorithm restriction.
/// Built once from configuration (cold path, throws on bad input) and shared by every decryption: like
/// <see cref="JsonWebKey"/>, the platform key object is only ever used for private-key operations after import,
/// which OpenSSL runs on a per-call context (see the remarks of <see cref="JwsVerifier"/>).
/// </summary>
public sealed class JweDecryptionKey
{
    private readonly byte[]? _secret;

    private JweDecryptionKey(
        JsonWebKeyType keyType,
        string? keyId,
        JsonWebKeyCurve curve,
        int keySizeInBits,
        JweKeyManagementAlgorithm? algorithm,
        JweContentEncryption? encryption,
        RSA? rsa,
        ECDiffieHellman? ecdh,
        byte[]? secret)
    {
        KeyType = keyType;
        KeyId = keyId;
        KeyIdUtf8 = keyId is null ? null : Encoding.UTF8.GetBytes(keyId);
        Curve = curve;
        KeySizeInBits = keySizeInBits;
        Algorithm = algorithm;
        ContentEncryption = encryption;
        Rsa = rsa;
        Ecdh = ecdh;
        _secret = secret;
    }

    /// <summary>The key type.</summary>
    public JsonWebKeyType KeyType { get; }

    /// <summary>The "kid", if any.</summary>
    public string? KeyId { get; }

    /// <summary>The curve of an EC key; <see cref="JsonWebKeyCurve.None"/> otherwise.</summary>
    public JsonWebKeyCurve Curve { get; }

    /// <summary>The modulus size for RSA, the curve's size for EC, the key's size for a shared key.</summary>
    public int KeySizeInBits { get; }

    /// <summary>The one key management algorithm this key may be used with, if restricted.</summary>
    public JweKeyManagementAlgorithm? Algorithm { get; }

    /// <summary>The one content encryption this key may be used with, if restricted (a "dir" key's JWK "alg" names an "enc").</summary>
    public JweContentEncryption? ContentEncryption { get; }

    internal byte[]? KeyIdUtf8 { get; }

    internal RSA? Rsa { get; }

    internal ECDiffieHellman? Ecdh { get; }

    internal ReadOnlySpan<byte> Secret => _secret;

    /// <summary>An RSA private key for RSA-OAEP-256 (or opted-in RSA-OAEP). The caller keeps ownership of <paramref name="privateKey"/>.</summary>
    /// <exception cref="ArgumentException">The key is shorter than 2048 bits (RFC 7518 section 4.2/4.3 require at least 2048).</exception>
    public static JweDecryptionKey FromRsa(RSA privateKey, string? keyId = null, JweKeyManagementAlgorithm? algorithm = null)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        if (privateKey.KeySize < JsonWebKey.MinimumRsaKeySizeInBits)
        {
            ThrowHelper.ThrowArgument(nameof(privateKey), $"The RSA key has {privateKey.KeySize} bits; at least {JsonWebKey.MinimumRsaKeySizeInBits} are required (RFC 7518 section 4.3).");
        }

        CheckRestriction(algorithm, JsonWebKeyType.Rsa);
        return new JweDecryptionKey(JsonWebKeyType.Rsa, keyId, JsonWebKeyCurve.None, privateKey.KeySize, algorithm, null, privateKey, null, null);
    }

    /// <summary>An EC private key (P-256, P-384 or P-521) for ECDH-ES*. The caller keeps ownership of <paramref name="privateKey"/>.</summary>
    /// <exception cref="ArgumentException">The curve is not one of the three.</exception>
    public static JweDecryptionKey FromECDiffieHellman(ECDiffieHellman privateKey, string? keyId = null, JweKeyManagementAlgorithm? algorithm = null)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        JsonWebKeyCurve curve = privateKey.KeySize switch
        {
            256 => JsonWebKeyCurve.P256,
            384 => JsonWebKeyCurve.P384,
            521 => JsonWebKeyCurve.P521,
            _ => JsonWebKeyCurve.None,
        };
        ECParameters parameters = privateKey.ExportParameters(false);
        if (curve == JsonWebKeyCurve.None || !parameters.Curve.IsNamed || !IsNistCurve(parameters.Curve.Oid, curve))
        {
            ThrowHelper.ThrowArgument(nameof(privateKey), "Only P-256, P-384 and P-521 keys are supported (RFC 7518 section 6.2.1.1).");
        }

        CheckRestriction(algorithm, JsonWebKeyType.EllipticCurve);
        return new JweDecryptionKey(JsonWebKeyType.EllipticCurve, keyId, curve, privateKey.KeySize, algorithm, null, null, privateKey, null);
    }

    /// <summary>A shared AES key: the content key itself for "dir", or the key encryption key for AxxxKW.</summary>
    /// <exception cref="ArgumentException">The key is not 16, 24, 32, 48 or 64 bytes (the sizes JWE algorithms use).</exception>
    public static JweDecryptionKey FromSymmetricKey(ReadOnlySpan<byte> key, string? keyId = null, JweKeyManagementAlgorithm? algorithm = null, JweContentEncryption? encryption = null)
    {
        if (key.Length is not (16 or 24 or 32 or 48 or 64))
        {
            ThrowHelper.ThrowArgument(nameof(key), "A shared JWE key is 16, 24, 32, 48 or 64 bytes (RFC 7518 sections 4.4, 4.5, 5).");
        }

        CheckRestriction(algorithm, JsonWebKeyType.Octet);
        return new JweDecryptionKey(JsonWebKeyType.Octet, keyId, JsonWebKeyCurve.None, key.Length * 8, algorithm, encryption, null, null, key.ToArray());
    }

    /// <summary>
    /// Parses a private JWK (RFC 7517, RFC 7518 section 6): RSA with "d", "p", "q", "dp", "dq", "qi"; EC with "d";
    /// oct with "k". A "use" other than "enc" is refused; an "alg" naming a key management algorithm or (for "dir"
    /// keys) a content encryption restricts the key to it. Cold path: throws <see cref="JsonWebKeyException"/>.
    /// </summary>
    public static JweDecryptionKey ParseJwk(ReadOnlySpan<byte> json)
    {
        using JsonDocument document = JsonWebKeySet.ParseDocument(json);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonWebKeyException("A JWK must be a JSON object.");
        }

        string kty = Required(root, "kty");
        string? kid = Optional(root, "kid");
        string? use = Optional(root, "use");
        if (use is not null && use != "enc")
        {
            throw new JsonWebKeyException($"The key's \"use\" is \"{use}\"; only \"enc\" keys decrypt.");
        }

        JweKeyManagementAlgorithm? algorithm = null;
        JweContentEncryption? encryption = null;
        if (Optional(root, "alg") is { } alg)
        {
            byte[] name = Encoding.UTF8.GetBytes(alg);
            JweKeyManagementAlgorithm km = JweAlgorithmInfo.ParseKeyManagement(name);
            JweContentEncryption ce = JweAlgorithmInfo.ParseContentEncryption(name);
            if (km != JweKeyManagementAlgorithm.Unknown)
            {
                algorithm = km;
            }
            else if (ce != JweContentEncryption.Unknown)
            {
                (algorithm, encryption) = (JweKeyManagementAlgorithm.Direct, ce);
            }
            else
            {
                throw new JsonWebKeyException($"The key's \"alg\" \"{alg}\" is not a JWE algorithm this library uses.");
            }
        }

        try
        {
            switch (kty)
            {
                case "RSA":
                    {
                        byte[] n = Member(root, "n");
                        int half = (n.Length + 1) / 2;
                        var parameters = new RSAParameters
                        {
                            Modulus = n,
                            Exponent = Member(root, "e"),
                            D = LeftPad(Member(root, "d"), n.Length),
                            P = LeftPad(Member(root, "p"), half),
                            Q = LeftPad(Member(root, "q"), half),
                            DP = LeftPad(Member(root, "dp"), half),
                            DQ = LeftPad(Member(root, "dq"), half),
                            InverseQ = LeftPad(Member(root, "qi"), half),
                        };
                        RSA rsa = RSA.Create();
                        rsa.ImportParameters(parameters);
                        return FromRsa(rsa, kid, algorithm);
                    }

                case "EC":
                    {
                        string crv = Required(root, "crv");
                        ECCurve curve = crv switch
                        {
                            "P-256" => ECCurve.NamedCurves.nistP256,
                            "P-384" => ECCurve.NamedCurves.nistP384,
                            "P-521" => ECCurve.NamedCurves.nistP521,
                            _ => throw new JsonWebKeyException($"Curve \"{crv}\" is not supported (P-256, P-384, P-521)."),
                        };
                        ECDiffieHellman ecdh = ECDiffieHellman.Create(new ECParameters
                        {
                            Curve = curve,
                            Q = new ECPoint { X = Member(root, "x"), Y = Member(root, "y") },
                            D = Member(root, "d"),
                        });
                        return FromECDiffieHellman(ecdh, kid, algorithm);
                    }

                case "oct":
                    return FromSymmetricKey(Member(root, "k"), kid, algorithm, encryption);

                default:
                    throw new JsonWebKeyException($"The key's \"kty\" \"{kty}\" is not one this library decrypts with (RSA, EC, oct).");
            }
        }
        catch (CryptographicException ex)
        {
            throw new JsonWebKeyException($"The key could not be imported: {ex.Message}", ex);
        }
        catch (ArgumentException ex)
        {
            throw new JsonWebKeyException(ex.Message, ex);
        }
    }

    private static bool IsNistCurve(Oid oid, JsonWebKeyCurve curve) => curve switch
    {
        JsonWebKeyCurve.P256 => oid.Value == ECCurve.NamedCurves.nistP256.Oid.Value || oid.FriendlyName is "nistP256" or "ECDSA_P256",
        JsonWebKeyCurve.P384 => oid.Value == ECCurve.NamedCurves.nistP384.Oid.Value || oid.FriendlyName is "nistP384" or "ECDSA_P384",
        _ => oid.Value == ECCurve.NamedCurves.nistP521.Oid.Value || oid.FriendlyName is "nistP521" or "ECDSA_P521",
    };

    private static void CheckRestriction(JweKeyManagementAlgorithm? algorithm, JsonWebKeyType keyType)
    {
        if (algorithm is not { } alg)
        {
            return;
        }

        if (JweAlgorithmInfo.IsRefused(alg) || alg == JweKeyManagementAlgorithm.Unknown || JweAlgorithmInfo.GetKeyType(alg) != keyType)
        {
            ThrowHelper.ThrowArgument(nameof(algorithm), $"A {keyType} key cannot be restricted to {JweAlgorithmInfo.GetName(alg)}.");
        }
    }

    private static byte[] LeftPad(byte[] value, int length)
    {
        if (value.Length >= length)
        {
            return value;
        }

        byte[] padded = new byte[length];
        value.CopyTo(padded, length - value.Length);
        return padded;
    }

    private static byte[] Member(JsonElement element, string name)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(Required(element, name));
        byte[] decoded = new byte[Math.Max(0, Base64Url.GetDecodedLength(utf8.Length))];
        return Base64Url.TryDecode(utf8, decoded, out _) == Base64UrlDecodeStatus.Done && decoded.Length > 0
            ? decoded
            : throw new JsonWebKeyException($"\"{name}\" is not non-empty strict base64url.");
    }

    private static string Required(JsonElement element, string name) =>
        Optional(element, name) ?? throw new JsonWebKeyException($"\"{name}\" is missing.");

    private static string? Optional(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out JsonElement value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new JsonWebKeyException($"\"{name}\" must be a string.");
    }
}
