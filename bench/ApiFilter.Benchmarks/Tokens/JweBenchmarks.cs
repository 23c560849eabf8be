using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ApiFilter.Signatures;
using ApiFilter.Tokens;
using BenchmarkDotNet.Attributes;

namespace ApiFilter.Benchmarks.Tokens;

/// <summary>
/// Payload crypto per body: compact JWE decryption into a caller buffer (dir+A256GCM, ECDH-ES+A256KW+A256GCM on
/// P-256, RSA-OAEP-256 (2048) + A128CBC-HS256) at 1 KB and 64 KB, and a detached JWS (ES256, HS256, "b64" true)
/// verified over a 64 KB body fed in 4 KB segments. Tokens are made once in setup with the platform primitives.
/// </summary>
[MemoryDiagnoser]
public class JweBenchmarks
{
    private byte[] _token = [];
    private byte[] _body = [];
    private byte[] _destination = [];
    private JweDecryptor _decryptor = null!;
    private JwsVerifier _verifier = null!;

    /// <summary>What is measured: "alg+enc size" for JWE, "detached alg size" for JWS.</summary>
    [Params(
        "dir+A256GCM 1KB",
        "dir+A256GCM 64KB",
        "ECDH-ES+A256KW+A256GCM 1KB",
        "ECDH-ES+A256KW+A256GCM 64KB",
        "RSA-OAEP-256+A128CBC-HS256 1KB",
        "RSA-OAEP-256+A128CBC-HS256 64KB",
        "detached ES256 64KB",
        "detached HS256 64KB")]
    public string Case { get; set; } = "dir+A256GCM 1KB";

    [GlobalSetup]
    public void Setup()
    {
        int size = Case.EndsWith("64KB", StringComparison.Ordinal) ? 64 * 1024 : 1024;
        _body = RandomNumberGenerator.GetBytes(size);
        // CBC pads the plaintext up to the next block: the ciphertext (and so the destination) can be 16 bytes longer.
        _destination = new byte[size + 16];
        var options = new JweDecryptorOptions
        {
            AllowedKeyManagementAlgorithms = [JweKeyManagementAlgorithm.Direct, JweKeyManagementAlgorithm.EcdhEsA256KW, JweKeyManagementAlgorithm.RsaOaep256],
            AllowedContentEncryptions = [JweContentEncryption.A256Gcm, JweContentEncryption.A128CbcHs256],
        };

        if (Case.StartsWith("dir", StringComparison.Ordinal))
        {
            byte[] key = RandomNumberGenerator.GetBytes(32);
            _decryptor = new JweDecryptor([JweDecryptionKey.FromSymmetricKey(key)], options);
            _token = Gcm("{\"alg\":\"dir\",\"enc\":\"A256GCM\"}", [], key, _body);
        }
        else if (Case.StartsWith("ECDH", StringComparison.Ordinal))
        {
            var recipient = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
            using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
            ECParameters e = ephemeral.ExportParameters(false);
            byte[] z = ephemeral.DeriveRawSecretAgreement(recipient.PublicKey);
            byte[] id = "ECDH-ES+A256KW"u8.ToArray();
            byte[] otherInfo = new byte[4 + id.Length + 4 + 4 + 4];
            BinaryPrimitives.WriteInt32BigEndian(otherInfo, id.Length);
            id.CopyTo(otherInfo, 4);
            BinaryPrimitives.WriteInt32BigEndian(otherInfo.AsSpan(otherInfo.Length - 4), 256);
            byte[] kek = new byte[32];
            JweDecryptor.ConcatKdf(z, otherInfo, kek);
            byte[] cek = RandomNumberGenerator.GetBytes(32);
            byte[] wrapped = new byte[40];
            AesKeyWrap.Wrap(kek, cek, wrapped);
            string header = "{\"alg\":\"ECDH-ES+A256KW\",\"enc\":\"A256GCM\",\"epk\":{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" +
                Base64Url.EncodeToString(e.Q.X) + "\",\"y\":\"" + Base64Url.EncodeToString(e.Q.Y) + "\"}}";
            _decryptor = new JweDecryptor([JweDecryptionKey.FromECDiffieHellman(recipient)], options);
            _token = Gcm(header, wrapped, cek, _body);
        }
        else if (Case.StartsWith("RSA", StringComparison.Ordinal))
        {
            var rsa = RSA.Create(2048);
            byte[] cek = RandomNumberGenerator.GetBytes(32);
            _decryptor = new JweDecryptor([JweDecryptionKey.FromRsa(rsa)], options);
            _token = CbcHs256("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A128CBC-HS256\"}", rsa.Encrypt(cek, RSAEncryptionPadding.OaepSHA256), cek, _body);
        }
        else
        {
            DetachedJwsSigner signer;
            JsonWebKeySet keys;
            if (Case.Contains("ES256", StringComparison.Ordinal))
            {
                var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                ECParameters p = ec.ExportParameters(false);
                keys = JsonWebKeySet.Parse(Encoding.UTF8.GetBytes(
                    $"{{\"kty\":\"EC\",\"kid\":\"k1\",\"crv\":\"P-256\",\"x\":\"{Base64Url.EncodeToString(p.Q.X)}\",\"y\":\"{Base64Url.EncodeToString(p.Q.Y)}\"}}"));
                signer = DetachedJwsSigner.ForEcdsa(ec, "k1");
                _verifier = new JwsVerifier(keys, new JwsVerifierOptions { AllowedAlgorithms = [JwsAlgorithm.ES256] });
            }
            else
            {
                byte[] secret = RandomNumberGenerator.GetBytes(32);
                keys = JsonWebKeySet.Create(JsonWebKey.CreateSharedSecret(secret, "k1"));
                signer = DetachedJwsSigner.ForHmac(secret, keyId: "k1");
                _verifier = new JwsVerifier(keys, new JwsVerifierOptions { AllowedAlgorithms = [JwsAlgorithm.HS256] });
            }

            using DetachedJwsSigningSession session = signer.BeginSigning();
            session.Append(_body);
            _token = Encoding.ASCII.GetBytes(session.Finish());
        }

        if (Run() != 0)
        {
            throw new InvalidOperationException("Setup produced a token that does not verify.");
        }
    }

