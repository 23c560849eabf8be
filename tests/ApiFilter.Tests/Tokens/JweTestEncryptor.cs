using System.Security.Cryptography;
using System.Text;
using ApiFilter.Tokens;

namespace ApiFilter.Tests.Tokens;

/// <summary>
/// A plain JWE compact encryptor written straight from RFC 7516 section 5.1 and RFC 7518, independent of the library
/// (its own key wrap and Concat KDF, arrays everywhere), so round trips check the decryptor against a second reading
/// of the specifications rather than against itself.
/// </summary>
internal static class JweTestEncryptor
{
    public static int KeySize(string enc) => enc switch
    {
        "A128CBC-HS256" => 32,
        "A192CBC-HS384" => 48,
        "A256CBC-HS512" => 64,
        "A128GCM" => 16,
        "A192GCM" => 24,
        "A256GCM" => 32,
        _ => throw new ArgumentException(enc),
    };

    /// <summary>Encrypts <paramref name="plaintext"/>; <paramref name="key"/> is an RSA or ECDiffieHellman public key, or a byte[] secret.</summary>
    public static string Encrypt(
        string alg,
        string enc,
        byte[] plaintext,
        object key,
        string? kid = null,
        string extraHeader = "",
        byte[]? apu = null,
        byte[]? apv = null)
    {
        byte[] cek = RandomNumberGenerator.GetBytes(KeySize(enc));
        byte[] encryptedKey = [];
        var header = new StringBuilder("{\"alg\":\"" + alg + "\",\"enc\":\"" + enc + "\"");
        if (kid is not null)
        {
            header.Append(",\"kid\":\"").Append(kid).Append('"');
        }

        switch (alg)
        {
            case "dir":
                cek = (byte[])key;
                break;
            case "A128KW" or "A192KW" or "A256KW":
                encryptedKey = Wrap((byte[])key, cek);
                break;
            case "RSA-OAEP-256":
                encryptedKey = ((RSA)key).Encrypt(cek, RSAEncryptionPadding.OaepSHA256);
                break;
            case "RSA-OAEP":
                encryptedKey = ((RSA)key).Encrypt(cek, RSAEncryptionPadding.OaepSHA1);
                break;
            default:
                {
                    var recipient = (ECDiffieHellman)key;
                    ECParameters recipientParameters = recipient.ExportParameters(false);
                    using ECDiffieHellman ephemeral = ECDiffieHellman.Create(recipientParameters.Curve);
                    ECParameters e = ephemeral.ExportParameters(false);
                    string crv = recipient.KeySize switch { 256 => "P-256", 384 => "P-384", _ => "P-521" };
                    header.Append(",\"epk\":{\"kty\":\"EC\",\"crv\":\"").Append(crv).Append("\",\"x\":\"").Append(B64(e.Q.X!))
                        .Append("\",\"y\":\"").Append(B64(e.Q.Y!)).Append("\"}");
                    if (apu is not null)
                    {
                        header.Append(",\"apu\":\"").Append(B64(apu)).Append('"');
                    }

                    if (apv is not null)
                    {
                        header.Append(",\"apv\":\"").Append(B64(apv)).Append('"');
                    }

                    using ECDiffieHellmanPublicKey recipientPublic = recipient.PublicKey;
                    byte[] z = ephemeral.DeriveRawSecretAgreement(recipientPublic);
                    if (alg == "ECDH-ES")
                    {
                        cek = ConcatKdf(z, enc, apu ?? [], apv ?? [], cek.Length);
                    }
                    else
                    {
                        int kekSize = alg switch { "ECDH-ES+A128KW" => 16, "ECDH-ES+A192KW" => 24, _ => 32 };
                        encryptedKey = Wrap(ConcatKdf(z, alg, apu ?? [], apv ?? [], kekSize), cek);
                    }

                    break;
                }
        }

        header.Append(extraHeader).Append('}');
        string protectedHeader = B64(Encoding.UTF8.GetBytes(header.ToString()));
        byte[] aad = Encoding.ASCII.GetBytes(protectedHeader);
        byte[] iv;
        byte[] ciphertext;
        byte[] tag;
        if (enc.EndsWith("GCM", StringComparison.Ordinal))
        {
            iv = RandomNumberGenerator.GetBytes(12);
            ciphertext = new byte[plaintext.Length];
            tag = new byte[16];
            using var gcm = new AesGcm(cek, 16);
            gcm.Encrypt(iv, plaintext, ciphertext, tag, aad);
        }
        else
        {
            iv = RandomNumberGenerator.GetBytes(16);
            int half = cek.Length / 2;
            using Aes aes = Aes.Create();
            aes.Key = cek[half..];
            ciphertext = aes.EncryptCbc(plaintext, iv, PaddingMode.PKCS7);
            byte[] al = BitConverter.GetBytes((ulong)aad.Length * 8);
            Array.Reverse(al);
            byte[] macInput = [.. aad, .. iv, .. ciphertext, .. al];
            byte[] mac = half switch
            {
                16 => HMACSHA256.HashData(cek[..half], macInput),
                24 => HMACSHA384.HashData(cek[..half], macInput),
                _ => HMACSHA512.HashData(cek[..half], macInput),
            };
            tag = mac[..half];
        }

        return protectedHeader + "." + B64(encryptedKey) + "." + B64(iv) + "." + B64(ciphertext) + "." + B64(tag);
    }

    public static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);

    /// <summary>RFC 3394 section 2.2.1, the index-based form, written out plainly.</summary>
    public static byte[] Wrap(byte[] kek, byte[] keyData)
    {
        int n = keyData.Length / 8;
        byte[] a = Convert.FromHexString("A6A6A6A6A6A6A6A6");
        byte[][] r = new byte[n + 1][];
        for (int i = 1; i <= n; i++)
        {
            r[i] = keyData[((i - 1) * 8)..(i * 8)];
        }

        using Aes aes = Aes.Create();
        aes.Key = kek;
        for (int j = 0; j <= 5; j++)
        {
            for (int i = 1; i <= n; i++)
            {
                byte[] b = aes.EncryptEcb([.. a, .. r[i]], PaddingMode.None);
                a = b[..8];
                long t = (n * j) + i;
                for (int k = 0; k < 8; k++)
                {
                    a[7 - k] ^= (byte)(t >> (8 * k));
                }

                r[i] = b[8..];
            }
        }

        var output = new List<byte>(a);
        for (int i = 1; i <= n; i++)
        {
            output.AddRange(r[i]);
        }

        return [.. output];
    }

    /// <summary>RFC 7518 section 4.6.2 Concat KDF with SHA-256, written out plainly.</summary>
    public static byte[] ConcatKdf(byte[] z, string algorithmId, byte[] apu, byte[] apv, int keyBytes)
    {
        var otherInfo = new List<byte>();
        byte[] id = Encoding.ASCII.GetBytes(algorithmId);
        otherInfo.AddRange(BigEndian(id.Length));
        otherInfo.AddRange(id);
        otherInfo.AddRange(BigEndian(apu.Length));
        otherInfo.AddRange(apu);
        otherInfo.AddRange(BigEndian(apv.Length));
        otherInfo.AddRange(apv);
        otherInfo.AddRange(BigEndian(keyBytes * 8));
        var output = new List<byte>();
        for (int counter = 1; output.Count < keyBytes; counter++)
        {
            output.AddRange(SHA256.HashData([.. BigEndian(counter), .. z, .. otherInfo]));
        }

        return [.. output.Take(keyBytes)];
    }

    private static byte[] BigEndian(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
}
