using System.Text.Json.Nodes;
using ApiFilter.Parameters;
using ApiFilter.Pipeline;
using ApiFilter.Routing;

namespace ApiFilter.Tests.Parameters;

public class ParameterCheckTests
{
    private static JsonObject Type(string type) => new() { ["type"] = type };

    private static (bool Ok, Violation? Violation, TokenRecorder Values) Run(
        IReadOnlyList<ParameterDefinition> definitions, string query, TestHeaders? headers = null, ParameterOptions? options = null, JsonNode? root = null)
    {
        OperationParameters compiled = ParameterCompiler.Compile(definitions, root, null, options);
        var recorder = new TokenRecorder();
        bool ok = compiled.Check("/", [], query, headers, recorder, out var violation);
        Assert.True(ok || violation is not null || recorder.RefuseAt >= 0);
        return (ok, violation, recorder);
    }

    private static ParameterDefinition Query(string name, JsonNode? schema = null) =>
        new(name, ParameterLocation.Query) { Schema = schema, Pointer = $"/paths/~1x/get/parameters/{name}" };

    [Theory]
    [InlineData("integer", "10", "10")]
    [InlineData("integer", "-1.5e3", "-1.5e3")]
    [InlineData("integer", "01", "\"01\"")]
    [InlineData("number", "1.", "\"1.\"")]
    [InlineData("string", "10", "\"10\"")]
    [InlineData("boolean", "true", "true")]
    [InlineData("boolean", "True", "\"True\"")]
    [InlineData("null", "null", "null")]
    [InlineData("string", "a+b%2Bc", "\"a b+c\"")]
    public void Scalars_become_the_token_the_schema_type_allows(string type, string raw, string expected)
    {
        var result = Run([Query("v", Type(type))], "?v=" + raw);
        Assert.True(result.Ok, result.Violation?.ToString());
        Assert.Equal(expected, result.Values.Values[0]);
    }

    [Fact]
    public void Type_unions_nullable_type_arrays_and_refs_are_followed()
    {
        var root = new JsonObject
        {
            ["components"] = new JsonObject
            {
                ["schemas"] = new JsonObject
                {
                    ["Count"] = new JsonObject { ["oneOf"] = new JsonArray(Type("integer"), Type("boolean")) },
                    ["Filter"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JsonObject { ["age"] = new JsonObject { ["$ref"] = "#/components/schemas/Count" } },
                    },
                },
            },
        };
        var refd = new JsonObject { ["$ref"] = "#/components/schemas/Count" };
        var nullable = new JsonObject { ["type"] = "string", ["nullable"] = true };
        var both = new JsonObject { ["type"] = new JsonArray("integer", "null") };
        var filter = new ParameterDefinition("f", ParameterLocation.Query) { Style = ParameterStyle.DeepObject, Explode = true, Schema = new JsonObject { ["$ref"] = "#/components/schemas/Filter" } };
        var result = Run([Query("a", refd), Query("b", nullable), Query("c", both), Query("d", refd), filter], "?a=5&b=null&c=null&d=false&f[age]=true&f[name]=1", root: root);
        Assert.True(result.Ok, result.Violation?.ToString());
        Assert.Equal("5", result.Values.Values[0]);
        Assert.Equal("null", result.Values.Values[1]);
        Assert.Equal("null", result.Values.Values[2]);
        Assert.Equal("false", result.Values.Values[3]);
        Assert.Equal("{\"age\":true,\"name\":\"1\"}", result.Values.Values[4]);
    }

    [Fact]
    public void Arrays_declared_without_items_decode_to_strings()
    {
        var result = Run([Query("ids", Type("array")) with { Explode = false }], "?ids=1,true,x");
        Assert.True(result.Ok, result.Violation?.ToString());
        Assert.Equal("[\"1\",\"true\",\"x\"]", result.Values.Values[0]);
    }

