using System.IO.Pipelines;
using System.Security.Cryptography;
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
/// A plain minimal-API app on real Kestrel (127.0.0.1, ephemeral port) with UseApiFilter in front
/// of endpoints that hash the body they receive: <c>/hash</c> reads Request.Body, <c>/hash-pipe</c>
/// reads Request.BodyReader.
/// </summary>
internal sealed class HashingApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _invocations;

    private HashingApp(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public int Invocations => Volatile.Read(ref _invocations);

    /// <summary>Everything the app logged at Error or above: unhandled exceptions show up here.</summary>
    public ErrorLogCollector Errors { get; private init; } = null!;

    public static async Task<HashingApp> StartAsync(FilterPolicy? policy = null, bool sizeKestrelBuffers = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var errors = new ErrorLogCollector();
        builder.Logging.AddProvider(errors);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddApiFilter(options =>
        {
            options.Policy = policy ?? FilterPolicy.Default;
            options.SizeKestrelBuffers = sizeKestrelBuffers;
        });
        var app = builder.Build();
        HashingApp? self = null;
        app.UseApiFilter();
        app.MapPost("/hash", async (HttpContext context) =>
        {
            Interlocked.Increment(ref self!._invocations);
            using var sha = SHA256.Create();
            var hash = await sha.ComputeHashAsync(context.Request.Body, context.RequestAborted);
            await context.Response.WriteAsync(Convert.ToHexStringLower(hash));
        });
        app.MapPost("/hash-pipe", async (HttpContext context) =>
        {
            Interlocked.Increment(ref self!._invocations);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var reader = context.Request.BodyReader;
            while (true)
            {
                var result = await reader.ReadAsync(context.RequestAborted);
                foreach (var segment in result.Buffer)
                {
                    hash.AppendData(segment.Span);
                }

                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }

            await context.Response.WriteAsync(Convert.ToHexStringLower(hash.GetHashAndReset()));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
        self = new HashingApp(app, client) { Errors = errors };
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        await _app.DisposeAsync();
    }
}
