using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ApiFilter.Pipeline;
using ApiFilter.Policy;
using ApiFilter.Signatures;

namespace ApiFilter.AspNetCore.Tests;

/// <summary>
/// RFC 9421 signatures and RFC 9530 digests on real Kestrel: a signed POST reaches the app byte for
/// byte, a body changed after signing is refused with problem+json before the app runs.
/// </summary>
public sealed class MessageIntegrityMiddlewareTests
{
    private const string KeyId = "client-2026";

    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(32);

    private static readonly string[] Covered = ["@method", "@target-uri", "content-digest"];

    private static FilterPolicy Policy()
    {
        var keys = new MessageSignatureKeyStore();
        keys.Add(KeyId, MessageSignatureKey.FromSharedSecret(Secret));
        return FilterPolicy.Default with
        {
            Signatures = new SignaturePolicy { Mode = EnforcementMode.Block, Keys = keys, Components = Covered },
        };
    }

    private static string ContentDigest(byte[] content) => "sha-256=:" + Convert.ToBase64String(SHA256.HashData(content)) + ":";

    /// <summary>A POST to <paramref name="target"/> signed (hmac-sha256) over method, target URI and the Content-Digest of <paramref name="signedBody"/>, carrying <paramref name="sentBody"/>.</summary>
    private static HttpRequestMessage Signed(Uri target, byte[] signedBody, byte[] sentBody, string contentType = "application/json")
    {
        var digest = ContentDigest(signedBody);
        var parameters = $"(\"@method\" \"@target-uri\" \"content-digest\");created={DateTimeOffset.UtcNow.ToUnixTimeSeconds()};keyid=\"{KeyId}\";alg=\"hmac-sha256\"";
        var signatureBase = $"\"@method\": POST\n\"@target-uri\": {target}\n\"content-digest\": {digest}\n\"@signature-params\": {parameters}";
        var mac = HMACSHA256.HashData(Secret, Encoding.ASCII.GetBytes(signatureBase));
        var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(sentBody) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        Assert.True(request.Headers.TryAddWithoutValidation("Content-Digest", digest));
        Assert.True(request.Headers.TryAddWithoutValidation("Signature-Input", "sig1=" + parameters));
        Assert.True(request.Headers.TryAddWithoutValidation("Signature", "sig1=:" + Convert.ToBase64String(mac) + ":"));
        return request;
    }

    private static byte[] Json() => Encoding.UTF8.GetBytes("{\"order\": 7, \"lines\": [" + string.Join(", ", Enumerable.Range(0, 2000).Select(i => $"{{\"sku\": \"S-{i}\"}}")) + "]}");

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/octet-stream")]
    public async Task Signed_post_with_content_digest_reaches_the_app_intact(string contentType)
    {
        await using var app = await HashingApp.StartAsync(Policy());
        var body = Json();
        using var request = Signed(new Uri(app.Client.BaseAddress!, "/hash"), body, body, contentType);

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(body)), await response.Content.ReadAsStringAsync());
        Assert.Equal(1, app.Invocations);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/octet-stream")]
    public async Task Body_altered_after_signing_is_400_digest_mismatch(string contentType)
    {
        await using var app = await HashingApp.StartAsync(Policy());
        var signed = Json();
        var altered = (byte[])signed.Clone();
        var seven = Array.IndexOf(altered, (byte)'7');
        altered[seven] = (byte)'8'; // {"order": 8, ...: still valid JSON, another order
        using var request = Signed(new Uri(app.Client.BaseAddress!, "/hash"), signed, altered, contentType);

        using var response = await app.Client.SendAsync(request);

        await AssertProblem(response, ViolationCodes.DigestMismatch);
        Assert.Equal(0, app.Invocations);
    }

    [Fact]
    public async Task Unsigned_or_tampered_requests_are_refused_before_the_body_is_read()
    {
        await using var app = await HashingApp.StartAsync(Policy());
        var body = Json();
        using (var unsigned = new HttpRequestMessage(HttpMethod.Post, "/hash") { Content = new ByteArrayContent(body) })
        {
            unsigned.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
            using var response = await app.Client.SendAsync(unsigned);
            await AssertProblem(response, ViolationCodes.SignatureMissing);
            // an RFC 9421 signature is not an HTTP authentication scheme: no WWW-Authenticate
            Assert.Empty(response.Headers.WwwAuthenticate);
            // RFC 9421 section 5.1: the refusal says what to sign
            Assert.Equal("sig1=(\"@method\" \"@target-uri\" \"content-digest\");created", Assert.Single(response.Headers.GetValues("Accept-Signature")));
        }

        // signed for another path
        using (var moved = Signed(new Uri(app.Client.BaseAddress!, "/hash-pipe"), body, body))
        {
            moved.RequestUri = new Uri(app.Client.BaseAddress!, "/hash");
            using var response = await app.Client.SendAsync(moved);
            await AssertProblem(response, ViolationCodes.SignatureInvalid);
        }

        Assert.Equal(0, app.Invocations);
    }

    private static async Task AssertProblem(HttpResponseMessage response, string code)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        var root = problem.RootElement;
        Assert.Equal("https://apifilter.dev/problems/" + code, root.GetProperty("type").GetString());
        Assert.Equal(400, root.GetProperty("status").GetInt32());
        Assert.Equal("/hash", root.GetProperty("instance").GetString());
        Assert.Equal(code, root.GetProperty("violations")[0].GetProperty("code").GetString());
    }
}
