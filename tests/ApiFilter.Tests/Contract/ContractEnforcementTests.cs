using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using ApiFilter.Contract;
using ApiFilter.Pipeline;
using ApiFilter.Policy;
using ApiFilter.Tests.Pipeline;

namespace ApiFilter.Tests.Contract;

/// <summary>
/// The demo store contract enforced end to end through <see cref="RequestFilter"/>: each expected
/// outcome follows from the contract text (src/ApiFilter.Host/DemoContract.yaml) and the OpenAPI 3.1
/// rules, not from a recording of what the filter answered.
/// </summary>
public sealed class ContractEnforcementTests
{
    /// <summary>The default policy without authentication: the demo contract's OAuth2 requirements are tested with tokens in the host's demo tests; this file tests other stages.</summary>
    private static readonly FilterPolicy DemoPolicy = FilterPolicy.Default with { Auth = AuthenticationPolicy.Default with { Mode = EnforcementMode.Off } };

    private const string ProductId = "3f6d2a8e-5b1c-4e7a-9d2f-0c8b7a6e5d4c";
    private const string ValidOrder = "{\"items\":[{\"sku\":\"A-1\",\"qty\":2}],\"note\":\"ring twice\"}";

    private static readonly Lazy<ApiContract> Demo = new(() =>
        ContractCompiler.Compile(ContractLoader.LoadFile(Path.Combine(ContractCorpusTests.RepoRoot(), "src", "ApiFilter.Host", "DemoContract.yaml"))));

    private static RequestFilter Filter(FilterPolicy? policy = null) => new(policy ?? DemoPolicy, Demo.Value);

    [Theory]
    [InlineData("GET", "/health", null)]
    [InlineData("GET", "/products", null)]
    [InlineData("GET", "/products", "?limit=5")]
    [InlineData("GET", "/products", "?tags=garden&tags=tools&sort=-price")]
    [InlineData("GET", "/products", "?filter[maxPrice]=50&filter[inStock]=true")]
    [InlineData("GET", "/products/" + ProductId, null)]
    [InlineData("GET", "/orders/" + ProductId, null)]
    public void Declared_requests_pass(string method, string path, string? query)
    {
        var verdict = Judge(Filter(), method, path, query);
        Assert.True(verdict.IsAllowed, Describe(verdict));
    }

    [Theory]
    [InlineData("GET", "/nothing-here", 404, "route.unknown")]
    [InlineData("GET", "/products/", 404, "route.unknown")] // a trailing slash is another path
    [InlineData("GET", "/products%2F" + ProductId, 404, "route.unknown")] // an encoded slash stays inside its segment
    [InlineData("GET", "/products/../orders/" + ProductId, 404, "route.unknown")] // no guessing at dot segments
    [InlineData("GET", "/Products", 404, "route.unknown")] // paths are case-sensitive (RFC 3986 section 6.2.2.1)
    [InlineData("DELETE", "/products", 405, "route.method")]
    [InlineData("PUT", "/orders/" + ProductId, 405, "route.method")]
    public void Undeclared_routes_are_refused(string method, string path, int status, string code)
    {
        var verdict = Judge(Filter(), method, path, null);
        Assert.Equal((status, code), (verdict.Status, verdict.FirstViolation?.Code));
    }

    [Fact]
    public void A_405_names_the_declared_methods_in_Allow()
    {
        var verdict = Judge(Filter(), "POST", "/products", null);
        Assert.Equal(405, verdict.Status);
        Assert.Equal("GET", verdict.AllowHeader);
    }

    [Theory]
    [InlineData("?limit=0", "schema.minimum", "query", "/limit")]
    [InlineData("?limit=101", "schema.maximum", "query", "/limit")]
    [InlineData("?limit=ten", "schema.type", "query", "/limit")]
    [InlineData("?limit=5&limit=6", "param.duplicate", "query", null)]
    [InlineData("?page=2", "param.unknown", "query", null)]
    [InlineData("?sort=colour", "schema.enum", "query", "/sort")]
    [InlineData("?tags=Garden", "schema.pattern", "query", "/tags/0")]
    [InlineData("?filter[colour]=red", "schema.additionalProperties", "query", "/filter/colour")]
    [InlineData("?filter[maxPrice]=-1", "schema.minimum", "query", "/filter/maxPrice")]
    [InlineData("?filter[inStock]=maybe", "schema.type", "query", "/filter/inStock")]
    public void Query_parameters_are_checked_against_their_schemas(string query, string code, string location, string? pointer)
    {
        var verdict = Judge(Filter(), "GET", "/products", query);
        Assert.Equal(400, verdict.Status);
        var violation = verdict.FirstViolation!;
        Assert.Equal((code, location), (violation.Code, violation.Location));
        if (pointer is not null)
        {
            Assert.Equal(pointer, violation.Pointer);
        }
    }

