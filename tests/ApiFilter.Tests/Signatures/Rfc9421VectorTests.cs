using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ApiFilter.Signatures;

namespace ApiFilter.Tests.Signatures;

/// <summary>
/// RFC 9421 Appendix B.2 test cases and the signed examples of sections 3, 4 and 7 (corpus/rfc9421):
/// the rebuilt signature base equals the published one byte for byte, and the published signature
/// verifies with the B.1 key (RSA-PSS and ECDSA are randomized, so they are verified, not recomputed;
/// HMAC is also recomputed).
/// </summary>
public sealed class Rfc9421VectorTests
{
    public static TheoryData<int> B2Cases() => [0, 1, 2, 3, 4, 5];

    [Theory]
    [MemberData(nameof(B2Cases))]
    public void B2_SignatureBaseMatches(int index)
    {
        (TestMessage message, JsonNode testCase) = B2Message(index);
        string label = Label(testCase);
        (SignatureVerificationStatus status, string signatureBase) = SignatureTestKit.BaseOf(message, label);
        Assert.Equal(SignatureVerificationStatus.Valid, status);
        Assert.Equal((string)testCase["signature_base"]!, signatureBase);
        Assert.Equal((string)testCase["signature_base"]!, File.ReadAllText(SignatureCorpus.Rfc9421((string)testCase["base_file"]!)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void B2_PublishedSignatureVerifies(int index)
    {
        (TestMessage message, JsonNode testCase) = B2Message(index);
        Assert.Equal(SignatureVerificationStatus.Valid, SignatureCorpus.Verifier().Verify(message.Components(), Label(testCase)));

        // with no label chosen, the single signature present is the one verified
        Assert.Equal(SignatureVerificationStatus.Valid, SignatureCorpus.Verifier().Verify(message.Components(), ""));
    }

    [Fact]
    public void B2_5_Hmac_IsRecomputedExactly()
    {
        (TestMessage message, JsonNode testCase) = B2Message(4);
        (_, string signatureBase) = SignatureTestKit.BaseOf(message, "sig-b25");
        byte[] mac = HMACSHA256.HashData(SignatureCorpus.SharedSecret(), Encoding.ASCII.GetBytes(signatureBase));
        Assert.Equal("sig-b25=:" + Convert.ToBase64String(mac) + ":", (string)testCase["signature"]!);
    }

    [Fact]
    public void B2_4_AsPrinted_ResponseDigestDiffersFromTheSignedBase()
    {
        // RFC 9421 B.2.4 signs content-digest sha-512=:mEWX...: (the true digest of {"message": "good dog"}),
        // while the printed test response carries sha-512=:JlEy...:; verified as printed, the base differs
        (TestMessage message, JsonNode testCase) = B2Message(3, asPrinted: true);
        Assert.Equal(SignatureVerificationStatus.BadSignature, SignatureCorpus.Verifier().Verify(message.Components(), "sig-b24"));
        string signedDigest = Convert.ToBase64String(SHA512.HashData(Encoding.ASCII.GetBytes(message.Body)));
        Assert.Contains("sha-512=:" + signedDigest + ":", (string)testCase["signature_base"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void B2_6_Ed25519_IsRefusedCleanly()
    {
        // .NET 10's System.Security.Cryptography has no Ed25519: the key cannot be configured, and a
        // signature naming the algorithm is refused as not supported (its base still matches, above)
        Assert.Throws<PlatformNotSupportedException>(() => MessageSignatureKey.FromPublicKeyPem(
            MessageSignatureAlgorithm.Ed25519, File.ReadAllText(SignatureCorpus.Rfc9421("keys/test-key-ed25519.pub.pem"))));

        (TestMessage message, _) = B2Message(5);
        Assert.Equal(SignatureVerificationStatus.UnknownKey, SignatureCorpus.Verifier().Verify(message.Components(), "sig-b26"));

        message.Headers.Set("Signature-Input", message.Headers.GetValue("Signature-Input", 0).ToString() + ";alg=\"ed25519\"");
        Assert.Equal(SignatureVerificationStatus.AlgorithmNotSupported, SignatureCorpus.Verifier().Verify(message.Components(), "sig-b26"));
    }

    [Fact]
    public void Section3_SignAndVerifyExample()
    {
        TestMessage message = TestMessage.Parse(SignatureCorpus.Block("072-"));
        Assert.Equal(SignatureCorpus.Block("070-create-sig-input.http"), SignatureTestKit.BaseOf(message, "sig1").Base);
        Assert.Equal(SignatureVerificationStatus.Valid, SignatureCorpus.Verifier().Verify(message.Components(), "sig1"));
    }

    [Fact]
    public void Section4_3_MultipleSignatures()
    {
        // the client's ECDSA signature verifies on the message the client sent
        TestMessage client = TestMessage.Parse(SignatureCorpus.Block("077-"));
        Assert.Equal(SignatureVerificationStatus.Valid, SignatureCorpus.Verifier(now: 1618884475).Verify(client.Components(), "sig1"));

        // after the proxy rewrote Host, its own rsa-v1_5-sha256 signature verifies and the client's no longer does
        TestMessage forwarded = TestMessage.Parse(SignatureCorpus.Block("081-"));
        Assert.Equal(SignatureCorpus.Block("079-"), SignatureTestKit.BaseOf(forwarded, "proxy_sig").Base);
        MessageSignatureVerifier verifier = SignatureCorpus.Verifier(now: 1618884480);
        Assert.Equal(SignatureVerificationStatus.Valid, verifier.Verify(forwarded.Components(), "proxy_sig"));
        Assert.Equal(SignatureVerificationStatus.BadSignature, verifier.Verify(forwarded.Components(), "sig1"));
        Assert.Equal(SignatureVerificationStatus.LabelRequired, verifier.Verify(forwarded.Components(), ""));
        Assert.Equal(SignatureVerificationStatus.Expired, SignatureCorpus.Verifier(now: 1618884540 + 61).Verify(forwarded.Components(), "proxy_sig"));
    }

    [Theory]
    [InlineData("064-", "061-", "063-")]
    [InlineData("067-", "065-", "066-")]
    public void Section2_4_ResponseCoveringItsRequest(string responseBlock, string requestBlock, string baseBlock)
    {
        TestMessage response = TestMessage.Parse(SignatureCorpus.Block(responseBlock));
        TestMessage request = TestMessage.Parse(SignatureCorpus.Block(requestBlock));
        Assert.Equal(SignatureCorpus.Block(baseBlock), SignatureTestKit.BaseOf(response, "reqres", request).Base);
        MessageSignatureVerifier verifier = SignatureCorpus.Verifier(now: 1618884479);
        Assert.Equal(SignatureVerificationStatus.Valid, verifier.Verify(response.Components(), request.Components(), "reqres"));

        // without the request, the req components have no value
        Assert.Equal(SignatureVerificationStatus.ComponentMissing, verifier.Verify(response.Components(), "reqres"));
    }

    [Fact]
    public void Section7_TlsTerminatingProxy()
    {
        TestMessage message = TestMessage.Parse(SignatureCorpus.Block("117-"));
        Assert.Equal(SignatureCorpus.Block("115-"), SignatureTestKit.BaseOf(message, "ttrp").Base);
        Assert.Equal(SignatureVerificationStatus.Valid, SignatureCorpus.Verifier().Verify(message.Components(), "ttrp"));
    }

    [Fact]
    public void AppendixE_Transformations()
    {
        // ed25519-signed: the bases are compared (what the signature would be checked over)
        string expected = SignatureCorpus.Block("119-").Replace("\\\n  ", "", StringComparison.Ordinal);
        Assert.Equal(expected, SignatureTestKit.BaseOf(TestMessage.Parse(SignatureCorpus.Block("118-")), "transform").Base);
        foreach (string still in new[] { "120-", "121-", "122-" })
        {
            Assert.Equal(expected, SignatureTestKit.BaseOf(TestMessage.Parse(SignatureCorpus.Block(still)), "transform").Base);
        }

        foreach (string broken in new[] { "123-", "124-" })
        {
            Assert.NotEqual(expected, SignatureTestKit.BaseOf(TestMessage.Parse(SignatureCorpus.Block(broken)), "transform").Base);
        }
    }

    private static string Label(JsonNode testCase)
    {
        string input = (string)testCase["signature_input"]!;
        return input[..input.IndexOf('=', StringComparison.Ordinal)];
    }

    private static (TestMessage Message, JsonNode Case) B2Message(int index, bool asPrinted = false)
    {
        JsonNode b2 = SignatureCorpus.B2();
        JsonNode testCase = b2["cases"]![index]!;
        bool response = ((string)testCase["message"]!).StartsWith("test-response", StringComparison.Ordinal);
        TestMessage message = TestMessage.Parse((string)b2[response ? "response" : "request"]!);
        if (response && !asPrinted)
        {
            // see B2_4_AsPrinted: the digest the signature covers is the true digest of the content
            string digest = Convert.ToBase64String(SHA512.HashData(Encoding.ASCII.GetBytes(message.Body)));
            message.Headers.Set("Content-Digest", "sha-512=:" + digest + ":");
        }

        message.Headers.Add("Signature-Input", (string)testCase["signature_input"]!);
        message.Headers.Add("Signature", (string)testCase["signature"]!);
        return (message, testCase);
    }
}
