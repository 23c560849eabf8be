using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using ApiFilter.Forms;
using ApiFilter.Parameters;
using ApiFilter.Pipeline;
using ApiFilter.Tests.Pipeline;

namespace ApiFilter.Tests.Forms;

public class FormUrlEncodedGuardTests
{
    private static JsonObject Type(string type) => new() { ["type"] = type };

    private static FormFields PetFields(IReadOnlyDictionary<string, FormFieldEncoding>? encoding = null) => FormFields.Compile(
        new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["name"] = Type("string"),
                ["age"] = Type("integer"),
                ["vaccinated"] = Type("boolean"),
                ["tags"] = new JsonObject { ["type"] = "array", ["items"] = Type("string") },
                ["scores"] = new JsonObject { ["type"] = "array", ["items"] = Type("number") },
                ["owner"] = new JsonObject { ["$ref"] = "#/components/schemas/Owner" },
            },
        },
        new JsonObject
        {
            ["components"] = new JsonObject
            {
                ["schemas"] = new JsonObject
                {
                    ["Owner"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["id"] = Type("integer") } },
                },
            },
        },
        encoding);

    [Fact]
    public void Decodes_plus_and_escapes_once_and_emits_one_object_grouped_by_field()
    {
        var outcome = FormRun.Everywhere("name=Rex+the%20dog%2B&age=7&tags=a&vaccinated=true&tags=b%2541&extra=1", fields: PetFields());
        Assert.Equal(GuardStatus.Allowed, outcome.Status);
        Assert.Equal("{\"name\":\"Rex the dog+\",\"age\":7,\"tags\":[\"a\",\"b%41\"],\"vaccinated\":true,\"extra\":\"1\"}", outcome.Json);
    }

    [Fact]
    public void Encoding_styles_decide_how_fields_are_split()
    {
        var encoding = new Dictionary<string, FormFieldEncoding>
        {
            ["tags"] = new(ParameterStyle.PipeDelimited, false),
            ["scores"] = new(ParameterStyle.Form, false),
            ["owner"] = new(ParameterStyle.DeepObject, true),
        };
        var outcome = FormRun.Everywhere("tags=a|b&scores=1.5,2&owner[id]=3&owner[nick]=x", fields: PetFields(encoding));
        Assert.Equal(GuardStatus.Allowed, outcome.Status);
        Assert.Equal("{\"tags\":[\"a\",\"b\"],\"scores\":[1.5,2],\"owner\":{\"id\":3,\"nick\":\"x\"}}", outcome.Json);
    }

    [Fact]
    public void Object_fields_in_form_style_are_name_value_lists()
    {
        var outcome = FormRun.Everywhere("owner=id,4", fields: PetFields());
        Assert.Equal("{\"owner\":{\"id\":4}}", outcome.Json);
    }

    [Theory]
    [InlineData("", "{}")]
    [InlineData("&&", "{}")]
    [InlineData("name", "{\"name\":\"\"}")]
    [InlineData("name=a=b", "{\"name\":\"a=b\"}")]
    [InlineData("=x", "{\"\":\"x\"}")]
    public void Edge_syntax(string body, string json)
    {
        var outcome = FormRun.Everywhere(body, fields: PetFields());
        Assert.Equal(GuardStatus.Allowed, outcome.Status);
        Assert.Equal(json, outcome.Json);
    }

    [Theory]
    [InlineData("name=a%", "/name")]
    [InlineData("name=a%4", "/name")]
    [InlineData("name=a%4G", "/name")]
    [InlineData("na%zzme=a", "")]
    [InlineData("name=%C3", "/name")]
    [InlineData("name=%C0%80", "/name")]
    [InlineData("name=%ED%A0%80", "/name")]
    public void Malformed_escapes_and_non_utf8_are_syntax_errors(string body, string pointer)
    {
        var outcome = FormRun.Everywhere(body);
        Assert.Equal(ViolationCodes.FormSyntax, outcome.Code);
        Assert.Equal(pointer, outcome.Pointer);
    }

    [Fact]
    public void Limits_refuse_with_their_codes_at_the_first_byte_over()
    {
        var limits = new FormLimits { MaxPairs = 3, MaxNameLength = 4, MaxValueLength = 5, MaxBodyBytes = 40 };
        var pairs = FormRun.Everywhere("a=1&b=2&c=3&d=4", limits);
        Assert.Equal(ViolationCodes.FormPairs, pairs.Code);

        var name = FormRun.Everywhere("a=1&abcde=2", limits);
        Assert.Equal(ViolationCodes.FormNameLength, name.Code);
        Assert.Equal(8, name.Offset);

        // Escapes count as their encoded bytes: %41%41 is 6 bytes.
        var value = FormRun.Everywhere("ab=%41%41", limits);
        Assert.Equal(ViolationCodes.FormValueLength, value.Code);
        Assert.Equal("/ab", value.Pointer);
        Assert.Equal(8, value.Offset);

        var size = FormRun.Everywhere(new string('a', 41), limits with { MaxNameLength = 100 });
        Assert.Equal(ViolationCodes.BodySize, size.Code);
        Assert.Equal(413, ViolationCodes.StatusFor(size.Code!));
    }

    [Theory]
    [InlineData("name=a&name=b", "/name")]
    [InlineData("age=1&tags=x&age=2", "/age")]
    [InlineData("x=1&x=2", "/x")]
    public void Single_valued_fields_sent_twice_are_pollution(string body, string pointer)
    {
        var outcome = FormRun.Everywhere(body, fields: PetFields());
        Assert.Equal(ViolationCodes.FormDuplicate, outcome.Code);
        Assert.Equal(pointer, outcome.Pointer);
    }

    [Fact]
    public void Deep_object_fields_refuse_nested_keys_and_repeated_members()
    {
        var encoding = new Dictionary<string, FormFieldEncoding> { ["owner"] = new(ParameterStyle.DeepObject, true) };
        Assert.Equal(ViolationCodes.FormSyntax, FormRun.Everywhere("owner[a][50000000]=1", fields: PetFields(encoding)).Code);
        var twice = FormRun.Everywhere("owner[id]=1&owner[id]=2", fields: PetFields(encoding));
        Assert.Equal(ViolationCodes.FormDuplicate, twice.Code);
        Assert.Equal("/owner/id", twice.Pointer);
    }

    [Fact]
    public void Without_fields_only_syntax_and_limits_are_checked()
    {
        var outcome = FormRun.Everywhere("a=1&a=2");
        Assert.Equal(GuardStatus.Allowed, outcome.Status);
        Assert.Equal("", outcome.Json);
    }

    [Fact]
    public void A_refusing_token_sink_refuses_the_body()
    {
        var guard = new FormUrlEncodedGuard(null, PetFields()) { TokenSink = new Refusing() };
        GuardStatus status = guard.Feed(new ReadOnlySequence<byte>("age=1"u8.ToArray()), true, out _);
        Assert.Equal(GuardStatus.Refused, status);
        Assert.True(guard.RefusedByTokenSink);
        Assert.Null(guard.Violation);
    }

    [Fact]
    public void Allowed_bodies_allocate_nothing_once_warm()
    {
        var guard = new FormUrlEncodedGuard(null, PetFields());
        var sink = new Refusing { Accept = true };
        guard.TokenSink = sink;
        byte[] body = Encoding.UTF8.GetBytes("name=Rex+the%20dog&age=7&tags=a&tags=b&vaccinated=true&owner=id,3");
        Assert.Equal(0, GuardAllocation.Measure(guard, ApiFilter.Tests.Json.Segments.Chunked(body, 7)));
    }

    private sealed class Refusing : ApiFilter.Json.IJsonTokenSink
    {
        public bool Accept { get; init; }

        public bool StartObject() => Accept;

        public bool EndObject() => Accept;

        public bool StartArray() => Accept;

        public bool EndArray() => Accept;

        public bool PropertyName(ReadOnlySpan<byte> utf8Name) => Accept;

        public bool String(ReadOnlySpan<byte> utf8Value) => Accept;

        public bool Number(ReadOnlySpan<byte> literal) => Accept;

        public bool Boolean(bool value) => Accept;

        public bool Null() => Accept;
    }
}
