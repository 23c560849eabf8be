using System.Text;
using System.Text.Json;
using ApiFilter.Tests.Contract;
using ApiFilter.Tokens;

namespace ApiFilter.Tests.Tokens;

/// <summary>
/// The published JWE examples of RFC 7516 appendix A and RFC 7520 section 5 (corpus/rfc7516-jwe, corpus/rfc7520-jwe):
/// the supported ones decrypt to the published plaintext and fail once a byte changes; RSA1_5 and PBES2 are refused.
/// </summary>
public sealed class JweRfcVectorTests
{
    private static readonly JweKeyManagementAlgorithm[] AllAlgorithms =
    [
        JweKeyManagementAlgorithm.RsaOaep256, JweKeyManagementAlgorithm.RsaOaep, JweKeyManagementAlgorithm.EcdhEs,
        JweKeyManagementAlgorithm.EcdhEsA128KW, JweKeyManagementAlgorithm.EcdhEsA192KW, JweKeyManagementAlgorithm.EcdhEsA256KW,
        JweKeyManagementAlgorithm.Direct, JweKeyManagementAlgorithm.A128KW, JweKeyManagementAlgorithm.A192KW, JweKeyManagementAlgorithm.A256KW,
    ];

    private static readonly JweContentEncryption[] AllEncryptions =
    [
        JweContentEncryption.A128CbcHs256, JweContentEncryption.A192CbcHs384, JweContentEncryption.A256CbcHs512,
        JweContentEncryption.A128Gcm, JweContentEncryption.A192Gcm, JweContentEncryption.A256Gcm,
    ];

    public static TheoryData<string> Decryptable => new()
    {
        "rfc7516-jwe/a1.json",
        "rfc7516-jwe/a3.json",
        "rfc7520-jwe/5_2.key_encryption_using_rsa-oaep_with_aes-gcm.json",
        "rfc7520-jwe/5_4.key_agreement_with_key_wrapping_using_ecdh-es_and_aes-keywrap_with_aes-gcm.json",
        "rfc7520-jwe/5_5.key_agreement_using_ecdh-es_with_aes-cbc-hmac-sha2.json",
        "rfc7520-jwe/5_6.direct_encryption_using_aes-gcm.json",
        "rfc7520-jwe/5_8.key_wrap_using_aes-keywrap_with_aes-gcm.json",
    };

