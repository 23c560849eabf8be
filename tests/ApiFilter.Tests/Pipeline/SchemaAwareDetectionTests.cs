using System.Text;
using ApiFilter.Contract;
using ApiFilter.Pipeline;
using ApiFilter.Policy;
using ApiFilter.Tests.Parameters;

namespace ApiFilter.Tests.Pipeline;

/// <summary>
/// The contract decides which detectors a value meets: none for a value it pins down (enum, const,
/// uuid, dates, an anchored safe pattern), SSRF and header injection for URL-typed values, JSON
/// Pointer injection for pointer-typed ones, header injection for header and cookie parameters,
/// and whatever <c>x-apifilter-detect</c> chooses on a schema, a parameter, an operation or a path.
/// </summary>
public sealed class SchemaAwareDetectionTests
{
    private const string Spec = """
        openapi: 3.1.0
        info: { title: detect, version: '1' }
        paths:
          /items:
            post:
              parameters:
                - { name: X-Trace, in: header, schema: { type: string } }
                - { name: next, in: query, schema: { type: string, format: uri } }
                - { name: raw, in: query, schema: { type: string }, x-apifilter-detect: off }
                - { name: code, in: query, schema: { type: string, pattern: '^[A-Z0-9_-]{1,40}$' } }
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        kind: { enum: ["<b>bold</b>", "a' OR 'a'='a"] }
                        fixed: { const: "; rm -rf /" }
                        id: { type: string, format: uuid }
                        note: { type: string }
                        callback: { type: string, format: uri }
                        target: { type: string, format: json-pointer }
                        snippet: { type: string, x-apifilter-detect: off }
                        sqlOnly: { type: string, x-apifilter-detect: [sql] }
                        path: { type: string, x-apifilter-detect: [jsonPath] }
                        either: { anyOf: [ { const: "<i>" }, { type: string, format: date } ] }
                        viaRef: { $ref: '#/components/schemas/Colour' }
                        mixed: { anyOf: [ { const: "x" }, { type: string } ] }
                        draft: { type: string, x-apifilter-detect: report }
                        trialSql: { type: string, x-apifilter-detect: [sql, report] }
              responses: { '200': { description: ok } }
          /raw:
            x-apifilter-detect: [xss]
            post:
              requestBody:
                content:
                  application/json:
                    schema: { type: object, properties: { note: { type: string } } }
              responses: { '200': { description: ok } }
            put:
              x-apifilter-detect: off
              requestBody:
                content:
                  application/json:
                    schema: { type: object, properties: { note: { type: string }, url: { type: string, format: uri, x-apifilter-detect: [ssrf] } } }
              responses: { '200': { description: ok } }
          /trial:
            post:
              x-apifilter-detect: report
              requestBody:
                content:
                  application/json:
                    schema: { type: object, properties: { note: { type: string }, pinned: { type: string, x-apifilter-detect: [xss] } } }
              responses: { '200': { description: ok } }
        components:
          schemas:
            Colour: { type: string, enum: ["red", "green' OR '1'='1"] }
        """;

    private static readonly Lazy<ApiContract> Contract = new(() => Compile(Spec));

    [Theory]
    [InlineData("kind", "a' OR 'a'='a")]
    [InlineData("kind", "<b>bold</b>")]
    [InlineData("fixed", "; rm -rf /")]
    [InlineData("viaRef", "green' OR '1'='1")]
    [InlineData("either", "<i>")]
    [InlineData("snippet", "<script>alert(1)</script>")]
    [InlineData("sqlOnly", "<script>alert(1)</script>")]
    [InlineData("note", "http://169.254.169.254/latest/meta-data/")]
    public void A_value_the_contract_pins_down_or_exempts_is_not_judged_by_the_detectors(string field, string value)
    {
        var verdict = Post("/items", field, value);
        Assert.True(verdict.IsAllowed, $"{field}={value}: {verdict.FirstViolation}");
    }

    [Theory]
    [InlineData("note", "<script>alert(1)</script>", "inject.xss")]
    [InlineData("mixed", "<script>alert(1)</script>", "inject.xss")]
    [InlineData("sqlOnly", "1' OR '1'='1", "inject.sql")]
    [InlineData("callback", "http://169.254.169.254/latest/meta-data/", "inject.ssrf")]
    [InlineData("callback", "http://127.0.0.1:8080/admin", "inject.ssrf")]
    [InlineData("callback", "http://example.com/%0d%0aSet-Cookie:%20a=b", "inject.header")]
    [InlineData("target", "/a/../../etc", "inject.jsonPointer")]
    [InlineData("path", "$..[?(@.password)]", "inject.jsonPointer")]
    public void A_value_meets_the_detectors_its_type_or_extension_names(string field, string value, string code)
    {
        var verdict = Post("/items", field, value);
        Assert.Equal((code, "/" + field), (verdict.FirstViolation?.Code, verdict.FirstViolation?.Pointer));
    }

    [Theory]
    [InlineData("callback", "https://api.example.com/hooks/42")]
    [InlineData("target", "/items/0/name")]
    [InlineData("id", "0b5e3c9e-8a5e-4d7e-9c2b-6f1e2d3c4b5a")]
    public void Ordinary_typed_values_pass(string field, string value)
    {
        var verdict = Post("/items", field, value);
        Assert.True(verdict.IsAllowed, $"{field}={value}: {verdict.FirstViolation}");
    }

