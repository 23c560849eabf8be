using ApiFilter.Pipeline;
using ApiFilter.Policy;

namespace ApiFilter.Tests.Pipeline;

public class RequestPlanTests
{
    private static readonly RequestFilter Filter = new(FilterPolicy.Default with { ContentEncodings = ContentCodings.Gzip });

    private static HttpMessageView Post(string? contentType, string? contentEncoding = null, long? contentLength = 10, bool hasBody = true) =>
        new("POST", "/orders", null, contentType, contentEncoding, contentLength, hasBody);

    [Theory]
    [InlineData("application/json", BodyKind.Json)]
    [InlineData("APPLICATION/JSON", BodyKind.Json)]
    [InlineData("application/json; charset=utf-8", BodyKind.Json)]
    [InlineData("application/json;charset=\"UTF-8\"", BodyKind.Json)]
    [InlineData("application/problem+json", BodyKind.Json)]
    [InlineData("application/vnd.api+json; ext=bulk", BodyKind.Json)]
    [InlineData("  application/json  ", BodyKind.Json)]
    [InlineData("application/xml", BodyKind.Xml)]
    [InlineData("text/xml; charset=utf-8", BodyKind.Xml)]
    [InlineData("application/soap+xml; action=\"urn:x\"", BodyKind.Xml)]
    [InlineData("image/svg+xml", BodyKind.Xml)]
    public void Judged_media_types_pick_their_guard(string contentType, BodyKind kind)
    {
        var plan = Filter.Plan(Post(contentType));
        Assert.False(plan.IsRefused);
        Assert.Equal(kind, plan.Kind);
        Assert.False(plan.IsUnrecognizedMediaType);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/octet-stream")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/jsonx")]
    [InlineData("json")]
    [InlineData("+json")]
    public void Other_media_types_pass_and_are_reported(string contentType)
    {
        var plan = Filter.Plan(Post(contentType));
        Assert.False(plan.IsRefused);
        Assert.Equal(BodyKind.None, plan.Kind);
        Assert.True(plan.IsUnrecognizedMediaType);
    }

    [Fact]
    public void A_request_without_a_body_is_not_judged()
    {
        var plan = Filter.Plan(Post("application/json", contentLength: null, hasBody: false));
        Assert.Equal(BodyKind.None, plan.Kind);
        Assert.False(plan.IsUnrecognizedMediaType);
        Assert.False(plan.IsRefused);
    }

    [Theory]
    [InlineData("application/json; charset=iso-8859-1")]
    [InlineData("application/xml; charset=utf-16")]
    [InlineData("text/xml; foo=bar; charset=\"windows-1252\"")]
    public void A_charset_other_than_utf8_is_refused(string contentType)
    {
        var plan = Filter.Plan(Post(contentType));
        Assert.True(plan.IsRefused);
        Assert.Equal(ViolationCodes.BodyCharset, plan.Refusal.FirstViolation!.Code);
        Assert.Equal(415, plan.Refusal.Status);
    }

    [Theory]
    [InlineData("br", "not allowed")]
    [InlineData("compress", "not supported")]
    [InlineData("gzip, zstd", "not supported")]
    [InlineData("gzip, gzip, gzip, gzip", "stacked")]
    [InlineData("identity,identity,identity,identity,identity,identity,identity,identity,gzip", "longer than")]
    public void Codings_that_are_unknown_or_not_allowed_are_refused(string contentEncoding, string message)
    {
        var plan = Filter.Plan(Post("application/json", contentEncoding));
        Assert.True(plan.IsRefused);
        Assert.Equal(ViolationCodes.BodyEncoding, plan.Refusal.FirstViolation!.Code);
        Assert.Equal(415, plan.Refusal.Status);
        Assert.Contains(message, plan.Refusal.FirstViolation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gzip", true)]
    [InlineData("GZIP", true)]
    [InlineData("identity", false)]
    [InlineData("", false)]
    public void Allowed_codings_are_decoded(string contentEncoding, bool encoded)
    {
        var plan = Filter.Plan(Post("application/json", contentEncoding));
        Assert.False(plan.IsRefused);
        Assert.Equal(encoded, plan.IsEncoded);
    }

    [Fact]
    public void Codings_of_unjudged_media_types_are_not_checked()
    {
        var plan = Filter.Plan(Post("application/octet-stream", "br"));
        Assert.False(plan.IsRefused);
    }

    [Fact]
    public void A_declared_length_over_the_limit_is_refused_before_reading()
    {
        var plan = Filter.Plan(Post("application/json", contentLength: FilterPolicy.Default.Json.MaxBodyBytes + 1));
        Assert.True(plan.IsRefused);
        Assert.Equal(ViolationCodes.JsonSize, plan.Refusal.FirstViolation!.Code);
        Assert.Equal(413, plan.Refusal.Status);

        var xml = Filter.Plan(Post("text/xml", contentLength: 50L * 1024 * 1024));
        Assert.Equal(ViolationCodes.XmlSize, xml.Refusal.FirstViolation!.Code);
    }

    [Fact]
    public void Guards_are_reused_after_reset()
    {
        var filter = new RequestFilter(FilterPolicy.Default);
        var guard = filter.RentGuard(BodyKind.Json);
        Assert.Equal(GuardStatus.Refused, guard.Feed(new System.Buffers.ReadOnlySequence<byte>("{]"u8.ToArray()), true, out _));
        filter.ReturnGuard(guard);

        var again = filter.RentGuard(BodyKind.Json);
        Assert.Same(guard, again);
        Assert.Null(again.Violation);
        Assert.Equal(GuardStatus.Allowed, again.Feed(new System.Buffers.ReadOnlySequence<byte>("{}"u8.ToArray()), true, out _));
        Assert.IsType<ApiFilter.Xml.XmlGuard>(filter.RentGuard(BodyKind.Xml));
        Assert.Throws<ArgumentOutOfRangeException>(() => filter.RentGuard(BodyKind.None));
    }
}
