using System.Security.Cryptography;
using System.Text;
using ApiFilter.Signatures;

namespace ApiFilter.Tests.Signatures;

/// <summary>
/// Tampering and policy refusals, each with its specific status: the B.2.3 full-coverage request
/// (RSA-PSS) and B.2.5 (HMAC, which these tests can re-sign) changed one thing at a time.
/// </summary>
public sealed class MessageSignatureAttackTests
{
    private const string B23Input = "sig-b23=(\"date\" \"@method\" \"@path\" \"@query\" \"@authority\" \"content-type\" \"content-digest\" \"content-length\");created=1618884473;keyid=\"test-key-rsa-pss\"";

    private static TestMessage B23()
    {
        TestMessage message = TestMessage.Parse(SignatureCorpus.Block("099-"));
        message.Headers.Add("Signature-Input", B23Input);
        message.Headers.Add("Signature", SignatureCorpus.Block("106-").Split('\n')[1]["Signature: ".Length..]);
        return message;
    }

    /// <summary>The B.2.5 request re-signed with HMAC over a chosen Signature-Input.</summary>
    private static TestMessage HmacSigned(string parameters, string components = "\"date\" \"@authority\" \"content-type\"", byte[]? secret = null, Action<TestMessage>? before = null)
    {
        TestMessage message = TestMessage.Parse(SignatureCorpus.Block("099-"));
        before?.Invoke(message);
        string input = "sig=(" + components + ")" + parameters;
        (SignatureVerificationStatus status, string signatureBase) = SignatureTestKit.BaseFor(message, input, "sig");

        // an input that cannot even make a base gets a signature of zeros: the refusal comes first
        byte[] mac = status == SignatureVerificationStatus.Valid
            ? HMACSHA256.HashData(secret ?? SignatureCorpus.SharedSecret(), Encoding.UTF8.GetBytes(signatureBase))
            : new byte[32];
        message.Headers.Add("Signature-Input", input);
        message.Headers.Add("Signature", "sig=:" + Convert.ToBase64String(mac) + ":");
        return message;
    }

    private static SignatureVerificationStatus Verify(TestMessage message, string label = "sig", MessageSignaturePolicy? policy = null, long now = SignatureCorpus.VectorTime) =>
        SignatureCorpus.Verifier(policy, now).Verify(message.Components(), label);

    [Fact]
    public void Untouched_Verifies()
    {
        Assert.Equal(SignatureVerificationStatus.Valid, Verify(B23(), "sig-b23"));
        Assert.Equal(SignatureVerificationStatus.Valid, Verify(HmacSigned(";created=1618884473;keyid=\"test-shared-secret\"")));
    }

    [Fact]
    public void DifferentMethod_Path_Query_Authority_Fail()
    {
        TestMessage message = B23();
        message.Method = "PUT";
        Assert.Equal(SignatureVerificationStatus.BadSignature, Verify(message, "sig-b23"));
        message = B23();
        message.Path = "/admin";
        Assert.Equal(SignatureVerificationStatus.BadSignature, Verify(message, "sig-b23"));
        message = B23();
        message.Query = "param=Value&Pet=cat";
        Assert.Equal(SignatureVerificationStatus.BadSignature, Verify(message, "sig-b23"));
        message = B23();
        message.Authority = "evil.example";
        Assert.Equal(SignatureVerificationStatus.BadSignature, Verify(message, "sig-b23"));
    }

    [Fact]
    public void CoveredHeaderChanged_Fails_UncoveredHeaderAdded_Passes()
    {
        TestMessage message = B23();
        message.Headers.Set("Content-Type", "text/plain");
        Assert.Equal(SignatureVerificationStatus.BadSignature, Verify(message, "sig-b23"));

        message = B23();
        message.Headers.Add("Content-Length", "0");
        Assert.Equal(SignatureVerificationStatus.BadSignature, Verify(message, "sig-b23"));

        message = B23();
        message.Headers.Remove("Content-Digest");
        Assert.Equal(SignatureVerificationStatus.ComponentMissing, Verify(message, "sig-b23"));

        message = B23();
        message.Headers.Add("X-Not-Covered", "anything");
        Assert.Equal(SignatureVerificationStatus.Valid, Verify(message, "sig-b23"));
    }

