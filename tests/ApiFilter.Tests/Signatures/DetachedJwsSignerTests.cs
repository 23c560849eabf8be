using System.Security.Cryptography;
using System.Text;
using ApiFilter.Signatures;
using ApiFilter.Tests.Tokens;
using ApiFilter.Tokens;

namespace ApiFilter.Tests.Signatures;

/// <summary>Detached JWS signed over a streamed body and verified by both the streaming and the one-shot verifier.</summary>
public sealed class DetachedJwsSignerTests
{
    public static TheoryData<JwsAlgorithm, bool> Cases => new()
    {
        { JwsAlgorithm.ES256, true }, { JwsAlgorithm.ES256, false },
        { JwsAlgorithm.ES384, true },
        { JwsAlgorithm.RS256, true }, { JwsAlgorithm.RS256, false },
        { JwsAlgorithm.PS256, true }, { JwsAlgorithm.PS256, false },
        { JwsAlgorithm.HS256, true }, { JwsAlgorithm.HS256, false },
        { JwsAlgorithm.HS512, true },
    };

    private static DetachedJwsSigner SignerFor(JwsAlgorithm algorithm, bool encode) => algorithm switch
    {
        JwsAlgorithm.ES256 => DetachedJwsSigner.ForEcdsa(TestTokens.P256, "ec-1", encode),
        JwsAlgorithm.ES384 => DetachedJwsSigner.ForEcdsa(TestTokens.P384, "ec-384", encode),
        JwsAlgorithm.HS256 or JwsAlgorithm.HS512 => DetachedJwsSigner.ForHmac(TestTokens.Secret, algorithm, "hmac-1", encode),
        _ => DetachedJwsSigner.ForRsa(TestTokens.Rsa, algorithm, "rsa-1", encode),
    };

    private static string Sign(DetachedJwsSigner signer, byte[] body, int split)
    {
        using DetachedJwsSigningSession session = signer.BeginSigning();
        session.Append(body.AsSpan(0, split));
        session.Append(body.AsSpan(split));
        return session.Finish();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SignedBodiesVerifyAtEverySplit(JwsAlgorithm algorithm, bool encode)
    {
        DetachedJwsSigner signer = SignerFor(algorithm, encode);
        JwsVerifier verifier = new(TestTokens.KeySet, new JwsVerifierOptions { AllowedAlgorithms = [algorithm] });
        byte[] body = Encoding.UTF8.GetBytes("{\"order\":42,\"items\":[\"a\",\"b\"],\"note\":\"ünïcode\"}");
        for (int split = 0; split <= body.Length; split += algorithm is JwsAlgorithm.HS256 or JwsAlgorithm.HS512 ? 1 : 7)
        {
            string detached = Sign(signer, body, split);
            Assert.Contains("..", detached, StringComparison.Ordinal);
            for (int verifySplit = 0; verifySplit <= body.Length; verifySplit++)
            {
                Assert.Equal(TokenValidationStatus.Valid, DetachedJwsBodyVerifier.TryCreate(verifier, Encoding.ASCII.GetBytes(detached), out DetachedJwsBodyVerifier? v));
                using (v)
                {
                    v!.Append(body.AsSpan(0, verifySplit));
                    v.Append(body.AsSpan(verifySplit));
                    Assert.True(TokenValidationStatus.Valid == v.Verify(), $"{algorithm} b64={encode} signed split {split}, verified split {verifySplit}");
                }
            }

            // The one-shot detached verification (a separate signing-input construction) agrees.
            byte[] buffer = new byte[JwsReader.StackBufferSize];
            Assert.Equal(TokenValidationStatus.Valid, JwsReader.TryRead(Encoding.ASCII.GetBytes(detached), buffer, verifier.Limits, out JwsReader jws));
            Assert.Equal(!encode, !jws.Header.IsPayloadEncoded);
            Assert.Equal(TokenValidationStatus.Valid, verifier.VerifyDetached(jws, body));
            byte[] tampered = (byte[])body.Clone();
            tampered[^1] ^= 1;
            Assert.Equal(TokenValidationStatus.BadSignature, verifier.VerifyDetached(jws, tampered));
            jws.Dispose();
        }
    }

    [Fact]
    public void TheHeaderNamesAlgorithmKidAndB64()
    {
        string detached = Sign(DetachedJwsSigner.ForHmac(TestTokens.Secret, keyId: "k\"1", encodePayload: false), [], 0);
        string header = detached[..detached.IndexOf('.', StringComparison.Ordinal)];
        byte[] decoded = new byte[header.Length];
        Base64Url.TryDecode(Encoding.ASCII.GetBytes(header), decoded, out int length);
        Assert.Equal("{\"alg\":\"HS256\",\"kid\":\"k\\u00221\",\"b64\":false,\"crit\":[\"b64\"]}", Encoding.UTF8.GetString(decoded, 0, length));
    }

    [Fact]
    public void TryFinishWantsRoomForTheLongestOutput()
    {
        DetachedJwsSigner signer = DetachedJwsSigner.ForEcdsa(TestTokens.P256);
        using DetachedJwsSigningSession session = signer.BeginSigning();
        session.Append("body"u8);
        Assert.False(session.TryFinish(new byte[session.MaxOutputLength - 1], out _));
        byte[] output = new byte[session.MaxOutputLength];
        Assert.True(session.TryFinish(output, out int written));
        Assert.Equal(session.MaxOutputLength, written);
        Assert.Throws<InvalidOperationException>(() => session.Append("more"u8));
    }

    [Fact]
    public void WeakOrMismatchedKeysAreRefused()
    {
        using RSA weak = RSA.Create(1024);
        Assert.Throws<ArgumentException>(() => DetachedJwsSigner.ForRsa(weak, JwsAlgorithm.RS256));
        Assert.Throws<ArgumentException>(() => DetachedJwsSigner.ForRsa(TestTokens.Rsa, JwsAlgorithm.ES256));
        Assert.Throws<ArgumentException>(() => DetachedJwsSigner.ForHmac(new byte[31]));
        Assert.Throws<ArgumentException>(() => DetachedJwsSigner.ForHmac(new byte[64], JwsAlgorithm.RS256));
    }
}
