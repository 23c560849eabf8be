using System.Text;
using ApiFilter.Json;
using ApiFilter.Pipeline;
using ApiFilter.Schema;

namespace ApiFilter.Tests.Schema;

/// <summary>
/// Objects with many declared properties: each member name must find its own subschema, names that
/// share a prefix, a suffix or a length must not be confused, and an undeclared name must not find one.
/// </summary>
public sealed class WideObjectTests
{
    // 200 declared names: "p0".."p99" (integers) and the same names with a long shared prefix
    // ("property-with-a-long-shared-prefix-0"..) (strings), so many share their first and last bytes.
    private static readonly SchemaProgram Program = SchemaRun.Compile(Schema(), SchemaDialect.Draft2020_12);

    private static string Schema()
    {
        var properties = new StringBuilder();
        for (int i = 0; i < 100; i++)
        {
            properties.Append($"\"p{i}\":{{\"type\":\"integer\"}},\"property-with-a-long-shared-prefix-{i}\":{{\"type\":\"string\"}},");
        }

        properties.Append("\"\":{\"const\":\"empty name\"}");
        return $"{{\"type\":\"object\",\"additionalProperties\":false,\"required\":[\"p99\",\"property-with-a-long-shared-prefix-0\"],\"properties\":{{{properties}}}}}";
    }

    private static SchemaOutcome Judge(string body) =>
        SchemaRun.Whole(new JsonGuard(SchemaRun.Limits), new JsonSchemaValidator(), Program, 0, Encoding.UTF8.GetBytes(body));

    [Fact]
    public void Every_declared_name_finds_its_own_schema()
    {
        var body = new StringBuilder("{");
        for (int i = 0; i < 100; i++)
        {
            body.Append($"\"p{i}\":{i},\"property-with-a-long-shared-prefix-{i}\":\"v{i}\",");
        }

        body.Append("\"\":\"empty name\"}");
        SchemaOutcome outcome = Judge(body.ToString());
        Assert.True(outcome.Valid, outcome.ToString());
    }

    [Theory]
    [InlineData("""{"p99":1,"property-with-a-long-shared-prefix-0":"x","p73":"seventy-three"}""", "schema.type", "/p73")]
    [InlineData("""{"p99":1,"property-with-a-long-shared-prefix-0":"x","property-with-a-long-shared-prefix-73":73}""", "schema.type", "/property-with-a-long-shared-prefix-73")]
    [InlineData("""{"p99":1,"property-with-a-long-shared-prefix-0":"x","p100":1}""", "schema.additionalProperties", "/p100")]
    [InlineData("""{"p99":1,"property-with-a-long-shared-prefix-0":"x","property-with-a-long-shared-prefix-100":"x"}""", "schema.additionalProperties", "/property-with-a-long-shared-prefix-100")]
    [InlineData("""{"p99":1,"property-with-a-long-shared-prefix-0":"x","P1":1}""", "schema.additionalProperties", "/P1")]
    [InlineData("""{"p99":1,"property-with-a-long-shared-prefix-0":"x","":"other"}""", "schema.const", "/")]
    [InlineData("""{"property-with-a-long-shared-prefix-0":"x"}""", "schema.required", "")]
    public void A_wrong_or_undeclared_member_is_named(string body, string code, string pointer)
    {
        Violation violation = Assert.Single(Judge(body).Violations);
        Assert.Equal((code, pointer), (violation.Code, violation.Pointer));
    }
}
