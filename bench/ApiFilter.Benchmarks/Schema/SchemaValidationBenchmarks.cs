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

        // Every validator must accept the body and refuse a broken one, or the timings compare
        // different work. The broken body has one item quantity of 0 (minimum 1).
        Check(JsonSchemaNet(), NJsonSchema(), Ours(), OursSegmented());
        byte[] valid = _body;
        string broken = _bodyText.Replace("\"qty\":1,", "\"qty\":0,", StringComparison.Ordinal);
        if (broken == _bodyText)
        {
            throw new InvalidOperationException("the body has no \"qty\":1 to break");
        }

        SetBody(Encoding.UTF8.GetBytes(broken));
        var accepted = new List<string>();
        if (JsonSchemaNet())
        {
            accepted.Add("JsonSchema.Net");
        }

        if (NJsonSchema())
        {
            accepted.Add("NJsonSchema");
        }

        if (Ours())
        {
            accepted.Add("ApiFilter");
        }

        if (OursSegmented())
        {
            accepted.Add("ApiFilter (segmented)");
        }

        SetBody(valid);
        if (accepted.Count > 0)
        {
            throw new InvalidOperationException("accepted a body with qty 0 (minimum 1): " + string.Join(", ", accepted));
        }
    }

    private void SetBody(byte[] body)
    {
        _body = body;
        _bodyText = Encoding.UTF8.GetString(body);
        PrepareBodies();
    }

    private static void Check(bool jsonSchemaNet, bool nJsonSchema, bool ours, bool oursSegmented)
    {
        if (!jsonSchemaNet || !nJsonSchema || !ours || !oursSegmented)
        {
            throw new InvalidOperationException(
                $"the valid body was refused: JsonSchema.Net {jsonSchemaNet}, NJsonSchema {nJsonSchema}, ApiFilter {ours}, ApiFilter segmented {oursSegmented}");
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