    [Fact]
    public void The_path_item_choice_applies_to_its_operations_and_an_operation_can_replace_it()
    {
        Assert.Equal("inject.xss", Post("/raw", "note", "<svg onload=alert(1)>").FirstViolation?.Code);
        Assert.True(Post("/raw", "note", "1' OR '1'='1").IsAllowed, "the path item chose XSS only");
        Assert.True(Post("/raw", "note", "<svg onload=alert(1)>", "PUT").IsAllowed, "the operation turned detection off");
        Assert.Equal("inject.ssrf", Post("/raw", "url", "http://10.0.0.1/", "PUT").FirstViolation?.Code);
    }

    [Fact]
    public void Report_lets_the_value_pass_and_hands_over_the_detection()
    {
        var reported = new List<Violation>();
        var filter = new RequestFilter(FilterPolicy.Default, Contract.Value) { DetectionReported = reported.Add };
        Assert.True(Post(filter, "/items", "draft", "<svg onload=alert(1)>").IsAllowed);
        Assert.True(Post(filter, "/items", "trialSql", "1' OR '1'='1").IsAllowed);
        Assert.True(Post(filter, "/items", "trialSql", "<svg onload=alert(1)>").IsAllowed, "xss is not in trialSql's list");
        Assert.True(Post(filter, "/trial", "note", "1' OR '1'='1").IsAllowed);
        Assert.Equal([("inject.xss", "/draft"), ("inject.sql", "/trialSql"), ("inject.sql", "/note")], reported.Select(v => (v.Code, v.Pointer)));

        // a schema's own list without "report" blocks even inside an operation in report mode
        Assert.Equal("inject.xss", Post(filter, "/trial", "pinned", "<svg onload=alert(1)>").FirstViolation?.Code);
    }

    [Fact]
    public void Parameters_meet_the_detectors_of_their_place_and_type()
    {
        var filter = new RequestFilter(FilterPolicy.Default, Contract.Value);
        Assert.Equal(("inject.ssrf", "/next"), Refusal(filter, "?next=http%3A%2F%2F169.254.169.254%2F"));
        Assert.True(Plan(filter, "?raw=%3Cscript%3Ealert(1)%3C%2Fscript%3E").IsAllowed, "raw has detection off");
        Assert.True(Plan(filter, "?code=DROP-TABLE_1").IsAllowed);
        var headers = new TestHeaders().Add("X-Trace", "abc%0d%0aSet-Cookie: admin=1");
        var verdict = filter.Plan(new HttpMessageView("POST", "/items", null, null, null, null, false, headers)).Refusal;
        Assert.Equal(("inject.header", "header", "/X-Trace"), (verdict.FirstViolation?.Code, verdict.FirstViolation?.Location, verdict.FirstViolation?.Pointer));
    }

    [Fact]
    public void An_undeclared_query_name_with_a_NoSQL_operator_is_refused_when_unknown_names_are_allowed()
    {
        var policy = FilterPolicy.Default with { Contract = ContractPolicy.Default with { AllowUnknownQueryParameters = true } };
        var contract = Compile(Spec, policy.Contract);
        var filter = new RequestFilter(policy, contract);
        Assert.Equal(("inject.nosql", "query"), (Plan(filter, "?user%5B%24ne%5D=x").FirstViolation?.Code, Plan(filter, "?user[$ne]=x").FirstViolation?.Location));
        Assert.True(Plan(filter, "?user[name]=x&page=2").IsAllowed);
    }

    [Fact]
    public void A_wrong_extension_value_is_a_contract_problem_naming_the_spot()
    {
        var bad = Spec.Replace("x-apifilter-detect: [sql]", "x-apifilter-detect: [sqli]", StringComparison.Ordinal)
            .Replace("x-apifilter-detect: off\n              requestBody", "x-apifilter-detect: maybe\n              requestBody", StringComparison.Ordinal);
        var e = Assert.Throws<ContractLoadException>(() => Compile(bad));
        var text = string.Join("\n", e.Problems.Select(p => p.ToString()));
        Assert.Contains("x-apifilter-detect", text, StringComparison.Ordinal);
        Assert.Contains("sqli", text, StringComparison.Ordinal);
    }

    private static Verdict Post(string path, string field, string value, string method = "POST") =>
        Post(new RequestFilter(FilterPolicy.Default, Contract.Value), path, field, value, method);

    private static Verdict Post(RequestFilter filter, string path, string field, string value, string method = "POST")
    {
        var body = "{" + System.Text.Json.JsonSerializer.Serialize(field) + ":" + System.Text.Json.JsonSerializer.Serialize(value) + "}";
        var bytes = Encoding.UTF8.GetBytes(body);
        return RequestJudge.Judge(filter, new HttpMessageView(method, path, null, "application/json", null, bytes.Length, true), bytes);
    }

    private static Verdict Plan(RequestFilter filter, string query) =>
        filter.Plan(new HttpMessageView("POST", "/items", query, null, null, null, false)).Refusal;

    private static (string?, string?) Refusal(RequestFilter filter, string query)
    {
        var verdict = Plan(filter, query);
        return (verdict.FirstViolation?.Code, verdict.FirstViolation?.Pointer);
    }

    private static ApiContract Compile(string yaml, ContractPolicy? policy = null)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(yaml));
        var loaded = ContractLoader.LoadAsync(stream, "detect.yaml", null).GetAwaiter().GetResult();
        return policy is null ? ContractCompiler.Compile(loaded) : ContractCompiler.Compile(loaded, policy);
    }
}
