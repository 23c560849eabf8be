using System.Buffers;
using System.Text.Json;
using ApiFilter.Json;
using ApiFilter.Pipeline;
using ApiFilter.Tests.Json;
using BenchmarkDotNet.Attributes;

namespace ApiFilter.Benchmarks.Json;

/// <summary>
/// JsonGuard against its ceiling (a bare <see cref="Utf8JsonReader"/> token loop, which checks the
/// grammar and nothing else) and against building a DOM (<see cref="JsonDocument"/>), on
/// realistic orders payloads, whole and in 4 KB segments like Kestrel's pipe buffers.
/// Targets: at least 0.8x the bare reader's throughput, at least 2x JsonDocument, 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class JsonGuardBenchmarks
{
    private const int SegmentSize = 4096;

    private ReadOnlySequence<byte> _data;
    private JsonGuard _guard = null!;

    /// <summary>Document size: small ~1 KB, medium ~64 KB, large ~4 MB.</summary>
    [Params("small", "medium", "large")]
    public string Size { get; set; } = "small";

    /// <summary>False: one contiguous buffer. True: 4 KB segments, so tokens straddle segment ends.</summary>
    [Params(false, true)]
    public bool Segmented { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int bytes = Size switch
        {
            "small" => 1024,
            "medium" => 64 * 1024,
            _ => 4 * 1024 * 1024,
        };
        byte[] body = OrdersDocument.Create(bytes);
        _data = Segmented ? Segments.Chunked(body, SegmentSize) : new ReadOnlySequence<byte>(body);

        // Defaults, except a body limit that lets the large document through.
        _guard = new JsonGuard(JsonThreatLimits.Default with { MaxBodyBytes = 8 * 1024 * 1024 });
        if (Guard() != GuardStatus.Allowed)
        {
            throw new InvalidOperationException($"benchmark document refused: {_guard.Violation}");
        }
    }

    [Benchmark(Baseline = true, Description = "Utf8JsonReader loop")]
    public long ReaderLoop()
    {
        var reader = new Utf8JsonReader(_data, isFinalBlock: true, state: default);
        while (reader.Read())
        {
        }

        return reader.BytesConsumed;
    }

    [Benchmark(Description = "JsonGuard.Feed")]
    public GuardStatus Guard()
    {
        _guard.Reset();
        return _guard.Feed(_data, isFinalBlock: true, out _);
    }

    [Benchmark(Description = "JsonDocument.Parse")]
    public JsonValueKind Document()
    {
        using JsonDocument document = JsonDocument.Parse(_data);
        return document.RootElement.ValueKind;
    }
}
