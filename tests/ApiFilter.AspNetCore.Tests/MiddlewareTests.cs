using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ApiFilter.Json;
using ApiFilter.Pipeline;
using ApiFilter.Policy;

namespace ApiFilter.AspNetCore.Tests;

public class MiddlewareTests
{
    private static string Sha256(byte[] body) => Convert.ToHexStringLower(SHA256.HashData(body));

    private static ByteArrayContent Body(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] OrderJson(int lines) =>
        Utf8("{\"id\": 42, \"lines\": [" + string.Join(", ", Enumerable.Range(0, lines).Select(i => $"{{\"sku\": \"S-{i}\", \"qty\": {i % 7}}}")) + "]}");

    [Theory]
    [InlineData("/hash")]
    [InlineData("/hash-pipe")]
    public async Task Allowed_json_arrives_byte_identical(string path)
    {
        await using var app = await HashingApp.StartAsync();
        var body = OrderJson(3000);

        using var response = await app.Client.PostAsync(path, Body(body, "application/json; charset=utf-8"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Sha256(body), await response.Content.ReadAsStringAsync());
        Assert.Equal(1, app.Invocations);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Body_far_above_kestrels_default_request_buffer_is_judged_and_arrives_whole(bool sizeKestrelBuffers)
    {
        // 8 MiB, eight times Kestrel's default 1 MiB MaxRequestBufferSize. The filter examines every
        // byte but consumes none until the verdict. Without sizing this still must not stall: pipe
        // back-pressure counts unexamined bytes (see KestrelBufferSizing).
        var limits = JsonThreatLimits.Default with { MaxBodyBytes = 8 * 1024 * 1024 };
        await using var app = await HashingApp.StartAsync(FilterPolicy.Default with { Json = limits }, sizeKestrelBuffers);
        var item = ",\"" + new string('y', 60_000) + "\"";
        var body = Utf8("[0" + string.Concat(Enumerable.Repeat(item, 138)) + "]");
        Assert.InRange(body.Length, 8_000_000, limits.MaxBodyBytes);

        using var response = await app.Client.PostAsync("/hash", Body(body, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Sha256(body), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unjudged_media_type_passes_unchanged()
    {
        await using var app = await HashingApp.StartAsync();
        var body = Utf8("{{{{ not json at all, but text/plain");

        using var response = await app.Client.PostAsync("/hash", Body(body, "text/plain"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Sha256(body), await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, byte[], int, string> Refusals => new()
    {
        { "application/json", Utf8(new string('[', 100) + new string(']', 100)), 400, ViolationCodes.JsonDepth },
        { "application/json", Utf8("{\"id\": 42,,}"), 400, ViolationCodes.JsonSyntax },
        { "application/vnd.order+json", Utf8("{\"id\": "), 400, ViolationCodes.JsonSyntax },
        { "application/xml", Utf8("<!DOCTYPE order [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><order>&x;</order>"), 400, ViolationCodes.XmlDtd },
        { "application/json", Utf8("[\"" + new string('a', 2 * 1024 * 1024) + "\"]"), 413, ViolationCodes.JsonSize },
        { "application/json; charset=iso-8859-1", Utf8("{}"), 415, ViolationCodes.BodyCharset },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refusal_is_problem_json_and_never_reaches_the_endpoint(string contentType, byte[] body, int status, string code)
    {
        await using var app = await HashingApp.StartAsync();

        using var response = await app.Client.PostAsync("/hash", Body(body, contentType));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        var root = problem.RootElement;
        Assert.Equal("https://apifilter.dev/problems/" + code, root.GetProperty("type").GetString());
        Assert.Equal(status, root.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(root.GetProperty("detail").GetString()));
        Assert.Equal("/hash", root.GetProperty("instance").GetString());
        var first = root.GetProperty("violations")[0];
        Assert.Equal(code, first.GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.String, first.GetProperty("pointer").ValueKind);
        Assert.False(string.IsNullOrEmpty(first.GetProperty("message").GetString()));
        Assert.Equal(0, app.Invocations);
    }

    [Fact]
    public async Task Encoding_not_allowed_is_415_and_allowed_gzip_arrives_still_encoded()
    {
        var json = OrderJson(200);
        byte[] gzipped;
        using (var output = new MemoryStream())
        {
            using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(json);
            }

            gzipped = output.ToArray();
        }

        await using (var refusing = await HashingApp.StartAsync())
        {
            var content = Body(gzipped, "application/json");
            content.Headers.ContentEncoding.Add("gzip");
            using var refused = await refusing.Client.PostAsync("/hash", content);
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
            Assert.Contains(ViolationCodes.BodyEncoding, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(0, refusing.Invocations);
        }

        await using var allowing = await HashingApp.StartAsync(FilterPolicy.Default with { ContentEncodings = ContentCodings.Gzip });
        var allowedContent = Body(gzipped, "application/json");
        allowedContent.Headers.ContentEncoding.Add("gzip");
        using var allowed = await allowing.Client.PostAsync("/hash", allowedContent);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(Sha256(gzipped), await allowed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Many_concurrent_requests_each_get_their_own_body()
    {
        await using var app = await HashingApp.StartAsync();
        var bodies = Enumerable.Range(0, 40).Select(i => OrderJson(50 + i * 37)).ToArray();

        var responses = await Task.WhenAll(bodies.Select(async body =>
        {
            using var response = await app.Client.PostAsync("/hash", Body(body, "application/json"));
            return await response.Content.ReadAsStringAsync();
        }));

        for (var i = 0; i < bodies.Length; i++)
        {
            Assert.Equal(Sha256(bodies[i]), responses[i]);
        }
    }

    [Fact]
    public void Problem_document_lists_every_violation()
    {
        var verdict = Verdict.Refuse(400,
            new Violation(ViolationCodes.JsonDepth, "/a/0", "too deep", 12),
            new Violation(ViolationCodes.JsonSyntax, "", "bad"));

        using var problem = JsonDocument.Parse(ProblemDetailsWriter.Serialize(verdict, "/orders"));

        var violations = problem.RootElement.GetProperty("violations");
        Assert.Equal(2, violations.GetArrayLength());
        Assert.Equal("/a/0", violations[0].GetProperty("pointer").GetString());
        Assert.Equal(12, violations[0].GetProperty("offset").GetInt64());
        Assert.False(violations[1].TryGetProperty("offset", out _));
        Assert.Equal("too deep", problem.RootElement.GetProperty("detail").GetString());
    }
}
