using ApiFilter.Pipeline;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ApiFilter.AspNetCore;

/// <summary>Registers the ApiFilter services.</summary>
public static class ApiFilterServiceCollectionExtensions
{
    /// <summary>
    /// Adds the request filter built from <see cref="ApiFilterOptions.Policy"/>, its metrics, and
    /// the Kestrel buffer sizing it needs, and a hosted service that loads the filter's key sources
    /// before the server starts. Pair with <c>app.UseApiFilter()</c>.
    /// </summary>
    public static IServiceCollection AddApiFilter(this IServiceCollection services, Action<ApiFilterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ApiFilterOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddMetrics();
        services.TryAddSingleton(sp =>
        {
            var configured = sp.GetRequiredService<IOptions<ApiFilterOptions>>().Value;
            return new RequestFilter(configured.Policy, configured.Contract);
        });
        services.TryAddSingleton<ApiFilterMetrics>();
        // a hosted service registered here starts before the server (WebApplication adds the server's last)
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ApiFilterKeySourceStartup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<KestrelServerOptions>, KestrelBufferSizing>());
        return services;
    }
}
