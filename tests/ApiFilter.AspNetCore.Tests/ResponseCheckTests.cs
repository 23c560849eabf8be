using System.Net;
using System.Text;
using System.Text.Json;
using ApiFilter.Contract;
using ApiFilter.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ApiFilter.AspNetCore.Tests;

/// <summary>
/// Responses of a real Kestrel app are judged against the operation the request was routed to:
/// in Block mode a response that breaks the contract is replaced by a 502 problem, in Report mode
/// it reaches the client unchanged. Expectations follow from the contract below.
/// </summary>
public sealed class ResponseCheckTests
{
    private const string Spec = """
        openapi: 3.1.0
        info: {title: pets, version: '1'}
        paths:
          /pets/{id}:
            get:
              parameters:
                - {name: id, in: path, required: true, schema: {type: integer}}
              responses:
                '200':
                  description: a pet
                  headers:
                    X-Rate-Remaining: {required: true, schema: {type: integer}}
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [id, name]
                        additionalProperties: false
                        properties:
                          id: {type: integer}
                          name: {type: string, maxLength: 20}
                          secret: {type: string, writeOnly: true}
                '404': {description: no such pet}
        """;

    [Theory]
    [InlineData(1, HttpStatusCode.OK, null)] // valid
    [InlineData(2, HttpStatusCode.BadGateway, "response.body")] // name too long
    [InlineData(3, HttpStatusCode.BadGateway, "response.body")] // a writeOnly property in a response
    [InlineData(4, HttpStatusCode.BadGateway, "response.status")] // 500 is not declared
    [InlineData(5, HttpStatusCode.BadGateway, "response.mediaType")] // text/html is not declared
    [InlineData(6, HttpStatusCode.BadGateway, "response.header")] // the required header is missing
    [InlineData(7, HttpStatusCode.NotFound, null)] // declared without content
    [InlineData(8, HttpStatusCode.BadGateway, "response.header")] // the header is not an integer
    public async Task Block_mode_replaces_responses_that_break_the_contract(int id, HttpStatusCode expected, string? code)
    {
        await using var app = await StartAsync(EnforcementMode.Block);
        using var response = await app.Client.GetAsync($"/pets/{id}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(expected, response.StatusCode);
        if (code is not null)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(Encoding.UTF8.GetBytes(body));
            var violations = problem.RootElement.GetProperty("violations");
            Assert.Equal(code, violations[0].GetProperty("code").GetString());
            Assert.Equal("response", violations[0].GetProperty("in").GetString());
        }
        else if (expected == HttpStatusCode.OK)
        {
            Assert.Equal("{\"id\":1,\"name\":\"Rex\"}", body);
        }
    }

    [Fact]
    public async Task Block_mode_names_the_schema_violation_after_the_response_code()
    {
        await using var app = await StartAsync(EnforcementMode.Block);
        using var response = await app.Client.GetAsync("/pets/3");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        var violations = problem.RootElement.GetProperty("violations");
        Assert.Equal("response.body", violations[0].GetProperty("code").GetString());
        Assert.Equal("schema.writeOnly", violations[1].GetProperty("code").GetString());
        Assert.Equal("/secret", violations[1].GetProperty("pointer").GetString());
    }

    [Fact]
    public async Task A_header_that_breaks_its_schema_is_named()
    {
        await using var app = await StartAsync(EnforcementMode.Block);
        using var response = await app.Client.GetAsync("/pets/8");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        var violations = problem.RootElement.GetProperty("violations");
        Assert.Equal("response.header", violations[0].GetProperty("code").GetString());
        Assert.Equal(("schema.type", "/X-Rate-Remaining"), (violations[1].GetProperty("code").GetString(), violations[1].GetProperty("pointer").GetString()));
    }

    [Fact]
    public async Task Report_mode_lets_the_response_through_unchanged()
    {
        await using var app = await StartAsync(EnforcementMode.Report);
        using var response = await app.Client.GetAsync("/pets/2");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"id\":2,\"name\":\"" + new string('x', 30) + "\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_CORS_preflight_reaches_the_app_and_its_answer_is_not_judged_as_an_operation_response()
    {
        await using var app = await StartAsync(EnforcementMode.Block);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/pets/1");
        preflight.Headers.Add("Origin", "https://shop.example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        using var response = await app.Client.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("https://shop.example.com", response.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var plain = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/pets/1"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, plain.StatusCode);
        Assert.Equal("GET", string.Join(",", plain.Content.Headers.Allow));
    }

    private static readonly Lazy<ApiContract> Contract = new(() =>
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Spec));
        return ContractCompiler.Compile(ContractLoader.LoadAsync(stream, "pets.yaml", null).GetAwaiter().GetResult());
    });

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

    private static async Task<App> StartAsync(EnforcementMode mode)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddApiFilter(options =>
        {
            options.Policy = FilterPolicy.Default with { Contract = ContractPolicy.Default with { Responses = mode } };
            options.Contract = Contract.Value;
        });
        var app = builder.Build();
        app.UseApiFilter();
        app.MapMethods("/pets/{id:int}", ["OPTIONS"], (HttpContext context) =>
        {
            context.Response.Headers["Access-Control-Allow-Origin"] = context.Request.Headers.Origin.ToString();
            context.Response.StatusCode = 204;
        });
        app.MapGet("/pets/{id:int}", async (HttpContext context, int id) =>
        {
            var response = context.Response;
            if (id != 6)
            {
                response.Headers["X-Rate-Remaining"] = id == 8 ? "lots" : "99";
            }

            switch (id)
            {
                case 4:
                    response.StatusCode = 500;
                    return;
                case 5:
                    response.ContentType = "text/html";
                    await response.WriteAsync("<p>Rex</p>");
                    return;
                case 7:
                    response.StatusCode = 404;
                    return;
            }

            response.ContentType = "application/json";
            var json = id switch
            {
                2 => "{\"id\":2,\"name\":\"" + new string('x', 30) + "\"}",
                3 => "{\"id\":3,\"name\":\"Rex\",\"secret\":\"hunter2\"}",
                _ => "{\"id\":" + id + ",\"name\":\"Rex\"}",
            };
            // two writes: the response is judged whole, however the app writes it
            await response.WriteAsync(json[..5]);
            await response.WriteAsync(json[5..]);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new App(app, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) });
    }
}