    /// <summary>Decrypts the JWE into a preallocated buffer, or verifies the detached JWS over the body in 4 KB segments; 0 when accepted.</summary>
    [Benchmark]
    public int Run()
    {
        if (_verifier is null)
        {
            return (int)_decryptor.Decrypt(_token, _destination, out _);
        }

        DetachedJwsBodyVerifier.TryCreate(_verifier, _token, out DetachedJwsBodyVerifier? verifier);
        using (verifier)
        {
            for (int at = 0; at < _body.Length; at += 4096)
            {
                verifier!.Append(_body.AsSpan(at, Math.Min(4096, _body.Length - at)));
            }

            return (int)verifier!.Verify();
        }
    }

    private static byte[] Gcm(string header, byte[] encryptedKey, byte[] cek, byte[] plaintext)
    {
        string protectedHeader = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header));
        byte[] iv = RandomNumberGenerator.GetBytes(12);
        byte[] ciphertext = new byte[plaintext.Length];
        byte[] tag = new byte[16];
        using var gcm = new AesGcm(cek, 16);
        gcm.Encrypt(iv, plaintext, ciphertext, tag, Encoding.ASCII.GetBytes(protectedHeader));
        return Compact(protectedHeader, encryptedKey, iv, ciphertext, tag);
    }

    private static byte[] CbcHs256(string header, byte[] encryptedKey, byte[] cek, byte[] plaintext)
    {
        string protectedHeader = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header));
        byte[] aad = Encoding.ASCII.GetBytes(protectedHeader);
        byte[] iv = RandomNumberGenerator.GetBytes(16);
        using Aes aes = Aes.Create();
        aes.Key = cek[16..];
        byte[] ciphertext = aes.EncryptCbc(plaintext, iv, PaddingMode.PKCS7);
        byte[] al = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(al, (ulong)aad.Length * 8);
        byte[] macInput = [.. aad, .. iv, .. ciphertext, .. al];
        byte[] mac = HMACSHA256.HashData(cek[..16], macInput);
        return Compact(protectedHeader, encryptedKey, iv, ciphertext, mac[..16]);
    }

    private static byte[] Compact(string protectedHeader, byte[] encryptedKey, byte[] iv, byte[] ciphertext, byte[] tag) =>
        Encoding.ASCII.GetBytes(protectedHeader + "." + Base64Url.EncodeToString(encryptedKey) + "." + Base64Url.EncodeToString(iv) + "." +
            Base64Url.EncodeToString(ciphertext) + "." + Base64Url.EncodeToString(tag));
}
