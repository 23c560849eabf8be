using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ApiFilter.Tokens;

/// <summary>
/// One verification key from a JWK (RFC 7517 section 4, RFC 7518 section 6): RSA ("n", "e"), EC P-256/P-384/P-521
/// ("crv", "x", "y") or a shared secret ("oct", "k"), with its "kid", "use", "key_ops" and "alg". Immutable; the
/// platform key object is built once here and shared by every verification (see <see cref="JwsVerifier"/> for
/// why sharing it across threads is sound). Private members ("d", "p", …) are never imported.
/// </summary>
public sealed class JsonWebKey
{
    /// <summary>RFC 7518 section 3.3: RSA keys for RS*/PS* are 2048 bits or larger.</summary>
    public const int MinimumRsaKeySizeInBits = 2048;

    private readonly RSA? _rsa;
    private readonly ECDsa? _ecdsa;
    private readonly byte[]? _secret;
    private readonly string[] _keyOperations;

    private JsonWebKey(
        JsonWebKeyType keyType,
        string? keyId,
        string? use,
        string[] keyOperations,
        string? algorithmName,
        JsonWebKeyCurve curve,
        int keySizeInBits,
        string thumbprint,
        RSA? rsa,
        ECDsa? ecdsa,
        byte[]? secret)
    {
        KeyType = keyType;
        KeyId = keyId;
        KeyIdUtf8 = keyId is null ? null : Encoding.UTF8.GetBytes(keyId);
        Use = use;
        _keyOperations = keyOperations;
        AlgorithmName = algorithmName;
        Algorithm = algorithmName is null ? null : JwsAlgorithmInfo.Parse(algorithmName);
        Curve = curve;
        KeySizeInBits = keySizeInBits;
        Thumbprint = thumbprint;
        _rsa = rsa;
        _ecdsa = ecdsa;
        _secret = secret;
        CanVerify = (use is null || use == "sig") && (keyOperations.Length == 0 || Array.IndexOf(keyOperations, "verify") >= 0);
    }

    /// <summary>The key type ("kty").</summary>
    public JsonWebKeyType KeyType { get; }

    /// <summary>The "kid", if any.</summary>
    public string? KeyId { get; }

    /// <summary>The "use" ("sig", "enc", …), if any; a key with a "use" other than "sig" never verifies.</summary>
    public string? Use { get; }

    /// <summary>The "key_ops", empty when absent; when present, "verify" must be among them for the key to verify.</summary>
    public IReadOnlyList<string> KeyOperations => _keyOperations;

    /// <summary>The key's "alg" as written, if any; the key then verifies only that algorithm.</summary>
    public string? AlgorithmName { get; }

    /// <summary>The key's "alg" as a <see cref="JwsAlgorithm"/> (<see cref="JwsAlgorithm.Unknown"/> for an encryption algorithm, say); null when absent.</summary>
    public JwsAlgorithm? Algorithm { get; }

    /// <summary>The curve of an EC key; <see cref="JsonWebKeyCurve.None"/> otherwise.</summary>
    public JsonWebKeyCurve Curve { get; }

    /// <summary>The modulus size for RSA, the curve's size for EC, the secret's size for oct.</summary>
    public int KeySizeInBits { get; }

    /// <summary>The RFC 7638 JWK thumbprint: base64url of SHA-256 over the required members in canonical form.</summary>
    public string Thumbprint { get; }

    /// <summary>Whether "use" and "key_ops" allow verifying signatures (RFC 7517 sections 4.2, 4.3).</summary>
    public bool CanVerify { get; }

    internal byte[]? KeyIdUtf8 { get; }

    internal RSA? Rsa => _rsa;

    internal ECDsa? ECDsa => _ecdsa;

    internal ReadOnlySpan<byte> Secret => _secret;

    /// <summary>Parses one JWK object. Cold path: throws <see cref="JsonWebKeyException"/> on anything wrong.</summary>
    public static JsonWebKey Parse(ReadOnlySpan<byte> json)
    {
        using JsonDocument document = JsonWebKeySet.ParseDocument(json);
        return FromElement(document.RootElement, "the key")
            ?? throw new JsonWebKeyException("The key's \"kty\" is not one this library uses (RSA, EC, oct).");
    }

