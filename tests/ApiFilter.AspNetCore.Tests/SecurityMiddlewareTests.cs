using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ApiFilter.Contract;
using ApiFilter.Policy;
using ApiFilter.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ApiFilter.AspNetCore.Tests;

/// <summary>The contract's security requirements through real Kestrel: status, WWW-Authenticate and the problem+json body.</summary>
public sealed class SecurityMiddlewareTests
{
    private const string Spec = """
        openapi: 3.1.0
        info: { title: secured, version: '1' }
        security: [ { bearer: ['orders:read'] }, { key: [] } ]
        components:
          securitySchemes:
            bearer: { type: http, scheme: bearer }
            key: { type: apiKey, in: header, name: X-API-Key }
        paths:
          /orders:
            get:
              responses: { '200': { description: ok } }
        """;

    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(32);

    private static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);

    private static string Token(string scope, long expOffset = 600)
    {
        var exp = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + expOffset;
        var input = B64(Encoding.UTF8.GetBytes("{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}")) + "."
            + B64(Encoding.UTF8.GetBytes($"{{\"iss\":\"https://issuer.example\",\"aud\":\"orders-api\",\"exp\":{exp},\"scope\":\"{scope}\"}}"));
        return input + "." + B64(HMACSHA256.HashData(Secret, Encoding.ASCII.GetBytes(input)));
    }

    [Fact]
    public async Task A_valid_token_or_key_reaches_the_endpoint()
    {
        await using var app = await StartAsync();
        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/orders");
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token("orders:read"));
        using var ok = await app.Client.SendAsync(bearer);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        using var keyed = new HttpRequestMessage(HttpMethod.Get, "/orders");
        keyed.Headers.Add("X-API-Key", "k-live-1");
        using var okToo = await app.Client.SendAsync(keyed);
        Assert.Equal(HttpStatusCode.OK, okToo.StatusCode);
    }

    [Fact]
    public async Task No_credentials_is_401_with_every_challenge_and_a_problem_body()
    {
        await using var app = await StartAsync();
        using var response = await app.Client.GetAsync("/orders");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=\"api\", ApiKey realm=\"api\", in=\"header\", name=\"X-API-Key\"",
            string.Join(", ", response.Headers.GetValues("WWW-Authenticate")));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        var root = problem.RootElement;
        Assert.Equal(401, root.GetProperty("status").GetInt32());
        Assert.Equal("https://apifilter.dev/problems/auth.missing", root.GetProperty("type").GetString());
        Assert.Equal("Authentication required", root.GetProperty("title").GetString());
        var first = root.GetProperty("violations")[0];
        Assert.Equal(("auth.missing", "header", ""), (first.GetProperty("code").GetString(), first.GetProperty("in").GetString(), first.GetProperty("pointer").GetString()));
    }

    [Fact]
    public async Task Insufficient_scope_is_403_and_an_expired_token_401()
    {
        await using var app = await StartAsync();
        using var scoped = new HttpRequestMessage(HttpMethod.Get, "/orders");
        scoped.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token("profile"));
        using var forbidden = await app.Client.SendAsync(scoped);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"orders:read\"", forbidden.Headers.GetValues("WWW-Authenticate").Single());
        Assert.Contains("auth.scope", await forbidden.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var token = Token("orders:read", expOffset: -3600);
        using var old = new HttpRequestMessage(HttpMethod.Get, "/orders");
        old.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var expired = await app.Client.SendAsync(old);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal("Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The access token expired\"", expired.Headers.GetValues("WWW-Authenticate").Single());
        var body = await expired.Content.ReadAsStringAsync();
        Assert.Contains("auth.jwt.expired", body, StringComparison.Ordinal);
        Assert.DoesNotContain(token, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_api_key_is_401_and_never_echoed()
    {
        await using var app = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/orders");
        request.Headers.Add("X-API-Key", "k-guessed-42");
        using var response = await app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("ApiKey realm=\"api\", in=\"header\", name=\"X-API-Key\"", response.Headers.GetValues("WWW-Authenticate").Single());
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("auth.apiKey", body, StringComparison.Ordinal);
        Assert.DoesNotContain("k-guessed-42", body, StringComparison.Ordinal);
    }

    private static ApiContract Compile()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Spec));
        return ContractCompiler.Compile(ContractLoader.LoadAsync(stream, "secured.yaml", null).GetAwaiter().GetResult());
    }

    private sealed class App(WebApplication app, HttpClient client) : IAsyncDisposable
    {
        public HttpClient Client { get; } = client;

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task<App> StartAsync()
    {
        var contract = Compile();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddApiFilter(options =>
        {
            options.Policy = FilterPolicy.Default with
            {
                Auth = AuthenticationPolicy.Default with
                {
                    Schemes = new Dictionary<string, AuthSchemeSettings>
                    {
                        ["bearer"] = new JwtBearerSettings
                        {
                            Issuers = ["https://issuer.example"],
                            Audiences = ["orders-api"],
                            Algorithms = [JwsAlgorithm.HS256],
                            Keys = JsonWebKeySet.Create(JsonWebKey.CreateSharedSecret(Secret)),
                        },
                        ["key"] = new ApiKeySettings { Keys = ApiKeyStore.Create("k-live-1") },
                    },
                },
            };
            options.Contract = contract;
        });
        var app = builder.Build();
        app.UseApiFilter();
        app.MapGet("/orders", () => "[]");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new App(app, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) });
    }
}
