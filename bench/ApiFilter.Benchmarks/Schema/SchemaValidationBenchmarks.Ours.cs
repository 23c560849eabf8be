using System.Buffers;
using System.Text.Json.Nodes;
using ApiFilter.Json;
using ApiFilter.Pipeline;
using ApiFilter.Schema;
using ApiFilter.Tests.Json;
using BenchmarkDotNet.Attributes;

namespace ApiFilter.Benchmarks.Schema;

/// <summary>
/// Ours: the schema compiled once into a <see cref="SchemaProgram"/>, then each body judged by
/// <see cref="JsonGuard"/> with the <see cref="JsonSchemaValidator"/> attached, threat limits and
/// schema in the same pass over the bytes, no document built. Formats asserted, as for the peers.
/// </summary>
public partial class SchemaValidationBenchmarks
{
    private const int SegmentSize = 4096;

    // Limits wide enough that only the schema decides, for bodies up to the 1 MB case.
    private static readonly JsonThreatLimits BenchLimits = new()
    {
        MaxBodyBytes = 8 * 1024 * 1024,
        MaxArrayLength = 1_000_000,
    };

    private readonly JsonGuard _guard = new(BenchLimits);
    private readonly JsonSchemaValidator _validator = new();
    private SchemaProgram _program = null!;
    private int _entry;
    private ReadOnlySequence<byte> _whole;
    private ReadOnlySequence<byte> _segmented;

    private void SetupOurs(string schema)
    {
        var compiler = new SchemaCompiler(SchemaDialect.Draft2020_12, new SchemaCompilerOptions { AssertFormat = true });
        _entry = compiler.AddSchema(JsonNode.Parse(schema)!, new Uri("https://example.com/orders.schema.json"));
        _program = compiler.Compile();
        PrepareBodies();
    }

    /// <summary>The body as one buffer and as the 4 KB segments a pipe would hand over; rebuilt when the body changes.</summary>
    private void PrepareBodies()
    {
        _whole = new ReadOnlySequence<byte>(_body);
        _segmented = Segments.Chunked(_body, SegmentSize);
    }

    [Benchmark(Description = "ApiFilter (JsonGuard + schema, one pass)")]
    public bool Ours() => Judge(_whole);

    [Benchmark(Description = "ApiFilter (JsonGuard + schema, one pass, 4 KB segments)")]
    public bool OursSegmented() => Judge(_segmented);

    private bool Judge(ReadOnlySequence<byte> body)
    {
        _guard.Reset();
        _validator.Reset(_program, _entry, ValidationDirection.Request);
        _guard.Validator = _validator;
        return _guard.Feed(body, isFinalBlock: true, out _) == GuardStatus.Allowed;
    }
}
