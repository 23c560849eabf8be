using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using ApiFilter.Signatures;

namespace ApiFilter.Tests.Signatures;

/// <summary>
/// draft-cavage-http-signatures-12 Appendix C (corpus/http-signatures-cavage): C.1 Default Test,
/// C.2 Basic Test and C.3 All Headers Test with the draft's "Test" RSA key: signing strings match
/// and the rsa-sha256 signatures verify, as the Signature field and as Authorization credentials.
/// </summary>
public sealed class CavageSignatureTests
{
    // the Appendix C request's C.3 created/expires window
    private const long C3Time = 1402170697;

    private static readonly MessageSignaturePolicy NoCreatedNeeded = new() { RequireCreated = false, MaxAge = null };

    public static TheoryData<int> Cases() => [0, 1, 2];

    private static JsonNode Corpus() => JsonNode.Parse(File.ReadAllText(SignatureCorpus.Cavage("appendix-c-recomputed.json")))!;

    private static CavageSignatureVerifier Verifier(MessageSignaturePolicy? policy = null, long now = C3Time, MessageSignatureAlgorithm algorithm = MessageSignatureAlgorithm.RsaV15Sha256)
    {
        MessageSignatureKeyStore keys = new();
        keys.Add("Test", MessageSignatureKey.FromPublicKeyPem(algorithm, File.ReadAllText(SignatureCorpus.Cavage("keys/rsa.pub"))));
        keys.Add("secret", MessageSignatureKey.FromSharedSecret(SignatureCorpus.SharedSecret()));
        return new CavageSignatureVerifier(keys, policy ?? NoCreatedNeeded, new FixedClock(now));
    }

    private static TestMessage Request() => TestMessage.Parse((string)Corpus()["request"]!);

