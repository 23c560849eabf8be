using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ApiFilter.Host.Tests;

/// <summary>The host's command line, policy files and upstream failures, each with its own process.</summary>
public sealed class HostCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("apifilter-host-tests-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string WritePolicy(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Bad_policy_file_exits_with_2_naming_the_key()
    {
        var policy = WritePolicy("policy.yaml", "json:\n  maxDepth: deep\n");
        using var host = HostProcess.Start("serve", "--upstream", "http://127.0.0.1:9", "--listen", "http://127.0.0.1:0", "--policy", policy);

        var exitCode = await host.WaitForExitAsync();

        Assert.Equal(2, exitCode);
        Assert.Contains("policy.yaml: json.maxDepth: expected a positive integer, got \"deep\"", host.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("listening on", host.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_policy_file_exits_with_2()
    {
        using var host = HostProcess.Start("serve", "--upstream", "http://127.0.0.1:9", "--policy", Path.Combine(_dir.FullName, "absent.yaml"));

        Assert.Equal(2, await host.WaitForExitAsync());
        Assert.Contains("absent.yaml", host.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("serve", "--upstream", "not a url")]
    [InlineData("serve", "--upstream", "ftp://example.com/")]
    [InlineData("serve", "--upstream", "http://127.0.0.1:9", "--listen", "nowhere")]
    [InlineData("serve", "--upstream", "http://127.0.0.1:9", "--bogus")]
    [InlineData("launch")]
    public async Task Bad_arguments_exit_with_2(params string[] arguments)
    {
        using var host = HostProcess.Start(arguments);

        Assert.Equal(2, await host.WaitForExitAsync());
        Assert.False(string.IsNullOrWhiteSpace(host.Stderr));
    }

    [Fact]
    public async Task Unreachable_upstream_is_a_502_problem()
    {
        // a port that was just free: nothing listens there
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var (host, address) = await HostProcess.ServeAsync(new Uri($"http://127.0.0.1:{port}"));
        using var _ = host;
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };

        using var response = await client.PostAsync("/orders", new StringContent("{\"id\":1}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("upstream.unavailable", problem.RootElement.GetProperty("violations")[0].GetProperty("code").GetString());
        Assert.Equal(502, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Gzip_allowed_by_policy_is_forwarded_byte_identical_with_its_header()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var policy = WritePolicy("gzip.json", "{\"contentEncodings\": [\"gzip\"], \"json\": {\"maxDepth\": 16}}");
        var (host, address) = await HostProcess.ServeAsync(upstream.Address, policy);
        using var _ = host;
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        var json = Encoding.UTF8.GetBytes("{\"id\": 5, \"lines\": [" + string.Join(',', Enumerable.Range(0, 3000)) + "]}");
        var gzipped = ProxyTests.Gzip(json);

        var content = new ByteArrayContent(gzipped);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await client.PostAsync("/orders", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(gzipped)), await response.Content.ReadAsStringAsync());
        var received = Assert.Single(upstream.Received);
        Assert.Equal("gzip", received.ContentEncoding);
        Assert.Equal(gzipped.Length, received.Length);

        // the policy's own depth limit applies to the decoded body
        var deep = new ByteArrayContent(ProxyTests.Gzip(Encoding.UTF8.GetBytes(new string('[', 20) + new string(']', 20))));
        deep.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        deep.Headers.ContentEncoding.Add("gzip");
        using var refused = await client.PostAsync("/orders", deep);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("json.depth", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, upstream.Requests);
    }

    [Fact]
    public async Task Demo_prints_examples_that_behave_as_described()
    {
        using var demo = HostProcess.Start("demo", "--listen", "http://127.0.0.1:0");
        var address = await demo.WaitForLineAsync(@"filter listening on (http://\S+?),");
        await demo.WaitForLineAsync("xml.dtd");
        var token = await demo.WaitForLineAsync(@"^export TOKEN='([^']+)'$");
        using var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };

        using var anonymous = await client.PostAsync("/orders", new StringContent("{\"items\":[{\"sku\":\"A-1\",\"qty\":2}]}", Encoding.UTF8, "application/json"));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var allowed = await client.PostAsync("/orders", new StringContent("{\"items\":[{\"sku\":\"A-1\",\"qty\":2}]}", Encoding.UTF8, "application/json"));
        var echo = await allowed.Content.ReadAsStringAsync();
        using var deep = await client.PostAsync("/orders", new StringContent(new string('[', 65) + new string(']', 65), Encoding.UTF8, "application/json"));
        using var dtd = await client.PostAsync("/orders", new StringContent("<!DOCTYPE order [<!ENTITY x \"boom\">]><order>&x;</order>", Encoding.UTF8, "application/xml"));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", Assert.Single(anonymous.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("\"sha256\"", echo, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, deep.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, dtd.StatusCode);
        Assert.Contains("curl -i -X POST", demo.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contract_that_cannot_be_enforced_stops_the_host_with_every_problem()
    {
        // two problems: two operations declare a path parameter their template does not have
        var spec = WritePolicy("broken.yaml", """
            openapi: 3.1.0
            info: {title: broken, version: '1'}
            paths:
              /items:
                get:
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: string}}
                  responses:
                    '200': {description: ok}
              /users:
                get:
                  parameters:
                    - {name: userId, in: path, required: true, schema: {type: string}}
                  responses:
                    '200': {description: ok}
            """);
        using var host = HostProcess.Start("serve", "--upstream", "http://127.0.0.1:9", "--listen", "http://127.0.0.1:0", "--spec", spec);

        var exitCode = await host.WaitForExitAsync();

        Assert.Equal(2, exitCode);
        Assert.Contains("(2 problems)", host.Stderr, StringComparison.Ordinal);
        Assert.Contains("broken.yaml: /paths/~1items/get/parameters/0", host.Stderr, StringComparison.Ordinal);
        Assert.Contains("broken.yaml: /paths/~1users/get/parameters/0", host.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("listening on", host.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_pattern_that_is_not_ECMA_262_stops_the_host()
    {
        var spec = WritePolicy("pattern.yaml", """
            openapi: 3.1.0
            info: {title: pattern, version: '1'}
            paths:
              /items:
                post:
                  requestBody:
                    content:
                      application/json:
                        schema: {type: string, pattern: '(?<=a'}
                  responses:
                    '200': {description: ok}
            """);
        using var host = HostProcess.Start("serve", "--upstream", "http://127.0.0.1:9", "--listen", "http://127.0.0.1:0", "--spec", spec);

        var exitCode = await host.WaitForExitAsync();

        Assert.Equal(2, exitCode);
        Assert.Contains("pattern.yaml: /paths/~1items/post/requestBody/content/application~1json/schema/pattern", host.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("listening on", host.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_a_spec_refuses_what_the_contract_does_not_declare_and_forwards_the_rest()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var spec = WritePolicy("orders.yaml", """
            openapi: 3.0.3
            info: {title: orders, version: '1'}
            paths:
              /orders:
                post:
                  requestBody:
                    required: true
                    content:
                      application/json:
                        schema:
                          type: object
                          required: [id]
                          properties:
                            id: {type: integer, minimum: 1}
                  responses:
                    '200': {description: ok}
            """);
        var (host, address) = await HostProcess.ServeAsync(upstream.Address, specPath: spec);
        using var _ = host;
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };

        using var allowed = await client.PostAsync("/orders", new StringContent("{\"id\":7}", Encoding.UTF8, "application/json"));
        using var invalid = await client.PostAsync("/orders", new StringContent("{\"id\":0}", Encoding.UTF8, "application/json"));
        using var unknown = await client.GetAsync("/admin");
        using var method = await client.GetAsync("/orders");

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        using (var problem = JsonDocument.Parse(await invalid.Content.ReadAsByteArrayAsync()))
        {
            var violation = problem.RootElement.GetProperty("violations")[0];
            Assert.Equal("schema.minimum", violation.GetProperty("code").GetString());
            Assert.Equal("body", violation.GetProperty("in").GetString());
            Assert.Equal("/id", violation.GetProperty("pointer").GetString());
            Assert.Equal("/paths/~1orders/post/requestBody/content/application~1json/schema/properties/id/minimum",
                violation.GetProperty("schemaLocation").GetString());
        }

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, method.StatusCode);
        Assert.Equal(["POST"], method.Content.Headers.Allow);
        Assert.Equal(1, upstream.Requests);
        Assert.Contains("orders.yaml: 1 operations compiled", host.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_without_a_spec_says_no_contract_is_enforced()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var (host, _) = await HostProcess.ServeAsync(upstream.Address);
        using var _ = host;
        Assert.Contains("no --spec given: threat limits only", host.Stdout, StringComparison.Ordinal);
    }
}
