using System.Text;
using System.Text.Json.Nodes;
using ApiFilter.Json;
using ApiFilter.Pipeline;
using ApiFilter.Schema;

namespace ApiFilter.Tests.Schema;

/// <summary>
/// OpenAPI Schema Object behaviour (3.0 and 3.1) and the shape of violations. Expected codes,
/// pointers (RFC 6901) and schema locations are written from the specifications, by hand.
/// </summary>
public sealed class OpenApiDialectTests
{
    private static readonly Uri Contract = new("http://example.com/openapi.json");

    private const string Components = """
        { "components": { "schemas": {
            "Pet": {
              "type": "object",
              "required": ["id", "name", "password"],
              "properties": {
                "id": { "type": "integer", "readOnly": true },
                "name": { "type": "string", "nullable": true, "maxLength": 10 },
                "password": { "type": "string", "writeOnly": true },
                "a/b~c": { "type": "boolean" },
                "owner": { "type": "object", "properties": { "address": { "type": "object", "properties": { "city": { "type": "string" } } } } }
              }
            },
            "Payment": {
              "oneOf": [ { "$ref": "#/components/schemas/Card" }, { "$ref": "#/components/schemas/Transfer" } ],
              "discriminator": { "propertyName": "method", "mapping": { "card": "#/components/schemas/Card", "wire": "Transfer" } }
            },
            "Card": { "type": "object", "required": ["method", "last4"], "properties": { "method": { "type": "string" }, "last4": { "type": "string", "minLength": 4, "maxLength": 4 } } },
            "Transfer": { "type": "object", "required": ["method", "iban"], "properties": { "method": { "type": "string" }, "iban": { "type": "string" } } },
            "Plain": { "oneOf": [ { "type": "string" }, { "type": "boolean" } ] },
            "Either": { "anyOf": [ { "type": "string", "maxLength": 2 }, { "type": "integer" } ] },
            "Price": { "type": "number", "minimum": 0, "maximum": 100, "exclusiveMaximum": true },
            "Words": { "type": "array", "items": { "type": "string", "maxLength": 1 } },
            "Short": { "type": "string", "minLength": 3 }
        } } }
        """;

    private static (SchemaProgram Program, Dictionary<string, int> Entries) Load(SchemaDialect dialect)
    {
        var compiler = new SchemaCompiler(dialect);
        compiler.AddResource(Contract, JsonNode.Parse(Components)!);
        var entries = new Dictionary<string, int>();
        foreach (string name in new[] { "Pet", "Payment", "Plain", "Either", "Price", "Words", "Short" })
        {
            entries[name] = compiler.AddSchema(Contract, "/components/schemas/" + name);
        }

        return (compiler.Compile(), entries);
    }

    private static SchemaOutcome Judge(string schema, string json, ValidationDirection direction = ValidationDirection.None,
        SchemaDialect dialect = SchemaDialect.OpenApi30, int maxViolations = JsonSchemaValidator.DefaultMaxViolations)
    {
        var (program, entries) = Load(dialect);
        return SchemaRun.Whole(new JsonGuard(JsonThreatLimits.Default), new JsonSchemaValidator(), program, entries[schema], Encoding.UTF8.GetBytes(json), direction, maxViolations);
    }

    private static Violation Single(SchemaOutcome outcome)
    {
        Assert.False(outcome.Valid);
        return Assert.Single(outcome.Violations);
    }

    [Fact]
    public void Nullable_adds_null_in_openapi_30_only()
    {
        // OpenAPI 3.0.3 Schema Object: "nullable: true" allows null; draft 4 has no such keyword.
        Assert.True(Judge("Pet", """{"id":1,"name":null,"password":"x"}""").Valid);
        Violation v = Single(Judge("Pet", """{"id":1,"name":null,"password":"x"}""", dialect: SchemaDialect.Draft4));
        Assert.Equal(ViolationCodes.SchemaType, v.Code);
        Assert.Equal("/name", v.Pointer);
        Assert.Equal("/components/schemas/Pet/properties/name/type", v.SchemaLocation);
        Assert.Equal("body", v.Location);
    }

