using System.Buffers;
using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApiFilter.Json;
using ApiFilter.Pipeline;
using ApiFilter.Schema;

namespace ApiFilter.Host;

/// <summary>
/// <c>apifilter validate --schema FILE [--dialect …] FILE…</c>: validates JSON documents against a
/// JSON Schema with the same guard and validator the filter runs on request bodies. Exit 0 when all
/// are valid, 1 when some are not, 2 on a usage or schema load error.
/// </summary>
internal static class ValidateCommand
{
    private static readonly Dictionary<string, SchemaDialect> Dialects = new(StringComparer.OrdinalIgnoreCase)
    {
        ["draft4"] = SchemaDialect.Draft4,
        ["openapi-3.0"] = SchemaDialect.OpenApi30,
        ["2020-12"] = SchemaDialect.Draft2020_12,
        ["openapi-3.1"] = SchemaDialect.OpenApi31,
    };

    public static Command Build()
    {
        var schema = new Option<string>("--schema") { Description = "JSON Schema file (JSON; YAML is not read by this command)", Required = true };
        var dialect = new Option<string?>("--dialect")
        {
            Description = "draft4, openapi-3.0, 2020-12 or openapi-3.1 (default: from the schema's $schema, else 2020-12)",
        };
        dialect.AcceptOnlyFromAmong([.. Dialects.Keys]);
        var files = new Argument<string[]>("FILE") { Description = "JSON documents to validate", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Validate JSON documents against a JSON Schema") { schema, dialect, files };
        command.SetAction(result => Run(result.GetValue(schema)!, result.GetValue(dialect), result.GetValue(files)!, Console.Out, Console.Error));
        return command;
    }

    /// <summary>Validates <paramref name="files"/>; writes one line per violation, prefixed by the file name.</summary>
    internal static int Run(string schemaPath, string? dialectName, IReadOnlyList<string> files, TextWriter output, TextWriter error)
    {
        SchemaProgram program;
        try
        {
            var document = JsonNode.Parse(File.ReadAllText(schemaPath))
                ?? throw new SchemaCompileException("the schema file holds null");
            SchemaDialect dialect = dialectName is not null ? Dialects[dialectName] : DialectOf(document);
            var compiler = new SchemaCompiler(dialect);
            compiler.AddSchema(document, new Uri(Path.GetFullPath(schemaPath)));
            program = compiler.Compile();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or SchemaCompileException)
        {
            error.WriteLine($"apifilter: {schemaPath}: {e.Message}");
            return ExitCodes.Usage;
        }

        // Threat limits stay on (depth, duplicate names, strict JSON) but sized for files, not requests.
        var guard = new JsonGuard(JsonThreatLimits.Default with { MaxBodyBytes = 1L << 30, MaxArrayLength = int.MaxValue, MaxObjectEntries = int.MaxValue });
        var validator = new JsonSchemaValidator();
        bool allValid = true;
        foreach (string file in files)
        {
            byte[] body;
            try
            {
                body = File.ReadAllBytes(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"apifilter: {file}: {e.Message}");
                return ExitCodes.Usage;
            }

            guard.Reset();
            validator.Reset(program, 0, ValidationDirection.None, maxViolations: 100, location: null);
            guard.Validator = validator;
            if (guard.Feed(new ReadOnlySequence<byte>(body), isFinalBlock: true, out _) == GuardStatus.Allowed)
            {
                output.WriteLine($"{file}: valid");
                continue;
            }

            allValid = false;
            foreach (Violation violation in guard.Violations)
            {
                string at = violation.SchemaLocation is null ? "" : $" (schema {violation.SchemaLocation})";
                output.WriteLine($"{file}: {violation.Code} at '{violation.Pointer}': {violation.Message}{at}");
            }
        }

        // 1 here means "some document is invalid", not a failure of the tool.
        return allValid ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private static SchemaDialect DialectOf(JsonNode document)
    {
        string? declared = document is JsonObject obj && obj["$schema"] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
        return declared is not null && declared.Contains("draft-04", StringComparison.Ordinal) ? SchemaDialect.Draft4 : SchemaDialect.Draft2020_12;
    }
}
