using System.Text;
using System.Text.Json;
using ApiFilter.Tests.Json;
using BenchmarkDotNet.Attributes;
using NetSchema = Json.Schema;
using NSchema = NJsonSchema;

namespace ApiFilter.Benchmarks.Schema;

/// <summary>
/// Validating a realistic body (an orders page: nested objects, arrays, a oneOf, enums, formats,
/// patterns, multipleOf, uniqueItems) against its schema, parse included, with the two most used
/// .NET validators as peers in the same run: JsonSchema.Net (on <see cref="JsonDocument"/>) and
/// NJsonSchema (on Json.NET). Formats are asserted by every validator.
/// </summary>
[MemoryDiagnoser]
public partial class SchemaValidationBenchmarks
{
    private byte[] _body = [];
    private string _bodyText = "";
    private NetSchema.JsonSchema _jsonSchemaNet = null!;
    private NetSchema.EvaluationOptions _jsonSchemaNetOptions = null!;
    private NSchema.JsonSchema _nJsonSchema = null!;

    /// <summary>Body size: ~1 KB, ~64 KB, ~1 MB.</summary>
    [Params("1KB", "64KB", "1MB")]
    public string Size { get; set; } = "1KB";

    /// <summary>The schema text, read from the file copied beside the benchmark binary.</summary>
    internal static string SchemaText() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schema", "orders.schema.json"));

    [GlobalSetup]
    public void Setup()
    {
        int bytes = Size switch
        {
            "1KB" => 1024,
            "64KB" => 64 * 1024,
            _ => 1024 * 1024,
        };
        _body = OrdersDocument.Create(bytes);
        _bodyText = Encoding.UTF8.GetString(_body);
        string schema = SchemaText();

        _jsonSchemaNet = NetSchema.JsonSchema.FromText(schema);
        _jsonSchemaNetOptions = new NetSchema.EvaluationOptions
        {
            OutputFormat = NetSchema.OutputFormat.Flag,
            RequireFormatValidation = true,
        };
        // NJsonSchema reads draft-4 style documents: same schema, definitions under their draft-4 name
        _nJsonSchema = NSchema.JsonSchema.FromJsonAsync(schema.Replace("$defs", "definitions", StringComparison.Ordinal)
            .Replace("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\",", "", StringComparison.Ordinal))
            .GetAwaiter().GetResult();

        SetupOurs(schema);

        // every validator must agree the body is valid, and that a broken one is not
        Check(JsonSchemaNet(), NJsonSchema(), Ours());
        byte[] valid = _body;
        _body = Encoding.UTF8.GetBytes(_bodyText.Replace("\"qty\":1,", "\"qty\":0,", StringComparison.Ordinal));
        _bodyText = Encoding.UTF8.GetString(_body);
        bool brokenAccepted = JsonSchemaNet() || NJsonSchema() || Ours();
        _body = valid;
        _bodyText = Encoding.UTF8.GetString(_body);
        if (brokenAccepted)
        {
            throw new InvalidOperationException("a validator accepted a body with qty 0 (minimum 1)");
        }
    }

    private static void Check(bool jsonSchemaNet, bool nJsonSchema, bool ours)
    {
        if (!jsonSchemaNet || !nJsonSchema || !ours)
        {
            throw new InvalidOperationException(
                $"the valid body was refused: JsonSchema.Net {jsonSchemaNet}, NJsonSchema {nJsonSchema}, ApiFilter {ours}");
        }
    }

    [Benchmark(Baseline = true, Description = "JsonSchema.Net 8.0.5 (JsonDocument)")]
    public bool JsonSchemaNet()
    {
        using var document = JsonDocument.Parse(_body);
        return _jsonSchemaNet.Evaluate(document.RootElement, _jsonSchemaNetOptions).IsValid;
    }

    [Benchmark(Description = "NJsonSchema 11.6.2 (Json.NET)")]
    public bool NJsonSchema() => _nJsonSchema.Validate(_bodyText).Count == 0;
}
