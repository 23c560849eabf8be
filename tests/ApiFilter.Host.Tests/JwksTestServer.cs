using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ApiFilter.Host.Tests;

/// <summary>A JWK Set served over HTTPS by a Kestrel inside the test, on loopback, with a certificate of a test root; the set can be switched (key rotation).</summary>
internal sealed class JwksTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private string _document;
    private int _fetches;

    private JwksTestServer(WebApplication app, string document)
    {
        _app = app;
        _document = document;
    }

    public Uri JwksUri { get; private set; } = null!;

    public int Fetches => Volatile.Read(ref _fetches);

    /// <summary>What the next fetch returns.</summary>
    public string Document
    {
        get => Volatile.Read(ref _document);
        set => Volatile.Write(ref _document, value);
    }

    public static async Task<JwksTestServer> StartAsync(X509Certificate2 serverCertificate, string document)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(serverCertificate)));
        var app = builder.Build();
        var self = new JwksTestServer(app, document);
        app.MapGet("/jwks", (HttpContext context) =>
        {
            Interlocked.Increment(ref self._fetches);
            context.Response.Headers.CacheControl = "max-age=300";
            return Results.Text(self.Document, "application/jwk-set+json");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self.JwksUri = new Uri(new Uri(address), "/jwks");
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        await _app.DisposeAsync();
    }
}
