using System.Security.Cryptography;
using System.Text;
using ApiFilter.Tokens;

namespace ApiFilter.Tests.Tokens;

/// <summary>Round trips for every supported algorithm, and the attacks a verifier must refuse.</summary>
public sealed class JwsVerifierTests
{
    private const string Claims = "{\"iss\":\"https://issuer.example\",\"sub\":\"alice\"}";

    private static readonly JwsAlgorithm[] AllSupported =
    [
        JwsAlgorithm.HS256, JwsAlgorithm.HS384, JwsAlgorithm.HS512,
        JwsAlgorithm.RS256, JwsAlgorithm.RS384, JwsAlgorithm.RS512,
        JwsAlgorithm.PS256, JwsAlgorithm.PS384, JwsAlgorithm.PS512,
        JwsAlgorithm.ES256, JwsAlgorithm.ES384,
    ];

    private static string Header(JwsAlgorithm algorithm, string? kid = null) =>
        kid is null ? $"{{\"alg\":\"{algorithm}\"}}" : $"{{\"alg\":\"{algorithm}\",\"kid\":\"{kid}\"}}";

    [Theory]
    [InlineData(JwsAlgorithm.HS256)]
    [InlineData(JwsAlgorithm.HS384)]
    [InlineData(JwsAlgorithm.HS512)]
    [InlineData(JwsAlgorithm.RS256)]
    [InlineData(JwsAlgorithm.RS384)]
    [InlineData(JwsAlgorithm.RS512)]
    [InlineData(JwsAlgorithm.PS256)]
    [InlineData(JwsAlgorithm.PS384)]
    [InlineData(JwsAlgorithm.PS512)]
    [InlineData(JwsAlgorithm.ES256)]
    [InlineData(JwsAlgorithm.ES384)]
    public void RoundTripsWithAndWithoutKid(JwsAlgorithm algorithm)
    {
        JwsVerifier verifier = TestTokens.Verifier(AllSupported);
        Assert.Equal(TokenValidationStatus.Valid, TestTokens.Verify(verifier, TestTokens.Sign(Header(algorithm, TestTokens.KidFor(algorithm)), Claims, algorithm)));
        Assert.Equal(TokenValidationStatus.Valid, TestTokens.Verify(verifier, TestTokens.Sign(Header(algorithm), Claims, algorithm)));
    }

    [Fact]
    public void ConvertsSignaturesOnlyInTheJoseFormat()
    {
        // RFC 7518 section 3.4: r||s. A DER-encoded ECDSA signature over the same input is refused.
        string input = TestTokens.B64(Header(JwsAlgorithm.ES256, "ec-1")) + "." + TestTokens.B64(Claims);
        byte[] der = TestTokens.P256.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        Assert.Equal(TokenValidationStatus.BadSignature, TestTokens.Verify(TestTokens.Verifier(JwsAlgorithm.ES256), input + "." + TestTokens.B64(der)));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("None")]
    [InlineData("nOnE")]
    [InlineData("NONE")]
    public void RefusesUnsecuredTokensInEverySpelling(string alg)
    {
        string token = TestTokens.B64($"{{\"alg\":\"{alg}\"}}") + "." + TestTokens.B64(Claims) + ".";
        TokenValidationStatus status = TestTokens.Verify(TestTokens.Verifier(AllSupported), token);

        // "alg" is case-sensitive (RFC 7515 section 4.1.1): only "none" is the unsecured algorithm; the rest are unknown names.
        Assert.Equal(alg == "none" ? TokenValidationStatus.AlgorithmNone : TokenValidationStatus.UnsupportedAlgorithm, status);
    }

    [Fact]
    public void RefusesNoneEvenWithASignatureAttached()
    {
        string token = TestTokens.Sign("{\"alg\":\"none\"}", Claims, JwsAlgorithm.HS256);
        Assert.Equal(TokenValidationStatus.AlgorithmNone, TestTokens.Verify(TestTokens.Verifier(AllSupported), token));
    }

    [Theory]
    [InlineData("hs256")]
    [InlineData("RS256 ")]
    [InlineData("HS1")]
    [InlineData("ES256K")]
    public void RefusesUnknownAlgorithms(string alg)
    {
        string token = TestTokens.Sign($"{{\"alg\":\"{alg}\"}}", Claims, JwsAlgorithm.HS256);
        Assert.Equal(TokenValidationStatus.UnsupportedAlgorithm, TestTokens.Verify(TestTokens.Verifier(AllSupported), token));
    }

