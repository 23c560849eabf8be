using System.Security.Cryptography;

namespace ApiFilter.Tokens;

/// <summary>Names and sizes of JWE algorithms (RFC 7518 sections 4 and 5).</summary>
internal static class JweAlgorithmInfo
{
    /// <summary>Maps an unescaped "alg" value (exact, case-sensitive bytes) to its key management algorithm.</summary>
    public static JweKeyManagementAlgorithm ParseKeyManagement(ReadOnlySpan<byte> name)
    {
        if (name.SequenceEqual("RSA-OAEP-256"u8))
        {
            return JweKeyManagementAlgorithm.RsaOaep256;
        }

        if (name.SequenceEqual("RSA-OAEP"u8))
        {
            return JweKeyManagementAlgorithm.RsaOaep;
        }

        if (name.SequenceEqual("ECDH-ES"u8))
        {
            return JweKeyManagementAlgorithm.EcdhEs;
        }

        if (name.SequenceEqual("ECDH-ES+A128KW"u8))
        {
            return JweKeyManagementAlgorithm.EcdhEsA128KW;
        }

        if (name.SequenceEqual("ECDH-ES+A192KW"u8))
        {
            return JweKeyManagementAlgorithm.EcdhEsA192KW;
        }

        if (name.SequenceEqual("ECDH-ES+A256KW"u8))
        {
            return JweKeyManagementAlgorithm.EcdhEsA256KW;
        }

        if (name.SequenceEqual("dir"u8))
        {
            return JweKeyManagementAlgorithm.Direct;
        }

        if (name.SequenceEqual("A128KW"u8))
        {
            return JweKeyManagementAlgorithm.A128KW;
        }

        if (name.SequenceEqual("A192KW"u8))
        {
            return JweKeyManagementAlgorithm.A192KW;
        }

        if (name.SequenceEqual("A256KW"u8))
        {
            return JweKeyManagementAlgorithm.A256KW;
        }

        if (name.SequenceEqual("RSA1_5"u8))
        {
            return JweKeyManagementAlgorithm.RsaPkcs1V15;
        }

        if (name.SequenceEqual("PBES2-HS256+A128KW"u8) || name.SequenceEqual("PBES2-HS384+A192KW"u8) || name.SequenceEqual("PBES2-HS512+A256KW"u8))
        {
            return JweKeyManagementAlgorithm.Pbes2;
        }

        return JweKeyManagementAlgorithm.Unknown;
    }

    /// <summary>Maps an unescaped "enc" value (exact, case-sensitive bytes) to its content encryption.</summary>
    public static JweContentEncryption ParseContentEncryption(ReadOnlySpan<byte> name)
    {
        if (name.SequenceEqual("A128GCM"u8))
        {
            return JweContentEncryption.A128Gcm;
        }

        if (name.SequenceEqual("A192GCM"u8))
        {
            return JweContentEncryption.A192Gcm;
        }

        if (name.SequenceEqual("A256GCM"u8))
        {
            return JweContentEncryption.A256Gcm;
        }

        if (name.SequenceEqual("A128CBC-HS256"u8))
        {
            return JweContentEncryption.A128CbcHs256;
        }

        if (name.SequenceEqual("A192CBC-HS384"u8))
        {
            return JweContentEncryption.A192CbcHs384;
        }

        if (name.SequenceEqual("A256CBC-HS512"u8))
        {
            return JweContentEncryption.A256CbcHs512;
        }

        return JweContentEncryption.Unknown;
    }

    /// <summary>The registered "alg" name (used as the Concat KDF AlgorithmID for ECDH-ES+AxxxKW).</summary>
    public static string GetName(JweKeyManagementAlgorithm algorithm) => algorithm switch
    {
        JweKeyManagementAlgorithm.RsaOaep256 => "RSA-OAEP-256",
        JweKeyManagementAlgorithm.RsaOaep => "RSA-OAEP",
        JweKeyManagementAlgorithm.EcdhEs => "ECDH-ES",
        JweKeyManagementAlgorithm.EcdhEsA128KW => "ECDH-ES+A128KW",
        JweKeyManagementAlgorithm.EcdhEsA192KW => "ECDH-ES+A192KW",
        JweKeyManagementAlgorithm.EcdhEsA256KW => "ECDH-ES+A256KW",
        JweKeyManagementAlgorithm.Direct => "dir",
        JweKeyManagementAlgorithm.A128KW => "A128KW",
        JweKeyManagementAlgorithm.A192KW => "A192KW",
        JweKeyManagementAlgorithm.A256KW => "A256KW",
        JweKeyManagementAlgorithm.RsaPkcs1V15 => "RSA1_5",
        JweKeyManagementAlgorithm.Pbes2 => "PBES2",
        _ => "unknown",
    };

