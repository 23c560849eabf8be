using ApiFilter.Tokens;

namespace ApiFilter.Tests.Tokens;

/// <summary>Structure and JOSE header rules, checked before any key is looked at.</summary>
public sealed class JwsReaderTests
{
    private static readonly string Payload = TestTokens.B64("{\"sub\":\"alice\"}");
    private static readonly string Signature = TestTokens.B64(new byte[32]);

    private static TokenValidationStatus ReadHeader(string headerJson, JwsReaderLimits? limits = null) =>
        TestTokens.Read(TestTokens.B64(headerJson) + "." + Payload + "." + Signature, out _, out _, limits);

    [Fact]
    public void ReadsTheRegisteredParameters()
    {
        string token = TestTokens.B64("{\"alg\":\"ES256\",\"kid\":\"k\\u0031\",\"typ\":\"at+jwt\",\"cty\":\"JWT\",\"x5t\":\"abc\",\"custom\":{\"a\":[1,2]}}") + "." + Payload + "." + Signature;
        Assert.Equal(TokenValidationStatus.Valid, TestTokens.Read(token, out JwsAlgorithm algorithm, out JoseHeaderParameters parameters));
        Assert.Equal(JwsAlgorithm.ES256, algorithm);
        Assert.Equal(
            JoseHeaderParameters.Algorithm | JoseHeaderParameters.KeyId | JoseHeaderParameters.Type | JoseHeaderParameters.ContentType | JoseHeaderParameters.X509Thumbprint,
            parameters);
    }

    [Fact]
    public void UnescapesKeyIdAndType()
    {
        byte[] token = System.Text.Encoding.ASCII.GetBytes(TestTokens.B64("{\"alg\":\"RS256\",\"kid\":\"k\\u0031\",\"typ\":\"at\\u002bjwt\"}") + "." + Payload + "." + Signature);
        Span<byte> buffer = stackalloc byte[JwsReader.StackBufferSize];
        Assert.Equal(TokenValidationStatus.Valid, JwsReader.TryRead(token, buffer, JwsReaderLimits.Default, out JwsReader reader));
        Assert.True(reader.Header.KeyId.SequenceEqual("k1"u8));
        Assert.True(reader.Header.Type.SequenceEqual("at+jwt"u8));
        Assert.True(reader.Header.HasKeyId);
        reader.Dispose();
    }

    [Theory]
    [InlineData("a.b")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("a.b.c.d")]
    [InlineData("a.b.c.d.e.f")]
    public void RefusesWrongSegmentCounts(string token) =>
        Assert.Equal(TokenValidationStatus.Malformed, TestTokens.Read(token, out _, out _));

    [Fact]
    public void RefusesAnExtraSegment()
    {
        string token = TestTokens.B64("{\"alg\":\"HS256\"}") + "." + Payload + "." + Signature + "." + Signature;
        Assert.Equal(TokenValidationStatus.Malformed, TestTokens.Read(token, out _, out _));
    }