    [Fact]
    public void RefusesEdDsaAsNotAvailableOnThisPlatform()
    {
        string token = TestTokens.B64("{\"alg\":\"EdDSA\"}") + "." + TestTokens.B64(Claims) + "." + TestTokens.B64(new byte[64]);
        Assert.Equal(TokenValidationStatus.UnsupportedAlgorithm, TestTokens.Verify(TestTokens.Verifier(AllSupported), token));
        ArgumentException refused = Assert.Throws<ArgumentException>(() => TestTokens.Verifier(JwsAlgorithm.EdDsa));
        Assert.Contains("not available on this platform", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePlatformStillHasNoPublicEdDsaApi()
    {
        // EdDSA is refused because System.Security.Cryptography has no public Ed25519/Ed448 type in .NET 10.
        // This fails once one appears, so the refusal is revisited rather than left stale.
        string[] edwards = [.. typeof(RSA).Assembly.GetExportedTypes()
            .Select(t => t.FullName!)
            .Where(n => n.Contains("Ed25519", StringComparison.OrdinalIgnoreCase) || n.Contains("Ed448", StringComparison.OrdinalIgnoreCase) || n.Contains("EdDsa", StringComparison.OrdinalIgnoreCase))];
        Assert.Empty(edwards);
    }

    [Fact]
    public void RefusesAlgorithmsOutsideTheAllowList()
    {
        string token = TestTokens.Sign(Header(JwsAlgorithm.RS384, "rsa-1"), Claims, JwsAlgorithm.RS384);
        Assert.Equal(TokenValidationStatus.AlgorithmNotAllowed, TestTokens.Verify(TestTokens.Verifier(JwsAlgorithm.RS256), token));
    }

    [Fact]
    public void RefusesHs256SignedWithTheRsaPublicKey()
    {
        // The key-confusion attack: the attacker knows the RSA public key and uses its bytes as an HMAC secret.
        byte[] publicKey = TestTokens.Rsa.ExportSubjectPublicKeyInfo();
        byte[] pem = Encoding.ASCII.GetBytes(TestTokens.Rsa.ExportSubjectPublicKeyInfoPem());
        byte[] modulus = TestTokens.Rsa.ExportParameters(false).Modulus!;
        foreach (byte[] secret in new[] { publicKey, pem, modulus })
        {
            string input = TestTokens.B64(Header(JwsAlgorithm.HS256, "rsa-1")) + "." + TestTokens.B64(Claims);
            string forged = input + "." + TestTokens.B64(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(input)));

            // A verifier for RSA only refuses the algorithm; one that also allows HMAC refuses the RSA key for it.
            Assert.Equal(TokenValidationStatus.AlgorithmNotAllowed, TestTokens.Verify(TestTokens.Verifier(JwsAlgorithm.RS256), forged));
            Assert.Equal(TokenValidationStatus.KeyTypeMismatch, TestTokens.Verify(TestTokens.Verifier(JwsAlgorithm.RS256, JwsAlgorithm.HS256), forged));

            // Without a kid the HMAC key is the only candidate, and the forged tag does not match it.
            string noKid = TestTokens.B64(Header(JwsAlgorithm.HS256)) + "." + TestTokens.B64(Claims);
            string forgedNoKid = noKid + "." + TestTokens.B64(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(noKid)));
            Assert.Equal(TokenValidationStatus.BadSignature, TestTokens.Verify(TestTokens.Verifier(JwsAlgorithm.RS256, JwsAlgorithm.HS256), forgedNoKid));
        }
    }

    [Fact]
    public void RefusesAnEcKeyOfTheWrongCurve()
    {
        // ES256 naming the P-384 key: RFC 7518 section 3.4 binds each ES algorithm to one curve.
        string token = TestTokens.Sign(Header(JwsAlgorithm.ES256, "ec-384"), Claims, JwsAlgorithm.ES256);
        Assert.Equal(TokenValidationStatus.KeyTypeMismatch, TestTokens.Verify(TestTokens.Verifier(JwsAlgorithm.ES256), token));
    }

    [Fact]
    public void HmacNeedsASharedSecretInTheSet()
    {
        JsonWebKeySet rsaOnly = JsonWebKeySet.Parse(Encoding.UTF8.GetBytes(TestTokens.RsaJwk("rsa-1")));
        Assert.Throws<ArgumentException>(() => new JwsVerifier(rsaOnly, new JwsVerifierOptions { AllowedAlgorithms = [JwsAlgorithm.HS256] }));
        Assert.Throws<ArgumentException>(() => new JwsVerifier(rsaOnly, new JwsVerifierOptions { AllowedAlgorithms = [JwsAlgorithm.None] }));
        Assert.Throws<ArgumentException>(() => new JwsVerifier(rsaOnly, new JwsVerifierOptions { AllowedAlgorithms = [] }));
    }

