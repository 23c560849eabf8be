using System.Diagnostics;
using System.Net;
using ApiFilter.AspNetCore;
using ApiFilter.Pipeline;
using Yarp.ReverseProxy.Forwarder;

namespace ApiFilter.Host;

/// <summary>
/// The last stage of the proxy: forwards an allowed request to the upstream with YARP's
/// forwarder (hop-by-hop headers, streaming, cancellation) and turns an unreachable upstream into
/// a 502 problem document instead of an empty response or a hang.
/// </summary>
internal sealed class UpstreamForwarder : IDisposable
{
    private readonly IHttpForwarder _forwarder;
    private readonly HttpMessageInvoker _client;
    private readonly string _upstream;
    private readonly ForwarderRequestConfig _requestConfig;

    public UpstreamForwarder(IHttpForwarder forwarder, Uri upstream, TimeSpan upstreamTimeout)
    {
        _forwarder = forwarder;
        _upstream = upstream.GetLeftPart(UriPartial.Path).TrimEnd('/');
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            // a proxy forwards exactly what it got: no proxy of its own, no redirects, no cookie
            // jar shared between clients, no decompression (Content-Encoding passes through intact)
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
            EnableMultipleHttp2Connections = true,
        });
        _requestConfig = new ForwarderRequestConfig { ActivityTimeout = upstreamTimeout };
    }

    public async Task ForwardAsync(HttpContext context)
    {
        var error = await _forwarder.SendAsync(context, _upstream, _client, _requestConfig, HttpTransformer.Default).ConfigureAwait(false);
        if (error is ForwarderError.None or ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled
            or ForwarderError.RequestBodyClient or ForwarderError.ResponseBodyCanceled or ForwarderError.ResponseBodyClient)
        {
            // success, or the client went away: nobody to answer
            return;
        }

        if (!context.Response.HasStarted)
        {
            var reason = context.GetForwarderErrorFeature()?.Exception?.Message ?? error.ToString();
            var violation = new Violation(ViolationCodes.UpstreamUnavailable, "", $"The upstream did not answer ({error}): {reason}");
            await ProblemDetailsWriter.WriteAsync(context, Verdict.Refuse(violation)).ConfigureAwait(false);
        }
    }

    public void Dispose() => _client.Dispose();
}
