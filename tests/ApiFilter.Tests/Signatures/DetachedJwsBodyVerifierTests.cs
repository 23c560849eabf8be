using System.Security.Cryptography;
using System.Text;
using ApiFilter.Signatures;
using ApiFilter.Tests.Tokens;
using ApiFilter.Tokens;

namespace ApiFilter.Tests.Signatures;

/// <summary>
/// Detached JWS verified over a streamed body: RFC 7797 section 4.2, RFC 7520 section 4.5 and the RFC 7515
/// appendix A payloads, every body split at every segment boundary (and fed byte by byte), plus tampered bodies,
/// wrong algorithms, and 0 B per <see cref="DetachedJwsBodyVerifier.Append"/>.
/// </summary>
public sealed class DetachedJwsBodyVerifierTests
{
    private static JwsVerifier VerifierFor(string jwk, params JwsAlgorithm[] allowed) =>
        new(JsonWebKeySet.Parse(Encoding.UTF8.GetBytes(jwk)), new JwsVerifierOptions { AllowedAlgorithms = allowed });

    private static byte[] Decode(string base64Url)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(base64Url);
        byte[] decoded = new byte[bytes.Length];
        Assert.Equal(Base64UrlDecodeStatus.Done, Base64Url.TryDecode(bytes, decoded, out int length));
        return decoded[..length];
    }

    /// <summary>An attached compact JWS made detached: header, empty payload, signature; and the payload it signed.</summary>
    private static (string Detached, byte[] Body) Detach(string compact)
    {
        string[] parts = compact.Split('.');
        return (parts[0] + ".." + parts[2], Decode(parts[1]));
    }

    public static TheoryData<string, string, string, JwsAlgorithm> Vectors => new()
    {
        { "RFC 7797 4.2", RfcVectors.Rfc7797Detached, TestTokens.B64("$.02"), JwsAlgorithm.HS256 },
        { "RFC 7520 4.5", RfcVectors.Rfc7520Section45, TestTokens.B64(RfcVectors.Rfc7520PayloadText), JwsAlgorithm.HS256 },
        { "RFC 7515 A.1", Detach(RfcVectors.Rfc7515A1).Detached, RfcVectors.Rfc7515Payload, JwsAlgorithm.HS256 },
        { "RFC 7515 A.2", Detach(RfcVectors.Rfc7515A2).Detached, RfcVectors.Rfc7515Payload, JwsAlgorithm.RS256 },
        { "RFC 7515 A.3", Detach(RfcVectors.Rfc7515A3).Detached, RfcVectors.Rfc7515Payload, JwsAlgorithm.ES256 },
        { "RFC 7515 A.4", Detach(RfcVectors.Rfc7515A4).Detached, TestTokens.B64("Payload"), JwsAlgorithm.ES512 },
    };

    private static string KeyFor(string name) => name switch
    {
        "RFC 7520 4.5" => RfcVectors.Rfc7520HmacKey,
        "RFC 7515 A.2" => RfcVectors.Rfc7515RsaKey,
        "RFC 7515 A.3" => RfcVectors.Rfc7515P256Key,
        "RFC 7515 A.4" => RfcVectors.Rfc7515P521Key,
        _ => RfcVectors.Rfc7515HmacKey,
    };

    private static TokenValidationStatus Run(JwsVerifier verifier, string detached, ReadOnlySpan<byte> body, int split)
    {
        TokenValidationStatus status = DetachedJwsBodyVerifier.TryCreate(verifier, Encoding.ASCII.GetBytes(detached), out DetachedJwsBodyVerifier? bodyVerifier);
        if (status != TokenValidationStatus.Valid)
        {
            Assert.Null(bodyVerifier);
            return status;
        }

        using (bodyVerifier)
        {
            bodyVerifier!.Append(body[..split]);
            bodyVerifier.Append(body[split..]);
            return bodyVerifier.Verify();
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void TheVectorVerifiesSplitAtEverySegmentBoundary(string name, string detached, string body64, JwsAlgorithm algorithm)
    {
        JwsVerifier verifier = VerifierFor(KeyFor(name), algorithm);
        byte[] body = Decode(body64);
        for (int split = 0; split <= body.Length; split++)
        {
            Assert.True(TokenValidationStatus.Valid == Run(verifier, detached, body, split), $"{name} split at {split}");
        }

        // And byte by byte, with empty segments in between.
        Assert.Equal(TokenValidationStatus.Valid, DetachedJwsBodyVerifier.TryCreate(verifier, Encoding.ASCII.GetBytes(detached), out DetachedJwsBodyVerifier? v));
        using (v)
        {
            foreach (byte b in body)
            {
                v!.Append([b]);
                v.Append([]);
            }

            Assert.Equal(TokenValidationStatus.Valid, v!.Verify());
        }

        // The existing one-shot detached verification agrees.
        Span<byte> buffer = stackalloc byte[JwsReader.StackBufferSize];
        Assert.Equal(TokenValidationStatus.Valid, JwsReader.TryRead(Encoding.ASCII.GetBytes(detached), buffer, verifier.Limits, out JwsReader jws));
        Assert.Equal(TokenValidationStatus.Valid, verifier.VerifyDetached(jws, body));
        jws.Dispose();
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void ATamperedBodyFailsAtEverySplit(string name, string detached, string body64, JwsAlgorithm algorithm)
    {
        JwsVerifier verifier = VerifierFor(KeyFor(name), algorithm);
        byte[] body = Decode(body64);
        for (int at = 0; at < body.Length; at++)
        {
            byte[] tampered = (byte[])body.Clone();
            tampered[at] ^= 0x01;
            Assert.True(TokenValidationStatus.BadSignature == Run(verifier, detached, tampered, at / 2), $"{name} byte {at}");
        }

        Assert.Equal(TokenValidationStatus.BadSignature, Run(verifier, detached, body[..^1], 0));
        Assert.Equal(TokenValidationStatus.BadSignature, Run(verifier, detached, [.. body, (byte)' '], 0));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void AnAlgorithmOutsideTheAllowListIsRefusedBeforeTheBody(string name, string detached, string body64, JwsAlgorithm algorithm)
    {
        _ = body64;
        JwsAlgorithm other = algorithm == JwsAlgorithm.HS256 ? JwsAlgorithm.HS512 : JwsAlgorithm.PS256;
        string key = KeyFor(name);
        JwsVerifier verifier = VerifierFor(key, other);
        Assert.Equal(TokenValidationStatus.AlgorithmNotAllowed, DetachedJwsBodyVerifier.TryCreate(verifier, Encoding.ASCII.GetBytes(detached), out _));
    }

    [Fact]
    public void KeyConfusionIsRefused()
    {
        // HS256 naming an RSA public key as its secret: the RSA key is never an HMAC key.
        JwsVerifier verifier = new(TestTokens.KeySet, new JwsVerifierOptions { AllowedAlgorithms = [JwsAlgorithm.HS256, JwsAlgorithm.RS256] });
        string header = TestTokens.B64("{\"alg\":\"HS256\",\"kid\":\"rsa-1\"}");
        Assert.Equal(TokenValidationStatus.KeyTypeMismatch, DetachedJwsBodyVerifier.TryCreate(verifier, Encoding.ASCII.GetBytes(header + "..AAAA"), out _));
    }

    [Theory]
    [InlineData("{\"alg\":\"none\"}", TokenValidationStatus.AlgorithmNone)]
    [InlineData("{\"alg\":\"HS256\",\"b64\":false}", TokenValidationStatus.InvalidHeader)]
    [InlineData("{\"alg\":\"HS256\",\"crit\":[\"x\"],\"x\":1}", TokenValidationStatus.CriticalHeaderUnknown)]
    public void HeaderRulesApply(string header, TokenValidationStatus expected)
    {
        JwsVerifier verifier = VerifierFor(RfcVectors.Rfc7515HmacKey, JwsAlgorithm.HS256);
        Assert.Equal(expected, DetachedJwsBodyVerifier.TryCreate(verifier, Encoding.ASCII.GetBytes(TestTokens.B64(header) + "..AAAA"), out _));
    }

    [Fact]
    public void AnAttachedPayloadIsNotADetachedSignature()
    {
        JwsVerifier verifier = VerifierFor(RfcVectors.Rfc7515HmacKey, JwsAlgorithm.HS256);
        Assert.Equal(TokenValidationStatus.Malformed, DetachedJwsBodyVerifier.TryCreate(verifier, Encoding.ASCII.GetBytes(RfcVectors.Rfc7515A1), out _));
        Assert.Equal(TokenValidationStatus.Malformed, DetachedJwsBodyVerifier.TryCreate(verifier, "abc"u8, out _));
    }

    [Fact]
    public void VerifyFinishesTheVerifier()
    {
        JwsVerifier verifier = VerifierFor(RfcVectors.Rfc7515HmacKey, JwsAlgorithm.HS256);
        DetachedJwsBodyVerifier.TryCreate(verifier, Encoding.ASCII.GetBytes(RfcVectors.Rfc7797Detached), out DetachedJwsBodyVerifier? v);
        using (v)
        {
            v!.Append("$.02"u8);
            Assert.Equal(TokenValidationStatus.Valid, v.Verify());
            Assert.Throws<InvalidOperationException>(() => v.Verify());
            Assert.Throws<InvalidOperationException>(() => v.Append("x"u8));
        }
    }

    [Fact]
    public async Task AKeyRotatedInAtTheSourceIsFoundThroughTheUnknownKidRefresh()
    {
        await using JwksTestServer server = await JwksTestServer.StartAsync();
        using ECDsa first = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using ECDsa second = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        server.Jwks = "{\"keys\":[" + TestTokens.EcJwk(first, "P-256", "a") + "]}";
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var source = new JsonWebKeySource(new JsonWebKeySourceOptions
        {
            JwksUri = server.JwksUri,
            CaCertificate = server.CaFile,
            TimeProvider = clock,
            UnknownKeyWait = TimeSpan.FromSeconds(20),
        });
        Assert.True(await source.InitializeAsync());
        var verifier = new JwsVerifier(source, new JwsVerifierOptions { AllowedAlgorithms = [JwsAlgorithm.ES256] });
        byte[] body = "{\"rotated\":true}"u8.ToArray();
        string signed;
        using (DetachedJwsSigningSession session = DetachedJwsSigner.ForEcdsa(second, "b").BeginSigning())
        {
            session.Append(body);
            signed = session.Finish();
        }

        // The issuer rotates to "b"; the first message naming it triggers the source's refresh.
        server.Jwks = "{\"keys\":[" + TestTokens.EcJwk(second, "P-256", "b") + "]}";
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(TokenValidationStatus.Valid, Run(verifier, signed, body, 3));
        Assert.Equal(2, server.JwksRequests);
    }

    [Theory]
    [InlineData(JwsAlgorithm.HS256, true)]
    [InlineData(JwsAlgorithm.HS256, false)]
    [InlineData(JwsAlgorithm.ES256, true)]
    [InlineData(JwsAlgorithm.RS256, true)]
    public void AppendAllocatesNothing(JwsAlgorithm algorithm, bool encode)
    {
        DetachedJwsSigner signer = algorithm switch
        {
            JwsAlgorithm.HS256 => DetachedJwsSigner.ForHmac(TestTokens.Secret, encodePayload: encode, keyId: "hmac-1"),
            JwsAlgorithm.ES256 => DetachedJwsSigner.ForEcdsa(TestTokens.P256, "ec-1", encode),
            _ => DetachedJwsSigner.ForRsa(TestTokens.Rsa, JwsAlgorithm.RS256, "rsa-1", encode),
        };
        byte[] body = RandomNumberGenerator.GetBytes(64 * 1024);
        string detached;
        using (DetachedJwsSigningSession session = signer.BeginSigning())
        {
            session.Append(body);
            detached = session.Finish();
        }

        JwsVerifier verifier = new(TestTokens.KeySet, new JwsVerifierOptions { AllowedAlgorithms = [algorithm] });
        DetachedJwsBodyVerifier.TryCreate(verifier, Encoding.ASCII.GetBytes(detached), out DetachedJwsBodyVerifier? v);
        using (v)
        {
            v!.Append(body.AsSpan(0, 7));
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int at = 7; at < body.Length; at += 1000)
            {
                v.Append(body.AsSpan(at, Math.Min(1000, body.Length - at)));
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(TokenValidationStatus.Valid, v.Verify());
        }
    }
}