    [Fact]
    public void Path_parameters_are_checked_against_their_format()
    {
        var verdict = Judge(Filter(), "GET", "/products/42", null);
        var violation = verdict.FirstViolation!;
        Assert.Equal(("schema.format", "path", "/productId"), (violation.Code, violation.Location, violation.Pointer));
    }

    [Fact]
    public void Header_parameters_are_checked_against_their_format()
    {
        var verdict = Judge(Filter(), "GET", "/products", null, headers: new() { ["X-Request-Id"] = ["not-a-uuid"] });
        var violation = verdict.FirstViolation!;
        Assert.Equal(("schema.format", "header", "/X-Request-Id"), (violation.Code, violation.Location, violation.Pointer));
    }

    [Fact]
    public void A_valid_order_passes_in_json()
    {
        var verdict = Judge(Filter(), "POST", "/orders", null, "application/json", ValidOrder);
        Assert.True(verdict.IsAllowed, Describe(verdict));
    }

    [Theory]
    [InlineData("{\"items\":[]}", "schema.minItems", "/items")]
    [InlineData("{\"items\":[{\"sku\":\"A-1\",\"qty\":0}]}", "schema.minimum", "/items/0/qty")]
    [InlineData("{\"items\":[{\"sku\":\"A-1\"}]}", "schema.required", "/items/0")]
    [InlineData("{\"items\":[{\"sku\":\"a1\",\"qty\":1}]}", "schema.pattern", "/items/0/sku")]
    [InlineData("{\"items\":[{\"sku\":\"A-1\",\"qty\":1,\"gift\":true}]}", "schema.additionalProperties", "/items/0/gift")]
    [InlineData("{\"id\":\"" + ProductId + "\",\"items\":[{\"sku\":\"A-1\",\"qty\":1}]}", "schema.readOnly", "/id")]
    [InlineData("{\"items\":[{\"sku\":\"A-1\",\"qty\":1}],\"note\":7}", "schema.type", "/note")]
    public void Order_bodies_are_checked_against_the_schema(string body, string code, string pointer)
    {
        var verdict = Judge(Filter(), "POST", "/orders", null, "application/json", body);
        Assert.Equal(400, verdict.Status);
        Assert.Contains(verdict.Violations.ToArray(), v => v.Code == code && v.Pointer == pointer && v.Location == "body");
    }

    [Fact]
    public void The_discriminator_picks_the_branch_and_only_its_errors_are_reported()
    {
        const string body = "{\"items\":[{\"sku\":\"A-1\",\"qty\":1}],\"payment\":{\"method\":\"card\",\"cardToken\":\"short\"}}";
        var verdict = Judge(Filter(), "POST", "/orders", null, "application/json", body);
        var violation = Assert.Single(verdict.Violations.ToArray());
        Assert.Equal(("schema.pattern", "/payment/cardToken"), (violation.Code, violation.Pointer));
    }

    [Fact]
    public void A_discriminator_value_that_selects_nothing_is_refused()
    {
        const string body = "{\"items\":[{\"sku\":\"A-1\",\"qty\":1}],\"payment\":{\"method\":\"cash\"}}";
        var verdict = Judge(Filter(), "POST", "/orders", null, "application/json", body);
        Assert.Equal("schema.discriminator", verdict.FirstViolation!.Code);
        Assert.Equal("/payment", verdict.FirstViolation.Pointer);
    }

    [Fact]
    public void A_bank_transfer_passes_through_its_own_branch()
    {
        const string body = "{\"items\":[{\"sku\":\"A-1\",\"qty\":1}],\"payment\":{\"method\":\"bank_transfer\",\"iban\":\"DE89370400440532013000\"}}";
        var verdict = Judge(Filter(), "POST", "/orders", null, "application/json", body);
        Assert.True(verdict.IsAllowed, Describe(verdict));
    }