    [Fact]
    public void ReportsJweAsNotHandledHere()
    {
        // RFC 7516 appendix A.1 shape: header.encrypted_key.iv.ciphertext.tag.
        string token = TestTokens.B64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}") + ".a.b.c.d";
        Assert.Equal(TokenValidationStatus.EncryptedTokenNotSupported, TestTokens.Read(token, out _, out _));
    }

    [Theory]
    [InlineData("=")]
    [InlineData("==")]
    [InlineData(" ")]
    [InlineData("\n")]
    [InlineData("+")]
    public void RefusesPaddingWhitespaceAndTheStandardAlphabetInAnySegment(string junk)
    {
        string header = TestTokens.B64("{\"alg\":\"HS256\"}");
        Assert.Equal(TokenValidationStatus.Malformed, TestTokens.Read(header + junk + "." + Payload + "." + Signature, out _, out _));
        Assert.Equal(TokenValidationStatus.Malformed, TestTokens.Read(header + "." + Payload + junk + "." + Signature, out _, out _));
        Assert.Equal(TokenValidationStatus.Malformed, TestTokens.Read(header + "." + Payload + "." + Signature + junk, out _, out _));
    }

    [Theory]
    [InlineData("{\"alg\":\"HS256\",\"alg\":\"none\"}")]
    [InlineData("{\"alg\":\"none\",\"alg\":\"HS256\"}")]
    [InlineData("{\"alg\":\"HS256\",\"al\\u0067\":\"none\"}")]
    [InlineData("{\"kid\":\"a\",\"alg\":\"HS256\",\"kid\":\"b\"}")]
    [InlineData("{\"alg\":\"HS256\",\"x\":1,\"x\":2}")]
    public void RefusesDuplicateHeaderNames(string header) =>
        Assert.Equal(TokenValidationStatus.DuplicateHeaderParameter, ReadHeader(header));

    [Theory]
    [InlineData("{\"alg\":\"HS256\",\"crit\":[\"exp\"],\"exp\":1}")]
    [InlineData("{\"alg\":\"HS256\",\"crit\":[\"b64\",\"urn:example:x\"],\"b64\":true,\"urn:example:x\":1}")]
    public void RefusesUnknownCriticalExtensions(string header) =>
        Assert.Equal(TokenValidationStatus.CriticalHeaderUnknown, ReadHeader(header));

    [Theory]
    [InlineData("{\"typ\":\"JWT\"}")] // no alg
    [InlineData("{\"alg\":256}")]
    [InlineData("{\"alg\":null}")]
    [InlineData("{\"alg\":\"HS256\",\"kid\":1}")]
    [InlineData("{\"alg\":\"HS256\",\"typ\":[\"JWT\"]}")]
    [InlineData("{\"alg\":\"HS256\",\"crit\":[]}")] // empty crit (RFC 7515 section 4.1.11)
    [InlineData("{\"alg\":\"HS256\",\"crit\":\"b64\",\"b64\":false}")]
    [InlineData("{\"alg\":\"HS256\",\"crit\":[\"alg\"]}")] // crit naming a registered parameter
    [InlineData("{\"alg\":\"HS256\",\"crit\":[\"b64\"]}")] // crit naming an absent parameter
    [InlineData("{\"alg\":\"HS256\",\"b64\":false}")] // b64 not listed in crit (RFC 7797 section 6)
    [InlineData("{\"alg\":\"HS256\",\"b64\":\"false\",\"crit\":[\"b64\"]}")]
    [InlineData("{\"alg\":\"HS256\",\"jwk\":\"key\"}")]
    [InlineData("{\"alg\":\"HS256\",\"x\":[[[[1]]]]}")] // depth 5
    public void RefusesHeadersBreakingTheRules(string header) =>
        Assert.Equal(TokenValidationStatus.InvalidHeader, ReadHeader(header));

    [Theory]
    [InlineData("[\"alg\",\"HS256\"]")]
    [InlineData("{\"alg\":\"HS256\"")]
    [InlineData("{\"alg\":\"HS256\"} {}")]
    [InlineData("{\"alg\":\"HS256\",}")]
    [InlineData("{\"alg\":\"HS256\" /* c */}")]
    [InlineData("\"HS256\"")]
    public void RefusesHeadersThatAreNotOneJsonObject(string header) =>
        Assert.Equal(TokenValidationStatus.Malformed, ReadHeader(header));

    [Fact]
    public void EnforcesTheSizeLimits()
    {
        JwsReaderLimits limits = JwsReaderLimits.Default with { MaxTokenBytes = 200, MaxHeaderBytes = 64, MaxHeaderMembers = 3 };
        Assert.Equal(TokenValidationStatus.Valid, ReadHeader("{\"alg\":\"HS256\",\"a\":1,\"b\":2}", limits));
        Assert.Equal(TokenValidationStatus.InvalidHeader, ReadHeader("{\"alg\":\"HS256\",\"a\":1,\"b\":2,\"c\":3}", limits));
        Assert.Equal(TokenValidationStatus.TokenTooLarge, ReadHeader("{\"alg\":\"HS256\",\"pad\":\"" + new string('x', 60) + "\"}", limits));
        Assert.Equal(TokenValidationStatus.TokenTooLarge, TestTokens.Read(TestTokens.B64("{\"alg\":\"HS256\"}") + "." + TestTokens.B64(new string('p', 300)) + "." + Signature, out _, out _, limits));
    }

    [Fact]
    public void RefusesLimitsTheReaderCannotHonour()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => JwsReaderLimits.Default with { MaxHeaderMembers = JwsReaderLimits.MaxTrackedHeaderMembers + 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => JwsReaderLimits.Default with { MaxHeaderDepth = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => JwsReaderLimits.Default with { MaxTokenBytes = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => JwsReaderLimits.Default with { MaxHeaderBytes = int.MaxValue });
    }

    [Fact]
    public void StopsAtTheMostMembersItCanTrack()
    {
        JwsReaderLimits limits = JwsReaderLimits.Default with { MaxHeaderMembers = JwsReaderLimits.MaxTrackedHeaderMembers, MaxHeaderBytes = 4096 };
        var header = new System.Text.StringBuilder("{\"alg\":\"HS256\"");
        for (int i = 1; i < JwsReaderLimits.MaxTrackedHeaderMembers; i++)
        {
            header.Append(System.Globalization.CultureInfo.InvariantCulture, $",\"m{i}\":{i}");
        }

        Assert.Equal(TokenValidationStatus.Valid, ReadHeader(header + "}", limits));
        Assert.Equal(TokenValidationStatus.InvalidHeader, ReadHeader(header + ",\"one-more\":0}", limits));
    }

    [Fact]
    public void ReadsTokensLargerThanTheStackBufferFromThePool()
    {
        string token = TestTokens.B64("{\"alg\":\"HS256\"}") + "." + TestTokens.B64("{\"pad\":\"" + new string('p', 6000) + "\"}") + "." + Signature;
        Span<byte> small = stackalloc byte[64];
        Assert.Equal(TokenValidationStatus.Valid, JwsReader.TryRead(System.Text.Encoding.ASCII.GetBytes(token), small, JwsReaderLimits.Default, out JwsReader reader));
        Assert.Equal(6010, reader.Payload.Length);
        reader.Dispose();
    }
}
