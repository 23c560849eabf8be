using System.Text;
using ApiFilter.Signatures;

namespace ApiFilter.Tests.Signatures;

/// <summary>
/// Seeded mutations (truncation, deletion, insertion of structural and hostile characters,
/// duplication) of the signature and digest fields: nothing throws, every outcome is a status,
/// and a mutated signature input never verifies unless it re-serializes to the signed one.
/// </summary>
public sealed class SignatureFuzzTests
{
    private const int Mutations = 400;

    // structural characters of RFC 8941 and the draft-cavage syntax, plus controls, non-ASCII and a lone surrogate
    private static readonly char[] Alphabet = "\"\\()=;:,?*-. \t0123456789aZ@/+%\r\n\u0000\u007f\u00e9\ud800\u4e2d".ToCharArray();

    public static TheoryData<int> Seeds() => [1, 2, 3];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void SignatureInputAndSignature_Mutated_NeverThrow(int seed)
    {
        Random random = new(seed);
        TestMessage original = TestMessage.Parse(SignatureCorpus.Block("099-"));
        string input = "sig-b25=(\"date\" \"@authority\" \"content-type\" \"@query-param\";name=\"Pet\" \"content-digest\";sf);created=1618884473;keyid=\"test-shared-secret\"";
        (_, string signedBase) = SignatureTestKit.BaseFor(original, input, "sig-b25");
        byte[] mac = System.Security.Cryptography.HMACSHA256.HashData(SignatureCorpus.SharedSecret(), Encoding.UTF8.GetBytes(signedBase));
        string signature = "sig-b25=:" + Convert.ToBase64String(mac) + ":";
        MessageSignatureVerifier verifier = SignatureCorpus.Verifier(new MessageSignaturePolicy { MaxAge = null, RequireCreated = false });

        int valid = 0;
        for (int i = 0; i < Mutations; i++)
        {
            string mutatedInput = i % 2 == 0 ? Mutate(input, random) : input;
            string mutatedSignature = i % 2 == 1 ? Mutate(signature, random) : signature;
            TestMessage message = original.Clone();
            message.Headers.Add("Signature-Input", mutatedInput).Add("Signature", mutatedSignature);
            SignatureVerificationStatus status = verifier.Verify(message.Components(), "sig-b25");
            if (status == SignatureVerificationStatus.Valid)
            {
                // only a mutation that leaves the signed base unchanged (e.g. added whitespace) may pass
                Assert.Equal(signedBase, SignatureTestKit.BaseFor(original, mutatedInput, "sig-b25").Base);
                valid++;
            }

            foreach (StructuredFieldType type in new[] { StructuredFieldType.Item, StructuredFieldType.List, StructuredFieldType.Dictionary })
            {
                ParseAndReserialize(mutatedInput, type);
                ParseAndReserialize(mutatedSignature, type);
            }
        }

        Assert.True(valid < Mutations / 4, $"{valid} of {Mutations} mutations verified");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void DigestAndCavageFields_Mutated_NeverThrow(int seed)
    {
        Random random = new(seed);
        using ContentDigest digest = new();
        const string contentDigest = "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:, sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:";
        const string legacy = "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=, SHA-512=WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==";
        const string cavage = "keyId=\"Test\",algorithm=\"rsa-sha256\",created=1402170695,expires=1402170699,headers=\"(request-target) (created) (expires) host date\",signature=\"AAAA\"";
        MessageSignatureKeyStore keys = new();
        keys.Add("Test", MessageSignatureKey.FromPublicKeyPem(MessageSignatureAlgorithm.RsaV15Sha256, File.ReadAllText(SignatureCorpus.Cavage("keys/rsa.pub"))));
        CavageSignatureVerifier verifier = new(keys, new MessageSignaturePolicy { RequireCreated = false, MaxAge = null }, new FixedClock(1402170697));
        TestMessage request = TestMessage.Parse("POST /foo?a=b HTTP/1.1\nHost: example.com\nDate: d");
        for (int i = 0; i < Mutations; i++)
        {
            DigestVerificationStatus modern = digest.BeginContentDigest(Mutate(contentDigest, random));
            digest.Append("{\"hello\": \"world\"}"u8);
            DigestVerificationStatus verdict = digest.Verify();
            Assert.True(modern != DigestVerificationStatus.Valid || verdict is DigestVerificationStatus.Valid or DigestVerificationStatus.Mismatch);

            digest.BeginLegacyDigest(Mutate(legacy, random));
            digest.Append("{\"hello\": \"world\"}"u8);
            digest.Verify();

            Assert.NotEqual(SignatureVerificationStatus.Valid, verifier.VerifyParameters(request.Components(), Mutate(cavage, random)));
        }
    }

    private static void ParseAndReserialize(string text, StructuredFieldType type)
    {
        StructuredFieldNode[] nodes = new StructuredFieldNode[64];
        if (StructuredFieldParser.Parse(text, type, nodes, out int count) != StructuredFieldStatus.Ok)
        {
            return;
        }

        // what parsed must serialize, and the serialization must parse to the same serialization
        ByteBuilder first = new(64, 1 << 16);
        ByteBuilder second = new(64, 1 << 16);
        try
        {
            Assert.True(StructuredFieldWriter.WriteField(nodes.AsSpan(0, count), text, type, ref first));
            string canonical = Encoding.ASCII.GetString(first.Written);
            Assert.Equal(StructuredFieldStatus.Ok, StructuredFieldParser.Parse(canonical, type, nodes, out count));
            Assert.True(StructuredFieldWriter.WriteField(nodes.AsSpan(0, count), canonical, type, ref second));
            Assert.Equal(canonical, Encoding.ASCII.GetString(second.Written));
        }
        finally
        {
            first.Dispose();
            second.Dispose();
        }
    }

    private static string Mutate(string text, Random random)
    {
        StringBuilder builder = new(text);
        int edits = random.Next(1, 4);
        for (int e = 0; e < edits && builder.Length > 0; e++)
        {
            int at = random.Next(builder.Length);
            switch (random.Next(5))
            {
                case 0:
                    builder.Length = at;
                    break;
                case 1:
                    builder.Remove(at, 1);
                    break;
                case 2:
                    builder.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                case 3:
                    builder[at] = Alphabet[random.Next(Alphabet.Length)];
                    break;
                default:
                    int length = Math.Min(builder.Length - at, random.Next(1, 12));
                    builder.Insert(at, builder.ToString(at, length));
                    break;
            }
        }

        return builder.ToString();
    }
}