    [Fact]
    public void Missing_required_parameter()
    {
        var result = Run([Query("limit", Type("integer")) with { Required = true }], "?other=1", options: new ParameterOptions { AllowUnknownQueryParameters = true });
        Assert.Equal(ViolationCodes.ParamMissing, result.Violation!.Code);
        Assert.Equal("query", result.Violation.Location);
        Assert.Equal("", result.Violation.Pointer);
        Assert.Contains("'limit'", result.Violation.Message, StringComparison.Ordinal);
        Assert.Equal("/paths/~1x/get/parameters/limit", result.Violation.SchemaLocation);
    }

    [Fact]
    public void Unknown_query_parameters_are_refused_unless_the_policy_allows_them()
    {
        var refused = Run([Query("a")], "?a=1&debug=true");
        Assert.Equal(ViolationCodes.ParamUnknown, refused.Violation!.Code);
        Assert.Contains("'debug'", refused.Violation.Message, StringComparison.Ordinal);
        Assert.True(Run([Query("a")], "?a=1&debug=true", options: new ParameterOptions { AllowUnknownQueryParameters = true }).Ok);
        Assert.Equal(ViolationCodes.ParamUnknown, Run([], "?x").Violation!.Code);
        Assert.True(Run([], "").Ok);
        Assert.True(Run([], "?").Ok);
    }