    [Fact]
    public void RespectsTheKeysOwnAlgUseAndKeyOps()
    {
        JsonWebKeySet set = JsonWebKeySet.Parse(Encoding.UTF8.GetBytes("{\"keys\":[" +
            TestTokens.RsaJwk("pinned", ",\"alg\":\"PS256\"") + "," +
            TestTokens.RsaJwk("enc", ",\"use\":\"enc\"") + "," +
            TestTokens.RsaJwk("signonly", ",\"key_ops\":[\"sign\"]") + "]}"));
        var verifier = new JwsVerifier(set, new JwsVerifierOptions { AllowedAlgorithms = [JwsAlgorithm.RS256, JwsAlgorithm.PS256] });
        Assert.Equal(TokenValidationStatus.KeyUsageNotPermitted, TestTokens.Verify(verifier, TestTokens.Sign(Header(JwsAlgorithm.RS256, "pinned"), Claims, JwsAlgorithm.RS256)));
        Assert.Equal(TokenValidationStatus.Valid, TestTokens.Verify(verifier, TestTokens.Sign(Header(JwsAlgorithm.PS256, "pinned"), Claims, JwsAlgorithm.PS256)));
        Assert.Equal(TokenValidationStatus.KeyUsageNotPermitted, TestTokens.Verify(verifier, TestTokens.Sign(Header(JwsAlgorithm.RS256, "enc"), Claims, JwsAlgorithm.RS256)));
        Assert.Equal(TokenValidationStatus.KeyUsageNotPermitted, TestTokens.Verify(verifier, TestTokens.Sign(Header(JwsAlgorithm.RS256, "signonly"), Claims, JwsAlgorithm.RS256)));

        // Without a kid only "pinned" may verify RS-family tokens, and only PS256 ones.
        Assert.Equal(TokenValidationStatus.KeyNotFound, TestTokens.Verify(verifier, TestTokens.Sign(Header(JwsAlgorithm.RS256), Claims, JwsAlgorithm.RS256)));
        Assert.Equal(TokenValidationStatus.Valid, TestTokens.Verify(verifier, TestTokens.Sign(Header(JwsAlgorithm.PS256), Claims, JwsAlgorithm.PS256)));
    }

    [Fact]
    public void AKeyRestrictedToAnotherKindOfAlgorithmNeverVerifies()
    {
        // "alg": "RSA-OAEP" is an encryption algorithm: the key is for JWE and must not verify signatures.
        JsonWebKeySet set = JsonWebKeySet.Parse(Encoding.UTF8.GetBytes("{\"keys\":[" + TestTokens.RsaJwk("rsa-1", ",\"alg\":\"RSA-OAEP\"") + "]}"));
        Assert.Equal(JwsAlgorithm.Unknown, set.Keys[0].Algorithm);
        var verifier = new JwsVerifier(set, new JwsVerifierOptions { AllowedAlgorithms = [JwsAlgorithm.RS256] });
        Assert.Equal(TokenValidationStatus.KeyUsageNotPermitted, TestTokens.Verify(verifier, TestTokens.Sign(Header(JwsAlgorithm.RS256, "rsa-1"), Claims, JwsAlgorithm.RS256)));
    }

    [Fact]
    public void PicksTheKeyOfTheRightTypeAmongKeysSharingAKid()
    {
        // RFC 7517 section 4.5 lets keys of different types share a kid.
        JsonWebKeySet set = JsonWebKeySet.Parse(Encoding.UTF8.GetBytes("{\"keys\":[" + TestTokens.RsaJwk("shared") + "," + TestTokens.EcJwk(TestTokens.P256, "P-256", "shared") + "]}"));
        var verifier = new JwsVerifier(set, new JwsVerifierOptions { AllowedAlgorithms = [JwsAlgorithm.RS256, JwsAlgorithm.ES256] });
        Assert.Equal(TokenValidationStatus.Valid, TestTokens.Verify(verifier, TestTokens.Sign(Header(JwsAlgorithm.ES256, "shared"), Claims, JwsAlgorithm.ES256)));
        Assert.Equal(TokenValidationStatus.Valid, TestTokens.Verify(verifier, TestTokens.Sign(Header(JwsAlgorithm.RS256, "shared"), Claims, JwsAlgorithm.RS256)));
    }

    [Fact]
    public void AnEmptyKidNamesNoKey()
    {
        string token = TestTokens.Sign(Header(JwsAlgorithm.RS256, string.Empty), Claims, JwsAlgorithm.RS256);
        Assert.Equal(TokenValidationStatus.KeyNotFound, TestTokens.Verify(TestTokens.Verifier(JwsAlgorithm.RS256), token));
    }

