using ApiFilter.AspNetCore;
using ApiFilter.Contract;
using ApiFilter.Policy;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Yarp.ReverseProxy.Forwarder;

namespace ApiFilter.Host;

/// <summary>The reverse proxy: Kestrel, the ApiFilter middleware, then the upstream forwarder.</summary>
internal static class FilterProxy
{
    public static WebApplication Build(string listen, Uri upstream, FilterPolicy policy, ApiContract? contract = null, ProxyTls? tls = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);
        builder.WebHost.UseUrls(listen);
        if (tls is not null)
        {
            // the slim builder leaves out Kestrel's HTTPS configuration unless asked for
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        builder.WebHost.ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            ProxyKestrelLimits.Apply(options.Limits, policy);
            if (tls is not null)
            {
                options.ConfigureHttpsDefaults(tls.Apply);
            }
        });
        builder.Services.AddApiFilter(options =>
        {
            options.Policy = policy;
            options.Contract = contract;
        });
        builder.Services.AddHttpForwarder();

        var app = builder.Build();
        var forwarder = new UpstreamForwarder(app.Services.GetRequiredService<IHttpForwarder>(), upstream, TimeSpan.FromSeconds(60));
        app.Lifetime.ApplicationStopped.Register(forwarder.Dispose);
        app.UseApiFilter();
        app.Run(forwarder.ForwardAsync);
        return app;
    }

    /// <summary>The addresses the server really listens on (port 0 resolved).</summary>
    public static IReadOnlyCollection<string> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
}
