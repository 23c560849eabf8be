using ApiFilter.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ApiFilter.AspNetCore;

/// <summary>
/// Loads the filter's key sources (<see cref="RequestFilter.InitializeAsync"/>) when the host starts. Registered
/// before the server, so the first request finds the keys loaded; building the filter here also makes a policy
/// that does not fit the contract stop the start rather than the first request.
/// </summary>
internal sealed partial class ApiFilterKeySourceStartup(RequestFilter filter, ILogger<ApiFilterKeySourceStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var empty = await filter.InitializeAsync(cancellationToken).ConfigureAwait(false);
        foreach (var scheme in empty)
        {
            // the scheme still serves: every token is refused (401 auth.jwt.key) until the source loads keys
            LogNoKeys(logger, scheme, filter.KeySources[scheme].Status.LastError ?? "no key in the set");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning,
        Message = "Scheme {Scheme} has no verification key yet ({Reason}); its tokens are refused until the key source loads")]
    private static partial void LogNoKeys(ILogger logger, string scheme, string reason);
}