    [Fact]
    public void SignatureBytesFlipped_Fails()
    {
        TestMessage message = B23();
        string signature = message.Headers.GetValue("Signature", 0).ToString();
        byte[] bytes = Convert.FromBase64String(signature["sig-b23=:".Length..^1]);
        bytes[10] ^= 1;
        message.Headers.Set("Signature", "sig-b23=:" + Convert.ToBase64String(bytes) + ":");
        Assert.Equal(SignatureVerificationStatus.BadSignature, Verify(message, "sig-b23"));
        message.Headers.Set("Signature", "sig-b23=:" + Convert.ToBase64String(bytes[..^1]) + ":");
        Assert.Equal(SignatureVerificationStatus.BadSignature, Verify(message, "sig-b23"));
    }

    [Fact]
    public void ComponentListedTwice_IsRefused()
    {
        TestMessage message = HmacSigned(";created=1618884473;keyid=\"test-shared-secret\"");
        message.Headers.Set("Signature-Input", "sig=(\"date\" \"@authority\" \"content-type\" \"date\");created=1618884473;keyid=\"test-shared-secret\"");
        Assert.Equal(SignatureVerificationStatus.ComponentDuplicated, Verify(message));
    }

    [Fact]
    public void LabelMismatch_And_UnknownLabel()
    {
        TestMessage message = HmacSigned(";created=1618884473;keyid=\"test-shared-secret\"");
        string signature = message.Headers.GetValue("Signature", 0).ToString();
        message.Headers.Set("Signature", "other" + signature["sig".Length..]);
        Assert.Equal(SignatureVerificationStatus.LabelMismatch, Verify(message));
        Assert.Equal(SignatureVerificationStatus.LabelNotFound, Verify(message, "other"));
        message.Headers.Remove("Signature");
        Assert.Equal(SignatureVerificationStatus.Missing, Verify(message));
        message.Headers.Remove("Signature-Input");
        message.Headers.Add("Signature", signature);
        Assert.Equal(SignatureVerificationStatus.Missing, Verify(message));
    }

    [Fact]
    public void SignatureValueOfWrongType_IsMalformed()
    {
        TestMessage message = HmacSigned(";created=1618884473;keyid=\"test-shared-secret\"");
        message.Headers.Set("Signature", "sig=\"not bytes\"");
        Assert.Equal(SignatureVerificationStatus.Malformed, Verify(message));
        message.Headers.Set("Signature-Input", "sig=\"@method\";created=1618884473;keyid=\"test-shared-secret\"");
        Assert.Equal(SignatureVerificationStatus.Malformed, Verify(message));
        message.Headers.Set("Signature-Input", "sig=(@method);created=1618884473;keyid=\"test-shared-secret\"");
        Assert.Equal(SignatureVerificationStatus.Malformed, Verify(message));
    }