    [Theory]
    [MemberData(nameof(Cases))]
    public void AppendixC_SigningStringMatches(int index)
    {
        JsonNode testCase = Corpus()["cases"]![index]!;
        ArrayBufferWriter<byte> output = new();
        Assert.Equal(SignatureVerificationStatus.Valid, Verifier().TryCreateSigningString(Request().Components(), (string)testCase["signature_header"]!, output));
        Assert.Equal((string)testCase["signing_string"]!, Encoding.ASCII.GetString(output.WrittenSpan));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AppendixC_SignatureVerifies(int index)
    {
        JsonNode testCase = Corpus()["cases"]![index]!;
        string parameters = (string)testCase["signature_header"]!;

        TestMessage asSignature = Request();
        asSignature.Headers.Add("Signature", parameters);
        Assert.Equal(SignatureVerificationStatus.Valid, Verifier().Verify(asSignature.Components()));

        TestMessage asAuthorization = Request();
        asAuthorization.Headers.Add("Authorization", "Signature " + parameters);
        Assert.Equal(SignatureVerificationStatus.Valid, Verifier().Verify(asAuthorization.Components()));

        // hs2019 lets the key's configured algorithm decide; without headers it signs "(created)"
        // (section 2.1.6), which C.1 does not carry
        TestMessage hs2019 = Request();
        hs2019.Headers.Add("Signature", parameters.Replace("rsa-sha256", "hs2019", StringComparison.Ordinal));
        Assert.Equal(index == 0 ? SignatureVerificationStatus.Malformed : SignatureVerificationStatus.Valid, Verifier().Verify(hs2019.Components()));
    }

    [Fact]
    public void C3_TimeWindow()
    {
        TestMessage message = Request();
        message.Headers.Add("Signature", (string)Corpus()["cases"]![2]!["signature_header"]!);
        MessageSignaturePolicy strict = new() { ClockSkew = TimeSpan.Zero };
        Assert.Equal(SignatureVerificationStatus.Valid, Verifier(strict, C3Time).Verify(message.Components()));
        Assert.Equal(SignatureVerificationStatus.Expired, Verifier(strict, 1402170700).Verify(message.Components()));
        Assert.Equal(SignatureVerificationStatus.NotYetValid, Verifier(strict, 1402170694).Verify(message.Components()));
    }

    [Fact]
    public void Tampering_AndBadParameters_AreRefused()
    {
        string c2 = (string)Corpus()["cases"]![1]!["signature_header"]!;
        TestMessage message = Request();
        message.Method = "GET";
        message.Headers.Add("Signature", c2);
        Assert.Equal(SignatureVerificationStatus.BadSignature, Verifier().Verify(message.Components()));

        message = Request();
        message.Headers.Set("Host", "evil.example").Add("Signature", c2);
        Assert.Equal(SignatureVerificationStatus.BadSignature, Verifier().Verify(message.Components()));

        Assert.Equal(SignatureVerificationStatus.Missing, Verifier().Verify(Request().Components()));
        Assert.Equal(SignatureVerificationStatus.AlgorithmMismatch, Check(c2.Replace("rsa-sha256", "hmac-sha256", StringComparison.Ordinal)));
        Assert.Equal(SignatureVerificationStatus.AlgorithmNotAllowed, Check(c2.Replace("rsa-sha256", "rsa-sha1", StringComparison.Ordinal)));
        Assert.Equal(SignatureVerificationStatus.AlgorithmNotSupported, Check(c2.Replace("rsa-sha256", "dsa-sha1x", StringComparison.Ordinal)));
        Assert.Equal(SignatureVerificationStatus.UnknownKey, Check(c2.Replace("keyId=\"Test\"", "keyId=\"Other\"", StringComparison.Ordinal)));
        Assert.Equal(SignatureVerificationStatus.Malformed, Check(c2.Replace("keyId=\"Test\",", "", StringComparison.Ordinal)));
        Assert.Equal(SignatureVerificationStatus.Malformed, Check(c2 + ",keyId=\"Test\""));
        Assert.Equal(SignatureVerificationStatus.Malformed, Check(c2[..^5]));
        Assert.Equal(SignatureVerificationStatus.ComponentDuplicated, Check(c2.Replace("host date", "host date host", StringComparison.Ordinal)));
        Assert.Equal(SignatureVerificationStatus.ComponentMissing, Check(c2.Replace("host date", "host date x-absent", StringComparison.Ordinal)));
        Assert.Equal(SignatureVerificationStatus.Malformed, Check(c2.Replace("host date", "host (created)", StringComparison.Ordinal)));
        Assert.Equal(
            SignatureVerificationStatus.RequiredComponentNotCovered,
            Check(c2, new MessageSignaturePolicy { RequireCreated = false, MaxAge = null, RequiredComponents = ["(request-target)", "digest"] }));
        Assert.Equal(SignatureVerificationStatus.CreatedMissing, Check(c2, MessageSignaturePolicy.Default));
    }

    [Fact]
    public void HmacKey_Hs2019()
    {
        TestMessage message = Request();
        const string headers = "(request-target) host date digest";
        string signingString = "(request-target): post /foo?param=value&pet=dog\nhost: example.com\ndate: Sun, 05 Jan 2014 21:31:40 GMT\ndigest: SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=";
        byte[] mac = System.Security.Cryptography.HMACSHA256.HashData(SignatureCorpus.SharedSecret(), Encoding.ASCII.GetBytes(signingString));
        message.Headers.Add("Signature", $"keyId=\"secret\",algorithm=\"hs2019\",headers=\"{headers}\",signature=\"{Convert.ToBase64String(mac)}\"");
        Assert.Equal(SignatureVerificationStatus.Valid, Verifier().Verify(message.Components()));
    }

    private static SignatureVerificationStatus Check(string parameters, MessageSignaturePolicy? policy = null)
    {
        TestMessage message = Request();
        message.Headers.Add("Signature", parameters);
        return Verifier(policy).Verify(message.Components());
    }
}
