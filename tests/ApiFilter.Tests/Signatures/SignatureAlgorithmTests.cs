using System.Security.Cryptography;
using System.Text;
using ApiFilter.Signatures;

namespace ApiFilter.Tests.Signatures;

/// <summary>
/// The algorithms without a published vector (ecdsa-p384-sha384) and the edge cases of the
/// raw r||s to DER step (high bit set, leading zero bytes), with keys made here and signed by
/// .NET, plus key configuration refusals and allocation of the asymmetric verifications.
/// </summary>
public sealed class SignatureAlgorithmTests
{
    [Theory]
    [InlineData(MessageSignatureAlgorithm.EcdsaP256Sha256)]
    [InlineData(MessageSignatureAlgorithm.EcdsaP384Sha384)]
    public void Ecdsa_ManySignatures_AllVerify_AndAFlippedOneFails(MessageSignatureAlgorithm algorithm)
    {
        bool p256 = algorithm == MessageSignatureAlgorithm.EcdsaP256Sha256;
        using ECDsa signer = ECDsa.Create(p256 ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP384);
        MessageSignatureKeyStore keys = new();
        keys.Add("ec", MessageSignatureKey.FromPublicKeyPem(algorithm, signer.ExportSubjectPublicKeyInfoPem()));
        MessageSignatureVerifier verifier = new(keys, new MessageSignaturePolicy(), new FixedClock(SignatureCorpus.VectorTime));
        string alg = p256 ? "ecdsa-p256-sha256" : "ecdsa-p384-sha384";

        // 200 signatures: r and s with the top bit set (half of them) and with leading zero bytes (about one in 128) occur
        for (int i = 0; i < 200; i++)
        {
            TestMessage message = TestMessage.Parse("GET /item/" + i + " HTTP/1.1\nHost: example.com");
            string input = "sig=(\"@method\" \"@path\" \"@authority\");created=1618884473;keyid=\"ec\";alg=\"" + alg + "\"";
            byte[] data = Encoding.ASCII.GetBytes(SignatureTestKit.BaseFor(message, input, "sig").Base);
            byte[] signature = signer.SignData(data, p256 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA384);
            message.Headers.Add("Signature-Input", input).Add("Signature", "sig=:" + Convert.ToBase64String(signature) + ":");
            Assert.Equal(SignatureVerificationStatus.Valid, verifier.Verify(message.Components(), "sig"));

            signature[^1] ^= 1;
            message.Headers.Set("Signature", "sig=:" + Convert.ToBase64String(signature) + ":");
            Assert.Equal(SignatureVerificationStatus.BadSignature, verifier.Verify(message.Components(), "sig"));
        }

        // a DER-encoded signature is not the RFC 9421 format
        TestMessage der = TestMessage.Parse("GET /item HTTP/1.1\nHost: example.com");
        string derInput = "sig=(\"@method\");created=1618884473;keyid=\"ec\"";
        byte[] derSignature = signer.SignData(Encoding.ASCII.GetBytes(SignatureTestKit.BaseFor(der, derInput, "sig").Base), p256 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA384, DSASignatureFormat.Rfc3279DerSequence);
        der.Headers.Add("Signature-Input", derInput).Add("Signature", "sig=:" + Convert.ToBase64String(derSignature) + ":");
        Assert.Equal(SignatureVerificationStatus.BadSignature, verifier.Verify(der.Components(), "sig"));
    }

    [Fact]
    public void KeyConfiguration_IsChecked()
    {
        string ecPem = File.ReadAllText(SignatureCorpus.Rfc9421("keys/test-key-ecc-p256.pub.pem"));
        string rsaPem = File.ReadAllText(SignatureCorpus.Rfc9421("keys/test-key-rsa-pss.pub.pem"));
        Assert.Throws<ArgumentException>(() => MessageSignatureKey.FromPublicKeyPem(MessageSignatureAlgorithm.EcdsaP384Sha384, ecPem));
        Assert.Throws<ArgumentException>(() => MessageSignatureKey.FromPublicKeyPem(MessageSignatureAlgorithm.RsaPssSha512, ecPem));
        Assert.Throws<ArgumentException>(() => MessageSignatureKey.FromPublicKeyPem(MessageSignatureAlgorithm.EcdsaP256Sha256, rsaPem));
        Assert.Throws<ArgumentException>(() => MessageSignatureKey.FromPublicKeyPem(MessageSignatureAlgorithm.HmacSha256, rsaPem));
        Assert.Throws<ArgumentException>(() => MessageSignatureKey.FromSharedSecret(new byte[31]));
        MessageSignatureKeyStore keys = new();
        keys.Add("k", MessageSignatureKey.FromSharedSecret(new byte[32]));
        Assert.Throws<ArgumentException>(() => keys.Add("k", MessageSignatureKey.FromSharedSecret(new byte[32])));
    }

    /// <summary>
    /// RSA verifies with 0 B; ECDSA costs what .NET's OpenSSL ECDSA verify allocates inside the
    /// runtime (1,216 B measured on .NET 10.0.12), nothing of ours on top.
    /// </summary>
    [Theory]
    [InlineData("sig-b23", "106-", 0)]
    [InlineData("sig1", "077-", 1216)]
    public void Verify_Asymmetric_Allocation(string label, string block, long runtimeBytes)
    {
        TestMessage message = TestMessage.Parse(SignatureCorpus.Block("099-"));
        string[] lines = SignatureCorpus.Block(block).Split('\n');
        message.Headers.Add("Signature-Input", lines.First(l => l.StartsWith("Signature-Input: ", StringComparison.Ordinal))["Signature-Input: ".Length..]);
        message.Headers.Add("Signature", lines.First(l => l.StartsWith("Signature: ", StringComparison.Ordinal))["Signature: ".Length..]);
        MessageSignatureVerifier verifier = SignatureCorpus.Verifier(now: 1618884475);
        for (int warm = 0; warm < 3; warm++)
        {
            Assert.Equal(SignatureVerificationStatus.Valid, verifier.Verify(message.Components(), label));
        }

        HttpMessageComponents components = message.Components();
        long before = GC.GetAllocatedBytesForCurrentThread();
        SignatureVerificationStatus status = verifier.Verify(components, label);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(SignatureVerificationStatus.Valid, status);
        Assert.InRange(allocated, 0, runtimeBytes);
    }
}
