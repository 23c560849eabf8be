using ApiFilter.AspNetCore;
using ApiFilter.Policy;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ApiFilter.Host;

/// <summary>
/// The Kestrel limits of the proxy, each chosen on purpose: an edge filter faces clients the
/// upstream never should, so the head is bounded tightly and the body limits follow the policy.
/// </summary>
internal static class ProxyKestrelLimits
{
    /// <summary>Ceiling for bodies the filter does not judge (other media types), which are streamed, not buffered.</summary>
    public const long PassThroughBodyBytes = 32L * 1024 * 1024;

    public static void Apply(KestrelServerLimits limits, FilterPolicy policy)
    {
        // Request head (RFC 9112 section 2.2 lets servers bound it; 431/414 answer the excess).
        // 32 KiB of header fields and 100 field lines fit any real API client with cookies and
        // bearer tokens; more is a header-flood attempt. 8 KiB request line: long query strings
        // belong in bodies.
        limits.MaxRequestHeadersTotalSize = 32 * 1024;
        limits.MaxRequestHeaderCount = 100;
        limits.MaxRequestLineSize = 8 * 1024;

        // Slow clients: a head must arrive within 15 s (Kestrel's default is 30 s), and a body must
        // keep up 240 bytes/s after a 5 s grace period, which ends slowloris-style bodies.
        limits.RequestHeadersTimeout = TimeSpan.FromSeconds(15);
        limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
        limits.MinResponseDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));

        // Idle keep-alive connections cost a socket each: 60 s is enough for clients that reuse.
        limits.KeepAliveTimeout = TimeSpan.FromSeconds(60);

        // Judged bodies stay whole in Kestrel's request pipe until the verdict (zero copy): size the
        // request buffer and HTTP/2 windows above the policy's largest body; see KestrelBufferSizing.
        KestrelBufferSizing.Apply(limits, policy.MaxBufferedBodyBytes);

        // Kestrel's own body limit stays above every guard limit, so an oversized JSON or XML body
        // is answered by the guard with problem+json (413 json.size / xml.size), not by a bare
        // Kestrel 413. It still caps the bodies the filter does not judge.
        limits.MaxRequestBodySize = Math.Max(PassThroughBodyBytes, KestrelBufferSizing.RequiredBufferSize(policy.MaxBufferedBodyBytes));
    }
}
