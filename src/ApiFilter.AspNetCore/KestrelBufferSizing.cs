using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ApiFilter.AspNetCore;

/// <summary>
/// Raises Kestrel's buffers so a body can stay whole in the request pipe while it is judged.
/// </summary>
/// <remarks>
/// <para>The filter examines every byte of a judged body but consumes none until the verdict, so
/// the whole body (at most the policy's limit) sits in Kestrel's request pipe meanwhile.</para>
/// <para>Measured on Kestrel 10 over HTTP/1.1: with the default 1 MiB <c>MaxRequestBufferSize</c> an
/// 8 MiB judged body is still read to its end, because <see cref="System.IO.Pipelines.Pipe"/> counts
/// back-pressure in bytes not yet <em>examined</em>, not bytes not yet consumed (the middleware
/// tests run both with and without this sizing). This class raises the request buffer and the
/// HTTP/2 windows above the largest body the policy buffers anyway, so the verdict does not rest on
/// that detail of the pipe or on HTTP/2 window accounting, and a judged body arrives in few reads.
/// The alternative, copying each body into pooled segments of our own, would cost a copy of every
/// allowed body. Values are only ever raised.</para>
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
