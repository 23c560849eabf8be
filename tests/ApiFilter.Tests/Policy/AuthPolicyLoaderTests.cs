using System.Text;
using ApiFilter.Policy;
using ApiFilter.Tests.Tokens;
using ApiFilter.Tokens;

namespace ApiFilter.Tests.Policy;

/// <summary>The policy's <c>auth</c> section: strict keys, files relative to the policy file, the settings kind from the keys used.</summary>
public sealed class AuthPolicyLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("apifilter-auth-").FullName;

    public AuthPolicyLoaderTests()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "keys"));
        File.WriteAllText(Path.Combine(_folder, "keys", "jwks.json"), "{\"keys\":[" + TestTokens.RsaJwk("rsa-1") + "]}");
        File.WriteAllBytes(Path.Combine(_folder, "keys", "hs.key"), TestTokens.Secret);
        File.WriteAllText(Path.Combine(_folder, "keys", "api-keys.txt"), ApiKeyStore.HashLine("the-key", "ci") + "\n");
        File.WriteAllText(Path.Combine(_folder, "keys", "users.txt"), BasicCredentialStore.HashLine("alice", "pw", BasicCredentialStore.MinIterations) + "\n");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private FilterPolicy LoadFile(string yaml)
    {
        var path = Path.Combine(_folder, "policy.yaml");
        File.WriteAllText(path, yaml, Encoding.UTF8);
        return PolicyLoader.LoadFile(path);
    }

    private const string Full = """
        auth:
          mode: report
          realm: orders
          schemes:
            bearer:
              issuers: [https://issuer.example]
              audience: orders-api
              algorithms: [RS256, HS256]
              jwks: keys/jwks.json
              secretFile: keys/hs.key
              clockSkewSeconds: 30
              requireAccessTokenType: true
              requiredClaims: [sub]
            headerKey:
              keys: keys/api-keys.txt
            basic:
              users: keys/users.txt
        """;

    [Fact]
    public void Every_key_is_read_and_files_are_relative_to_the_policy_file()
    {
        var auth = LoadFile(Full).Auth;
        Assert.Equal((EnforcementMode.Report, "orders"), (auth.Mode, auth.Realm));
        var jwt = Assert.IsType<JwtBearerSettings>(auth.Schemes["bearer"]);
        Assert.Equal(["https://issuer.example"], jwt.Issuers);
        Assert.Equal(["orders-api"], jwt.Audiences);
        Assert.Equal([JwsAlgorithm.RS256, JwsAlgorithm.HS256], jwt.Algorithms);
        Assert.Equal(2, jwt.Keys.Keys.Count);
        Assert.True(jwt.Keys.HasSharedSecret);
        Assert.Equal((TimeSpan.FromSeconds(30), true), (jwt.ClockSkew, jwt.RequireAccessTokenType));
        Assert.Equal(["sub"], jwt.RequiredClaims);
        Assert.True(Assert.IsType<ApiKeySettings>(auth.Schemes["headerKey"]).Keys.Verify("the-key"));
        Assert.True(Assert.IsType<BasicAuthSettings>(auth.Schemes["basic"]).Users.Verify("alice"u8, "pw"u8));
    }

    [Fact]
    public void Load_from_text_takes_a_base_directory()
    {
        var policy = PolicyLoader.Load("{\"auth\":{\"schemes\":{\"k\":{\"keys\":\"keys/api-keys.txt\"}}}}", "policy.json", isJson: true, _folder);
        Assert.IsType<ApiKeySettings>(policy.Auth.Schemes["k"]);
        Assert.Equal(EnforcementMode.Block, policy.Auth.Mode);
    }

    [Fact]
    public void The_default_is_block_with_no_scheme()
    {
        var auth = LoadFile("json: { maxDepth: 8 }").Auth;
        Assert.Equal((EnforcementMode.Block, "api", 0), (auth.Mode, auth.Realm, auth.Schemes.Count));
    }

    [Theory]
    [InlineData("auth: { modes: off }", "auth.modes: unknown key; expected one of: mode, realm, schemes")]
    [InlineData("auth: { mode: maybe }", "auth.mode: expected block, report or off")]
    [InlineData("auth: { realm: 'a\"b' }", "auth.realm: the realm must be printable ASCII")]
    [InlineData("auth: { schemes: { b: { issuer: x, audience: y, algorithms: [RS256], jwks: keys/jwks.json, issuerz: z } } }", "auth.schemes.b.issuerz: unknown key")]
    [InlineData("auth: { schemes: { b: { issuer: x, audience: y, jwks: keys/jwks.json } } }", "auth.schemes.b: a JWT bearer scheme needs issuers")]
    [InlineData("auth: { schemes: { b: { issuer: x, audience: y, algorithms: [none], jwks: keys/jwks.json } } }", "auth.schemes.b.algorithms[0]: unknown or refused algorithm \"none\"")]
    [InlineData("auth: { schemes: { b: { issuer: x, audience: y, algorithms: [rs256], jwks: keys/jwks.json } } }", "auth.schemes.b.algorithms[0]: unknown or refused algorithm \"rs256\"")]
    [InlineData("auth: { schemes: { b: { issuer: x, audience: y, algorithms: [HS256], jwks: keys/jwks.json } } }", "auth.schemes.b: ")]
    [InlineData("auth: { schemes: { b: { issuer: x, audience: y, algorithms: [RS256], jwks: keys/missing.json } } }", "auth.schemes.b.jwks: cannot use keys/missing.json")]
    [InlineData("auth: { schemes: { b: { issuer: x, audience: y, algorithms: [RS256], jwks: keys/jwks.json, clockSkewSeconds: 7200 } } }", "auth.schemes.b.clockSkewSeconds: expected at most 3600")]
    [InlineData("auth: { schemes: { k: { keys: keys/api-keys.txt, issuer: x } } }", "auth.schemes.k.issuer: an API key scheme (keys: …) takes no other key")]
    [InlineData("auth: { schemes: { k: { keys: keys/users.txt } } }", "auth.schemes.k.keys: cannot use keys/users.txt: users.txt: line 1")]
    [InlineData("auth: { schemes: { u: { users: keys/api-keys.txt } } }", "auth.schemes.u.users: cannot use keys/api-keys.txt: api-keys.txt: line 1")]
    [InlineData("auth: { schemes: { u: [x] } }", "auth.schemes.u: expected a mapping")]
    public void Mistakes_name_the_key_path(string yaml, string message)
    {
        var e = Assert.Throws<PolicyException>(() => LoadFile(yaml));
        Assert.Contains("policy.yaml: " + message, e.Message, StringComparison.Ordinal);
    }
}
