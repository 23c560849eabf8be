using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ApiFilter.Pipeline;
using ApiFilter.Policy;
using ApiFilter.Signatures;
using ApiFilter.Tests.Signatures;

namespace ApiFilter.Tests.Policy;

/// <summary>The <c>digest</c> and <c>signatures</c> policy sections, and the JWKS key file they name.</summary>
public sealed class IntegrityPolicyLoaderTests
{
    private const string Yaml = """
        digest:
          mode: report
          require: true
          algorithms: [sha-512]
        signatures:
          mode: block
          keys: keys/sig-keys.json
          require: false
          components: ["@method", "@path", "content-digest"]
          maxAgeSeconds: 120
          algorithms: [rsa-pss-sha512, ecdsa-p256-sha256, hmac-sha256]
          cavage: true
          nonce: true
        """;

    private static string B64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The RFC 9421 B.1 test keys as a JWKS document, written the way a key server would publish them.</summary>
    private static string Jwks()
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(SignatureCorpus.Rfc9421("keys/test-key-rsa-pss.pub.pem")));
        var r = rsa.ExportParameters(false);
        using var ec = ECDsa.Create();
        ec.ImportFromPem(File.ReadAllText(SignatureCorpus.Rfc9421("keys/test-key-ecc-p256.pub.pem")));
        var e = ec.ExportParameters(false);
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["keys"] = new object[]
            {
                new Dictionary<string, string> { ["kid"] = "test-key-rsa-pss", ["kty"] = "RSA", ["alg"] = "rsa-pss-sha512", ["n"] = B64Url(r.Modulus!), ["e"] = B64Url(r.Exponent!) },
                new Dictionary<string, string> { ["kid"] = "test-key-ecc-p256", ["kty"] = "EC", ["alg"] = "ES256", ["crv"] = "P-256", ["x"] = B64Url(e.Q.X!), ["y"] = B64Url(e.Q.Y!) },
                new Dictionary<string, string> { ["kid"] = "test-shared-secret", ["kty"] = "oct", ["alg"] = "HS256", ["k"] = B64Url(SignatureCorpus.SharedSecret()) },
            },
        });
    }

    private static T WithPolicyDirectory<T>(string policy, string? jwks, Func<string, T> load)
    {
        var dir = Directory.CreateTempSubdirectory("apifilter-integrity-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "keys"));
            if (jwks is not null)
            {
                File.WriteAllText(Path.Combine(dir.FullName, "keys", "sig-keys.json"), jwks);
            }

            var path = Path.Combine(dir.FullName, "policy.yaml");
            File.WriteAllText(path, policy);
            return load(path);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Defaults_check_sent_digests_and_no_signatures()
    {
        var policy = PolicyLoader.Load("json: { maxDepth: 8 }", "p.yaml", isJson: false);
        Assert.Equal(EnforcementMode.Block, policy.Digest.Mode);
        Assert.False(policy.Digest.Require);
        Assert.Equal(DigestAlgorithms.All, policy.Digest.Algorithms);
        Assert.Equal(EnforcementMode.Off, policy.Signatures.Mode);
    }

    [Fact]
    public void Every_key_is_read_and_the_keys_file_is_relative_to_the_policy_file()
    {
        var policy = WithPolicyDirectory(Yaml, Jwks(), PolicyLoader.LoadFile);
        Assert.Equal(new DigestPolicy { Mode = EnforcementMode.Report, Require = true, Algorithms = DigestAlgorithms.Sha512 }, policy.Digest);
        var signatures = policy.Signatures;
        Assert.Equal(EnforcementMode.Block, signatures.Mode);
        Assert.False(signatures.Require);
        Assert.Equal(["@method", "@path", "content-digest"], signatures.Components);
        Assert.Equal(120, signatures.MaxAgeSeconds);
        Assert.Equal([MessageSignatureAlgorithm.RsaPssSha512, MessageSignatureAlgorithm.EcdsaP256Sha256, MessageSignatureAlgorithm.HmacSha256], signatures.Algorithms);
        Assert.True(signatures.Cavage);
        Assert.True(signatures.Nonce);
        Assert.True(signatures.Keys.TryGet("test-key-rsa-pss", out var rsa) && rsa.Algorithm == MessageSignatureAlgorithm.RsaPssSha512);
        Assert.True(signatures.Keys.TryGet("test-key-ecc-p256", out var ec) && ec.Algorithm == MessageSignatureAlgorithm.EcdsaP256Sha256);
        Assert.True(signatures.Keys.TryGet("test-shared-secret", out var hmac) && hmac.Algorithm == MessageSignatureAlgorithm.HmacSha256);
    }

    [Theory]
    [InlineData(2, "test-key-rsa-pss")]
    [InlineData(4, "test-shared-secret")]
    public void Keys_loaded_from_the_jwks_verify_the_rfc_vectors(int index, string keyId)
    {
        const string policyText = "signatures:\n  mode: block\n  keys: keys/sig-keys.json\n  components: []\n";
        var loaded = WithPolicyDirectory(policyText, Jwks(), PolicyLoader.LoadFile);
        var policy = loaded with { Signatures = loaded.Signatures with { Clock = new FixedClock(SignatureCorpus.VectorTime) } };
        var corpus = SignatureCorpus.B2();
        var testCase = corpus["cases"]![index]!;
        Assert.Equal(keyId, (string)testCase["keyid"]!);
        var message = TestMessage.Parse((string)corpus["request"]!);
        message.Headers.Add("Signature-Input", (string)testCase["signature_input"]!).Add("Signature", (string)testCase["signature"]!);
        var view = new HttpMessageView("POST", message.Path, "?" + message.Query, "application/json", null, 18, true, message.Headers) { Scheme = "https", Authority = "example.com" };
        var body = Encoding.ASCII.GetBytes(message.Body);
        Assert.True(Pipeline.RequestJudge.Judge(new RequestFilter(policy), view, body).IsAllowed);
        // both vectors cover @authority
        Assert.False(Pipeline.RequestJudge.Judge(new RequestFilter(policy), view with { Authority = "example.org" }, body).IsAllowed);
    }

    [Theory]
    [InlineData("digest:\n  mode: strict\n", "digest.mode", "expected block, report or off")]
    [InlineData("digest:\n  algorithms: [sha-256, md5]\n", "digest.algorithms[1]", "deprecated")]
    [InlineData("digest:\n  algorithms: []\n", "digest.algorithms", "at least one")]
    [InlineData("digest:\n  required: true\n", "digest.required", "unknown key")]
    [InlineData("signatures:\n  mode: block\n", "signatures.keys", "no keys file")]
    [InlineData("signatures:\n  mode: block\n  keys: keys/sig-keys.json\n  algorithms: [ed25519]\n", "signatures.algorithms[0]", "not a supported algorithm")]
    [InlineData("signatures:\n  mode: block\n  keys: keys/sig-keys.json\n  maxAgeSeconds: 0\n", "signatures.maxAgeSeconds", "positive integer")]
    [InlineData("signatures:\n  mode: block\n  keys: keys/none.json\n", "signatures.keys", "cannot load the keys")]
    [InlineData("signatures:\n  nonces: true\n", "signatures.nonces", "unknown key")]
    public void Mistakes_are_errors_naming_the_key(string policy, string keyPath, string problem)
    {
        var e = Assert.Throws<PolicyException>(() => WithPolicyDirectory(policy, Jwks(), PolicyLoader.LoadFile));
        Assert.Equal(keyPath, e.KeyPath);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"keys\": [{\"kid\": \"a\", \"kty\": \"oct\", \"k\": \"AAAA\"}]}", "\"alg\"")]
    [InlineData("{\"keys\": [{\"kid\": \"a\", \"kty\": \"oct\", \"alg\": \"HS256\", \"k\": \"AAAA\"}]}", "at least 32 bytes")]
    [InlineData("{\"keys\": [{\"kid\": \"a\", \"kty\": \"RSA\", \"alg\": \"ES256\", \"n\": \"AQAB\", \"e\": \"AQAB\"}]}", "cannot be used with alg")]
    [InlineData("{\"keys\": [{\"kid\": \"a\", \"kty\": \"oct\", \"alg\": \"EdDSA\", \"k\": \"AAAA\"}]}", "not supported")]
    [InlineData("[1, 2]", "\"keys\" array")]
    public void Bad_key_files_are_errors(string jwks, string problem)
    {
        const string policyText = "signatures:\n  mode: block\n  keys: keys/sig-keys.json\n";
        var e = Assert.Throws<PolicyException>(() => WithPolicyDirectory(policyText, jwks, PolicyLoader.LoadFile));
        Assert.Equal("signatures.keys", e.KeyPath);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }
}
