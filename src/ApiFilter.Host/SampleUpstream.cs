using System.Security.Cryptography;
using System.Text.Json;

namespace ApiFilter.Host;

/// <summary>
/// A tiny upstream for demos and smoke tests: <c>GET /health</c> answers <c>ok</c>; any POST
/// (e.g. <c>/orders</c>) answers <c>{"received": bytes, "sha256": "hex", "contentType", "contentEncoding"}</c>
/// about the body exactly as it arrived.
/// </summary>
internal static class SampleUpstream
{
    public static WebApplication Build(string listen)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(listen);
        builder.WebHost.ConfigureKestrel(options => options.Limits.MaxRequestBodySize = ProxyKestrelLimits.PassThroughBodyBytes);
        var app = builder.Build();
        app.MapGet("/health", (RequestDelegate)(context => context.Response.WriteAsync("ok")));
        app.MapPost("/{**path}", (RequestDelegate)EchoAsync);
        return app;
    }

    private static async Task EchoAsync(HttpContext context)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[16 * 1024];
        long received = 0;
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            received += read;
        }

        context.Response.ContentType = "application/json";
        using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        json.WriteStartObject();
        json.WriteNumber("received", received);
        json.WriteString("sha256", Convert.ToHexStringLower(hash.GetHashAndReset()));
        json.WriteString("contentType", context.Request.ContentType);
        json.WriteString("contentEncoding", context.Request.Headers.ContentEncoding.ToString());
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
