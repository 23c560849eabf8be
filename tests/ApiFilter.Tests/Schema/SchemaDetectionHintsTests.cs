using System.Text.Json.Nodes;
using ApiFilter.Detection;
using ApiFilter.Schema;

namespace ApiFilter.Tests.Schema;

/// <summary>
/// What a compiled schema tells the detectors about the string values that pass it, as
/// <see cref="SchemaDetectionHints"/> works it out once per program.
/// </summary>
public sealed class SchemaDetectionHintsTests
{
    [Theory]
    [InlineData("^[a-z]+$")]
    [InlineData("^[A-Za-z0-9_-]{1,64}$")]
    [InlineData("^\\d{4}-\\d{2}$")]
    [InlineData("^(abc|def)-[0-9]+$")]
    [InlineData("^(?:v[0-9]+)?[a-f0-9]{40}$")]
    [InlineData("^\\w+$")]
    public void Anchored_patterns_over_letters_digits_underscore_and_dash_are_safe(string pattern) =>
        Assert.True(SchemaDetectionHints.IsSafeAlphabetPattern(pattern));

    [Theory]
    [InlineData("[a-z]+")] // not anchored
    [InlineData("^[a-z]+")] // not anchored at the end
    [InlineData("[a-z]+$")]
    [InlineData("^[a-z ]+$")] // a space lets "1 or 1" through
    [InlineData("^[a-z.]+$")] // '.' spells ".."
    [InlineData("^[^<>]+$")] // negated class
    [InlineData("^.+$")]
    [InlineData("^abc|def$")] // top-level alternation unanchors each side
    [InlineData("^[0-z]+$")] // a range across punctuation
    [InlineData("^\\s+$")]
    [InlineData("^[a-z]+\\$")] // escaped dollar: a literal, not an anchor
    [InlineData("^(?=x)[a-z]+$")]
    [InlineData("^[a-z]+(?<n>x)$")]
    public void Other_patterns_are_not(string pattern) =>
        Assert.False(SchemaDetectionHints.IsSafeAlphabetPattern(pattern));

    [Theory]
    [InlineData("""{ "enum": ["a' OR 'a'='a"] }""", true)]
    [InlineData("""{ "const": "<script>" }""", true)]
    [InlineData("""{ "type": "integer" }""", true)]
    [InlineData("""{ "type": "string", "format": "uuid" }""", true)]
    [InlineData("""{ "type": "string", "format": "date-time" }""", true)]
    [InlineData("""{ "type": "string", "pattern": "^[a-z]+$" }""", true)]
    [InlineData("""{ "allOf": [ { "type": "string" }, { "format": "date" } ] }""", true)]
    [InlineData("""{ "anyOf": [ { "const": "a" }, { "format": "uuid" } ] }""", true)]
    [InlineData("""{ "anyOf": [ { "const": "a" }, { "type": "string" } ] }""", false)]
    [InlineData("""{ "type": "string" }""", false)]
    [InlineData("""{ "type": ["string", "null"], "maxLength": 3 }""", false)]
    [InlineData("""{ "type": "string", "format": "email" }""", false)]
    [InlineData("""{ "type": "string", "pattern": "^[a-z.]+$" }""", false)]
    public void Values_a_schema_pins_down_are_safe(string schema, bool safe)
    {
        ushort hint = RootHint(schema);
        Assert.Equal(safe, (hint & SchemaDetectionHints.Safe) != 0);
        Assert.Equal(0, hint & SchemaDetectionHints.Explicit);
    }

    [Theory]
    [InlineData("""{ "type": "string", "format": "uri" }""", ValueDetectors.Ssrf | ValueDetectors.Header)]
    [InlineData("""{ "type": "string", "format": "iri-reference" }""", ValueDetectors.Ssrf | ValueDetectors.Header)]
    [InlineData("""{ "type": "string", "format": "json-pointer" }""", ValueDetectors.JsonPointer)]
    [InlineData("""{ "allOf": [ { "format": "uri" } ] }""", ValueDetectors.Ssrf | ValueDetectors.Header)]
    [InlineData("""{ "type": "string" }""", ValueDetectors.None)]
    public void Typed_values_add_the_detectors_of_their_type(string schema, ValueDetectors added) =>
        Assert.Equal((int)added, RootHint(schema) & SchemaDetectionHints.Mask);

    [Theory]
    [InlineData("""{ "type": "string", "x-apifilter-detect": "off" }""", ValueDetectors.None)]
    [InlineData("""{ "type": "string", "x-apifilter-detect": false }""", ValueDetectors.None)]
    [InlineData("""{ "enum": ["a"], "x-apifilter-detect": ["sql", "xss"] }""", ValueDetectors.Sql | ValueDetectors.Xss)]
    [InlineData("""{ "allOf": [ { "x-apifilter-detect": ["ssrf"] } ] }""", ValueDetectors.Ssrf)]
    [InlineData("""{ "allOf": [ { "x-apifilter-detect": ["ssrf", "sql"] }, { "x-apifilter-detect": ["sql"] } ] }""", ValueDetectors.Sql)]
    public void The_extension_chooses_explicitly(string schema, ValueDetectors chosen)
    {
        ushort hint = RootHint(schema);
        Assert.NotEqual(0, hint & SchemaDetectionHints.Explicit);
        Assert.Equal((int)chosen, hint & SchemaDetectionHints.Mask);
    }

    [Theory]
    [InlineData("""{ "type": "string", "x-apifilter-detect": "report" }""", false)]
    [InlineData("""{ "allOf": [ { "x-apifilter-detect": "report" } ], "format": "uri" }""", false)]
    [InlineData("""{ "type": "string", "x-apifilter-detect": ["sql", "report"] }""", true)]
    public void Report_marks_the_value_report_only_and_keeps_or_replaces_the_detectors(string schema, bool isExplicit)
    {
        ushort hint = RootHint(schema);
        Assert.NotEqual(0, hint & SchemaDetectionHints.ReportOnly);
        Assert.Equal(isExplicit, (hint & SchemaDetectionHints.Explicit) != 0);
    }

    [Fact]
    public void A_reference_cycle_is_unconstrained_and_compiles()
    {
        ushort hint = RootHint("""{ "$defs": { "a": { "$ref": "#/$defs/b" }, "b": { "anyOf": [ { "$ref": "#/$defs/a" }, { "type": "string" } ] } }, "$ref": "#/$defs/a" }""");
        Assert.Equal(0, hint & SchemaDetectionHints.Safe);
    }

    [Fact]
    public void A_wrong_extension_is_a_compile_problem()
    {
        var compiler = new SchemaCompiler(SchemaDialect.Draft2020_12);
        compiler.AddSchema(JsonNode.Parse("""{ "type": "string", "x-apifilter-detect": ["sqli"] }""")!);
        var e = Assert.Throws<SchemaCompileException>(() => compiler.Compile());
        Assert.Contains("sqli", e.Message, StringComparison.Ordinal);
    }

    private static ushort RootHint(string schema)
    {
        var compiler = new SchemaCompiler(SchemaDialect.OpenApi31);
        int entry = compiler.AddSchema(JsonNode.Parse(schema)!);
        var program = compiler.Compile();
        return program.DetectionHints[program.Entries[entry]];
    }
}
