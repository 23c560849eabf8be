using System.Text;
using ApiFilter.Tokens;

namespace ApiFilter.Tests.Tokens;

/// <summary>The published RFC 7515, 7520 and 7797 signatures verify, and fail once a byte changes.</summary>
public sealed class JwsRfcVectorTests
{
    private static JwsVerifier VerifierFor(string jwk, params JwsAlgorithm[] allowed) =>
        new(JsonWebKeySet.Parse(Encoding.UTF8.GetBytes(jwk)), new JwsVerifierOptions { AllowedAlgorithms = allowed });

    public static TheoryData<string, string, JwsAlgorithm> Vectors => new()
    {
        { "RFC 7515 A.1", RfcVectors.Rfc7515A1 + "|" + RfcVectors.Rfc7515HmacKey, JwsAlgorithm.HS256 },
        { "RFC 7515 A.2", RfcVectors.Rfc7515A2 + "|" + RfcVectors.Rfc7515RsaKey, JwsAlgorithm.RS256 },
        { "RFC 7515 A.3", RfcVectors.Rfc7515A3 + "|" + RfcVectors.Rfc7515P256Key, JwsAlgorithm.ES256 },
        { "RFC 7515 A.4", RfcVectors.Rfc7515A4 + "|" + RfcVectors.Rfc7515P521Key, JwsAlgorithm.ES512 },
        { "RFC 7520 4.1", RfcVectors.Rfc7520Section41 + "|" + RfcVectors.Rfc7520RsaKey, JwsAlgorithm.RS256 },
        { "RFC 7520 4.2", RfcVectors.Rfc7520Section42 + "|" + RfcVectors.Rfc7520RsaKey, JwsAlgorithm.PS384 },
        { "RFC 7520 4.3", RfcVectors.Rfc7520Section43 + "|" + RfcVectors.Rfc7520P521Key, JwsAlgorithm.ES512 },
        { "RFC 7520 4.4", RfcVectors.Rfc7520Section44 + "|" + RfcVectors.Rfc7520HmacKey, JwsAlgorithm.HS256 },
        { "RFC 7797 4.1", RfcVectors.Rfc7797Encoded + "|" + RfcVectors.Rfc7515HmacKey, JwsAlgorithm.HS256 },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void TheVectorVerifies(string name, string tokenAndKey, JwsAlgorithm algorithm)
    {
        string[] parts = tokenAndKey.Split('|');
        JwsVerifier verifier = VerifierFor(parts[1], algorithm);
        Assert.True(TokenValidationStatus.Valid == TestTokens.Verify(verifier, parts[0]), name);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void TheVectorFailsWithOneSignatureBitFlipped(string name, string tokenAndKey, JwsAlgorithm algorithm)
    {
        string[] parts = tokenAndKey.Split('|');
        JwsVerifier verifier = VerifierFor(parts[1], algorithm);
        byte[] token = Encoding.ASCII.GetBytes(parts[0]);
        int last = token.Length - 1;

        // Change the last signature character to another whose decoded value keeps the segment canonical:
        // alphabet positions 0 and 16 ('A', 'Q') differ only in a high bit.
        token[last] = token[last] == (byte)'A' ? (byte)'Q' : (byte)'A';
        Assert.True(TokenValidationStatus.BadSignature == verifier.Verify(token), name);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void TheVectorFailsWithThePayloadChanged(string name, string tokenAndKey, JwsAlgorithm algorithm)
    {
        string[] parts = tokenAndKey.Split('|');
        JwsVerifier verifier = VerifierFor(parts[1], algorithm);
        string[] segments = parts[0].Split('.');
        segments[1] = TestTokens.B64("{\"iss\":\"mallory\"}");
        Assert.True(TokenValidationStatus.BadSignature == TestTokens.Verify(verifier, string.Join('.', segments)), name);
    }

    [Fact]
    public void TheRfc7515A1PayloadDecodesToTheAppendixOctets()
    {
        Span<byte> buffer = stackalloc byte[JwsReader.StackBufferSize];
        Assert.Equal(TokenValidationStatus.Valid, JwsReader.TryRead(Encoding.ASCII.GetBytes(RfcVectors.Rfc7515A1), buffer, JwsReaderLimits.Default, out JwsReader reader));
        Assert.Equal("{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}", Encoding.UTF8.GetString(reader.Payload));
        Assert.Equal("JWT", Encoding.UTF8.GetString(reader.Header.Type));
        Assert.Equal(JwsAlgorithm.HS256, reader.Header.Algorithm);
        reader.Dispose();
    }

    [Fact]
    public void TheRfc7520PayloadIsTheQuote()
    {
        Span<byte> buffer = stackalloc byte[JwsReader.StackBufferSize];
        Assert.Equal(TokenValidationStatus.Valid, JwsReader.TryRead(Encoding.ASCII.GetBytes(RfcVectors.Rfc7520Section41), buffer, JwsReaderLimits.Default, out JwsReader reader));
        Assert.StartsWith("It\u2019s a dangerous business, Frodo", Encoding.UTF8.GetString(reader.Payload), StringComparison.Ordinal);
        Assert.Equal("bilbo.baggins@hobbiton.example", Encoding.UTF8.GetString(reader.Header.KeyId));
        reader.Dispose();
    }

    [Fact]
    public void TheRfc7520DetachedContentExampleVerifies()
    {
        JwsVerifier verifier = VerifierFor(RfcVectors.Rfc7520HmacKey, JwsAlgorithm.HS256);
        Span<byte> buffer = stackalloc byte[JwsReader.StackBufferSize];
        Assert.Equal(TokenValidationStatus.Valid, JwsReader.TryRead(Encoding.ASCII.GetBytes(RfcVectors.Rfc7520Section45), buffer, JwsReaderLimits.Default, out JwsReader reader));
        Assert.True(reader.IsPayloadDetached);
        byte[] content = Encoding.UTF8.GetBytes(RfcVectors.Rfc7520PayloadText);
        Assert.Equal(RfcVectors.Rfc7520Payload, TestTokens.B64(content));
        Assert.Equal(TokenValidationStatus.Valid, verifier.VerifyDetached(reader, content));
        content[0] ^= 1;
        Assert.Equal(TokenValidationStatus.BadSignature, verifier.VerifyDetached(reader, content));
        reader.Dispose();
    }

    [Fact]
    public void DetachedVerificationRefusesATokenThatCarriesItsPayload()
    {
        JwsVerifier verifier = VerifierFor(RfcVectors.Rfc7520HmacKey, JwsAlgorithm.HS256);
        Span<byte> buffer = stackalloc byte[JwsReader.StackBufferSize];
        Assert.Equal(TokenValidationStatus.Valid, JwsReader.TryRead(Encoding.ASCII.GetBytes(RfcVectors.Rfc7520Section44), buffer, JwsReaderLimits.Default, out JwsReader reader));
        Assert.Equal(TokenValidationStatus.Malformed, verifier.VerifyDetached(reader, Encoding.UTF8.GetBytes(RfcVectors.Rfc7520PayloadText)));
        reader.Dispose();
    }

    [Fact]
    public void TheRfc7797DetachedUnencodedPayloadVerifies()
    {
        JwsVerifier verifier = VerifierFor(RfcVectors.Rfc7515HmacKey, JwsAlgorithm.HS256);
        Span<byte> buffer = stackalloc byte[JwsReader.StackBufferSize];
        Assert.Equal(TokenValidationStatus.Valid, JwsReader.TryRead(Encoding.ASCII.GetBytes(RfcVectors.Rfc7797Detached), buffer, JwsReaderLimits.Default, out JwsReader reader));
        Assert.False(reader.Header.IsPayloadEncoded);
        Assert.True(reader.IsPayloadDetached);
        Assert.Equal(TokenValidationStatus.Valid, verifier.VerifyDetached(reader, "$.02"u8));
        Assert.Equal(TokenValidationStatus.BadSignature, verifier.VerifyDetached(reader, "$.03"u8));

        // Without the content the signing input is "header." and cannot match.
        Assert.Equal(TokenValidationStatus.BadSignature, verifier.Verify(reader));
        reader.Dispose();
    }

    [Fact]
    public void TheRfc7797EncodedFormVerifiesAsDetachedContentToo()
    {
        JwsVerifier verifier = VerifierFor(RfcVectors.Rfc7515HmacKey, JwsAlgorithm.HS256);
        string detached = "eyJhbGciOiJIUzI1NiJ9..5mvfOroL-g7HyqJoozehmsaqmvTYGEq5jTI1gVvoEoQ";
        Span<byte> buffer = stackalloc byte[JwsReader.StackBufferSize];
        Assert.Equal(TokenValidationStatus.Valid, JwsReader.TryRead(Encoding.ASCII.GetBytes(detached), buffer, JwsReaderLimits.Default, out JwsReader reader));
        Assert.True(reader.Header.IsPayloadEncoded);
        Assert.Equal(TokenValidationStatus.Valid, verifier.VerifyDetached(reader, "$.02"u8));
        reader.Dispose();
    }

    [Fact]
    public void AnAttachedUnencodedPayloadIsSignedAsIs()
    {
        // RFC 7797 section 5.2: compact form with an unencoded payload that holds no '.'.
        string header = TestTokens.B64("{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}");
        string input = header + ".$02";
        string token = input + "." + TestTokens.B64(TestTokens.SignInput(Encoding.ASCII.GetBytes(input), JwsAlgorithm.HS256));
        JwsVerifier verifier = TestTokens.Verifier(JwsAlgorithm.HS256);
        Assert.Equal(TokenValidationStatus.Valid, TestTokens.Verify(verifier, token));
    }

    [Fact]
    public void TheRfc7515AppendixEExampleIsRefusedForItsCriticalExtension() =>
        Assert.Equal(TokenValidationStatus.CriticalHeaderUnknown, TestTokens.Read(RfcVectors.Rfc7515AppendixE, out _, out _));
}