    /// <summary>Creates a shared-secret key (kty "oct") for HMAC, from configuration rather than a JWK.</summary>
    /// <param name="secret">The secret; RFC 7518 section 3.2 wants at least as many bytes as the hash output (32 for HS256).</param>
    /// <param name="keyId">The "kid" tokens name it by, if any.</param>
    /// <param name="algorithm">The one HMAC algorithm it may verify, if restricted.</param>
    public static JsonWebKey CreateSharedSecret(ReadOnlySpan<byte> secret, string? keyId = null, JwsAlgorithm? algorithm = null)
    {
        if (secret.IsEmpty)
        {
            throw new JsonWebKeyException("A shared secret must not be empty.");
        }

        if (algorithm is { } alg && JwsAlgorithmInfo.GetKeyType(alg) != JsonWebKeyType.Octet)
        {
            throw new JsonWebKeyException($"A shared secret can only be restricted to an HMAC algorithm, not {JwsAlgorithmInfo.GetName(alg)}.");
        }

        string k = Base64Url.EncodeToString(secret);
        return new JsonWebKey(
            JsonWebKeyType.Octet, keyId, "sig", [], algorithm is { } a ? JwsAlgorithmInfo.GetName(a) : null, JsonWebKeyCurve.None,
            secret.Length * 8, ComputeThumbprint("{\"k\":\"" + k + "\",\"kty\":\"oct\"}"), null, null, secret.ToArray());
    }