    [Fact]
    public void ReadsAnEscapedAlgorithmNameAsItsUnescapedValue()
    {
        // JSON escapes are spelling, not meaning: "\u0048S256" is "HS256" (and is verified as such, with its allow-list check).
        string token = TestTokens.Sign("{\"alg\":\"\\u0048S256\",\"kid\":\"hmac-1\"}", Claims, JwsAlgorithm.HS256);
        Assert.Equal(TokenValidationStatus.Valid, TestTokens.Verify(TestTokens.Verifier(JwsAlgorithm.HS256), token));
        Assert.Equal(TokenValidationStatus.AlgorithmNotAllowed, TestTokens.Verify(TestTokens.Verifier(JwsAlgorithm.RS256), token));
    }

    [Fact]
    public void ReportsAJweWithoutTryingToVerifyIt() =>
        Assert.Equal(TokenValidationStatus.EncryptedTokenNotSupported, TestTokens.Verify(TestTokens.Verifier(JwsAlgorithm.RS256), TestTokens.B64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}") + ".a.b.c.d"));

    [Fact]
    public void VerifiesLargeDetachedContentThroughThePool()
    {
        string content = new('c', 4000);
        string input = TestTokens.B64(Header(JwsAlgorithm.HS256, "hmac-1")) + "." + TestTokens.B64(content);
        string signature = TestTokens.B64(TestTokens.SignInput(Encoding.ASCII.GetBytes(input), JwsAlgorithm.HS256));
        byte[] detached = Encoding.ASCII.GetBytes(TestTokens.B64(Header(JwsAlgorithm.HS256, "hmac-1")) + ".." + signature);
        Span<byte> buffer = stackalloc byte[JwsReader.StackBufferSize];
        Assert.Equal(TokenValidationStatus.Valid, JwsReader.TryRead(detached, buffer, JwsReaderLimits.Default, out JwsReader reader));
        JwsVerifier verifier = TestTokens.Verifier(JwsAlgorithm.HS256);
        Assert.Equal(TokenValidationStatus.Valid, verifier.VerifyDetached(reader, Encoding.ASCII.GetBytes(content)));
        Assert.Equal(TokenValidationStatus.BadSignature, verifier.VerifyDetached(reader, Encoding.ASCII.GetBytes(content + "c")));
        reader.Dispose();
    }

    [Fact]
    public void RefusesAShortHmacKey()
    {
        // RFC 7518 section 3.2: the key is at least the hash size; 32 bytes do for HS256 but not HS512.
        JsonWebKeySet set = JsonWebKeySet.Create(JsonWebKey.CreateSharedSecret(TestTokens.Secret.AsSpan(0, 32), "short"));
        var verifier = new JwsVerifier(set, new JwsVerifierOptions { AllowedAlgorithms = [JwsAlgorithm.HS256, JwsAlgorithm.HS512] });
        string input = TestTokens.B64(Header(JwsAlgorithm.HS512, "short")) + "." + TestTokens.B64(Claims);
        string token = input + "." + TestTokens.B64(HMACSHA512.HashData(TestTokens.Secret.AsSpan(0, 32), Encoding.ASCII.GetBytes(input)));
        Assert.Equal(TokenValidationStatus.KeyUsageNotPermitted, TestTokens.Verify(verifier, token));
    }

    [Fact]
    public void RefusesAKidNamingNoKey()
    {
        string token = TestTokens.Sign(Header(JwsAlgorithm.RS256, "rotated-away"), Claims, JwsAlgorithm.RS256);
        Assert.Equal(TokenValidationStatus.KeyNotFound, TestTokens.Verify(TestTokens.Verifier(JwsAlgorithm.RS256), token));
    }

    [Theory]
    [InlineData("jwk")]
    [InlineData("jku")]
    [InlineData("x5u")]
    [InlineData("x5c")]
    public void NeverTakesTheKeyFromTheToken(string parameter)
    {
        // The attacker signs with a key of their own and points at it; the verifier uses only its key set.
        using RSA attacker = RSA.Create(2048);
        RSAParameters p = attacker.ExportParameters(false);
        string value = parameter switch
        {
            "jwk" => $"{{\"kty\":\"RSA\",\"n\":\"{TestTokens.B64(p.Modulus!)}\",\"e\":\"{TestTokens.B64(p.Exponent!)}\"}}",
            "x5c" => $"[\"{Convert.ToBase64String(attacker.ExportSubjectPublicKeyInfo())}\"]",
            _ => "\"https://attacker.example/keys\"",
        };
        string header = $"{{\"alg\":\"RS256\",\"{parameter}\":{value}}}";
        string input = TestTokens.B64(header) + "." + TestTokens.B64(Claims);
        string token = input + "." + TestTokens.B64(attacker.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        Assert.Equal(TokenValidationStatus.Valid, TestTokens.Read(token, out _, out JoseHeaderParameters seen));
        Assert.NotEqual(JoseHeaderParameters.None, seen & (JoseHeaderParameters.JsonWebKey | JoseHeaderParameters.JwkSetUrl | JoseHeaderParameters.X509Url | JoseHeaderParameters.X509CertificateChain));
        Assert.Equal(TokenValidationStatus.BadSignature, TestTokens.Verify(TestTokens.Verifier(JwsAlgorithm.RS256), token));
    }

    [Theory]
    [InlineData(JwsAlgorithm.RS256)]
    [InlineData(JwsAlgorithm.ES256)]
    [InlineData(JwsAlgorithm.HS256)]
    public void RefusesAStrippedOrTruncatedSignature(JwsAlgorithm algorithm)
    {
        JwsVerifier verifier = TestTokens.Verifier(algorithm);
        string token = TestTokens.Sign(Header(algorithm, TestTokens.KidFor(algorithm)), Claims, algorithm);
        string input = token[..token.LastIndexOf('.')];
        Assert.Equal(TokenValidationStatus.BadSignature, TestTokens.Verify(verifier, input + "."));
        Assert.Equal(TokenValidationStatus.Malformed, TestTokens.Verify(verifier, input));

        // The signature less its last byte, re-encoded: well-formed, one byte short for the algorithm.
        byte[] signature = TestTokens.SignInput(Encoding.ASCII.GetBytes(input), algorithm);
        Assert.Equal(TokenValidationStatus.BadSignature, TestTokens.Verify(verifier, input + "." + TestTokens.B64(signature[..^1])));
    }

    [Fact]
    public void TriesAtMostTheConfiguredNumberOfKeysWithoutKid()
    {
        // Three unrelated RSA keys first, then the signing key: with the default cap of 3 the fourth is never tried.
        using RSA a = RSA.Create(2048), b = RSA.Create(2048), c = RSA.Create(2048);
        static string Jwk(RSA key) => $"{{\"kty\":\"RSA\",\"n\":\"{TestTokens.B64(key.ExportParameters(false).Modulus!)}\",\"e\":\"AQAB\"}}";
        JsonWebKeySet set = JsonWebKeySet.Parse(Encoding.UTF8.GetBytes($"{{\"keys\":[{Jwk(a)},{Jwk(b)},{Jwk(c)},{TestTokens.RsaJwk("rsa-1")}]}}"));
        string token = TestTokens.Sign(Header(JwsAlgorithm.RS256), Claims, JwsAlgorithm.RS256);
        Assert.Equal(TokenValidationStatus.BadSignature, TestTokens.Verify(new JwsVerifier(set, new JwsVerifierOptions { AllowedAlgorithms = [JwsAlgorithm.RS256] }), token));
        Assert.Equal(TokenValidationStatus.Valid, TestTokens.Verify(new JwsVerifier(set, new JwsVerifierOptions { AllowedAlgorithms = [JwsAlgorithm.RS256], MaxKeysTriedWithoutKeyId = 4 }), token));
    }

    [Fact]
    public void VerifiesInParallelWithSharedKeyObjects()
    {
        // The RSA/ECDsa objects are shared across requests (see JwsVerifier remarks); hammer them from many threads.
        JwsVerifier verifier = TestTokens.Verifier(JwsAlgorithm.RS256, JwsAlgorithm.ES256, JwsAlgorithm.HS256);
        string[] valid = [.. new[] { JwsAlgorithm.RS256, JwsAlgorithm.ES256, JwsAlgorithm.HS256 }.Select(a => TestTokens.Sign(Header(a, TestTokens.KidFor(a)), Claims, a))];
        string[] invalid = [.. valid.Select(t => t[..^2] + (t[^2] == 'A' ? "Q" : "A") + t[^1])];
        int failures = 0;
        Parallel.For(0, 600, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            string token = (i & 1) == 0 ? valid[i % 3] : invalid[i % 3];
            TokenValidationStatus expected = (i & 1) == 0 ? TokenValidationStatus.Valid : TokenValidationStatus.BadSignature;
            if (TestTokens.Verify(verifier, token) != expected)
            {
                Interlocked.Increment(ref failures);
            }
        });
        Assert.Equal(0, failures);
    }
}