    [Theory]
    [InlineData(";created=1618884473;keyid=\"test-shared-secret\";expires=1618884500", SignatureCorpus.VectorTime + 27 + 61, SignatureVerificationStatus.Expired)]
    [InlineData(";created=1618884473;keyid=\"test-shared-secret\";expires=1618884500", SignatureCorpus.VectorTime + 27 + 59, SignatureVerificationStatus.Valid)]
    [InlineData(";created=1618884673;keyid=\"test-shared-secret\"", SignatureCorpus.VectorTime, SignatureVerificationStatus.NotYetValid)]
    [InlineData(";created=1618884500;keyid=\"test-shared-secret\"", SignatureCorpus.VectorTime, SignatureVerificationStatus.Valid)]
    [InlineData(";created=1618884473;keyid=\"test-shared-secret\"", SignatureCorpus.VectorTime + 301 + 60, SignatureVerificationStatus.TooOld)]
    [InlineData(";keyid=\"test-shared-secret\"", SignatureCorpus.VectorTime, SignatureVerificationStatus.CreatedMissing)]
    [InlineData(";created=1618884473;keyid=\"test-shared-secret\";expires=1618884400", SignatureCorpus.VectorTime, SignatureVerificationStatus.Malformed)]
    [InlineData(";created=-1;keyid=\"test-shared-secret\"", SignatureCorpus.VectorTime, SignatureVerificationStatus.Malformed)]
    [InlineData(";created=\"1618884473\";keyid=\"test-shared-secret\"", SignatureCorpus.VectorTime, SignatureVerificationStatus.Malformed)]
    public void TimeWindow(string parameters, long now, SignatureVerificationStatus expected)
    {
        Assert.Equal(expected, Verify(HmacSigned(parameters), now: now));
    }

    [Theory]
    [InlineData(";created=1618884473;keyid=\"test-shared-secret\";alg=\"hmac-sha256\"", SignatureVerificationStatus.Valid)]
    [InlineData(";created=1618884473;keyid=\"test-shared-secret\";alg=\"rsa-pss-sha512\"", SignatureVerificationStatus.AlgorithmMismatch)]
    [InlineData(";created=1618884473;keyid=\"test-shared-secret\";alg=\"HMAC-SHA256\"", SignatureVerificationStatus.AlgorithmNotSupported)]
    [InlineData(";created=1618884473;keyid=\"test-shared-secret\";alg=\"none\"", SignatureVerificationStatus.AlgorithmNotSupported)]
    [InlineData(";created=1618884473;keyid=\"no-such-key\"", SignatureVerificationStatus.UnknownKey)]
    [InlineData(";created=1618884473", SignatureVerificationStatus.UnknownKey)]
    [InlineData(";created=1618884473;keyid=\"test-shared\\\\secret\"", SignatureVerificationStatus.UnknownKey)]
    public void AlgorithmAndKey(string parameters, SignatureVerificationStatus expected)
    {
        Assert.Equal(expected, Verify(HmacSigned(parameters)));
    }

    [Fact]
    public void RsaSignatureAgainstTheHmacKey_IsAnAlgorithmMismatch()
    {
        // key confusion: the RSA-PSS vector presented under the shared-secret key id
        TestMessage message = B23();
        message.Headers.Set("Signature-Input", B23Input.Replace("test-key-rsa-pss", "test-shared-secret", StringComparison.Ordinal) + ";alg=\"rsa-pss-sha512\"");
        Assert.Equal(SignatureVerificationStatus.AlgorithmMismatch, Verify(message, "sig-b23"));
        message.Headers.Set("Signature-Input", B23Input.Replace("test-key-rsa-pss", "test-shared-secret", StringComparison.Ordinal));
        Assert.Equal(SignatureVerificationStatus.BadSignature, Verify(message, "sig-b23"));
    }

    [Fact]
    public void HmacWithWrongKey_Fails()
    {
        byte[] wrong = SignatureCorpus.SharedSecret();
        wrong[0] ^= 0x80;
        Assert.Equal(SignatureVerificationStatus.BadSignature, Verify(HmacSigned(";created=1618884473;keyid=\"test-shared-secret\"", secret: wrong)));
    }