    [Fact]
    public void Boolean_exclusive_maximum_excludes_the_bound()
    {
        Assert.True(Judge("Price", "99.99").Valid);
        Assert.True(Judge("Price", "0").Valid);
        Violation v = Single(Judge("Price", "100"));
        Assert.Equal(ViolationCodes.SchemaExclusiveMaximum, v.Code);
        Assert.Equal("", v.Pointer);
        Assert.Equal("/components/schemas/Price/exclusiveMaximum", v.SchemaLocation);
        Assert.Contains("100", v.Message, StringComparison.Ordinal);
        Assert.Equal(ViolationCodes.SchemaMinimum, Single(Judge("Price", "-0.5")).Code);
    }

    [Fact]
    public void Discriminator_mapping_selects_the_branch_and_reports_only_its_violations()
    {
        Assert.True(Judge("Payment", """{"method":"card","last4":"4242"}""").Valid);

        // "wire" maps to the schema name Transfer: the Transfer branch alone speaks.
        Violation v = Single(Judge("Payment", """{"method":"wire","last4":"4242"}"""));
        Assert.Equal(ViolationCodes.SchemaRequired, v.Code);
        Assert.Equal("", v.Pointer);
        Assert.Equal("/components/schemas/Transfer/required", v.SchemaLocation);
        Assert.Contains("iban", v.Message, StringComparison.Ordinal);

        Violation length = Single(Judge("Payment", """{"last4":"42","method":"card"}"""));
        Assert.Equal(ViolationCodes.SchemaMinLength, length.Code);
        Assert.Equal("/last4", length.Pointer);
        Assert.Equal("/components/schemas/Card/properties/last4/minLength", length.SchemaLocation);
    }

    [Fact]
    public void Discriminator_implicit_name_selects_too()
    {
        // OpenAPI 3.x Discriminator Object: without a mapping entry the value is the schema's name.
        Assert.True(Judge("Payment", """{"method":"Transfer","iban":"FR76"}""").Valid);
    }

