using System.Security.Cryptography;
using System.Text;
using ApiFilter.Contract;
using ApiFilter.Pipeline;
using ApiFilter.Policy;
using ApiFilter.Tokens;
using BenchmarkDotNet.Attributes;

namespace ApiFilter.Benchmarks.Pipeline;

/// <summary>
/// <see cref="RequestFilter.Plan"/> for a GET whose operation requires credentials: a valid HS256
/// bearer token, a valid RS256 bearer token, a valid API key in a header; against the same GET on an
/// operation without security. The difference is what enforcing the contract's security costs.
/// </summary>
[MemoryDiagnoser]
public class SecurityBenchmarks
{
    private const string Spec = """
        openapi: 3.1.0
        info: { title: secured, version: '1' }
        components:
          securitySchemes:
            hs: { type: http, scheme: bearer }
            rs: { type: http, scheme: bearer }
            key: { type: apiKey, in: header, name: X-API-Key }
        paths:
          /hs:
            get: { security: [ { hs: ['orders:read'] } ], responses: { '200': { description: ok } } }
          /rs:
            get: { security: [ { rs: ['orders:read'] } ], responses: { '200': { description: ok } } }
          /key:
            get: { security: [ { key: [] } ], responses: { '200': { description: ok } } }
          /open:
            get: { responses: { '200': { description: ok } } }
        """;

    private RequestFilter _filter = null!;
    private HttpMessageView _hs;
    private HttpMessageView _rs;
    private HttpMessageView _key;
    private HttpMessageView _open;

    [GlobalSetup]
    public void Setup()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(false);
        var jwks = JsonWebKeySet.Parse(Encoding.UTF8.GetBytes(
            $"{{\"kty\":\"RSA\",\"kid\":\"r1\",\"n\":\"{B64(p.Modulus!)}\",\"e\":\"{B64(p.Exponent!)}\"}}"));
        JwtBearerSettings Settings(JsonWebKeySet keys, JwsAlgorithm algorithm) => new()
        {
            Issuers = ["https://issuer.example"],
            Audiences = ["orders-api"],
            Algorithms = [algorithm],
            Keys = keys,
        };
        var policy = FilterPolicy.Default with
        {
            Auth = AuthenticationPolicy.Default with
            {
                Schemes = new Dictionary<string, AuthSchemeSettings>
                {
                    ["hs"] = Settings(JsonWebKeySet.Create(JsonWebKey.CreateSharedSecret(secret, "h1")), JwsAlgorithm.HS256),
                    ["rs"] = Settings(jwks, JwsAlgorithm.RS256),
                    ["key"] = new ApiKeySettings { Keys = ApiKeyStore.Create("k-7f3a9c2e41b8d05e") },
                },
            },
        };
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Spec));
        _filter = new RequestFilter(policy, ContractCompiler.Compile(ContractLoader.LoadAsync(stream, "secured.yaml", null).GetAwaiter().GetResult()));

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = $"{{\"iss\":\"https://issuer.example\",\"sub\":\"alice\",\"aud\":\"orders-api\",\"exp\":{now + 86400},\"iat\":{now - 10},\"scope\":\"orders:read orders:write\"}}";
        string Sign(string alg, string kid, Func<byte[], byte[]> sign)
        {
            var input = B64(Encoding.UTF8.GetBytes($"{{\"alg\":\"{alg}\",\"kid\":\"{kid}\",\"typ\":\"at+jwt\"}}")) + "." + B64(Encoding.UTF8.GetBytes(claims));
            return input + "." + B64(sign(Encoding.ASCII.GetBytes(input)));
        }

        var hs = Sign("HS256", "h1", input => HMACSHA256.HashData(secret, input));
        var rs = Sign("RS256", "r1", input => rsa.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        _hs = Get("/hs", new OneHeader("Authorization", "Bearer " + hs));
        _rs = Get("/rs", new OneHeader("Authorization", "Bearer " + rs));
        _key = Get("/key", new OneHeader("X-API-Key", "k-7f3a9c2e41b8d05e"));
        _open = Get("/open", new OneHeader("X-Request-Id", "3f6d2a8e"));
        if (!BearerHs256() || !BearerRs256() || !ApiKey() || !NoSecurity() || _filter.Plan(Get("/hs", new OneHeader("X-Other", "x"))).Refusal.IsAllowed)
        {
            throw new InvalidOperationException("The benchmark requests must be allowed, and an unauthenticated one refused.");
        }
    }

    private static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);

    private static HttpMessageView Get(string path, IRequestHeaders headers) => new("GET", path, null, null, null, null, hasBody: false, headers);

    [Benchmark(Baseline = true)]
    public bool NoSecurity() => _filter.Plan(_open).Refusal.IsAllowed;

    [Benchmark]
    public bool BearerHs256() => _filter.Plan(_hs).Refusal.IsAllowed;

    [Benchmark]
    public bool BearerRs256() => _filter.Plan(_rs).Refusal.IsAllowed;

    [Benchmark]
    public bool ApiKey() => _filter.Plan(_key).Refusal.IsAllowed;

    private sealed class OneHeader(string name, string value) : IRequestHeaders
    {
        public int GetValueCount(string header) => string.Equals(header, name, StringComparison.OrdinalIgnoreCase) ? 1 : 0;

        public ReadOnlySpan<char> GetValue(string header, int index) => value;
    }
}
