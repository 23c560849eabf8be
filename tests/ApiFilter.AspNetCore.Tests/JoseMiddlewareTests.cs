using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ApiFilter.Pipeline;
using ApiFilter.Policy;
using ApiFilter.Signatures;
using ApiFilter.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ApiFilter.AspNetCore.Tests;

/// <summary>
/// The <c>jose</c> policy section on real Kestrel: a JWE order reaches the app as plaintext JSON with its own
/// Content-Type and length, a detached-signed POST passes and an altered one is 400, and a signed response verifies.
/// </summary>
public sealed class JoseMiddlewareTests
{
    private static readonly ECDsa RequestKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private static readonly ECDsa ResponseKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private static readonly byte[] DirectKey = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Order = Encoding.UTF8.GetBytes("{\"sku\": \"A-17\", \"qty\": 3}");

    private static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);

    private static JsonWebKeySet PublicKeys(ECDsa key, string kid)
    {
        var p = key.ExportParameters(false);
        return JsonWebKeySet.Parse(Encoding.UTF8.GetBytes(
            $"{{\"keys\":[{{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"{kid}\",\"x\":\"{B64(p.Q.X!)}\",\"y\":\"{B64(p.Q.Y!)}\"}}]}}"));
    }

    private static FilterPolicy Policy(bool signResponses = false, bool b64 = true, long maxSignedBytes = 1024 * 1024) => FilterPolicy.Default with
    {
        Jose = new JosePolicy
        {
            DetachedSignature = new DetachedSignatureSettings
            {
                Mode = EnforcementMode.Block,
                Keys = PublicKeys(RequestKey, "client-1"),
                Algorithms = [JwsAlgorithm.ES256],
            },
            Decrypt = new JweDecryptSettings
            {
                Mode = EnforcementMode.Block,
                Keys = [JweDecryptionKey.FromSymmetricKey(DirectKey, "dir-1")],
                KeyManagement = [JweKeyManagementAlgorithm.Direct],
                ContentEncryption = [JweContentEncryption.A256Gcm],
            },
            SignResponses = signResponses
                ? new ResponseSigningSettings { Signer = DetachedJwsSigner.ForEcdsa(ResponseKey, "edge-1", b64), MaxBodyBytes = maxSignedBytes }
                : ResponseSigningSettings.Default,
        },
    };

    /// <summary>A compact JWE, "dir" + A256GCM, written from RFC 7516 section 5.1 with the platform's AES-GCM.</summary>
    private static string Encrypt(byte[] plaintext, string header = "{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"kid\":\"dir-1\",\"cty\":\"json\"}")
    {
        var protectedHeader = B64(Encoding.UTF8.GetBytes(header));
        var iv = RandomNumberGenerator.GetBytes(12);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using var gcm = new AesGcm(DirectKey, 16);
        gcm.Encrypt(iv, plaintext, ciphertext, tag, Encoding.ASCII.GetBytes(protectedHeader));
        return protectedHeader + ".." + B64(iv) + "." + B64(ciphertext) + "." + B64(tag);
    }

    private static string SignRequest(byte[] body)
    {
        using var session = DetachedJwsSigner.ForEcdsa(RequestKey, "client-1").BeginSigning();
        session.Append(body);
        return session.Finish();
    }

    [Fact]
    public async Task Jwe_order_reaches_the_app_as_plaintext_json_with_its_content_type()
    {
        await using var app = await EchoApp.StartAsync(Policy());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/echo") { Content = new StringContent(Encrypt(Order)) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/jose");

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Order, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/json", Assert.Single(response.Headers.GetValues("x-received-type")));
        Assert.Equal(Order.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(response.Headers.GetValues("x-received-length")));
    }

    [Fact]
    public async Task Tampered_jwe_is_400_jose_decrypt_and_never_reaches_the_app()
    {
        await using var app = await EchoApp.StartAsync(Policy());
        var parts = Encrypt(Order).Split('.');
        var ciphertext = System.Buffers.Text.Base64Url.DecodeFromChars(parts[3]);
        ciphertext[0] ^= 1;
        parts[3] = B64(ciphertext);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/echo") { Content = new StringContent(string.Join('.', parts)) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/jose");

        using var response = await app.Client.SendAsync(request);

        await AssertProblem(response, ViolationCodes.JoseDecrypt);
        Assert.Equal(0, app.Invocations);
    }

    [Fact]
    public async Task Detached_signed_post_passes_and_an_altered_one_is_400()
    {
        await using var app = await EchoApp.StartAsync(Policy());
        var signature = SignRequest(Order);
        using (var signed = Json(Order, signature))
        {
            using var response = await app.Client.SendAsync(signed);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Order, await response.Content.ReadAsByteArrayAsync());
        }

        var altered = Encoding.UTF8.GetBytes("{\"sku\": \"A-17\", \"qty\": 9}");
        using (var tampered = Json(altered, signature))
        {
            using var response = await app.Client.SendAsync(tampered);
            await AssertProblem(response, ViolationCodes.JoseSignatureInvalid);
        }

        Assert.Equal(1, app.Invocations);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // RFC 7797: the body is signed as is
    public async Task Signed_response_verifies_with_the_detached_body_verifier(bool b64)
    {
        await using var app = await EchoApp.StartAsync(Policy(signResponses: true, b64: b64));
        using var request = Json(Order, SignRequest(Order));

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsByteArrayAsync();
        var jws = Encoding.ASCII.GetBytes(Assert.Single(response.Headers.GetValues("x-jws-signature")));
        var verifier = new JwsVerifier(PublicKeys(ResponseKey, "edge-1"), new JwsVerifierOptions { AllowedAlgorithms = [JwsAlgorithm.ES256] });
        Assert.Equal(TokenValidationStatus.Valid, DetachedJwsBodyVerifier.TryCreate(verifier, jws, out var bodyVerifier));
        using (bodyVerifier)
        {
            bodyVerifier!.Append(body);
            Assert.Equal(TokenValidationStatus.Valid, bodyVerifier.Verify());
        }

        // and not over anything else
        Assert.Equal(TokenValidationStatus.Valid, DetachedJwsBodyVerifier.TryCreate(verifier, jws, out var other));
        using (other)
        {
            other!.Append([.. body, (byte)' ']);
            Assert.Equal(TokenValidationStatus.BadSignature, other.Verify());
        }
    }

    [Fact]
    public async Task Response_over_the_signing_cap_streams_through_unsigned()
    {
        await using var app = await EchoApp.StartAsync(Policy(signResponses: true, maxSignedBytes: 8));
        using var request = Json(Order, SignRequest(Order));

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Order, await response.Content.ReadAsByteArrayAsync());
        Assert.False(response.Headers.Contains("x-jws-signature"));
    }

    private static HttpRequestMessage Json(byte[] body, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/echo") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        request.Headers.Add("x-jws-signature", signature);
        return request;
    }

    private static async Task AssertProblem(HttpResponseMessage response, string code)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(code, problem.RootElement.GetProperty("violations")[0].GetProperty("code").GetString());
    }

    /// <summary>Kestrel with UseApiFilter in front of <c>/echo</c>, which answers with the body, Content-Type and length it received.</summary>
    private sealed class EchoApp : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _invocations;

        private EchoApp(WebApplication app) => _app = app;

        public HttpClient Client { get; private set; } = null!;

        public int Invocations => Volatile.Read(ref _invocations);

        public static async Task<EchoApp> StartAsync(FilterPolicy policy)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Services.AddApiFilter(options => options.Policy = policy);
            var app = builder.Build();
            var self = new EchoApp(app);
            app.UseApiFilter();
            app.MapPost("/echo", async (HttpContext context) =>
            {
                Interlocked.Increment(ref self._invocations);
                using var copy = new MemoryStream();
                await context.Request.Body.CopyToAsync(copy, context.RequestAborted);
                context.Response.Headers["x-received-type"] = context.Request.ContentType;
                context.Response.Headers["x-received-length"] = context.Request.ContentLength?.ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.Response.ContentType = "application/json";
                await context.Response.Body.WriteAsync(copy.ToArray(), context.RequestAborted);
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            self.Client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
            return self;
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await _app.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            await _app.DisposeAsync();
        }
    }
}