    [Fact]
    public void Several_violations_are_reported_up_to_the_limit()
    {
        var items = string.Join(',', Enumerable.Repeat("{\"sku\":\"bad\",\"qty\":0}", 20));
        var body = "{\"items\":[" + items + "]}";
        var verdict = Judge(Filter(), "POST", "/orders", null, "application/json", body);
        Assert.Equal(ContractPolicy.Default.MaxViolations, verdict.Violations.Length);
        var three = Judge(Filter(DemoPolicy with { Contract = ContractPolicy.Default with { MaxViolations = 3 } }), "POST", "/orders", null, "application/json", body);
        Assert.Equal(3, three.Violations.Length);
    }

    [Fact]
    public void A_missing_required_body_is_refused()
    {
        var verdict = Judge(Filter(), "POST", "/orders", null);
        Assert.Equal((400, "body.required"), (verdict.Status, verdict.FirstViolation!.Code));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/merge-patch+json")] // a +json suffix is not application/json
    [InlineData("application/x-www-form-urlencoded")]
    public void Undeclared_body_media_types_are_refused(string contentType)
    {
        var verdict = Judge(Filter(), "POST", "/orders", null, contentType, ValidOrder);
        Assert.Equal((415, "body.mediaType"), (verdict.Status, verdict.FirstViolation!.Code));
    }

    [Fact]
    public void A_body_where_the_operation_declares_none_is_refused()
    {
        var verdict = Judge(Filter(), "GET", "/products", null, "application/json", "{}");
        Assert.Equal((415, "body.mediaType"), (verdict.Status, verdict.FirstViolation!.Code));
    }

    [Fact]
    public void Threat_limits_still_apply_inside_the_contract()
    {
        var body = "{\"items\":[{\"sku\":\"A-1\",\"qty\":1}],\"note\":\"x\",\"note\":\"y\"}";
        var verdict = Judge(Filter(), "POST", "/orders", null, "application/json", body);
        Assert.Equal("json.duplicateName", verdict.FirstViolation!.Code);
    }

    [Fact]
    public void The_allow_path_allocates_nothing_once_warm()
    {
        var filter = Filter();
        var body = Encoding.UTF8.GetBytes(ValidOrder);
        var post = new HttpMessageView("POST", "/orders", null, "application/json", null, body.Length, true);
        var get = new HttpMessageView("GET", "/products", "?limit=5&sort=name&filter[maxPrice]=50", null, null, null, false);
        var pipe = new Pipe();
        for (var i = 0; i < 50; i++)
        {
            Assert.True(RequestJudge.Judge(filter, post, body, pipe).IsAllowed);
            Assert.True(filter.Plan(get).Refusal.IsAllowed);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var postVerdict = RequestJudge.Judge(filter, post, body, pipe);
        var getPlan = filter.Plan(get);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(postVerdict.IsAllowed && getPlan.Refusal.IsAllowed);
        Assert.Equal(0, allocated);
    }

    private static Verdict Judge(RequestFilter filter, string method, string path, string? query, string? contentType = null, string? body = null,
        Dictionary<string, string[]>? headers = null)
    {
        var bytes = body is null ? null : Encoding.UTF8.GetBytes(body);
        var view = new HttpMessageView(method, path, query, contentType, null, bytes?.Length, bytes is not null, new TestHeaders(headers ?? []));
        return RequestJudge.Judge(filter, view, bytes ?? []);
    }

    private static string Describe(Verdict verdict) =>
        verdict.IsAllowed ? "allowed" : string.Join("; ", verdict.Violations.ToArray().Select(v => v.ToString()));

    private sealed class TestHeaders(Dictionary<string, string[]> headers) : IRequestHeaders
    {
        private readonly Dictionary<string, string[]> _headers = new(headers, StringComparer.OrdinalIgnoreCase);

        public int GetValueCount(string name) => _headers.TryGetValue(name, out var values) ? values.Length : 0;

        public ReadOnlySpan<char> GetValue(string name, int index) => _headers[name][index];
    }
}
