using System.Security.Cryptography;

namespace ApiFilter.Tokens;

/// <summary>Names and properties of <see cref="JwsAlgorithm"/> values (RFC 7518 section 3).</summary>
internal static class JwsAlgorithmInfo
{
    /// <summary>Whether this platform can verify <paramref name="algorithm"/> (everything known but "none" and EdDSA).</summary>
    public static bool IsSupported(JwsAlgorithm algorithm) => algorithm >= JwsAlgorithm.HS256 && algorithm <= JwsAlgorithm.ES512;

    /// <summary>
    /// Maps an unescaped "alg" value to its algorithm; exact, case-sensitive bytes (RFC 7515 section 4.1.1),
    /// so "None", "nOnE" or "hs256" are <see cref="JwsAlgorithm.Unknown"/>.
    /// </summary>
    public static JwsAlgorithm Parse(ReadOnlySpan<byte> name)
    {
        if (name.Length == 5)
        {
            JwsAlgorithm family = (name[0], name[1]) switch
            {
                ((byte)'H', (byte)'S') => JwsAlgorithm.HS256,
                ((byte)'R', (byte)'S') => JwsAlgorithm.RS256,
                ((byte)'P', (byte)'S') => JwsAlgorithm.PS256,
                ((byte)'E', (byte)'S') => JwsAlgorithm.ES256,
                _ => JwsAlgorithm.Unknown,
            };
            if (family == JwsAlgorithm.Unknown)
            {
                return JwsAlgorithm.Unknown;
            }

            ReadOnlySpan<byte> bits = name[2..];
            if (bits.SequenceEqual("256"u8))
            {
                return family;
            }

            if (bits.SequenceEqual("384"u8))
            {
                return family + 1;
            }

            if (bits.SequenceEqual("512"u8))
            {
                return family + 2;
            }

            return JwsAlgorithm.Unknown;
        }

        if (name.SequenceEqual("none"u8))
        {
            return JwsAlgorithm.None;
        }

        if (name.SequenceEqual("EdDSA"u8))
        {
            return JwsAlgorithm.EdDsa;
        }

        return JwsAlgorithm.Unknown;
    }

    /// <summary>Maps a configured "alg" string (a JWK's "alg") to its algorithm.</summary>
    public static JwsAlgorithm Parse(string name)
    {
        Span<byte> utf8 = stackalloc byte[16];
        return name.Length <= 8 && System.Text.Encoding.UTF8.TryGetBytes(name, utf8, out int written)
            ? Parse(utf8[..written])
            : JwsAlgorithm.Unknown;
    }

    /// <summary>The registered name ("RS256", "none", …).</summary>
    public static string GetName(JwsAlgorithm algorithm) => algorithm switch
    {
        JwsAlgorithm.None => "none",
        JwsAlgorithm.EdDsa => "EdDSA",
        JwsAlgorithm.Unknown => "unknown",
        _ => algorithm.ToString(),
    };

    /// <summary>The key type the algorithm needs; 0 for none/unknown/EdDSA.</summary>
    public static JsonWebKeyType GetKeyType(JwsAlgorithm algorithm) => algorithm switch
    {
        >= JwsAlgorithm.HS256 and <= JwsAlgorithm.HS512 => JsonWebKeyType.Octet,
        >= JwsAlgorithm.RS256 and <= JwsAlgorithm.PS512 => JsonWebKeyType.Rsa,
        >= JwsAlgorithm.ES256 and <= JwsAlgorithm.ES512 => JsonWebKeyType.EllipticCurve,
        _ => 0,
    };

    /// <summary>The curve an ECDSA algorithm is bound to (RFC 7518 section 3.4: ES256 is P-256 only, and so on).</summary>
    public static JsonWebKeyCurve GetCurve(JwsAlgorithm algorithm) => algorithm switch
    {
        JwsAlgorithm.ES256 => JsonWebKeyCurve.P256,
        JwsAlgorithm.ES384 => JsonWebKeyCurve.P384,
        JwsAlgorithm.ES512 => JsonWebKeyCurve.P521,
        _ => JsonWebKeyCurve.None,
    };

    /// <summary>The hash of the algorithm.</summary>
    public static HashAlgorithmName GetHash(JwsAlgorithm algorithm) => algorithm switch
    {
        JwsAlgorithm.HS256 or JwsAlgorithm.RS256 or JwsAlgorithm.PS256 or JwsAlgorithm.ES256 => HashAlgorithmName.SHA256,
        JwsAlgorithm.HS384 or JwsAlgorithm.RS384 or JwsAlgorithm.PS384 or JwsAlgorithm.ES384 => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    /// <summary>The hash output size in bytes; also the HMAC tag size and the minimum HMAC key size (RFC 7518 section 3.2).</summary>
    public static int GetHashSize(JwsAlgorithm algorithm) => algorithm switch
    {
        JwsAlgorithm.HS256 or JwsAlgorithm.RS256 or JwsAlgorithm.PS256 or JwsAlgorithm.ES256 => 32,
        JwsAlgorithm.HS384 or JwsAlgorithm.RS384 or JwsAlgorithm.PS384 or JwsAlgorithm.ES384 => 48,
        _ => 64,
    };

    /// <summary>Whether the algorithm is RSASSA-PSS.</summary>
    public static bool IsPss(JwsAlgorithm algorithm) => algorithm is >= JwsAlgorithm.PS256 and <= JwsAlgorithm.PS512;

    /// <summary>The field size in bytes of an EC curve: each of r and s in a JWS ECDSA signature is this long (RFC 7518 section 3.4).</summary>
    public static int GetFieldSize(JsonWebKeyCurve curve) => curve switch
    {
        JsonWebKeyCurve.P256 => 32,
        JsonWebKeyCurve.P384 => 48,
        JsonWebKeyCurve.P521 => 66,
        _ => 0,
    };
}
