using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace ApiFilter.Host.Tests;

/// <summary>
/// Authentication through the real host process: keys fetched over HTTPS from a JWK Set server trusted through
/// the policy's <c>caCertificate</c>, expiry, forged signatures, key rotation through the unknown-kid refresh,
/// DPoP proofs and their replay, and certificate-bound tokens over mutual TLS.
/// </summary>
public sealed class AuthEndToEndTests : IDisposable
{
    private const string Issuer = "https://issuer.example";

    private const string Spec = """
        openapi: 3.1.0
        info: { title: secured, version: '1' }
        security: [ { bearer: [] } ]
        components:
          securitySchemes:
            bearer: { type: http, scheme: bearer, bearerFormat: JWT }
        paths:
          /orders:
            get: { responses: { '200': { description: ok } } }
        """;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("apifilter-auth-e2e-");
    private readonly X509Certificate2 _root = TestCertificates.CreateRoot("apifilter auth test root");
    private readonly RSA _first = RSA.Create(2048);
    private readonly RSA _second = RSA.Create(2048);
    private readonly ECDsa _dpopKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose()
    {
        _root.Dispose();
        _first.Dispose();
        _second.Dispose();
        _dpopKey.Dispose();
        _dir.Delete(recursive: true);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string B64(string text) => B64(Encoding.UTF8.GetBytes(text));

    private static string Jwks(params (string Kid, RSA Key)[] keys) =>
        "{\"keys\":[" + string.Join(',', keys.Select(k =>
        {
            var p = k.Key.ExportParameters(false);
            return $"{{\"kty\":\"RSA\",\"kid\":\"{k.Kid}\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\"{B64(p.Modulus!)}\",\"e\":\"{B64(p.Exponent!)}\"}}";
        })) + "]}";

    private static string Token(RSA key, string kid, long exp, string extraClaims = "")
    {
        var header = B64($"{{\"alg\":\"RS256\",\"kid\":\"{kid}\",\"typ\":\"at+jwt\"}}");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = B64($"{{\"iss\":\"{Issuer}\",\"aud\":\"orders-api\",\"sub\":\"alice\",\"iat\":{now - 5},\"exp\":{exp}{extraClaims}}}");
        var input = header + "." + payload;
        return input + "." + B64(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    private static long In(int seconds) => DateTimeOffset.UtcNow.ToUnixTimeSeconds() + seconds;

    private string Jkt()
    {
        var p = _dpopKey.ExportParameters(false);
        return B64(SHA256.HashData(Encoding.UTF8.GetBytes($"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{B64(p.Q.X!)}\",\"y\":\"{B64(p.Q.Y!)}\"}}")));
    }

    private string Proof(string method, Uri target, string accessToken)
    {
        var p = _dpopKey.ExportParameters(false);
        var header = B64($"{{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"{B64(p.Q.X!)}\",\"y\":\"{B64(p.Q.Y!)}\"}}}}");
        var htu = target.GetLeftPart(UriPartial.Path);
        var ath = B64(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)));
        var claims = B64($"{{\"jti\":\"{Guid.NewGuid():N}\",\"htm\":\"{method}\",\"htu\":\"{htu}\",\"iat\":{DateTimeOffset.UtcNow.ToUnixTimeSeconds()},\"ath\":\"{ath}\"}}");
        var input = header + "." + claims;
        return input + "." + B64(_dpopKey.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256));
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string code, string challengeStart)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(code, problem.RootElement.GetProperty("violations")[0].GetProperty("code").GetString());
        Assert.StartsWith(challengeStart, string.Join(", ", response.Headers.WwwAuthenticate.Select(h => h.ToString())), StringComparison.Ordinal);
    }

    private static HttpRequestMessage Get(Uri address, string scheme, string token, string? proof = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, "/orders"));
        request.Headers.Authorization = new AuthenticationHeaderValue(scheme, token);
        if (proof is not null)
        {
            request.Headers.Add("DPoP", proof);
        }

        return request;
    }

    private async Task<JwksTestServer> StartJwksAsync(X509Certificate2 serverCertificate, string document) =>
        await JwksTestServer.StartAsync(serverCertificate, document);

    private string Policy(Uri jwksUri, string extra) => Write("policy.yaml", $"""
        auth:
          schemes:
            bearer:
              issuer: {Issuer}
              audience: orders-api
              algorithms: [RS256]
              jwksUri: '{jwksUri}'
              caCertificate: root.pem
              minRefreshSeconds: 1
              unknownKeyWaitSeconds: 5
        {extra}
        """);

    [Fact]
    public async Task Keys_from_an_https_jwks_verify_tokens_follow_rotation_and_DPoP_proofs_are_single_use()
    {
        Write("root.pem", _root.ExportCertificatePem());
        using var jwksCertificate = TestCertificates.CreateServer(_root);
        await using var jwks = await StartJwksAsync(jwksCertificate, Jwks(("k1", _first)));
        await using var upstream = await RecordingUpstream.StartAsync();
        var policy = Policy(jwks.JwksUri, "      dpop: allowed");
        var (host, address) = await HostProcess.ServeAsync(upstream.Address, policy, Write("api.yaml", Spec));
        using var _ = host;
        Assert.Contains($"apifilter: scheme bearer: 1 key(s) from {jwks.JwksUri}", host.Stdout, StringComparison.Ordinal);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

        // (1) a valid token is forwarded
        using (var response = await client.SendAsync(Get(address, "Bearer", Token(_first, "k1", In(300)))))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // (2) an expired one is refused
        using (var response = await client.SendAsync(Get(address, "Bearer", Token(_first, "k1", In(-3600)))))
        {
            await AssertRefusedAsync(response, "auth.jwt.expired", "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The access token expired\"");
        }

        // (3) a token signed by another key under the same kid is refused
        using (var response = await client.SendAsync(Get(address, "Bearer", Token(_second, "k1", In(300)))))
        {
            await AssertRefusedAsync(response, "auth.jwt.signature", "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The access token signature is invalid\"");
        }

        Assert.Equal(1, upstream.Requests);

        // (4) rotation: the server now publishes k2 only; the first token naming k2 triggers the refresh and passes
        jwks.Document = Jwks(("k2", _second));
        await Task.Delay(TimeSpan.FromSeconds(1.2)); // past minRefreshSeconds since the start-up fetch
        var fetchesBefore = jwks.Fetches;
        using (var response = await client.SendAsync(Get(address, "Bearer", Token(_second, "k2", In(300)))))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(fetchesBefore + 1, jwks.Fetches);
        Assert.Equal(2, upstream.Requests);

        // (5) DPoP: a bound token with a good proof passes; the same proof again is a replay
        var bound = Token(_second, "k2", In(300), $",\"cnf\":{{\"jkt\":\"{Jkt()}\"}}");
        var proof = Proof("GET", new Uri(address, "/orders"), bound);
        using (var response = await client.SendAsync(Get(address, "DPoP", bound, proof)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var response = await client.SendAsync(Get(address, "DPoP", bound, proof)))
        {
            await AssertRefusedAsync(response, "auth.dpop.replay",
                "DPoP algs=\"ES256 PS256 RS256\", error=\"invalid_dpop_proof\", error_description=\"The DPoP proof was used before\"");
        }

        // the bound token without its proof, as a bearer token, is refused too (RFC 9449 section 7.2)
        using (var response = await client.SendAsync(Get(address, "Bearer", bound)))
        {
            await AssertRefusedAsync(response, "auth.dpop.binding", "DPoP algs=\"ES256 PS256 RS256\", error=\"invalid_dpop_proof\"");
        }

        Assert.Equal(3, upstream.Requests);
    }

    [Fact]
    public async Task A_certificate_bound_token_passes_only_over_a_connection_with_its_client_certificate()
    {
        Write("root.pem", _root.ExportCertificatePem());
        using var jwksCertificate = TestCertificates.CreateServer(_root);
        await using var jwks = await StartJwksAsync(jwksCertificate, Jwks(("k1", _first)));
        await using var upstream = await RecordingUpstream.StartAsync();
        using var server = TestCertificates.CreateServer(_root);
        var (certificate, key) = TestCertificates.WritePem(server, _dir.FullName, "server");
        var policy = Policy(jwks.JwksUri, "      certificateBound: required");
        var (host, address) = await HostProcess.ServeAsync(upstream.Address, policy, Write("api.yaml", Spec), "https://127.0.0.1:0",
            "--tls-certificate", certificate, "--tls-key", key, "--client-certificate", "require");
        using var _ = host;

        using var mine = TestCertificates.CreateClient("bound client");
        using var other = TestCertificates.CreateClient("other client");
        var token = Token(_first, "k1", In(300), $",\"cnf\":{{\"x5t#S256\":\"{B64(SHA256.HashData(mine.RawData))}\"}}");
        using var withMine = Client(mine);
        using var withOther = Client(other);

        using (var response = await withMine.SendAsync(Get(address, "Bearer", token)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var response = await withOther.SendAsync(Get(address, "Bearer", token)))
        {
            await AssertRefusedAsync(response, "auth.mtls.binding",
                "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The access token is bound to another client certificate\"");
        }

        Assert.Equal(1, upstream.Requests);
    }

    [Fact]
    public async Task A_scheme_whose_keys_cannot_load_starts_with_a_warning_and_refuses_its_tokens()
    {
        Write("root.pem", _root.ExportCertificatePem());
        await using var upstream = await RecordingUpstream.StartAsync();
        // nothing listens on this port: the fetch fails at once
        var policy = Policy(new Uri("https://127.0.0.1:9/jwks"), "");
        var (host, address) = await HostProcess.ServeAsync(upstream.Address, policy, Write("api.yaml", Spec));
        using var _ = host;
        Assert.Contains("apifilter: warning: scheme bearer has no key from https://127.0.0.1:9/jwks", host.Stdout, StringComparison.Ordinal);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

        using var response = await client.SendAsync(Get(address, "Bearer", Token(_first, "k1", In(300))));
        await AssertRefusedAsync(response, "auth.jwt.key", "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"No accepted key verifies the access token\"");
        Assert.Equal(0, upstream.Requests);
    }

    /// <summary>A client trusting only the test root, presenting <paramref name="clientCertificate"/>.</summary>
    private HttpClient Client(X509Certificate2 clientCertificate)
    {
        var root = _root;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { root },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
                ClientCertificates = new X509CertificateCollection { clientCertificate },
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
    }
}