    /// <summary>Computes an RFC 7638 thumbprint over the canonical JSON of the required members.</summary>
    private static string ComputeThumbprint(string canonicalJson)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson), hash);
        return Base64Url.EncodeToString(hash);
    }

    /// <summary>Builds a key from a JWK object; null for a "kty" this library does not use (RFC 7517 section 5 says to ignore those in a set).</summary>
    internal static JsonWebKey? FromElement(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new JsonWebKeyException($"{where} is not a JSON object.");
        }

        string kty = RequiredString(element, "kty", where);
        string? kid = OptionalString(element, "kid", where);
        string? use = OptionalString(element, "use", where);
        string? alg = OptionalString(element, "alg", where);
        string[] keyOps = ReadKeyOperations(element, where);
        string label = kid is null ? where : $"{where} (kid \"{kid}\")";

        switch (kty)
        {
            case "RSA":
                return FromRsa(element, kid, use, keyOps, alg, label);
            case "EC":
                return FromEc(element, kid, use, keyOps, alg, label);
            case "oct":
                {
                    string k = RequiredString(element, "k", label);
                    byte[] secret = DecodeMember(k, "k", label);
                    if (secret.Length == 0)
                    {
                        throw new JsonWebKeyException($"{label}: \"k\" is empty.");
                    }

                    return new JsonWebKey(
                        JsonWebKeyType.Octet, kid, use, keyOps, alg, JsonWebKeyCurve.None, secret.Length * 8,
                        ComputeThumbprint("{\"k\":\"" + k + "\",\"kty\":\"oct\"}"), null, null, secret);
                }

            default:
                return null;
        }
    }

    private static JsonWebKey FromRsa(JsonElement element, string? kid, string? use, string[] keyOps, string? alg, string label)
    {
        string n = RequiredString(element, "n", label);
        string e = RequiredString(element, "e", label);
        byte[] modulus = DecodeMember(n, "n", label);
        byte[] exponent = DecodeMember(e, "e", label);

        // RFC 7518 section 6.3.1.1/6.3.1.2: unsigned big-endian, minimum octets; a leading zero would also
        // make the RFC 7638 thumbprint differ from the issuer's.
        if (modulus.Length == 0 || modulus[0] == 0 || exponent.Length == 0 || exponent[0] == 0)
        {
            throw new JsonWebKeyException($"{label}: \"n\" and \"e\" must be non-empty without leading zero octets (RFC 7518 section 6.3.1).");
        }

        int bits = ((modulus.Length - 1) * 8) + (32 - System.Numerics.BitOperations.LeadingZeroCount((uint)modulus[0]));
        if (bits < MinimumRsaKeySizeInBits)
        {
            throw new JsonWebKeyException($"{label}: the RSA modulus has {bits} bits; RFC 7518 section 3.3 requires at least {MinimumRsaKeySizeInBits}.");
        }

        RSA rsa = RSA.Create();
        try
        {
            rsa.ImportParameters(new RSAParameters { Modulus = modulus, Exponent = exponent });
        }
        catch (CryptographicException ex)
        {
            rsa.Dispose();
            throw new JsonWebKeyException($"{label}: the RSA key could not be imported: {ex.Message}", ex);
        }

        string thumbprint = ComputeThumbprint("{\"e\":\"" + e + "\",\"kty\":\"RSA\",\"n\":\"" + n + "\"}");
        return new JsonWebKey(JsonWebKeyType.Rsa, kid, use, keyOps, alg, JsonWebKeyCurve.None, bits, thumbprint, rsa, null, null);
    }

    private static JsonWebKey FromEc(JsonElement element, string? kid, string? use, string[] keyOps, string? alg, string label)
    {
        string crv = RequiredString(element, "crv", label);
        (JsonWebKeyCurve curve, ECCurve namedCurve) = crv switch
        {
            "P-256" => (JsonWebKeyCurve.P256, ECCurve.NamedCurves.nistP256),
            "P-384" => (JsonWebKeyCurve.P384, ECCurve.NamedCurves.nistP384),
            "P-521" => (JsonWebKeyCurve.P521, ECCurve.NamedCurves.nistP521),
            _ => throw new JsonWebKeyException($"{label}: curve \"{crv}\" is not supported (P-256, P-384, P-521)."),
        };

        string x = RequiredString(element, "x", label);
        string y = RequiredString(element, "y", label);
        byte[] xBytes = DecodeMember(x, "x", label);
        byte[] yBytes = DecodeMember(y, "y", label);
        int fieldSize = JwsAlgorithmInfo.GetFieldSize(curve);

        // RFC 7518 section 6.2.1.2/6.2.1.3: the coordinates are the full field size, even with leading zeros.
        if (xBytes.Length != fieldSize || yBytes.Length != fieldSize)
        {
            throw new JsonWebKeyException($"{label}: \"x\" and \"y\" must be {fieldSize} octets for {crv} (RFC 7518 section 6.2.1.2).");
        }

        ECDsa ecdsa;
        try
        {
            // Import validates that the point is on the curve, so an invalid-curve point is refused here.
            ecdsa = ECDsa.Create(new ECParameters { Curve = namedCurve, Q = new ECPoint { X = xBytes, Y = yBytes } });
        }
        catch (CryptographicException ex)
        {
            throw new JsonWebKeyException($"{label}: the EC key could not be imported: {ex.Message}", ex);
        }

        string thumbprint = ComputeThumbprint("{\"crv\":\"" + crv + "\",\"kty\":\"EC\",\"x\":\"" + x + "\",\"y\":\"" + y + "\"}");
        return new JsonWebKey(JsonWebKeyType.EllipticCurve, kid, use, keyOps, alg, curve, curve == JsonWebKeyCurve.P521 ? 521 : fieldSize * 8, thumbprint, null, ecdsa, null);
    }

    private static string[] ReadKeyOperations(JsonElement element, string where)
    {
        if (!element.TryGetProperty("key_ops", out JsonElement ops))
        {
            return [];
        }

        if (ops.ValueKind != JsonValueKind.Array)
        {
            throw new JsonWebKeyException($"{where}: \"key_ops\" must be an array of strings.");
        }

        var list = new List<string>();
        foreach (JsonElement op in ops.EnumerateArray())
        {
            string value = op.ValueKind == JsonValueKind.String
                ? op.GetString()!
                : throw new JsonWebKeyException($"{where}: \"key_ops\" must be an array of strings.");

            // RFC 7517 section 4.3: duplicate key operation values must not be present.
            if (list.Contains(value))
            {
                throw new JsonWebKeyException($"{where}: \"key_ops\" lists \"{value}\" twice.");
            }

            list.Add(value);
        }

        return [.. list];
    }

    private static byte[] DecodeMember(string value, string member, string where)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        int length = Base64Url.GetDecodedLength(utf8.Length);
        byte[] decoded = new byte[Math.Max(0, length)];
        Base64UrlDecodeStatus status = Base64Url.TryDecode(utf8, decoded, out _);
        return status == Base64UrlDecodeStatus.Done
            ? decoded
            : throw new JsonWebKeyException($"{where}: \"{member}\" is not strict base64url ({status}).");
    }

    private static string RequiredString(JsonElement element, string member, string where) =>
        OptionalString(element, member, where) ?? throw new JsonWebKeyException($"{where}: \"{member}\" is missing.");

    private static string? OptionalString(JsonElement element, string member, string where)
    {
        if (!element.TryGetProperty(member, out JsonElement value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new JsonWebKeyException($"{where}: \"{member}\" must be a string.");
    }
}
