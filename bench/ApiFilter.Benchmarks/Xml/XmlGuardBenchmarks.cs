using System.Buffers;
using System.Xml;
using ApiFilter.Pipeline;
using ApiFilter.Xml;
using ApiFilter.Tests.Json;
using ApiFilter.Tests.Xml;
using BenchmarkDotNet.Attributes;

namespace ApiFilter.Benchmarks.Xml;

/// <summary>
/// XmlGuard.Feed against XmlReader with secure settings (no DTD, no resolver) reading every node and
/// attribute, on deterministic orders feeds of about 1 KB, 64 KB and 4 MB, whole and in 4 KB segments.
/// XmlReader always reads from a MemoryStream over the whole document.
/// </summary>
[MemoryDiagnoser]
public class XmlGuardBenchmarks
{
    private static readonly XmlThreatLimits Limits = XmlThreatLimits.Default with
    {
        MaxBodyBytes = 16 * 1024 * 1024,
        MaxChildCount = 100_000,
    };

    private static readonly XmlReaderSettings SecureSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
    };

    private byte[] _document = [];
    private ReadOnlySequence<byte> _body;
    private XmlGuard _guard = null!;

    /// <summary>Document size.</summary>
    [Params("1KB", "64KB", "4MB")]
    public string Size { get; set; } = "1KB";

    /// <summary>Whether the guard sees the body as one segment or as 4 KB segments.</summary>
    [Params(false, true)]
    public bool Segmented { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int bytes = Size switch
        {
            "1KB" => 1024,
            "64KB" => 64 * 1024,
            _ => 4 * 1024 * 1024,
        };
        _document = OrdersFeed.Create(bytes);
        _body = Segmented ? Segments.Chunked(_document, 4096) : new ReadOnlySequence<byte>(_document);
        _guard = new XmlGuard(Limits);
        if (XmlGuardFeed() != GuardStatus.Allowed || XmlReaderReadAll() == 0)
        {
            throw new InvalidOperationException("The benchmark document must be accepted.");
        }
    }

    [Benchmark(Baseline = true)]
    public int XmlReaderReadAll()
    {
        int nodes = 0;
        using var reader = XmlReader.Create(new MemoryStream(_document, writable: false), SecureSettings);
        while (reader.Read())
        {
            nodes++;
            if (reader.NodeType == XmlNodeType.Element)
            {
                while (reader.MoveToNextAttribute())
                {
                    nodes++;
                }
            }
        }

        return nodes;
    }

    [Benchmark]
    public GuardStatus XmlGuardFeed()
    {
        _guard.Reset();
        return _guard.Feed(_body, isFinalBlock: true, out _);
    }
}
