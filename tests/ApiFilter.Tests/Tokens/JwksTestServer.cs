using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ApiFilter.Tests.Tokens;

/// <summary>
/// A real Kestrel issuer on loopback with real TLS (a self-signed certificate made for the test): serves a JWK Set
/// at /jwks and metadata at the OpenID Connect and RFC 8414 well-known paths, and counts the requests.
/// </summary>
internal sealed class JwksTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _jwksRequests;
    private int _metadataRequests;
    private bool _stopped;

    private JwksTestServer(WebApplication app, X509Certificate2 certificate, Uri address, string caFile)
    {
        _app = app;
        Certificate = certificate;
        Address = address;
        CaFile = caFile;
    }

    /// <summary>The base address, https://127.0.0.1:port (no trailing slash).</summary>
    public Uri Address { get; }

    public string Issuer => Address.GetLeftPart(UriPartial.Authority);

    public Uri JwksUri => new(Address, "/jwks");

    /// <summary>A PEM file holding the server's certificate, for the source's extra-trust option.</summary>
    public string CaFile { get; }

    public X509Certificate2 Certificate { get; }

    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    public int MetadataRequests => Volatile.Read(ref _metadataRequests);

    public volatile string? LastMetadataPath;

    public volatile string Jwks = "{\"keys\":[]}";

    public volatile string? CacheControl;

    public volatile int StatusCode = 200;

    /// <summary>The metadata's "issuer"; null means the server's own <see cref="Issuer"/>.</summary>
    public volatile string? MetadataIssuer;

    /// <summary>The metadata's "jwks_uri"; null means <see cref="JwksUri"/>.</summary>
    public volatile string? MetadataJwksUri;

    public volatile bool SendContentLength = true;

    public TimeSpan Delay { get; set; }

    /// <summary>Makes a self-signed server certificate for the given names (ECDSA P-256, server-auth usage).</summary>
    public static X509Certificate2 CreateCertificate(string dnsName = "localhost", bool withLoopbackAddress = true)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + dnsName, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        if (withLoopbackAddress)
        {
            names.AddIpAddress(IPAddress.Loopback);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, false));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }

    /// <summary>Starts the issuer: over TLS with <paramref name="certificate"/> (a fresh one when null), or over plain http when <paramref name="plainHttp"/>.</summary>
    public static async Task<JwksTestServer> StartAsync(X509Certificate2? certificate = null, bool plainHttp = false)
    {
        certificate ??= CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        X509Certificate2 serverCertificate = certificate;
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (!plainHttp)
            {
                listen.UseHttps(serverCertificate);
            }
        }));
        WebApplication app = builder.Build();
        JwksTestServer? self = null;
        app.Run(context => self!.HandleAsync(context));
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        string caFile = Path.Combine(Path.GetTempPath(), "jwks-ca-" + Guid.NewGuid().ToString("N") + ".pem");
        await File.WriteAllTextAsync(caFile, certificate.ExportCertificatePem());
        self = new JwksTestServer(app, certificate, new Uri(address.TrimEnd('/')), caFile);
        return self;
    }

    /// <summary>Stops the listener: connections are then refused.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
        File.Delete(CaFile);
    }

    private async Task HandleAsync(HttpContext context)
    {
        string path = context.Request.Path.Value ?? "";
        string body;
        if (path == "/jwks")
        {
            Interlocked.Increment(ref _jwksRequests);
            body = Jwks;
        }
        else if (path.EndsWith("/.well-known/openid-configuration", StringComparison.Ordinal) || path.StartsWith("/.well-known/oauth-authorization-server", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _metadataRequests);
            LastMetadataPath = path;
            body = "{\"issuer\":\"" + (MetadataIssuer ?? Issuer) + "\",\"jwks_uri\":\"" + (MetadataJwksUri ?? JwksUri.ToString())
                + "\",\"response_types_supported\":[\"code\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}";
        }
        else
        {
            context.Response.StatusCode = 404;
            return;
        }

        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }

        int statusCode = StatusCode;
        context.Response.StatusCode = statusCode;
        if (statusCode is >= 300 and < 400)
        {
            // Points back at the same document: a client that followed it would get the keys.
            context.Response.Headers.Location = JwksUri.ToString();
            StatusCode = 200;
        }

        context.Response.ContentType = "application/json";
        if (CacheControl is { } cacheControl)
        {
            context.Response.Headers.CacheControl = cacheControl;
        }

        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(body);
        if (SendContentLength)
        {
            context.Response.ContentLength = bytes.Length;
        }

        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