    [Theory]
    [InlineData("?a=1&a=2")]
    [InlineData("?a=1&a")]
    [InlineData("?a=1&%61=2")]
    public void A_single_valued_parameter_given_twice_is_pollution(string query)
    {
        var result = Run([Query("a", Type("integer"))], query);
        Assert.Equal(ViolationCodes.ParamDuplicate, result.Violation!.Code);
        Assert.Contains("'a'", result.Violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_members_of_objects_are_refused_with_a_pointer_to_the_member()
    {
        var deep = new ParameterDefinition("f", ParameterLocation.Query) { Style = ParameterStyle.DeepObject, Explode = true, Schema = Type("object") };
        var result = Run([deep], "?f[a~b]=1&f[a~b]=2");
        Assert.Equal(ViolationCodes.ParamDuplicate, result.Violation!.Code);
        Assert.Equal("/a~0b", result.Violation.Pointer);

        var flat = Query("c", Type("object")) with { Explode = false };
        var flatResult = Run([flat], "?c=R,1,R,2");
        Assert.Equal(ViolationCodes.ParamDuplicate, flatResult.Violation!.Code);
        Assert.Equal("/R", flatResult.Violation.Pointer);
    }

    [Theory]
    [InlineData("?flag")]
    [InlineData("?flag=")]
    public void Empty_values_need_allowEmptyValue(string query)
    {
        Assert.Equal(ViolationCodes.ParamEmpty, Run([Query("flag", Type("boolean"))], query).Violation!.Code);
        var allowed = Run([Query("flag", Type("boolean")) with { AllowEmptyValue = true }], query);
        Assert.True(allowed.Ok);
        Assert.Empty(allowed.Values.Values);
    }

    [Theory]
    [InlineData("?u=http://x", false)]
    [InlineData("?u=a/b", false)]
    [InlineData("?u=a%2Fb", true)]
    [InlineData("?u=a=b", false)]
    [InlineData("?u=a,b", false)]
    [InlineData("?u=it's(ok)!*", true)]
    public void Reserved_characters_need_allowReserved(string query, bool allowedWithout)
    {
        var strict = Run([Query("u", Type("string"))], query);
        Assert.Equal(allowedWithout, strict.Ok);
        if (!allowedWithout)
        {
            Assert.Equal(ViolationCodes.ParamReserved, strict.Violation!.Code);
        }

        Assert.True(Run([Query("u", Type("string")) with { AllowReserved = true }], query).Ok);
    }

    [Theory]
    [InlineData("?v=%")]
    [InlineData("?v=%4")]
    [InlineData("?v=%G1")]
    [InlineData("?v=%C3")]
    [InlineData("?v=%C0%80")]
    [InlineData("?v=%FF")]
    [InlineData("?%FF=1")]
    public void Malformed_percent_encoding_and_invalid_utf8_are_refused(string query)
    {
        var result = Run([Query("v")], query);
        Assert.Equal(ViolationCodes.ParamEncoding, result.Violation!.Code);
    }

    [Fact]
    public void Values_are_decoded_once()
    {
        var result = Run([Query("v", Type("string"))], "?v=%2541");
        Assert.True(result.Ok);
        Assert.Equal("\"%41\"", result.Values.Values[0]);
    }

    [Fact]
    public void Deep_object_with_a_huge_nested_index_is_refused_without_allocating_for_it()
    {
        var deep = new ParameterDefinition("filter", ParameterLocation.Query) { Style = ParameterStyle.DeepObject, Explode = true, Schema = Type("object") };
        OperationParameters compiled = ParameterCompiler.Compile([deep], null);
        var recorder = new TokenRecorder();
        for (int warm = 0; warm < 3; warm++)
        {
            compiled.Check("/", [], "?filter[a][50000000]=1", null, recorder, out _);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        bool ok = compiled.Check("/", [], "?filter[a][50000000]=1", null, recorder, out var violation);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.False(ok);
        Assert.Equal(ViolationCodes.ParamStyle, violation!.Code);
        Assert.Empty(recorder.Values);

        // The refusal's report only: far below what 50,000,000 slots of anything would take.
        Assert.InRange(allocated, 1, 2048);
    }

    [Theory]
    [InlineData("?filter[]=1")]
    [InlineData("?filter[a=1")]
    [InlineData("?filter[a]b=1")]
    [InlineData("?filter=1")]
    public void Deep_object_names_other_than_one_level_are_style_errors(string query)
    {
        var deep = new ParameterDefinition("filter", ParameterLocation.Query) { Style = ParameterStyle.DeepObject, Explode = true, Schema = Type("object") };
        Assert.Equal(ViolationCodes.ParamStyle, Run([deep], query).Violation!.Code);
    }

    [Fact]
    public void Huge_numbers_of_pairs_are_bounded()
    {
        string query = "?" + string.Join("&", Enumerable.Repeat("a=1", 300));
        var result = Run([Query("a", new JsonObject { ["type"] = "array" })], query);
        Assert.Equal(ViolationCodes.ParamCount, result.Violation!.Code);
        Assert.True(Run([Query("a", new JsonObject { ["type"] = "array" })], query, options: new ParameterOptions { MaxQueryParameters = 300, MaxItems = 300 }).Ok);

        string items = "?a=" + string.Join(",", Enumerable.Repeat("1", 300));
        var tooMany = Run([Query("a", new JsonObject { ["type"] = "array" }) with { Explode = false }], items);
        Assert.Equal(ViolationCodes.ParamCount, tooMany.Violation!.Code);
    }

    [Theory]
    [InlineData("R,100,G")]
    [InlineData("R=100,G")]
    public void Undecodable_objects_are_style_errors(string value)
    {
        var header = new ParameterDefinition("X-Color", ParameterLocation.Header) { Explode = value.Contains('='), Schema = Type("object") };
        var result = Run([header], "", new TestHeaders().Add("x-color", value));
        Assert.Equal(ViolationCodes.ParamStyle, result.Violation!.Code);
        Assert.Equal("header", result.Violation.Location);
        Assert.Contains("'X-Color'", result.Violation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc\r\nSet-Cookie: x=1")]
    [InlineData("abc\nx")]
    [InlineData("a\0b")]
    [InlineData("a\u007Fb")]
    public void Header_injection_characters_are_refused(string value)
    {
        var header = new ParameterDefinition("X-Request-Id", ParameterLocation.Header) { Schema = Type("string") };
        var result = Run([header], "", new TestHeaders().Add("X-Request-Id", value));
        Assert.Equal(ViolationCodes.ParamEncoding, result.Violation!.Code);
    }

    [Fact]
    public void Headers_are_not_percent_decoded_and_may_hold_tabs()
    {
        var header = new ParameterDefinition("X-Id", ParameterLocation.Header) { Schema = Type("string") };
        var result = Run([header], "", new TestHeaders().Add("X-Id", "a%41\tb"));
        Assert.True(result.Ok);
        Assert.Equal("\"a%41\tb\"", result.Values.Values[0]);
    }

    [Fact]
    public void Header_lines_form_one_list_for_arrays_and_are_duplicates_for_scalars()
    {
        var list = new ParameterDefinition("X-Tags", ParameterLocation.Header) { Schema = new JsonObject { ["type"] = "array", ["items"] = Type("integer") } };
        var ok = Run([list], "", new TestHeaders().Add("X-Tags", "1, 2", "3"));
        Assert.Equal("[1,2,3]", ok.Values.Values[0]);

        var scalar = new ParameterDefinition("X-Id", ParameterLocation.Header) { Schema = Type("integer") };
        Assert.Equal(ViolationCodes.ParamDuplicate, Run([scalar], "", new TestHeaders().Add("X-Id", "1", "2")).Violation!.Code);
    }

    [Fact]
    public void Required_header_missing_and_ignored_headers()
    {
        var required = new ParameterDefinition("X-Id", ParameterLocation.Header) { Required = true };
        Assert.Equal(ViolationCodes.ParamMissing, Run([required], "", new TestHeaders()).Violation!.Code);
        Assert.Equal(ViolationCodes.ParamMissing, Run([required], "", null).Violation!.Code);

        // OpenAPI 3.1 section 4.8.12.2: Accept, Content-Type and Authorization are described elsewhere.
        var accept = new ParameterDefinition("Accept", ParameterLocation.Header) { Required = true };
        Assert.True(Run([accept], "", new TestHeaders()).Ok);
    }

    [Fact]
    public void Cookies_are_parsed_from_the_cookie_header()
    {
        var session = new ParameterDefinition("session", ParameterLocation.Cookie) { Required = true, Schema = Type("string") };
        var count = new ParameterDefinition("n", ParameterLocation.Cookie) { Schema = Type("integer") };
        var ok = Run([session, count], "", new TestHeaders().Add("Cookie", "theme=dark; session=\"a%20b\"", "n=4"));
        Assert.True(ok.Ok, ok.Violation?.ToString());
        Assert.Equal("\"a b\"", ok.Values.Values[0]);
        Assert.Equal("4", ok.Values.Values[1]);

        var duplicate = Run([session], "", new TestHeaders().Add("Cookie", "session=1; session=2"));
        Assert.Equal(ViolationCodes.ParamDuplicate, duplicate.Violation!.Code);
        Assert.Equal("cookie", duplicate.Violation.Location);

        Assert.Equal(ViolationCodes.ParamMissing, Run([session], "", new TestHeaders().Add("Cookie", "other=1")).Violation!.Code);
        var strict = Run([session], "", new TestHeaders().Add("Cookie", "session=1; tracker=2"), new ParameterOptions { AllowUnknownCookies = false });
        Assert.Equal(ViolationCodes.ParamUnknown, strict.Violation!.Code);
    }

    [Fact]
    public void Content_parameters_hand_over_the_decoded_document()
    {
        var json = new ParameterDefinition("q", ParameterLocation.Query) { ContentMediaType = "application/json" };
        var result = Run([json], "?q=%7B%22a%22%3A%5B1%2C2%5D%7D");
        Assert.True(result.Ok, result.Violation?.ToString());
        Assert.Equal("{\"a\":[1,2]}", result.Values.Contents[0]);
        Assert.Empty(result.Values.Values);
    }

    [Fact]
    public void A_value_the_checker_refuses_fails_the_check_without_a_param_violation()
    {
        OperationParameters compiled = ParameterCompiler.Compile([Query("a", Type("integer"))], null);
        var recorder = new TokenRecorder { RefuseAt = 0 };
        Assert.False(compiled.Check("/", [], "?a=1", null, recorder, out var violation));
        Assert.Null(violation);
    }

    [Theory]
    [InlineData("/items/%zz", ViolationCodes.ParamEncoding)]
    [InlineData("/items/blue", ViolationCodes.ParamStyle)]
    public void Path_parameter_refusals(string path, string code)
    {
        var label = new ParameterDefinition("id", ParameterLocation.Path) { Style = ParameterStyle.Label, Schema = Type("string") };
        OperationParameters compiled = ParameterCompiler.Compile([label], null, ["id"]);
        Assert.False(compiled.Check(path, [new PathCapture(7, path.Length - 7)], "", null, null, out var violation));
        Assert.Equal(code, violation!.Code);
        Assert.Equal("path", violation.Location);
    }

    [Fact]
    public void Path_values_keep_plus_and_decode_an_encoded_slash()
    {
        var id = new ParameterDefinition("id", ParameterLocation.Path) { Schema = Type("string") };
        OperationParameters compiled = ParameterCompiler.Compile([id], null, ["id"]);
        var recorder = new TokenRecorder();
        const string path = "/items/a+b%2Fc";
        Assert.True(compiled.Check(path, [new PathCapture(7, 7)], "", null, recorder, out _));
        Assert.Equal("\"a+b/c\"", recorder.Values[0]);
    }

    [Fact]
    public void Contract_errors_are_refused_at_compile_time()
    {
        Assert.Throws<ParameterContractException>(() => ParameterCompiler.Compile(
            [new ParameterDefinition("X", ParameterLocation.Header) { Style = ParameterStyle.Form }], null));
        Assert.Throws<ParameterContractException>(() => ParameterCompiler.Compile(
            [new ParameterDefinition("id", ParameterLocation.Path)], null, ["other"]));
        Assert.Throws<ParameterContractException>(() => ParameterCompiler.Compile(
            [new ParameterDefinition("X-A", ParameterLocation.Header), new ParameterDefinition("x-a", ParameterLocation.Header)], null));
    }

    [Fact]
    public void The_allow_path_allocates_nothing()
    {
        ParameterDefinition[] definitions =
        [
            new("id", ParameterLocation.Path) { Schema = Type("integer") },
            Query("limit", Type("integer")),
            Query("tags", new JsonObject { ["type"] = "array", ["items"] = Type("string") }),
            new("filter", ParameterLocation.Query) { Style = ParameterStyle.DeepObject, Explode = true, Schema = Type("object") },
            new("X-Trace", ParameterLocation.Header) { Schema = Type("string") },
            new("session", ParameterLocation.Cookie) { Schema = Type("string") },
        ];
        OperationParameters compiled = ParameterCompiler.Compile(definitions, null, ["id"]);
        var sink = new NullChecker();
        var headers = new TestHeaders().Add("X-Trace", "abc").Add("Cookie", "session=xyz; theme=dark");
        const string path = "/items/42";
        const string query = "?limit=10&tags=a&tags=b%20c&filter[name]=x&filter[age]=3";
        PathCapture[] captures = [new(7, 2)];
        for (int warm = 0; warm < 5; warm++)
        {
            Assert.True(compiled.Check(path, captures, query, headers, sink, out _));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        bool ok = compiled.Check(path, captures, query, headers, sink, out _);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(ok);
        Assert.Equal(0, allocated);
        Assert.Equal(6, sink.Values);
    }

    /// <summary>Accepts every token; counts values.</summary>
    private sealed class NullChecker : IParameterValueChecker, ApiFilter.Json.IJsonTokenSink
    {
        public int Values { get; private set; }

        public ApiFilter.Json.IJsonTokenSink? Begin(int parameterIndex)
        {
            Values = parameterIndex == 0 ? 0 : Values;
            return this;
        }

        public bool End(int parameterIndex)
        {
            Values++;
            return true;
        }

        public bool Content(int parameterIndex, ReadOnlyMemory<byte> document) => true;

        public bool StartObject() => true;

        public bool EndObject() => true;

        public bool StartArray() => true;

        public bool EndArray() => true;

        public bool PropertyName(ReadOnlySpan<byte> utf8Name) => true;

        public bool String(ReadOnlySpan<byte> utf8Value) => true;

        public bool Number(ReadOnlySpan<byte> literal) => true;

        public bool Boolean(bool value) => true;

        public bool Null() => true;
    }
}
