using System.CommandLine;
using ApiFilter.Contract;

namespace ApiFilter.Host;

internal static class Program
{
    private const string DefaultListen = "http://127.0.0.1:8080";

    private static async Task<int> Main(string[] args)
    {
        var root = BuildCommands();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"apifilter: {error.Message}");
            }

            await Console.Error.WriteLineAsync("Run 'apifilter --help' for usage.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync();
    }

    internal static RootCommand BuildCommands()
    {
        var upstream = new Option<string>("--upstream") { Description = "Upstream base URL requests are forwarded to, e.g. http://127.0.0.1:5000", Required = true };
        var listen = new Option<string>("--listen") { Description = "URL to listen on (port 0 picks a free port)", DefaultValueFactory = _ => DefaultListen };
        var policy = new Option<string?>("--policy") { Description = "Policy file (.json, or YAML otherwise)" };
        var spec = new Option<string?>("--spec")
        {
            Description = "OpenAPI 2.0/3.0/3.1 contract (JSON or YAML) to enforce; without it only threat limits are checked",
        };

        var tlsCertificate = new Option<string?>("--tls-certificate") { Description = "Server certificate for an https --listen URL: PEM (with --tls-key, or a PEM holding the key) or PKCS#12 (.pfx/.p12)" };
        var tlsKey = new Option<string?>("--tls-key") { Description = "PEM private key of --tls-certificate" };
        var clientCertificate = new Option<string?>("--client-certificate") { Description = "Client certificates in the TLS handshake: none (default), allow or require (mTLS; certificate-bound tokens, RFC 8705)" };
        var clientCa = new Option<string?>("--client-ca") { Description = "PEM root certificate(s) client certificates must chain to; without it any client certificate is accepted and bound by its hash" };

        var serve = new Command("serve", "Run the filtering reverse proxy in front of an upstream API")
        {
            upstream, listen, policy, spec, tlsCertificate, tlsKey, clientCertificate, clientCa,
        };
        serve.SetAction((result, cancellation) =>
        {
            var listenValue = result.GetValue(listen)!;
            return ProxyTls.TryLoad(listenValue, result.GetValue(tlsCertificate), result.GetValue(tlsKey), result.GetValue(clientCertificate), result.GetValue(clientCa), out var tls)
                ? ServeAsync(result.GetValue(upstream)!, listenValue, result.GetValue(policy), result.GetValue(spec), tls, cancellation)
                : Task.FromResult(ExitCodes.Usage);
        });

        var demoListen = new Option<string>("--listen") { Description = "URL the filter listens on", DefaultValueFactory = _ => DefaultListen };
        var demoPolicy = new Option<string?>("--policy") { Description = "Policy file (.json, or YAML otherwise)" };
        var demo = new Command("demo", "Run the filter in front of a built-in sample upstream and print curl examples") { demoListen, demoPolicy };
        demo.SetAction((result, cancellation) => DemoAsync(result.GetValue(demoListen)!, result.GetValue(demoPolicy), cancellation));

        var upstreamListen = new Option<string>("--listen") { Description = "URL the sample upstream listens on", DefaultValueFactory = _ => "http://127.0.0.1:8081" };
        var sampleUpstream = new Command("sample-upstream", "Run only the sample upstream: the demo store API (products, orders) and, for any other POST, an echo of size and SHA-256")
        {
            upstreamListen,
        };
        sampleUpstream.Hidden = true;
        sampleUpstream.SetAction((result, cancellation) => SampleUpstreamAsync(result.GetValue(upstreamListen)!, cancellation));

        return new RootCommand("apifilter: an API security edge filter in front of an HTTP API: OpenAPI contract enforcement and JSON/XML threat limits")
        {
            serve, demo, sampleUpstream, ValidateCommand.Build(), HashCommands.HashKey(), HashCommands.HashPassword(),
        };
    }

    private static async Task<int> ServeAsync(string upstreamValue, string listen, string? policyPath, string? specPath, ProxyTls? tls, CancellationToken cancellation)
    {
        if (!StartupCheck.TryParseHttpUrl(upstreamValue, "--upstream", out var upstream)
            || !StartupCheck.TryParseHttpUrl(listen, "--listen", out _)
            || !StartupCheck.TryLoadPolicy(policyPath, out var policy))
        {
            return ExitCodes.Usage;
        }

        ApiContract? contract = null;
        if (specPath is null)
        {
            Console.Out.WriteLine("apifilter: no --spec given: threat limits only, no contract is enforced (every route, parameter and schema is let through)");
        }
        else if (!StartupCheck.TryLoadContract(specPath, policy, out contract) || !StartupCheck.TryCheckAuthentication(policy, contract))
        {
            return ExitCodes.Usage;
        }

        await using var app = FilterProxy.Build(listen, upstream, policy, contract, tls);
        if (!await TryStartAsync(app, cancellation))
        {
            return ExitCodes.Failure;
        }

        if (tls is not null)
        {
            Console.Out.WriteLine($"apifilter: {tls.Describe()}");
        }

        // the key sources were loaded by the filter's hosted service before the server started
        foreach (var (scheme, source) in app.Services.GetRequiredService<ApiFilter.Pipeline.RequestFilter>().KeySources)
        {
            var options = source.Options;
            var from = options.File ?? options.JwksUri?.ToString() ?? "discovery " + options.Discovery;
            var status = source.Status;
            Console.Out.WriteLine(status.KeyCount > 0
                ? $"apifilter: scheme {scheme}: {status.KeyCount} key(s) from {from}"
                : $"apifilter: warning: scheme {scheme} has no key from {from} ({status.LastError ?? "empty set"}); its tokens are refused (401 auth.jwt.key) until a refresh loads keys");
        }

        foreach (var address in FilterProxy.Addresses(app))
        {
            Console.Out.WriteLine($"apifilter: listening on {address}, forwarding to {upstream}");
        }

        Console.Out.Flush();
        return await RunUntilStoppedAsync(app, cancellation);
    }

    private static async Task<int> DemoAsync(string listen, string? policyPath, CancellationToken cancellation)
    {
        if (!StartupCheck.TryParseHttpUrl(listen, "--listen", out _) || !StartupCheck.TryLoadPolicy(policyPath, out var policy))
        {
            return ExitCodes.Usage;
        }

        await using var upstreamApp = SampleUpstream.Build("http://127.0.0.1:0");
        if (!await TryStartAsync(upstreamApp, cancellation))
        {
            return ExitCodes.Failure;
        }

        var upstream = new Uri(FilterProxy.Addresses(upstreamApp).First());
        // the demo is its own token issuer: its key lives only in this process
        using var tokens = new DemoTokens();
        policy = tokens.Configure(policy);
        if (!StartupCheck.TryLoadDemoContract(policy, out var contract) || !StartupCheck.TryCheckAuthentication(policy, contract))
        {
            return ExitCodes.Failure;
        }

        await using var app = FilterProxy.Build(listen, upstream, policy, contract);
        if (!await TryStartAsync(app, cancellation))
        {
            return ExitCodes.Failure;
        }

        var address = FilterProxy.Addresses(app).First();
        Console.Out.Write(DemoText.Describe(address, upstream.ToString(), policy, tokens.Examples(DateTimeOffset.UtcNow)));
        Console.Out.Flush();
        var result = await RunUntilStoppedAsync(app, cancellation);
        await upstreamApp.StopAsync(CancellationToken.None);
        return result;
    }

    private static async Task<int> SampleUpstreamAsync(string listen, CancellationToken cancellation)
    {
        if (!StartupCheck.TryParseHttpUrl(listen, "--listen", out _))
        {
            return ExitCodes.Usage;
        }

        await using var app = SampleUpstream.Build(listen);
        if (!await TryStartAsync(app, cancellation))
        {
            return ExitCodes.Failure;
        }

        foreach (var address in FilterProxy.Addresses(app))
        {
            Console.Out.WriteLine($"apifilter: sample upstream listening on {address}");
        }

        Console.Out.Flush();
        return await RunUntilStoppedAsync(app, cancellation);
    }

    private static async Task<bool> TryStartAsync(WebApplication app, CancellationToken cancellation)
    {
        try
        {
            await app.StartAsync(cancellation);
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"apifilter: cannot start: {e.Message}");
            return false;
        }
    }

    private static async Task<int> RunUntilStoppedAsync(WebApplication app, CancellationToken cancellation)
    {
        // Either the host's console lifetime sees Ctrl+C / SIGTERM and stops the application, or
        // System.CommandLine cancels the action's token: both end here, and the server is stopped.
        try
        {
            await app.WaitForShutdownAsync(cancellation);
        }
        catch (OperationCanceledException)
        {
            await app.StopAsync(CancellationToken.None);
        }

        return ExitCodes.Ok;
    }
}
