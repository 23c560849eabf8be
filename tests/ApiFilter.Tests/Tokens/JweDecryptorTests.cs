using System.Security.Cryptography;
using System.Text;
using ApiFilter.Tokens;

namespace ApiFilter.Tests.Tokens;

/// <summary>
/// JweDecryptor against tokens made by <see cref="JweTestEncryptor"/> for every supported "alg" × "enc" pair, and its
/// refusals: header rules, refused names, invalid-curve points, weak keys, key selection, uniform failures.
/// </summary>
public sealed class JweDecryptorTests
{
    private static readonly RSA Rsa = RSA.Create(2048);
    private static readonly ECDiffieHellman P256 = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
    private static readonly ECDiffieHellman P384 = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP384);
    private static readonly ECDiffieHellman P521 = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP521);

    private static readonly string[] Encryptions = ["A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512", "A128GCM", "A192GCM", "A256GCM"];

    private static readonly JweDecryptorOptions AllowEverything = new()
    {
        AllowedKeyManagementAlgorithms =
        [
            JweKeyManagementAlgorithm.RsaOaep256, JweKeyManagementAlgorithm.RsaOaep, JweKeyManagementAlgorithm.EcdhEs,
            JweKeyManagementAlgorithm.EcdhEsA128KW, JweKeyManagementAlgorithm.EcdhEsA192KW, JweKeyManagementAlgorithm.EcdhEsA256KW,
            JweKeyManagementAlgorithm.Direct, JweKeyManagementAlgorithm.A128KW, JweKeyManagementAlgorithm.A192KW, JweKeyManagementAlgorithm.A256KW,
        ],
        AllowedContentEncryptions =
        [
            JweContentEncryption.A128CbcHs256, JweContentEncryption.A192CbcHs384, JweContentEncryption.A256CbcHs512,
            JweContentEncryption.A128Gcm, JweContentEncryption.A192Gcm, JweContentEncryption.A256Gcm,
        ],
        AllowRsaOaepSha1 = true,
    };

    public static TheoryData<string, string> Pairs()
    {
        var data = new TheoryData<string, string>();
        string[] algorithms =
        [
            "RSA-OAEP-256", "RSA-OAEP", "ECDH-ES/P-256", "ECDH-ES/P-384", "ECDH-ES/P-521", "ECDH-ES+A128KW/P-256", "ECDH-ES+A192KW/P-384",
            "ECDH-ES+A256KW/P-521", "ECDH-ES+A256KW/P-256", "dir", "A128KW", "A192KW", "A256KW",
        ];
        foreach (string alg in algorithms)
        {
            foreach (string enc in Encryptions)
            {
                data.Add(alg, enc);
            }
        }

        return data;
    }

    private static (object EncryptTo, JweDecryptionKey Key) KeysFor(string alg, string enc)
    {
        if (alg.StartsWith("RSA", StringComparison.Ordinal))
        {
            return (Rsa, JweDecryptionKey.FromRsa(Rsa));
        }

        if (alg.StartsWith("ECDH", StringComparison.Ordinal))
        {
            ECDiffieHellman ec = alg.EndsWith("P-256", StringComparison.Ordinal) ? P256 : alg.EndsWith("P-384", StringComparison.Ordinal) ? P384 : P521;
            return (ec, JweDecryptionKey.FromECDiffieHellman(ec));
        }

        byte[] secret = RandomNumberGenerator.GetBytes(alg switch
        {
            "dir" => JweTestEncryptor.KeySize(enc),
            "A128KW" => 16,
            "A192KW" => 24,
            _ => 32,
        });
        return (secret, JweDecryptionKey.FromSymmetricKey(secret));
    }

    private static JweDecryptionStatus Decrypt(JweDecryptor decryptor, string token, out string plaintext)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(token);
        byte[] destination = new byte[Math.Max(0, JweDecryptor.GetMaxPlaintextLength(bytes))];
        JweDecryptionStatus status = decryptor.Decrypt(bytes, destination, out int written);
        plaintext = Encoding.UTF8.GetString(destination, 0, written);
        return status;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void RoundTripsForEverySupportedPair(string algAndCurve, string enc)
    {
        string alg = algAndCurve.Split('/')[0];
        (object to, JweDecryptionKey key) = KeysFor(algAndCurve, enc);
        var decryptor = new JweDecryptor([key], AllowEverything);
        foreach (int size in new[] { 0, 1, 15, 16, 17, 1000 })
        {
            string text = new('x', size);
            string token = JweTestEncryptor.Encrypt(alg, enc, Encoding.UTF8.GetBytes(text), to);
            Assert.True(JweDecryptionStatus.Decrypted == Decrypt(decryptor, token, out string plaintext), $"{algAndCurve} {enc} {size}");
            Assert.Equal(text, plaintext);

            // One changed tag byte: the same single failure whatever the algorithms.
            string[] parts = token.Split('.');
            parts[4] = (parts[4][0] == 'A' ? 'B' : 'A') + parts[4][1..];
            Assert.Equal(JweDecryptionStatus.DecryptionFailed, Decrypt(decryptor, string.Join('.', parts), out _));
        }
    }

    [Theory]
    [InlineData("ECDH-ES")]
    [InlineData("ECDH-ES+A128KW")]
    public void AgreementPartyInfoIsPartOfTheDerivation(string alg)
    {
        var decryptor = new JweDecryptor([JweDecryptionKey.FromECDiffieHellman(P256)], AllowEverything);
        string token = JweTestEncryptor.Encrypt(alg, "A128GCM", "hello"u8.ToArray(), P256, apu: "Alice"u8.ToArray(), apv: "Bob"u8.ToArray());
        Assert.Equal(JweDecryptionStatus.Decrypted, Decrypt(decryptor, token, out string plaintext));
        Assert.Equal("hello", plaintext);
    }

    [Fact]
    public void AnOffCurveEphemeralKeyIsRefusedBeforeAnyAgreement()
    {
        var decryptor = new JweDecryptor([JweDecryptionKey.FromECDiffieHellman(P256)], AllowEverything);
        string token = JweTestEncryptor.Encrypt("ECDH-ES", "A128GCM", "hello"u8.ToArray(), P256);
        string[] parts = token.Split('.');
        string header = Encoding.UTF8.GetString(Base64UrlDecode(parts[0]));

        // Replace y with y+1: the point leaves the curve (the invalid-curve attack sends exactly such points).
        int yAt = header.IndexOf("\"y\":\"", StringComparison.Ordinal) + 5;
        int yEnd = header.IndexOf('"', yAt);
        byte[] y = Base64UrlDecode(header[yAt..yEnd]);
        y[^1] ^= 1;
        header = header[..yAt] + Base64Url.EncodeToString(y) + header[yEnd..];
        parts[0] = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header));
        Assert.Equal(JweDecryptionStatus.InvalidEphemeralKey, Decrypt(decryptor, string.Join('.', parts), out _));
    }

    [Theory]
    [InlineData(",\"epk\":{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"}")]
    [InlineData(",\"epk\":{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"AA\"}")]
    [InlineData(",\"epk\":{\"kty\":\"EC\",\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"}")]
    [InlineData("")]
    public void MalformedEphemeralKeysAreRefused(string epk)
    {
        var decryptor = new JweDecryptor([JweDecryptionKey.FromECDiffieHellman(P256)], AllowEverything);
        string header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\"" + epk + "}"));
        string token = header + "..AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA";
        Assert.Equal(JweDecryptionStatus.InvalidEphemeralKey, Decrypt(decryptor, token, out _));
    }

    [Fact]
    public void AnEphemeralKeyOnAnotherCurveThanTheKeyFindsNoKey()
    {
        var decryptor = new JweDecryptor([JweDecryptionKey.FromECDiffieHellman(P256)], AllowEverything);
        string token = JweTestEncryptor.Encrypt("ECDH-ES", "A128GCM", "hello"u8.ToArray(), P384);
        Assert.Equal(JweDecryptionStatus.KeyNotFound, Decrypt(decryptor, token, out _));
    }

    [Theory]
    [InlineData(",\"zip\":\"DEF\"", JweDecryptionStatus.CompressionRefused)]
    [InlineData(",\"crit\":[\"exp\"],\"exp\":1", JweDecryptionStatus.CriticalHeaderUnknown)]
    [InlineData(",\"b64\":false,\"crit\":[\"b64\"]", JweDecryptionStatus.InvalidHeader)]
    [InlineData(",\"enc\":\"A128GCM\"", JweDecryptionStatus.DuplicateHeaderParameter)]
    [InlineData(",\"apu\":1", JweDecryptionStatus.InvalidHeader)]
    public void HeaderRulesAreEnforced(string extra, JweDecryptionStatus expected)
    {
        byte[] secret = RandomNumberGenerator.GetBytes(16);
        var decryptor = new JweDecryptor([JweDecryptionKey.FromSymmetricKey(secret)], AllowEverything);
        string token = JweTestEncryptor.Encrypt("dir", "A128GCM", "hello"u8.ToArray(), secret, extraHeader: extra);
        Assert.Equal(expected, Decrypt(decryptor, token, out _));
    }

    [Theory]
    [InlineData("{\"alg\":\"dir\"}", JweDecryptionStatus.InvalidHeader)]
    [InlineData("{\"enc\":\"A128GCM\"}", JweDecryptionStatus.InvalidHeader)]
    [InlineData("{\"alg\":\"dir\",\"enc\":\"A128gcm\"}", JweDecryptionStatus.UnsupportedEncryption)]
    [InlineData("{\"alg\":\"DIR\",\"enc\":\"A128GCM\"}", JweDecryptionStatus.UnsupportedAlgorithm)]
    [InlineData("{\"alg\":\"A128GCMKW\",\"enc\":\"A128GCM\"}", JweDecryptionStatus.UnsupportedAlgorithm)]
    [InlineData("{\"alg\":\"RSA1_5\",\"enc\":\"A128GCM\"}", JweDecryptionStatus.AlgorithmRefused)]
    [InlineData("{\"alg\":\"PBES2-HS256+A128KW\",\"enc\":\"A128GCM\",\"p2c\":100000000}", JweDecryptionStatus.AlgorithmRefused)]
    [InlineData("{\"alg\":\"none\",\"enc\":\"A128GCM\"}", JweDecryptionStatus.UnsupportedAlgorithm)]
    [InlineData("[]", JweDecryptionStatus.Malformed)]
    public void HeaderValuesAreCheckedByExactName(string header, JweDecryptionStatus expected)
    {
        var decryptor = new JweDecryptor([JweDecryptionKey.FromSymmetricKey(new byte[16])], AllowEverything);
        string token = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header)) + "..AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA";
        Assert.Equal(expected, Decrypt(decryptor, token, out _));
    }

    [Fact]
    public void AlgorithmsAndEncryptionsOutsideTheAllowListsAreRefused()
    {
        byte[] secret = RandomNumberGenerator.GetBytes(16);
        var decryptor = new JweDecryptor([JweDecryptionKey.FromSymmetricKey(secret)], new JweDecryptorOptions
        {
            AllowedKeyManagementAlgorithms = [JweKeyManagementAlgorithm.A128KW],
            AllowedContentEncryptions = [JweContentEncryption.A256Gcm],
        });
        Assert.Equal(JweDecryptionStatus.AlgorithmNotAllowed, Decrypt(decryptor, JweTestEncryptor.Encrypt("dir", "A128GCM", [1], secret), out _));
        Assert.Equal(JweDecryptionStatus.EncryptionNotAllowed, Decrypt(decryptor, JweTestEncryptor.Encrypt("A128KW", "A128GCM", [1], secret), out _));
        Assert.Equal(JweDecryptionStatus.Decrypted, Decrypt(decryptor, JweTestEncryptor.Encrypt("A128KW", "A256GCM", [1], secret), out _));
    }

    [Theory]
    [InlineData("a.b.c")]
    [InlineData("a.b.c.d")]
    [InlineData("a.b.c.d.e.f")]
    [InlineData("")]
    public void NotFiveSegmentsIsMalformed(string token)
    {
        var decryptor = new JweDecryptor([JweDecryptionKey.FromSymmetricKey(new byte[16])], AllowEverything);
        Assert.Equal(JweDecryptionStatus.Malformed, decryptor.Decrypt(Encoding.ASCII.GetBytes(token), new byte[16], out _));
        Assert.Equal(-1, JweDecryptor.GetMaxPlaintextLength(Encoding.ASCII.GetBytes(token)));
    }

    [Fact]
    public void SegmentLengthsFixedByTheAlgorithmsAreChecked()
    {
        byte[] secret = RandomNumberGenerator.GetBytes(16);
        var decryptor = new JweDecryptor([JweDecryptionKey.FromSymmetricKey(secret)], AllowEverything);
        string[] parts = JweTestEncryptor.Encrypt("dir", "A128GCM", "hello"u8.ToArray(), secret).Split('.');

        string[] longIv = (string[])parts.Clone();
        longIv[2] += "AAAA";
        Assert.Equal(JweDecryptionStatus.Malformed, Decrypt(decryptor, string.Join('.', longIv), out _));

        string[] shortTag = (string[])parts.Clone();
        shortTag[4] = shortTag[4][..16];
        Assert.Equal(JweDecryptionStatus.Malformed, Decrypt(decryptor, string.Join('.', shortTag), out _));

        // "dir" carries no encrypted key (RFC 7516 section 5.2 step 10).
        string[] withKey = (string[])parts.Clone();
        withKey[1] = "AAAAAAAAAAAAAAAAAAAAAA";
        Assert.Equal(JweDecryptionStatus.Malformed, Decrypt(decryptor, string.Join('.', withKey), out _));

        string[] padded = (string[])parts.Clone();
        padded[3] += "=";
        Assert.Equal(JweDecryptionStatus.Malformed, Decrypt(decryptor, string.Join('.', padded), out _));
    }

    [Fact]
    public void TooSmallADestinationIsReportedBeforeAnyWork()
    {
        byte[] secret = RandomNumberGenerator.GetBytes(16);
        var decryptor = new JweDecryptor([JweDecryptionKey.FromSymmetricKey(secret)], AllowEverything);
        byte[] token = Encoding.ASCII.GetBytes(JweTestEncryptor.Encrypt("dir", "A128GCM", "hello"u8.ToArray(), secret));
        Assert.Equal(JweDecryptionStatus.DestinationTooSmall, decryptor.Decrypt(token, new byte[4], out _));
        Assert.Equal(JweDecryptionStatus.Decrypted, decryptor.Decrypt(token, new byte[5], out int written));
        Assert.Equal(5, written);
    }

    [Fact]
    public void TokensOverTheLimitAreRefusedBeforeReading()
    {
        byte[] secret = RandomNumberGenerator.GetBytes(16);
        var decryptor = new JweDecryptor([JweDecryptionKey.FromSymmetricKey(secret)], AllowEverything with { MaxTokenBytes = 100 });
        byte[] token = Encoding.ASCII.GetBytes(JweTestEncryptor.Encrypt("dir", "A128GCM", new byte[100], secret));
        Assert.Equal(JweDecryptionStatus.TokenTooLarge, decryptor.Decrypt(token, new byte[100], out _));
        Assert.Equal(JweDecryptionStatus.TokenTooLarge, decryptor.Decrypt(token, out JwePlaintext plaintext));
        Assert.Equal(0, plaintext.Length);
    }

    [Fact]
    public void AWrongKeyFailsExactlyLikeABadTag()
    {
        // RFC 7516 section 11.5: an unwrap failure must not be told apart from a content failure.
        using RSA other = RSA.Create(2048);
        var decryptor = new JweDecryptor([JweDecryptionKey.FromRsa(Rsa)], AllowEverything);
        string forOther = JweTestEncryptor.Encrypt("RSA-OAEP-256", "A128CBC-HS256", "hello"u8.ToArray(), other);
        Assert.Equal(JweDecryptionStatus.DecryptionFailed, Decrypt(decryptor, forOther, out _));

        byte[] kek = RandomNumberGenerator.GetBytes(16);
        var kw = new JweDecryptor([JweDecryptionKey.FromSymmetricKey(kek)], AllowEverything);
        string wrappedForOther = JweTestEncryptor.Encrypt("A128KW", "A128GCM", "hello"u8.ToArray(), RandomNumberGenerator.GetBytes(16));
        Assert.Equal(JweDecryptionStatus.DecryptionFailed, Decrypt(kw, wrappedForOther, out _));
    }

    [Fact]
    public void KeysAreSelectedByKidAndThenByFit()
    {
        byte[] a = RandomNumberGenerator.GetBytes(16);
        byte[] b = RandomNumberGenerator.GetBytes(16);
        var decryptor = new JweDecryptor(
            [JweDecryptionKey.FromSymmetricKey(a, "a"), JweDecryptionKey.FromSymmetricKey(b, "b"), JweDecryptionKey.FromRsa(Rsa, "rsa")],
            AllowEverything);
        Assert.Equal(JweDecryptionStatus.Decrypted, Decrypt(decryptor, JweTestEncryptor.Encrypt("A128KW", "A128GCM", [1], b, kid: "b"), out _));
        Assert.Equal(JweDecryptionStatus.DecryptionFailed, Decrypt(decryptor, JweTestEncryptor.Encrypt("A128KW", "A128GCM", [1], b, kid: "a"), out _));
        Assert.Equal(JweDecryptionStatus.KeyNotFound, Decrypt(decryptor, JweTestEncryptor.Encrypt("A128KW", "A128GCM", [1], b, kid: "c"), out _));
        Assert.Equal(JweDecryptionStatus.KeyTypeMismatch, Decrypt(decryptor, JweTestEncryptor.Encrypt("A128KW", "A128GCM", [1], b, kid: "rsa"), out _));

        // Without a kid, the compatible keys are tried in order: the second one fits.
        Assert.Equal(JweDecryptionStatus.Decrypted, Decrypt(decryptor, JweTestEncryptor.Encrypt("A128KW", "A128GCM", [7], b), out string plaintext));
        Assert.Equal("\u0007", plaintext);

        // A 16-byte key cannot be an A256KW key.
        Assert.Equal(JweDecryptionStatus.KeyTypeMismatch, Decrypt(decryptor, JweTestEncryptor.Encrypt("A256KW", "A128GCM", [1], new byte[32], kid: "a"), out _));
    }

    [Fact]
    public void AKeyRestrictedToAnAlgorithmIsNotUsedForAnother()
    {
        byte[] secret = RandomNumberGenerator.GetBytes(16);
        var decryptor = new JweDecryptor([JweDecryptionKey.FromSymmetricKey(secret, "k", JweKeyManagementAlgorithm.A128KW)], AllowEverything);
        Assert.Equal(JweDecryptionStatus.KeyUsageNotPermitted, Decrypt(decryptor, JweTestEncryptor.Encrypt("dir", "A128GCM", [1], secret, kid: "k"), out _));
        Assert.Equal(JweDecryptionStatus.Decrypted, Decrypt(decryptor, JweTestEncryptor.Encrypt("A128KW", "A128GCM", [1], secret, kid: "k"), out _));
    }

    [Fact]
    public void WeakRsaKeysAreRefusedAtConfiguration()
    {
        using RSA weak = RSA.Create(1024);
        Assert.Throws<ArgumentException>(() => JweDecryptionKey.FromRsa(weak));
    }

    [Fact]
    public void SigningKeysAreNotDecryptionKeys()
    {
        Assert.Throws<JsonWebKeyException>(() => JweDecryptionKey.ParseJwk("{\"kty\":\"oct\",\"use\":\"sig\",\"k\":\"AAAAAAAAAAAAAAAAAAAAAA\"}"u8));
        Assert.Throws<JsonWebKeyException>(() => JweDecryptionKey.ParseJwk("{\"kty\":\"oct\",\"alg\":\"HS256\",\"k\":\"AAAAAAAAAAAAAAAAAAAAAA\"}"u8));
    }

    [Fact]
    public void APooledPlaintextIsClearedOnDispose()
    {
        byte[] secret = RandomNumberGenerator.GetBytes(32);
        var decryptor = new JweDecryptor([JweDecryptionKey.FromSymmetricKey(secret)], AllowEverything);
        byte[] token = Encoding.ASCII.GetBytes(JweTestEncryptor.Encrypt("dir", "A256GCM", "secret text"u8.ToArray(), secret));
        Assert.Equal(JweDecryptionStatus.Decrypted, decryptor.Decrypt(token, out JwePlaintext plaintext));
        Assert.Equal("secret text", Encoding.UTF8.GetString(plaintext.Span));
        plaintext.Dispose();
        Assert.Equal(0, plaintext.Length);
        plaintext.Dispose();
    }

    [Fact]
    public void WarmDirectGcmDecryptionIntoACallerBufferAllocatesLittle()
    {
        byte[] secret = RandomNumberGenerator.GetBytes(32);
        var decryptor = new JweDecryptor([JweDecryptionKey.FromSymmetricKey(secret)], AllowEverything);
        byte[] token = Encoding.ASCII.GetBytes(JweTestEncryptor.Encrypt("dir", "A256GCM", new byte[4096], secret));
        byte[] destination = new byte[4096];
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(JweDecryptionStatus.Decrypted, decryptor.Decrypt(token, destination, out _));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            decryptor.Decrypt(token, destination, out _);
        }

        // Only the platform's AesGcm object (a SafeHandle wrapper) is allocated per token; no buffer scales with the body.
        long perToken = (GC.GetAllocatedBytesForCurrentThread() - before) / 20;
        Assert.True(perToken < 512, $"{perToken} B per token");
    }

    [Theory]
    [InlineData("dir", "A128CBC-HS256")]
    [InlineData("A256KW", "A256GCM")]
    [InlineData("ECDH-ES+A128KW/P-256", "A192GCM")]
    [InlineData("RSA-OAEP-256", "A256CBC-HS512")]
    public void RandomMutationsNeverThrowAndNeverDecrypt(string algAndCurve, string enc)
    {
        (object to, JweDecryptionKey key) = KeysFor(algAndCurve, enc);
        var decryptor = new JweDecryptor([key], AllowEverything);
        byte[] original = Encoding.ASCII.GetBytes(JweTestEncryptor.Encrypt(algAndCurve.Split('/')[0], enc, "the content"u8.ToArray(), to));
        byte[] alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=\\\"{} "u8.ToArray();
        var random = new Random(7516);
        byte[] destination = new byte[original.Length];
        for (int round = 0; round < 300; round++)
        {
            byte[] token = (byte[])original.Clone();
            for (int edits = random.Next(1, 4); edits > 0; edits--)
            {
                token[random.Next(token.Length)] = alphabet[random.Next(alphabet.Length)];
            }

            if (token.AsSpan().SequenceEqual(original))
            {
                continue;
            }

            JweDecryptionStatus status = decryptor.Decrypt(token, destination, out int written);
            Assert.True(status != JweDecryptionStatus.Decrypted, $"round {round}: {Encoding.ASCII.GetString(token)}");
            Assert.Equal(0, written);
        }
    }

    private static byte[] Base64UrlDecode(string text)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        byte[] decoded = new byte[bytes.Length];
        Assert.Equal(Base64UrlDecodeStatus.Done, Base64Url.TryDecode(bytes, decoded, out int length));
        return decoded[..length];
    }
}
