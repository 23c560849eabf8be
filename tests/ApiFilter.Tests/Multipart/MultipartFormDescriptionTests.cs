using ApiFilter.Json;
using ApiFilter.Multipart;
using ApiFilter.Pipeline;
using static ApiFilter.Tests.Multipart.MultipartRun;

namespace ApiFilter.Tests.Multipart;

/// <summary>The cold form description: defaults from the OpenAPI encoding object, and load-time errors.</summary>
public sealed class MultipartFormDescriptionTests
{
    [Theory]
    [InlineData(MultipartFieldKind.Text, "text/plain")]
    [InlineData(MultipartFieldKind.Json, "application/json")]
    [InlineData(MultipartFieldKind.Binary, "application/octet-stream")]
    public void Content_type_defaults_follow_the_OpenAPI_encoding_object(MultipartFieldKind kind, string contentType)
    {
        Assert.Equal([contentType], new MultipartField("f", kind).ContentTypes);
    }

    [Fact]
    public void Duplicate_field_names_are_a_load_error()
    {
        Assert.Throws<ArgumentException>(() => new MultipartFormDescription(
            [new MultipartField("a", MultipartFieldKind.Text), new MultipartField("a", MultipartFieldKind.Binary)]));
    }

    [Theory]
    [InlineData("text")]
    [InlineData("*/plain")]
    [InlineData("text/")]
    [InlineData("")]
    [InlineData("te xt/plain")]
    public void Content_types_that_are_not_media_ranges_are_a_load_error(string contentType)
    {
        Assert.ThrowsAny<ArgumentException>(() => new MultipartFormDescription(
            [new MultipartField("a", MultipartFieldKind.Binary) { ContentTypes = [contentType] }]));
    }

    [Fact]
    public void Buffered_parts_over_one_gibibyte_are_a_load_error()
    {
        var form = new MultipartFormDescription([new MultipartField("a", MultipartFieldKind.Json) { MaxBytes = 2L << 30 }]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MultipartGuard(MultipartLimits.Default, form, JsonThreatLimits.Default));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MultipartGuard(MultipartLimits.Default with { MaxParts = 0 }, form, JsonThreatLimits.Default));
    }

    [Theory]
    [InlineData("image/png", true)]
    [InlineData("IMAGE/PNG", true)]
    [InlineData("image/jpeg; q=1", true)]
    [InlineData("image/gif", false)]
    [InlineData("text/plain", true)]
    [InlineData("text/html", true)]
    [InlineData("application/pdf", false)]
    public void Media_ranges_list_wildcards_and_comma_separated_entries(string partType, bool allowed)
    {
        var form = new MultipartFormDescription(
            [new MultipartField("f", MultipartFieldKind.Binary) { ContentTypes = ["image/png, image/jpeg", "text/*"] }]);
        var guard = new MultipartGuard(MultipartLimits.Default, form, JsonThreatLimits.Default);
        byte[] body = Lines("--AaB03x", "Content-Disposition: form-data; name=\"f\"; filename=\"x\"", "Content-Type: " + partType, "", "data", "--AaB03x--");
        MultipartOutcome outcome = Segmented(guard, ContentType, body, withSink: false);
        Assert.Equal(allowed ? GuardStatus.Allowed : GuardStatus.Refused, outcome.Status);
        if (!allowed)
        {
            Assert.Equal(ViolationCodes.MultipartPartMediaType, outcome.Code);
            Assert.Equal(415, outcome.Violation!.Status);
        }
    }

    [Fact]
    public void A_JSON_field_whose_encoding_allows_another_type_keeps_that_part_opaque()
    {
        var form = new MultipartFormDescription(
            [new MultipartField("doc", MultipartFieldKind.Json) { ContentTypes = ["application/json", "application/xml"] }]);
        var guard = new MultipartGuard(MultipartLimits.Default, form, JsonThreatLimits.Default);
        byte[] xml = Lines("--AaB03x", "Content-Disposition: form-data; name=\"doc\"", "Content-Type: application/xml", "", "<a/>", "--AaB03x--");
        MultipartOutcome outcome = AssertSameAtEverySplit(guard, xml);
        Assert.Equal(GuardStatus.Allowed, outcome.Status);
        Assert.Equal("""{"doc":""}""", outcome.Emitted);

        byte[] json = Lines("--AaB03x", "Content-Disposition: form-data; name=\"doc\"", "Content-Type: application/json", "", "<a/>", "--AaB03x--");
        Assert.Equal(ViolationCodes.JsonSyntax, AssertSameAtEverySplit(guard, json).Code);
    }

    [Fact]
    public void Vendor_json_types_are_read_as_JSON()
    {
        var form = new MultipartFormDescription(
            [new MultipartField("doc", MultipartFieldKind.Json) { ContentTypes = ["application/*"] }]);
        var guard = new MultipartGuard(MultipartLimits.Default, form, JsonThreatLimits.Default);
        byte[] body = Lines("--AaB03x", "Content-Disposition: form-data; name=\"doc\"", "Content-Type: application/vnd.api+json", "", "{\"a\\u0041\":null}", "--AaB03x--");
        MultipartOutcome outcome = AssertSameAtEverySplit(guard, body);
        Assert.Equal(GuardStatus.Allowed, outcome.Status);
        Assert.Equal("""{"doc":{"aA":null}}""", outcome.Emitted);
    }
}
