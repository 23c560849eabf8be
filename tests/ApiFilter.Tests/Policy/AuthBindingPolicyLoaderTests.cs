using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ApiFilter.Policy;
using ApiFilter.Tests.Tokens;
using ApiFilter.Tokens;

namespace ApiFilter.Tests.Policy;

/// <summary>The key source, binding, replay and PKCE keys of the policy's <c>auth</c> section: each read, each mistake named by its key path.</summary>
public sealed class AuthBindingPolicyLoaderTests : IDisposable
{
    private const string Claims = "issuer: https://issuer.example, audience: api, algorithms: [RS256]";

    private readonly string _folder = Directory.CreateTempSubdirectory("apifilter-auth-binding-").FullName;

    public AuthBindingPolicyLoaderTests()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "keys"));
        File.WriteAllText(Path.Combine(_folder, "keys", "jwks.json"), "{\"keys\":[" + TestTokens.RsaJwk("rsa-1") + "]}");
        File.WriteAllBytes(Path.Combine(_folder, "keys", "hs.key"), TestTokens.Secret);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var root = new CertificateRequest("CN=test root", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(_folder, "keys", "ca.pem"), root.ExportCertificatePem());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private FilterPolicy LoadFile(string yaml)
    {
        var path = Path.Combine(_folder, "policy.yaml");
        File.WriteAllText(path, yaml, Encoding.UTF8);
        return PolicyLoader.LoadFile(path);
    }

    private JwtBearerSettings Scheme(string keys) =>
        Assert.IsType<JwtBearerSettings>(LoadFile($"auth: {{ schemes: {{ b: {{ {Claims}, {keys} }} }} }}").Auth.Schemes["b"]);

    [Fact]
    public void A_jwks_file_becomes_a_polled_file_source_relative_to_the_policy()
    {
        var jwt = Scheme("jwks: keys/jwks.json, minRefreshSeconds: 1, unknownKeyWaitSeconds: 0");
        Assert.Equal(Path.Combine(_folder, "keys", "jwks.json"), jwt.KeySource!.File);
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.Zero), (jwt.KeySource.MinRefreshInterval, jwt.KeySource.UnknownKeyWait));
        // the file is also read at load, so a broken file stops the load, not the start
        Assert.Single(jwt.Keys.Keys);
    }

    [Fact]
    public void A_jwks_file_with_a_shared_secret_stays_a_fixed_set()
    {
        var jwt = Scheme("jwks: keys/jwks.json, secretFile: keys/hs.key");
        Assert.Null(jwt.KeySource);
        Assert.True(jwt.Keys.HasSharedSecret);
    }

    [Fact]
    public void A_jwks_uri_takes_the_network_settings()
    {
        var jwt = Scheme("jwksUri: 'https://idp.example/jwks', caCertificate: keys/ca.pem, minRefreshSeconds: 5, maxStaleSeconds: 600, unknownKeyWaitSeconds: 1");
        var source = jwt.KeySource!;
        Assert.Equal(new Uri("https://idp.example/jwks"), source.JwksUri);
        Assert.Equal(Path.Combine(_folder, "keys", "ca.pem"), source.CaCertificate);
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(600), TimeSpan.FromSeconds(1)),
            (source.MinRefreshInterval, source.MaxStaleAge, source.UnknownKeyWait));
        Assert.False(source.AllowInsecureLoopback);
    }

    [Fact]
    public void Discovery_takes_its_kind_and_loopback_http_needs_the_flag()
    {
        var jwt = Scheme("discovery: 'http://127.0.0.1:9/issuer', discoveryKind: oauth, allowInsecureLoopback: true");
        Assert.Equal(("http://127.0.0.1:9/issuer", DiscoveryMetadataKind.OAuthAuthorizationServer, true),
            (jwt.KeySource!.Discovery, jwt.KeySource.DiscoveryKind, jwt.KeySource.AllowInsecureLoopback));
        Assert.Equal(DiscoveryMetadataKind.OpenIdConnect, Scheme("discovery: 'https://idp.example'").KeySource!.DiscoveryKind);
    }

    [Fact]
    public void Binding_and_replay_keys_are_read()
    {
        var jwt = Scheme("jwks: keys/jwks.json, replay: true, replayCapacity: 4096, dpop: required, dpopAlgorithms: [ES256, ES384], dpopMaxAgeSeconds: 30, certificateBound: allowed");
        Assert.Equal((true, 4096, TokenBindingMode.Required, TimeSpan.FromSeconds(30), TokenBindingMode.Allowed),
            (jwt.Replay, jwt.ReplayCapacity, jwt.Dpop, jwt.DpopMaxAge, jwt.CertificateBound));
        Assert.Equal([JwsAlgorithm.ES256, JwsAlgorithm.ES384], jwt.DpopAlgorithms);
    }

    [Fact]
    public void The_defaults_bind_nothing()
    {
        var jwt = Scheme("jwks: keys/jwks.json");
        Assert.Equal((false, 100_000, TokenBindingMode.Off, TimeSpan.FromSeconds(60), TokenBindingMode.Off),
            (jwt.Replay, jwt.ReplayCapacity, jwt.Dpop, jwt.DpopMaxAge, jwt.CertificateBound));
        Assert.Equal([JwsAlgorithm.ES256, JwsAlgorithm.PS256, JwsAlgorithm.RS256], jwt.DpopAlgorithms);
    }

    [Fact]
    public void Pkce_lists_operation_ids()
    {
        var pkce = LoadFile("auth: { pkce: { authorize: [authorize, authorize2], token: [token] } }").Auth.Pkce;
        Assert.Equal(["authorize", "authorize2"], pkce.Authorize);
        Assert.Equal(["token"], pkce.Token);
        Assert.True(LoadFile("json: { maxDepth: 8 }").Auth.Pkce.IsEmpty);
    }

    [Theory]
    [InlineData("jwks: keys/jwks.json, jwksUri: 'https://idp.example/jwks'", "auth.schemes.b.jwksUri: a scheme takes exactly one key source, and jwks is already set")]
    [InlineData("jwksUri: 'https://idp.example/jwks', discovery: 'https://idp.example'", "auth.schemes.b.discovery: a scheme takes exactly one key source, and jwksUri is already set")]
    [InlineData("jwksUri: 'ftp://idp.example/jwks'", "auth.schemes.b.jwksUri: expected an absolute https URL")]
    [InlineData("jwksUri: 'http://idp.example/jwks'", "auth.schemes.b.jwksUri: ")]
    [InlineData("jwksUri: 'http://127.0.0.1:9/jwks'", "auth.schemes.b.jwksUri: ")]
    [InlineData("jwksUri: 'https://idp.example/jwks', secretFile: keys/hs.key", "auth.schemes.b.secretFile: a shared secret cannot be combined with jwksUri")]
    [InlineData("jwksUri: 'https://idp.example/jwks', caCertificate: keys/missing.pem", "auth.schemes.b.caCertificate: cannot use keys/missing.pem")]
    [InlineData("jwks: keys/jwks.json, caCertificate: keys/ca.pem", "auth.schemes.b.caCertificate: applies to keys fetched over the network")]
    [InlineData("jwks: keys/jwks.json, maxStaleSeconds: 60", "auth.schemes.b.maxStaleSeconds: applies to keys fetched over the network")]
    [InlineData("jwksUri: 'https://idp.example/jwks', discoveryKind: oauth", "auth.schemes.b.discoveryKind: applies to discovery only")]
    [InlineData("discovery: 'https://idp.example', discoveryKind: oidc2", "auth.schemes.b.discoveryKind: unknown discovery kind \"oidc2\"; expected oidc or oauth")]
    [InlineData("secretFile: keys/hs.key, minRefreshSeconds: 5", "auth.schemes.b.minRefreshSeconds: tunes a key source, but the scheme has none")]
    [InlineData("jwks: keys/jwks.json, minRefreshSeconds: 0", "auth.schemes.b.minRefreshSeconds: expected 1 to 86400, got 0")]
    [InlineData("jwks: keys/jwks.json, unknownKeyWaitSeconds: 60", "auth.schemes.b.unknownKeyWaitSeconds: expected 0 to 30, got 60")]
    [InlineData("jwks: keys/jwks.json, replay: yes-please", "auth.schemes.b.replay: ")]
    [InlineData("jwks: keys/jwks.json, replayCapacity: 2", "auth.schemes.b.replayCapacity: expected 8 to 16777216, got 2")]
    [InlineData("jwks: keys/jwks.json, dpop: sometimes", "auth.schemes.b.dpop: unknown mode \"sometimes\"; expected off, allowed or required")]
    [InlineData("jwks: keys/jwks.json, certificateBound: true", "auth.schemes.b.certificateBound: unknown mode \"true\"; expected off, allowed or required")]
    [InlineData("jwks: keys/jwks.json, dpopAlgorithms: [ES256, HS256]", "auth.schemes.b.dpopAlgorithms[1]: \"HS256\" is symmetric")]
    [InlineData("jwks: keys/jwks.json, dpopAlgorithms: [none]", "auth.schemes.b.dpopAlgorithms[0]: unknown or refused algorithm \"none\"")]
    [InlineData("jwks: keys/jwks.json, dpopAlgorithms: []", "auth.schemes.b.dpopAlgorithms: expected at least one algorithm")]
    [InlineData("jwks: keys/jwks.json, dpopMaxAgeSeconds: 0", "auth.schemes.b.dpopMaxAgeSeconds: expected 1 to 600, got 0")]
    [InlineData("jwks: keys/jwks.json, dpopMaxAgeSeconds: 3600", "auth.schemes.b.dpopMaxAgeSeconds: expected 1 to 600, got 3600")]
    public void Scheme_mistakes_name_the_key_path(string keys, string message)
    {
        var e = Assert.Throws<PolicyException>(() => LoadFile($"auth: {{ schemes: {{ b: {{ {Claims}, {keys} }} }} }}"));
        Assert.Contains("policy.yaml: " + message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_network_source_refuses_hmac_algorithms()
    {
        var e = Assert.Throws<PolicyException>(() => LoadFile("auth: { schemes: { b: { issuer: x, audience: y, algorithms: [RS256, HS256], jwksUri: 'https://idp.example/jwks' } } }"));
        Assert.Contains("policy.yaml: auth.schemes.b.algorithms: HS256 needs a shared secret, which is never taken from the network", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("auth: { pkce: { authorise: [a] } }", "auth.pkce.authorise: unknown key; expected one of: authorize, token")]
    [InlineData("auth: { pkce: { authorize: a } }", "auth.pkce.authorize: expected a list of strings")]
    [InlineData("auth: { pkce: { token: [''] } }", "auth.pkce.token[0]: expected a non-empty string")]
    [InlineData("auth: { pkce: [a] }", "auth.pkce: expected a mapping")]
    public void Pkce_mistakes_name_the_key_path(string yaml, string message)
    {
        var e = Assert.Throws<PolicyException>(() => LoadFile(yaml));
        Assert.Contains("policy.yaml: " + message, e.Message, StringComparison.Ordinal);
    }
}
