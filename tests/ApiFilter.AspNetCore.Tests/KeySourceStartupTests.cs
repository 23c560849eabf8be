using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using ApiFilter.Contract;
using ApiFilter.Pipeline;
using ApiFilter.Policy;
using ApiFilter.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ApiFilter.AspNetCore.Tests;

/// <summary><c>AddApiFilter</c> loads the filter's key sources when the host starts, before the server takes requests.</summary>
public sealed class KeySourceStartupTests : IDisposable
{
    private const string Spec = """
        openapi: 3.1.0
        info: { title: secured, version: '1' }
        security: [ { bearer: [] } ]
        components:
          securitySchemes:
            bearer: { type: http, scheme: bearer }
        paths:
          /orders:
            get:
              responses: { '200': { description: ok } }
        """;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("apifilter-key-source-");
    private readonly RSA _key = RSA.Create(2048);

    public void Dispose()
    {
        _key.Dispose();
        _dir.Delete(recursive: true);
    }

    private static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);

    [Fact]
    public async Task The_jwks_file_is_loaded_before_the_first_request_and_verifies_tokens()
    {
        var p = _key.ExportParameters(false);
        var jwks = Path.Combine(_dir.FullName, "jwks.json");
        File.WriteAllText(jwks, $"{{\"keys\":[{{\"kty\":\"RSA\",\"kid\":\"k1\",\"n\":\"{B64(p.Modulus!)}\",\"e\":\"{B64(p.Exponent!)}\"}}]}}");
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Spec));
        var contract = ContractCompiler.Compile(await ContractLoader.LoadAsync(stream, "secured.yaml", null));
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
                            Algorithms = [JwsAlgorithm.RS256],
                            // no unknown-kid wait: only the start-up load can make the first request pass
                            KeySource = new JsonWebKeySourceOptions { File = jwks, UnknownKeyWait = TimeSpan.Zero },
                        },
                    },
                },
            };
            options.Contract = contract;
        });
        await using var app = builder.Build();
        app.UseApiFilter();
        app.MapGet("/orders", () => "[]");
        await app.StartAsync();

        var source = app.Services.GetRequiredService<RequestFilter>().KeySources["bearer"];
        Assert.Equal(1, source.Status.KeyCount);
        Assert.NotNull(source.Status.LastSuccess);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
        var exp = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 600;
        var input = B64(Encoding.UTF8.GetBytes("{\"alg\":\"RS256\",\"kid\":\"k1\"}")) + "."
            + B64(Encoding.UTF8.GetBytes($"{{\"iss\":\"https://issuer.example\",\"aud\":\"orders-api\",\"exp\":{exp}}}"));
        var token = input + "." + B64(_key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/orders");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await app.StopAsync();
    }
}