    /// <summary>The registered "enc" name (the Concat KDF AlgorithmID for ECDH-ES in direct mode).</summary>
    public static string GetName(JweContentEncryption encryption) => encryption switch
    {
        JweContentEncryption.A128CbcHs256 => "A128CBC-HS256",
        JweContentEncryption.A192CbcHs384 => "A192CBC-HS384",
        JweContentEncryption.A256CbcHs512 => "A256CBC-HS512",
        JweContentEncryption.A128Gcm => "A128GCM",
        JweContentEncryption.A192Gcm => "A192GCM",
        JweContentEncryption.A256Gcm => "A256GCM",
        _ => "unknown",
    };

    /// <summary>Whether the algorithm is refused by name whatever the configuration says (RSA1_5, PBES2).</summary>
    public static bool IsRefused(JweKeyManagementAlgorithm algorithm) =>
        algorithm is JweKeyManagementAlgorithm.RsaPkcs1V15 or JweKeyManagementAlgorithm.Pbes2;

    /// <summary>Whether the algorithm is one of the ECDH-ES family.</summary>
    public static bool IsEcdh(JweKeyManagementAlgorithm algorithm) =>
        algorithm is >= JweKeyManagementAlgorithm.EcdhEs and <= JweKeyManagementAlgorithm.EcdhEsA256KW;

    /// <summary>The key type the algorithm needs.</summary>
    public static JsonWebKeyType GetKeyType(JweKeyManagementAlgorithm algorithm) => algorithm switch
    {
        JweKeyManagementAlgorithm.RsaOaep256 or JweKeyManagementAlgorithm.RsaOaep => JsonWebKeyType.Rsa,
        >= JweKeyManagementAlgorithm.EcdhEs and <= JweKeyManagementAlgorithm.EcdhEsA256KW => JsonWebKeyType.EllipticCurve,
        _ => JsonWebKeyType.Octet,
    };

    /// <summary>The AES Key Wrap key size in bytes of a wrapping algorithm (AxxxKW, ECDH-ES+AxxxKW); 0 for the others.</summary>
    public static int GetWrapKeySize(JweKeyManagementAlgorithm algorithm) => algorithm switch
    {
        JweKeyManagementAlgorithm.A128KW or JweKeyManagementAlgorithm.EcdhEsA128KW => 16,
        JweKeyManagementAlgorithm.A192KW or JweKeyManagementAlgorithm.EcdhEsA192KW => 24,
        JweKeyManagementAlgorithm.A256KW or JweKeyManagementAlgorithm.EcdhEsA256KW => 32,
        _ => 0,
    };

    /// <summary>The content encryption key size in bytes (RFC 7518 sections 5.2.3–5.2.5 and 5.3).</summary>
    public static int GetKeySize(JweContentEncryption encryption) => encryption switch
    {
        JweContentEncryption.A128CbcHs256 => 32,
        JweContentEncryption.A192CbcHs384 => 48,
        JweContentEncryption.A256CbcHs512 => 64,
        JweContentEncryption.A128Gcm => 16,
        JweContentEncryption.A192Gcm => 24,
        _ => 32,
    };

    /// <summary>Whether the encryption is AES-GCM (else AES-CBC with HMAC).</summary>
    public static bool IsGcm(JweContentEncryption encryption) => encryption >= JweContentEncryption.A128Gcm;

    /// <summary>The IV size in bytes: 96 bits for GCM, one AES block for CBC.</summary>
    public static int GetIvSize(JweContentEncryption encryption) => IsGcm(encryption) ? 12 : 16;

    /// <summary>The authentication tag size in bytes: 16 for GCM, half the HMAC output for CBC-HMAC (T_LEN).</summary>
    public static int GetTagSize(JweContentEncryption encryption) => encryption switch
    {
        JweContentEncryption.A192CbcHs384 => 24,
        JweContentEncryption.A256CbcHs512 => 32,
        _ => 16,
    };

    /// <summary>The HMAC hash of a CBC-HMAC encryption.</summary>
    public static HashAlgorithmName GetHmacHash(JweContentEncryption encryption) => encryption switch
    {
        JweContentEncryption.A192CbcHs384 => HashAlgorithmName.SHA384,
        JweContentEncryption.A256CbcHs512 => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };
}
