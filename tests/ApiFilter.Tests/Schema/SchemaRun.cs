using System.Buffers;
using System.Text.Json.Nodes;
using ApiFilter.Json;
using ApiFilter.Pipeline;
using ApiFilter.Schema;
using ApiFilter.Tests.Json;

namespace ApiFilter.Tests.Schema;

/// <summary>The verdict of judging one body through a <see cref="JsonGuard"/> with a schema validator attached.</summary>
internal sealed record SchemaOutcome(GuardStatus Status, IReadOnlyList<Violation> Violations)
{
    public bool Valid => Status == GuardStatus.Allowed;

    public override string ToString() => Valid ? "valid" : "invalid: " + string.Join("; ", Violations);
}

/// <summary>Runs bodies through <see cref="JsonGuard"/> + <see cref="JsonSchemaValidator"/>, whole or split.</summary>
internal static class SchemaRun
{
    /// <summary>Generous threat limits so only the schema decides.</summary>
    public static readonly JsonThreatLimits Limits = new() { MaxDepth = 200, MaxNumberLength = 400, RejectDuplicateNames = true };

    public static SchemaProgram Compile(string schemaJson, SchemaDialect dialect, SchemaCompilerOptions? options = null)
    {
        var compiler = new SchemaCompiler(dialect, options);
        compiler.AddSchema(JsonNode.Parse(schemaJson)!, new Uri("http://example.com/schema.json"));
        return compiler.Compile();
    }

    /// <summary>Whole body, one contiguous segment, one final call.</summary>
    public static SchemaOutcome Whole(JsonGuard guard, JsonSchemaValidator validator, SchemaProgram program, int entry, byte[] body,
        ValidationDirection direction = ValidationDirection.None, int maxViolations = JsonSchemaValidator.DefaultMaxViolations)
    {
        guard.Reset();
        validator.Reset(program, entry, direction, maxViolations);
        guard.Validator = validator;
        GuardStatus status = guard.Feed(new ReadOnlySequence<byte>(body), isFinalBlock: true, out _);
        return new SchemaOutcome(status, [.. guard.Violations]);
    }

    /// <summary>The body arriving in two parts, split at <paramref name="cut"/>, presented the way a PipeReader loop would.</summary>
    public static SchemaOutcome Split(JsonGuard guard, JsonSchemaValidator validator, SchemaProgram program, int entry, byte[] body, int cut)
    {
        guard.Reset();
        validator.Reset(program, entry);
        guard.Validator = validator;
        GuardStatus status = guard.Feed(Segments.Build(body, 0, cut, [cut]), isFinalBlock: false, out long consumed);
        if (status == GuardStatus.NeedMoreData)
        {
            status = guard.Feed(Segments.Build(body, (int)consumed, body.Length, [cut]), isFinalBlock: true, out _);
        }

        return new SchemaOutcome(status, [.. guard.Violations]);
    }
}