    [Theory]
    [InlineData("""{"method":"cash"}""", "selects no schema")]
    [InlineData("""{"iban":"FR76"}""", "is missing")]
    [InlineData("""{"method":7,"iban":"FR76"}""", "not a string")]
    public void Discriminator_value_that_selects_nothing_is_one_violation(string json, string says)
    {
        Violation v = Single(Judge("Payment", json));
        Assert.Equal(ViolationCodes.SchemaDiscriminator, v.Code);
        Assert.Equal("", v.Pointer);
        Assert.Equal("/components/schemas/Payment/discriminator", v.SchemaLocation);
        Assert.Contains(says, v.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadOnly_is_refused_in_requests_and_not_required_there()
    {
        Violation v = Single(Judge("Pet", """{"id":1,"name":"Rex","password":"s3cret"}""", ValidationDirection.Request));
        Assert.Equal(ViolationCodes.SchemaReadOnly, v.Code);
        Assert.Equal("/id", v.Pointer);
        Assert.Equal("/components/schemas/Pet/properties/id/readOnly", v.SchemaLocation);

        // OpenAPI 3.0.3: a required readOnly property is required in responses only.
        Assert.True(Judge("Pet", """{"name":"Rex","password":"s3cret"}""", ValidationDirection.Request).Valid);
    }

    [Fact]
    public void WriteOnly_is_refused_in_responses_and_not_required_there()
    {
        Violation v = Single(Judge("Pet", """{"id":1,"name":"Rex","password":"s3cret"}""", ValidationDirection.Response));
        Assert.Equal(ViolationCodes.SchemaWriteOnly, v.Code);
        Assert.Equal("/password", v.Pointer);
        Assert.Equal("/components/schemas/Pet/properties/password/writeOnly", v.SchemaLocation);
        Assert.True(Judge("Pet", """{"id":1,"name":"Rex"}""", ValidationDirection.Response).Valid);

        // Without a direction, both are annotations and both properties are required.
        Violation missing = Single(Judge("Pet", """{"id":1,"name":"Rex"}"""));
        Assert.Equal(ViolationCodes.SchemaRequired, missing.Code);
        Assert.Equal("required property 'password' is missing", missing.Message);
        Assert.Equal("/components/schemas/Pet/required", missing.SchemaLocation);
    }

    [Fact]
    public void Violations_stop_at_the_maximum()
    {
        SchemaOutcome outcome = Judge("Words", """["aa","bb","cc","dd","ee"]""", maxViolations: 3);
        Assert.False(outcome.Valid);
        Assert.Equal(["/0", "/1", "/2"], outcome.Violations.Select(v => v.Pointer));
        Assert.All(outcome.Violations, v => Assert.Equal(ViolationCodes.SchemaMaxLength, v.Code));
        Assert.All(outcome.Violations, v => Assert.Equal("/components/schemas/Words/items/maxLength", v.SchemaLocation));

        Assert.Equal(5, Judge("Words", """["aa","bb","cc","dd","ee"]""").Violations.Count);
    }

    [Fact]
    public void Pointers_escape_names_and_reach_nested_values()
    {
        // RFC 6901 section 3: "~" is written "~0" and "/" is written "~1".
        Violation escaped = Single(Judge("Pet", """{"id":1,"name":"Rex","password":"x","a/b~c":"yes"}"""));
        Assert.Equal("/a~1b~0c", escaped.Pointer);
        Assert.Equal("/components/schemas/Pet/properties/a~1b~0c/type", escaped.SchemaLocation);

        Violation nested = Single(Judge("Pet", """{"id":1,"name":"Rex","password":"x","owner":{"address":{"city":42}}}"""));
        Assert.Equal("/owner/address/city", nested.Pointer);
        Assert.Equal(ViolationCodes.SchemaType, nested.Code);
        Assert.Equal("/components/schemas/Pet/properties/owner/properties/address/properties/city/type", nested.SchemaLocation);
        Assert.Equal("expected string, got number", nested.Message);
    }

    [Fact]
    public void OneOf_without_discriminator_is_one_violation_not_one_per_branch()
    {
        Violation v = Single(Judge("Plain", "12"));
        Assert.Equal(ViolationCodes.SchemaOneOf, v.Code);
        Assert.Equal("/components/schemas/Plain/oneOf", v.SchemaLocation);
    }

    [Fact]
    public void AnyOf_failing_branches_leave_no_trace_when_one_passes()
    {
        Assert.True(Judge("Either", "12").Valid);
        Assert.True(Judge("Either", "\"ab\"").Valid);
        Assert.Equal(ViolationCodes.SchemaAnyOf, Single(Judge("Either", "\"abc\"")).Code);
    }

    [Fact]
    public void MinLength_counts_code_points_not_bytes()
    {
        // "é" is 2 UTF-8 bytes and "😀" 4, but they are 2 code points (2020-12 validation section 6.3.1).
        Violation v = Single(Judge("Short", "\"é😀\""));
        Assert.Equal(ViolationCodes.SchemaMinLength, v.Code);
        Assert.Equal("string has 2 code points, fewer than minLength 3", v.Message);
        Assert.True(Judge("Short", "\"é😀x\"").Valid);
        Assert.True(Judge("Short", "\"\\u00e9\\ud83d\\ude00x\"").Valid);
    }

    [Fact]
    public void Validator_runs_without_a_guard_on_a_parameter_value()
    {
        var (program, entries) = Load(SchemaDialect.OpenApi30);
        var validator = new JsonSchemaValidator();
        validator.Reset(program, entries["Short"], location: "query", pointerPrefix: "");
        Assert.True(validator.String("ab"u8));
        Assert.False(validator.Finish());
        Violation v = Assert.Single(validator.Violations);
        Assert.Equal("query", v.Location);
        Assert.Equal("", v.Pointer);

        validator.Reset(program, entries["Short"], location: "query");
        validator.String("abc"u8);
        Assert.True(validator.Finish());
        Assert.Empty(validator.Violations);
    }

    [Fact]
    public void Compile_lists_every_problem()
    {
        var compiler = new SchemaCompiler(SchemaDialect.OpenApi31);
        compiler.AddSchema(JsonNode.Parse("""
            { "properties": {
                "a": { "$ref": "#/$defs/missing" },
                "b": { "minLength": -1 },
                "c": { "type": "strin" } } }
            """)!, new Uri("http://example.com/s.json"));
        var error = Assert.Throws<SchemaCompileException>(() => compiler.Compile());
        Assert.Equal(3, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.Location == "http://example.com/s.json#/properties/a/$ref");
        Assert.Contains(error.Problems, p => p.Location == "http://example.com/s.json#/properties/b/minLength");
        Assert.Contains(error.Problems, p => p.Location == "http://example.com/s.json#/properties/c/type");
    }

    [Fact]
    public void Recursive_schema_is_a_loop_in_the_program_not_an_unrolling()
    {
        var compiler = new SchemaCompiler(SchemaDialect.OpenApi31);
        compiler.AddSchema(JsonNode.Parse("""
            { "type": "object", "properties": { "name": { "type": "string" }, "children": { "type": "array", "items": { "$ref": "#" } } } }
            """)!);
        SchemaProgram program = compiler.Compile();
        Assert.True(program.NodeCount <= 6);

        string deep = "{\"name\":\"n\"}";
        for (int i = 0; i < 30; i++)
        {
            deep = "{\"name\":\"n\",\"children\":[" + deep + "]}";
        }

        var guard = new JsonGuard(SchemaRun.Limits);
        Assert.True(SchemaRun.Whole(guard, new JsonSchemaValidator(), program, 0, Encoding.UTF8.GetBytes(deep)).Valid);
        string bad = deep.Replace("{\"name\":\"n\"}", "{\"name\":1}", StringComparison.Ordinal);
        Violation v = Assert.Single(SchemaRun.Whole(guard, new JsonSchemaValidator(), program, 0, Encoding.UTF8.GetBytes(bad)).Violations);
        Assert.StartsWith("/children/0/children/0/", v.Pointer, StringComparison.Ordinal);
        Assert.EndsWith("/name", v.Pointer, StringComparison.Ordinal);
    }

    [Fact]
    public void Guard_reset_detaches_the_validator()
    {
        var (program, entries) = Load(SchemaDialect.OpenApi30);
        var guard = new JsonGuard(JsonThreatLimits.Default);
        var validator = new JsonSchemaValidator();
        validator.Reset(program, entries["Short"]);
        guard.Validator = validator;
        guard.Reset();
        Assert.Null(guard.Validator);
        Assert.Equal(GuardStatus.Allowed, guard.Feed(new System.Buffers.ReadOnlySequence<byte>("\"a\""u8.ToArray()), true, out _));
        Assert.Empty(guard.Violations);
    }

    [Fact]
    public void Anchor_inside_a_contract_component_resolves()
    {
        // OpenAPI 3.1 schemas are 2020-12 schemas: an $anchor in a component is a name for it.
        var compiler = new SchemaCompiler(SchemaDialect.OpenApi31);
        compiler.AddResource(Contract, JsonNode.Parse("""
            { "openapi": "3.1.0", "components": { "schemas": {
                "Name": { "$anchor": "name", "type": "string", "maxLength": 3 },
                "Pet": { "type": "object", "properties": { "name": { "$ref": "#name" } } } } } }
            """)!);
        compiler.AddSchema(Contract, "/components/schemas/Name");
        int pet = compiler.AddSchema(Contract, "/components/schemas/Pet");
        SchemaProgram program = compiler.Compile();

        Violation v = Assert.Single(SchemaRun.Whole(new JsonGuard(JsonThreatLimits.Default), new JsonSchemaValidator(), program, pet, """{"name":"Rexford"}"""u8.ToArray()).Violations);
        Assert.Equal("/name", v.Pointer);
        Assert.Equal("/components/schemas/Name/maxLength", v.SchemaLocation);
    }
}