    /// <summary>Key (JWK text, or null for a password example), compact token and plaintext of a vector file.</summary>
    internal static (string? Key, string Compact, string Plaintext) Load(string file)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(ContractCorpusTests.CorpusRoot(), file)));
        JsonElement root = document.RootElement;
        if (root.TryGetProperty("compact", out JsonElement compact))
        {
            return (root.GetProperty("key").GetRawText(), compact.GetString()!, root.GetProperty("plaintext").GetString()!);
        }

        JsonElement input = root.GetProperty("input");
        string? key = input.TryGetProperty("key", out JsonElement k) ? k.GetRawText() : null;
        return (key, root.GetProperty("output").GetProperty("compact").GetString()!, input.GetProperty("plaintext").GetString()!);
    }

    private static JweDecryptor DecryptorFor(string jwk) =>
        new([JweDecryptionKey.ParseJwk(Encoding.UTF8.GetBytes(jwk))], new JweDecryptorOptions
        {
            AllowedKeyManagementAlgorithms = AllAlgorithms,
            AllowedContentEncryptions = AllEncryptions,
            AllowRsaOaepSha1 = true,
        });

    [Theory]
    [MemberData(nameof(Decryptable))]
    public void TheVectorDecryptsToItsPlaintext(string file)
    {
        (string? key, string compact, string plaintext) = Load(file);
        JweDecryptor decryptor = DecryptorFor(key!);
        byte[] token = Encoding.ASCII.GetBytes(compact);
        byte[] destination = new byte[JweDecryptor.GetMaxPlaintextLength(token)];
        Assert.Equal(JweDecryptionStatus.Decrypted, decryptor.Decrypt(token, destination, out int written));
        Assert.Equal(plaintext, Encoding.UTF8.GetString(destination, 0, written));

        Assert.Equal(JweDecryptionStatus.Decrypted, decryptor.Decrypt(token, out JwePlaintext pooled));
        using (pooled)
        {
            Assert.Equal(plaintext, Encoding.UTF8.GetString(pooled.Span));
        }
    }

    [Theory]
    [MemberData(nameof(Decryptable))]
    public void TheVectorFailsUniformlyWhenAnySegmentAfterTheHeaderChanges(string file)
    {
        (string? key, string compact, _) = Load(file);
        JweDecryptor decryptor = DecryptorFor(key!);
        string[] parts = compact.Split('.');

        // Encrypted key (when there is one), IV, ciphertext, tag: one character each, kept canonical base64url.
        for (int segment = 1; segment < 5; segment++)
        {
            if (parts[segment].Length == 0)
            {
                continue;
            }

            string[] changed = (string[])parts.Clone();
            char first = changed[segment][0];
            changed[segment] = (first == 'A' ? 'B' : 'A') + changed[segment][1..];
            byte[] token = Encoding.ASCII.GetBytes(string.Join('.', changed));
            byte[] destination = new byte[JweDecryptor.GetMaxPlaintextLength(token)];
            Assert.True(JweDecryptionStatus.DecryptionFailed == decryptor.Decrypt(token, destination, out int written), $"{file} segment {segment}");
            Assert.Equal(0, written);
            Assert.All(destination, b => Assert.Equal(0, b));
        }
    }

    [Theory]
    [MemberData(nameof(Decryptable))]
    public void TheVectorFailsWhenTheProtectedHeaderChanges(string file)
    {
        (string? key, string compact, _) = Load(file);
        JweDecryptor decryptor = DecryptorFor(key!);
        string[] parts = compact.Split('.');

        // Re-encode the same header with a trailing space: still valid JSON, but a different AAD.
        byte[] header = new byte[parts[0].Length];
        Assert.Equal(Base64UrlDecodeStatus.Done, Base64Url.TryDecode(Encoding.ASCII.GetBytes(parts[0]), header, out int length));
        string json = Encoding.UTF8.GetString(header, 0, length) + " ";
        parts[0] = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
        byte[] token = Encoding.ASCII.GetBytes(string.Join('.', parts));
        Assert.Equal(JweDecryptionStatus.DecryptionFailed, decryptor.Decrypt(token, new byte[JweDecryptor.GetMaxPlaintextLength(token)], out _));
    }

    [Theory]
    [InlineData("rfc7516-jwe/a2.json")]
    [InlineData("rfc7520-jwe/5_1.key_encryption_using_rsa_v15_and_aes-hmac-sha2.json")]
    [InlineData("rfc7520-jwe/5_3.key_wrap_using_pbes2-aes-keywrap_with-aes-cbc-hmac-sha2.json")]
    public void RsaPkcs1AndPbes2VectorsAreRefusedByName(string file)
    {
        (string? key, string compact, _) = Load(file);

        // Whatever key is configured (here an RSA one for RSA1_5, a shared one for PBES2), the name decides.
        JweDecryptionKey configured = key is null
            ? JweDecryptionKey.FromSymmetricKey(new byte[32])
            : JweDecryptionKey.ParseJwk(Encoding.UTF8.GetBytes(key));
        var decryptor = new JweDecryptor([configured], new JweDecryptorOptions
        {
            AllowedKeyManagementAlgorithms = AllAlgorithms,
            AllowedContentEncryptions = AllEncryptions,
            AllowRsaOaepSha1 = true,
        });
        byte[] token = Encoding.ASCII.GetBytes(compact);
        Assert.Equal(JweDecryptionStatus.AlgorithmRefused, decryptor.Decrypt(token, new byte[JweDecryptor.GetMaxPlaintextLength(token)], out _));
    }

    [Fact]
    public void RsaOaepWithSha1NeedsTheOptIn()
    {
        (string? key, string compact, _) = Load("rfc7516-jwe/a1.json");
        JweDecryptionKey rsa = JweDecryptionKey.ParseJwk(Encoding.UTF8.GetBytes(key!));
        Assert.Throws<ArgumentException>(() => new JweDecryptor([rsa], new JweDecryptorOptions
        {
            AllowedKeyManagementAlgorithms = [JweKeyManagementAlgorithm.RsaOaep],
            AllowedContentEncryptions = AllEncryptions,
        }));

        // Not listed: refused as not allowed, even though the key could decrypt it.
        var decryptor = new JweDecryptor([rsa], new JweDecryptorOptions
        {
            AllowedKeyManagementAlgorithms = [JweKeyManagementAlgorithm.RsaOaep256],
            AllowedContentEncryptions = AllEncryptions,
        });
        byte[] token = Encoding.ASCII.GetBytes(compact);
        Assert.Equal(JweDecryptionStatus.AlgorithmNotAllowed, decryptor.Decrypt(token, new byte[1024], out _));
    }

    [Fact]
    public void RefusedAlgorithmsCannotBeConfigured()
    {
        JweDecryptionKey key = JweDecryptionKey.FromSymmetricKey(new byte[16]);
        foreach (JweKeyManagementAlgorithm refused in new[] { JweKeyManagementAlgorithm.RsaPkcs1V15, JweKeyManagementAlgorithm.Pbes2, JweKeyManagementAlgorithm.Unknown })
        {
            Assert.Throws<ArgumentException>(() => new JweDecryptor([key], new JweDecryptorOptions
            {
                AllowedKeyManagementAlgorithms = [refused],
                AllowedContentEncryptions = AllEncryptions,
            }));
        }
    }
}
