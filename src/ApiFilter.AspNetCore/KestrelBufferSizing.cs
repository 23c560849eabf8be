using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ApiFilter.AspNetCore;

/// <summary>
/// Raises Kestrel's buffers so a body can stay whole in the request pipe while it is judged.
/// </summary>
/// <remarks>
/// The filter examines every byte but consumes none until the verdict, so the body accumulates in
/// Kestrel's request pipe. Kestrel pauses the socket reader once the unconsumed bytes reach
/// <c>MaxRequestBufferSize</c> (1 MiB by default), and HTTP/2 stops granting window once the
/// unconsumed bytes reach the stream window (768 KiB by default). Below the policy's body limit
/// either would wait for a consume that never comes: a deadlock. Sizing both above the largest body
/// the policy buffers, plus one read of slack, keeps the zero-copy path. Values are only ever raised.
/// </remarks>
public sealed class KestrelBufferSizing : IPostConfigureOptions<KestrelServerOptions>
{
    /// <summary>Bytes added to the policy limit: the read that crosses the limit must fit too.</summary>
    public const long Slack = 256 * 1024;

    private readonly IOptions<ApiFilterOptions> _options;

    /// <summary>Creates the sizing for the registered <see cref="ApiFilterOptions"/>.</summary>
    public KestrelBufferSizing(IOptions<ApiFilterOptions> options) => _options = options;

    /// <summary>The request buffer size needed for <paramref name="maxBufferedBodyBytes"/>.</summary>
    public static long RequiredBufferSize(long maxBufferedBodyBytes) => maxBufferedBodyBytes + Slack;

    /// <inheritdoc/>
    public void PostConfigure(string? name, KestrelServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!_options.Value.SizeKestrelBuffers)
        {
            return;
        }

        Apply(options.Limits, _options.Value.Policy.MaxBufferedBodyBytes);
    }

    /// <summary>Raises the limits in <paramref name="limits"/> to fit bodies of <paramref name="maxBufferedBodyBytes"/>.</summary>
    public static void Apply(KestrelServerLimits limits, long maxBufferedBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var required = RequiredBufferSize(maxBufferedBodyBytes);
        if (limits.MaxRequestBufferSize is { } current && current < required)
        {
            limits.MaxRequestBufferSize = required;
        }

        var window = (int)Math.Min(int.MaxValue, required);
        if (limits.Http2.InitialConnectionWindowSize < window)
        {
            limits.Http2.InitialConnectionWindowSize = window;
        }

        if (limits.Http2.InitialStreamWindowSize < window)
        {
            limits.Http2.InitialStreamWindowSize = window;
        }
    }
}
