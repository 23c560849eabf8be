using System.Security.Cryptography;
using System.Text;
using ApiFilter.Policy;
using ApiFilter.Signatures;
using ApiFilter.Tokens;

namespace ApiFilter.Tests.Policy;

/// <summary>The <c>jose</c> policy section and the key files it names, relative to the policy file.</summary>
public sealed class JosePolicyLoaderTests : IDisposable
{
    private const string Yaml = """
        jose:
          detachedSignature:
            mode: block
            header: X-JWS-Signature
            require: true
            operations: [createOrder]
            keys: keys/jws-keys.json
            algorithms: [ES256, PS256]
          decrypt:
            mode: block
            keys: keys/jwe-keys.json
            keyManagement: [RSA-OAEP-256, ECDH-ES, ECDH-ES+A256KW, dir]
            contentEncryption: [A256GCM, A128CBC-HS256]
            forward: original
          signResponses:
            mode: on
            key: keys/response-key.json
            algorithm: ES256
            header: x-response-jws
            b64: false
            maxBodyBytes: 65536
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("apifilter-jose-").FullName;
    private readonly ECDsa _signing = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public JosePolicyLoaderTests()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "keys"));
        var p = _signing.ExportParameters(true);
        File.WriteAllText(Path.Combine(_folder, "keys", "jws-keys.json"),
            $"{{\"keys\":[{{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"ec1\",\"x\":\"{B64(p.Q.X!)}\",\"y\":\"{B64(p.Q.Y!)}\"}}]}}");
        File.WriteAllText(Path.Combine(_folder, "keys", "response-key.json"),
            $"{{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"resp-1\",\"x\":\"{B64(p.Q.X!)}\",\"y\":\"{B64(p.Q.Y!)}\",\"d\":\"{B64(p.D!)}\"}}");
        using var ecdh = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var e = ecdh.ExportParameters(true);
        File.WriteAllText(Path.Combine(_folder, "keys", "jwe-keys.json"),
            $"{{\"keys\":[{{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"enc-1\",\"use\":\"enc\",\"x\":\"{B64(e.Q.X!)}\",\"y\":\"{B64(e.Q.Y!)}\",\"d\":\"{B64(e.D!)}\"}}," +
            $"{{\"kty\":\"oct\",\"kid\":\"dir-1\",\"k\":\"{B64(RandomNumberGenerator.GetBytes(32))}\"}}]}}");
    }

    public void Dispose()
    {
        _signing.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);

    private FilterPolicy Load(string yaml)
    {
        var path = Path.Combine(_folder, "policy.yaml");
        File.WriteAllText(path, yaml);
        return PolicyLoader.LoadFile(path);
    }

    private PolicyException Fails(string yaml) => Assert.Throws<PolicyException>(() => Load(yaml));

    [Fact]
    public void Everything_is_off_by_default()
    {
        var jose = PolicyLoader.Load("json: { maxDepth: 8 }", "p.yaml", isJson: false).Jose;
        Assert.Equal(EnforcementMode.Off, jose.DetachedSignature.Mode);
        Assert.Equal(EnforcementMode.Off, jose.Decrypt.Mode);
        Assert.False(jose.SignResponses.IsEnabled);
    }

    [Fact]
    public void Full_section_is_loaded_with_keys_relative_to_the_policy_file()
    {
        var jose = Load(Yaml).Jose;
        var signature = jose.DetachedSignature;
        Assert.Equal(EnforcementMode.Block, signature.Mode);
        Assert.Equal("x-jws-signature", signature.Header);
        Assert.True(signature.Require);
        Assert.Equal(["createOrder"], signature.Operations);
        Assert.Equal([JwsAlgorithm.ES256, JwsAlgorithm.PS256], signature.Algorithms);
        Assert.Equal("ec1", Assert.Single(signature.Keys!.Keys).KeyId);

        Assert.Equal(EnforcementMode.Block, jose.Decrypt.Mode);
        Assert.Equal(["enc-1", "dir-1"], jose.Decrypt.Keys.Select(k => k.KeyId));
        Assert.Equal(4, jose.Decrypt.KeyManagement.Count);
        Assert.Equal([JweContentEncryption.A256Gcm, JweContentEncryption.A128CbcHs256], jose.Decrypt.ContentEncryption);
        Assert.Equal(JweForwarding.Original, jose.Decrypt.Forward);

        var signing = jose.SignResponses;
        Assert.True(signing.IsEnabled);
        Assert.Equal(JwsAlgorithm.ES256, signing.Signer!.Algorithm);
        Assert.Equal("resp-1", signing.Signer.KeyId);
        Assert.False(signing.Signer.EncodesPayload);
        Assert.Equal("x-response-jws", signing.Header);
        Assert.Equal(65536, signing.MaxBodyBytes);
    }

    [Fact]
    public void The_loaded_response_key_signs_what_the_loaded_jwks_verifies()
    {
        var jose = Load(Yaml.Replace("b64: false", "b64: true", StringComparison.Ordinal)).Jose;
        var body = "{\"id\": 7}"u8.ToArray();
        using var session = jose.SignResponses.Signer!.BeginSigning();
        session.Append(body);
        var jws = Encoding.ASCII.GetBytes(session.Finish());
        // the recipient's JWKS publishes the response key's public half under the same kid
        var p = _signing.ExportParameters(false);
        var published = JsonWebKeySet.Parse(Encoding.UTF8.GetBytes(
            $"{{\"keys\":[{{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"resp-1\",\"x\":\"{B64(p.Q.X!)}\",\"y\":\"{B64(p.Q.Y!)}\"}}]}}"));
        var verifier = new JwsVerifier(published, new JwsVerifierOptions { AllowedAlgorithms = [JwsAlgorithm.ES256] });
        Assert.Equal(TokenValidationStatus.Valid, DetachedJwsBodyVerifier.TryCreate(verifier, jws, out var bodyVerifier));
        using (bodyVerifier)
        {
            bodyVerifier!.Append(body);
            Assert.Equal(TokenValidationStatus.Valid, bodyVerifier.Verify());
        }
    }

    [Theory]
    [InlineData("jose: { detachedSignature: { mode: block } }", "jose.detachedSignature.keys", "no keys file")]
    [InlineData("jose: { detachedSignature: { mode: block, keys: keys/missing.json } }", "jose.detachedSignature.keys", "cannot load")]
    [InlineData("jose: { detachedSignature: { algorithms: [none] } }", "jose.detachedSignature.algorithms[0]", "not a supported JWS algorithm")]
    [InlineData("jose: { detachedSignature: { algorithms: [] } }", "jose.detachedSignature.algorithms", "at least one")]
    [InlineData("jose: { detachedSignature: { header: 'x jws' } }", "jose.detachedSignature.header", "header field name")]
    [InlineData("jose: { detachedSignature: { mode: sometimes } }", "jose.detachedSignature.mode", "block, report or off")]
    [InlineData("jose: { detachedSignature: { verify: true } }", "jose.detachedSignature.verify", "unknown key")]
    [InlineData("jose: { decrypt: { mode: report, keys: keys/jwe-keys.json } }", "jose.decrypt.mode", "no report mode")]
    [InlineData("jose: { decrypt: { mode: block } }", "jose.decrypt.keys", "no keys file")]
    [InlineData("jose: { decrypt: { keyManagement: [RSA1_5] } }", "jose.decrypt.keyManagement[0]", "never accepted")]
    [InlineData("jose: { decrypt: { keyManagement: [dir, PBES2-HS256+A128KW] } }", "jose.decrypt.keyManagement[1]", "never accepted")]
    [InlineData("jose: { decrypt: { contentEncryption: [A256CBC] } }", "jose.decrypt.contentEncryption[0]", "not accepted")]
    [InlineData("jose: { decrypt: { forward: both } }", "jose.decrypt.forward", "plaintext or original")]
    [InlineData("jose: { decrypt: { mode: block, keys: keys/jws-keys.json } }", "jose.decrypt.keys", "cannot load")] // public keys cannot decrypt
    [InlineData("jose: { signResponses: { mode: on } }", "jose.signResponses.key", "no key file")]
    [InlineData("jose: { signResponses: { mode: on, key: keys/jws-keys.json } }", "jose.signResponses.key", "missing")]
    [InlineData("jose: { signResponses: { mode: on, key: keys/response-key.json, algorithm: ES384 } }", "jose.signResponses.algorithm", "does not fit")]
    [InlineData("jose: { signResponses: { mode: yes } }", "jose.signResponses.mode", "on or off")]
    [InlineData("jose: { encrypt: {} }", "jose.encrypt", "unknown key")]
    public void Mistakes_name_the_key_path(string yaml, string keyPath, string problem)
    {
        var error = Fails(yaml);
        Assert.Equal(keyPath, error.KeyPath);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }
}
