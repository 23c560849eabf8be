using System.Buffers;
using System.IO.Pipelines;
using ApiFilter.Json;
using ApiFilter.Pipeline;
using ApiFilter.Policy;
using ApiFilter.Tests.Json;
using BenchmarkDotNet.Attributes;

namespace ApiFilter.Benchmarks.Pipeline;

/// <summary>
/// The engine's per-request path for a JSON body that has arrived in a pipe: plan by media type,
/// rent a pooled guard, run the body loop over the <see cref="PipeReader"/>, return the guard.
/// Compared with feeding the same bytes to a bare <see cref="JsonGuard"/>, the difference is what
/// the request plumbing costs on top of judging the body.
/// </summary>
[MemoryDiagnoser]
public class RequestFilterBenchmarks
{
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
    private RequestFilter _filter = null!;
    private JsonGuard _guard = null!;
    private byte[] _body = [];
    private HttpMessageView _view;

    /// <summary>Body size in bytes.</summary>
    [Params(1024, 64 * 1024)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _body = OrdersDocument.Create(Bytes);
        _filter = new RequestFilter(FilterPolicy.Default);
        _guard = new JsonGuard(JsonThreatLimits.Default);
        _view = new HttpMessageView("POST", "/orders", null, "application/json; charset=utf-8", null, _body.Length, hasBody: true);
        if (!RequestFilterInspect() || JsonGuardFeed() != GuardStatus.Allowed)
        {
            throw new InvalidOperationException("The benchmark body must be allowed.");
        }
    }

    [Benchmark(Baseline = true, Description = "JsonGuard.Feed (body only)")]
    public GuardStatus JsonGuardFeed()
    {
        _guard.Reset();
        return _guard.Feed(new ReadOnlySequence<byte>(_body), isFinalBlock: true, out _);
    }

    [Benchmark(Description = "RequestFilter plan + body loop over a Pipe")]
    public bool RequestFilterInspect()
    {
        // The whole body is in the pipe, so the loop completes synchronously, as it does for a
        // body that Kestrel has already buffered.
        _pipe.Writer.Write(_body);
        _pipe.Writer.Complete();
        var plan = _filter.Plan(_view);
        var guard = _filter.RentGuard(plan.Kind);
        var inspection = _filter.InspectBodyAsync(_pipe.Reader, plan, guard, CancellationToken.None).GetAwaiter().GetResult();
        _filter.ReturnGuard(guard);
        _pipe.Reader.AdvanceTo(inspection.Body.End);
        _pipe.Reader.Complete();
        _pipe.Reset();
        return inspection.Verdict.IsAllowed;
    }
}