    [Fact]
    public void Policy_RequiredComponents_AllowedAlgorithms_Tag()
    {
        TestMessage message = HmacSigned(";created=1618884473;keyid=\"test-shared-secret\";tag=\"app\"");
        MessageSignaturePolicy needsMethod = new() { RequiredComponents = ["@method", "@authority"] };
        Assert.Equal(SignatureVerificationStatus.RequiredComponentNotCovered, Verify(message, policy: needsMethod));
        Assert.Equal(SignatureVerificationStatus.Valid, Verify(message, policy: new() { RequiredComponents = ["@authority", "date"] }));

        MessageSignaturePolicy rsaOnly = new() { AllowedAlgorithms = [MessageSignatureAlgorithm.RsaPssSha512] };
        Assert.Equal(SignatureVerificationStatus.AlgorithmNotAllowed, Verify(message, policy: rsaOnly));

        Assert.Equal(SignatureVerificationStatus.TagMismatch, Verify(message, policy: new() { RequiredTag = "other" }));
        Assert.Equal(SignatureVerificationStatus.Valid, Verify(message, policy: new() { RequiredTag = "app" }));
        Assert.Equal(SignatureVerificationStatus.ExpiresMissing, Verify(message, policy: new() { RequireExpires = true }));
        Assert.Equal(SignatureVerificationStatus.TooLarge, Verify(message, policy: new() { MaxCoveredComponents = 2 }));
        Assert.Equal(SignatureVerificationStatus.TooLarge, Verify(message, policy: new() { MaxSignatureBaseLength = 64 }));
    }

    [Fact]
    public void ParametersAreSigned_ChangingOneFails()
    {
        TestMessage message = HmacSigned(";created=1618884473;keyid=\"test-shared-secret\";nonce=\"abc\"");
        message.Headers.Set("Signature-Input", "sig=(\"date\" \"@authority\" \"content-type\");created=1618884473;keyid=\"test-shared-secret\";nonce=\"abd\"");
        Assert.Equal(SignatureVerificationStatus.BadSignature, Verify(message));
    }

    [Fact]
    public void Nonce_Replayed_Missing_AndNotUsedUpByForgeries()
    {
        RecordingNonces nonces = new();
        MessageSignatureVerifier verifier = new(SignatureCorpus.Keys(), new MessageSignaturePolicy { RequireNonce = true }, new FixedClock(SignatureCorpus.VectorTime), nonces);
        TestMessage message = HmacSigned(";created=1618884473;keyid=\"test-shared-secret\";nonce=\"n-1\"");

        TestMessage forged = message.Clone();
        forged.Headers.Set("Date", "Wed, 21 Apr 2021 02:07:55 GMT");
        Assert.Equal(SignatureVerificationStatus.BadSignature, verifier.Verify(forged.Components(), "sig"));
        Assert.Equal(SignatureVerificationStatus.Valid, verifier.Verify(message.Components(), "sig"));
        Assert.Equal(SignatureVerificationStatus.NonceReplayed, verifier.Verify(message.Components(), "sig"));
        Assert.Equal(["test-shared-secret/n-1"], nonces.Seen);

        TestMessage without = HmacSigned(";created=1618884473;keyid=\"test-shared-secret\"");
        Assert.Equal(SignatureVerificationStatus.NonceMissing, verifier.Verify(without.Components(), "sig"));
    }

    [Fact]
    public void Verify_Hmac_AllocatesNothing()
    {
        TestMessage message = HmacSigned(";created=1618884473;keyid=\"test-shared-secret\"", "\"date\" \"@method\" \"@path\" \"@query\" \"@authority\" \"content-type\" \"content-digest\"");
        MessageSignatureVerifier verifier = SignatureCorpus.Verifier();
        for (int warm = 0; warm < 3; warm++)
        {
            Assert.Equal(SignatureVerificationStatus.Valid, verifier.Verify(message.Components(), "sig"));
        }

        HttpMessageComponents components = message.Components();
        long before = GC.GetAllocatedBytesForCurrentThread();
        SignatureVerificationStatus status = verifier.Verify(components, "sig");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(SignatureVerificationStatus.Valid, status);
        Assert.Equal(0, allocated);
    }

    private sealed class RecordingNonces : ISignatureNonceValidator
    {
        public List<string> Seen { get; } = [];

        public bool TryAccept(ReadOnlySpan<char> keyId, ReadOnlySpan<char> nonce, long? created)
        {
            string entry = keyId.ToString() + "/" + nonce.ToString();
            if (Seen.Contains(entry))
            {
                return false;
            }

            Seen.Add(entry);
            return true;
        }
    }
}
