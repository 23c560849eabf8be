using System.Text;
using ApiFilter.Multipart;
using ApiFilter.Pipeline;
using static ApiFilter.Tests.Multipart.MultipartRun;

namespace ApiFilter.Tests.Multipart;

/// <summary>
/// Malformed and disallowed forms are refused with the right code and pointer, the same whichever
/// way the body is split; none crashes and none passes.
/// </summary>
public sealed class MultipartGuardRefusalTests
{
    private const string Title = "Content-Disposition: form-data; name=\"title\"";
    private const string Avatar = "Content-Disposition: form-data; name=\"avatar\"; filename=\"a.png\"";
    private const string Meta = "Content-Disposition: form-data; name=\"meta\"";

    public static TheoryData<string, byte[], string, string> Refused => new()
    {
        // ---- framing (RFC 2046 §5.1.1) ----
        { "body without any delimiter", Lines("hello world"), ViolationCodes.MultipartBoundary, "" },
        { "empty body", [], ViolationCodes.MultipartBoundary, "" },
        { "delimiter for another boundary only", Lines("--AaB03y", Title, "", "x", "--AaB03y--"), ViolationCodes.MultipartBoundary, "" },
        {
            // A delimiter must start a line: this one is preamble, so the close delimiter ends an empty form.
            "first delimiter not at a line start", Lines("x--AaB03x", Title, "", "v", "--AaB03x--"),
            ViolationCodes.MultipartMissingField, "/title"
        },
        { "unterminated part", Lines("--AaB03x", Title, "", "Hello"), ViolationCodes.MultipartSyntax, "/title" },
        { "unterminated part ending in a delimiter prefix", Lines("--AaB03x", Title, "", "Hello", "--AaB0"), ViolationCodes.MultipartSyntax, "/title" },
        { "missing close delimiter after a delimiter line", Lines("--AaB03x", Title, "", "Hello", "--AaB03x", ""), ViolationCodes.MultipartSyntax, "" },
        { "missing close delimiter: body ends at a delimiter", Lines("--AaB03x", Title, "", "Hello", "--AaB03x"), ViolationCodes.MultipartSyntax, "" },
        { "close delimiter cut after one dash", Lines("--AaB03x", Title, "", "Hello", "--AaB03x-"), ViolationCodes.MultipartSyntax, "" },
        { "body ends inside part headers", Lines("--AaB03x", Title), ViolationCodes.MultipartSyntax, "" },
        { "delimiter followed by other characters", Lines("--AaB03x", Title, "", "Hello", "--AaB03xyz", "--AaB03x--"), ViolationCodes.MultipartSyntax, "" },
        { "first delimiter followed by other characters", Lines("--AaB03x!", Title, "", "Hello", "--AaB03x--"), ViolationCodes.MultipartSyntax, "" },
        { "close delimiter followed by other characters", Lines("--AaB03x", Title, "", "Hello", "--AaB03x--junk"), ViolationCodes.MultipartSyntax, "" },
        { "CR after a delimiter not followed by LF", Encoding.ASCII.GetBytes("--AaB03x\rX"), ViolationCodes.MultipartSyntax, "" },
        { "CR after the close delimiter not followed by LF", Encoding.ASCII.GetBytes("--AaB03x\r\n" + Title + "\r\n\r\nv\r\n--AaB03x--\r"), ViolationCodes.MultipartSyntax, "" },
        { "delimiter in the epilogue", Lines("--AaB03x", Title, "", "Hello", "--AaB03x--", "epilogue", "--AaB03x", Title, "", "smuggled", "--AaB03x--"), ViolationCodes.MultipartSyntax, "" },
        { "delimiter right at the epilogue's start", Lines("--AaB03x", Title, "", "Hello", "--AaB03x--", "--AaB03x"), ViolationCodes.MultipartSyntax, "" },
        { "bare LF before the first delimiter", Encoding.ASCII.GetBytes("preamble\n--AaB03x\r\n" + Title + "\r\n\r\nv\r\n--AaB03x--"), ViolationCodes.MultipartSyntax, "" },
        { "bare LF before a delimiter in a part", Encoding.ASCII.GetBytes("--AaB03x\r\n" + Title + "\r\n\r\nv\n--AaB03x--"), ViolationCodes.MultipartSyntax, "" },
        { "bare LF ending a part header line", Encoding.ASCII.GetBytes("--AaB03x\r\n" + Title + "\n\r\nv\r\n--AaB03x--"), ViolationCodes.MultipartSyntax, "" },
        { "delimiter sharing the blank line's CRLF", Lines("--AaB03x", Title, "", "--AaB03x--"), ViolationCodes.MultipartSyntax, "" },

        // ---- part headers (RFC 7578 §4, RFC 9110 field syntax) ----
        { "part without headers", Lines("--AaB03x", "", "v", "--AaB03x--"), ViolationCodes.MultipartSyntax, "" },
        { "part without Content-Disposition", Lines("--AaB03x", "Content-Type: text/plain", "", "v", "--AaB03x--"), ViolationCodes.MultipartSyntax, "" },
        { "Content-Disposition not form-data", Lines("--AaB03x", "Content-Disposition: attachment; name=\"title\"", "", "v", "--AaB03x--"), ViolationCodes.MultipartSyntax, "" },
        { "Content-Disposition without name", Lines("--AaB03x", "Content-Disposition: form-data; filename=\"a.txt\"", "", "v", "--AaB03x--"), ViolationCodes.MultipartSyntax, "" },
        { "two name parameters", Lines("--AaB03x", "Content-Disposition: form-data; name=\"title\"; name=\"admin\"", "", "v", "--AaB03x--"), ViolationCodes.MultipartSyntax, "" },
        { "two filename parameters", Lines("--AaB03x", "Content-Disposition: form-data; name=\"avatar\"; filename=\"a.png\"; filename=\"b.exe\"", "", "v", "--AaB03x--"), ViolationCodes.MultipartSyntax, "" },
        { "two Content-Disposition headers", Lines("--AaB03x", Title, "Content-Disposition: form-data; name=\"admin\"", "", "v", "--AaB03x--"), ViolationCodes.MultipartSyntax, "" },
        { "two Content-Type headers", Lines("--AaB03x", Title, "Content-Type: text/plain", "Content-Type: text/html", "", "v", "--AaB03x--"), ViolationCodes.MultipartSyntax, "" },
        { "backslash escape in a quoted filename", Lines("--AaB03x", "Content-Disposition: form-data; filename=\"a\\\"; name=\"title\"", "", "v", "--AaB03x--"), ViolationCodes.MultipartSyntax, "" },
        { "backslash in a quoted name", Lines("--AaB03x", "Content-Disposition: form-data; name=\"ti\\tle\"", "", "v", "--AaB03x--"), ViolationCodes.MultipartSyntax, "" },
        { "unterminated quoted name", Lines("--AaB03x", "Content-Disposition: form-data; name=\"title", "", "v", "--AaB03x--"), ViolationCodes.MultipartSyntax, "" },
        { "spaces around '='", Lines("--AaB03x", "Content-Disposition: form-data; name = \"title\"", "", "v", "--AaB03x--"), ViolationCodes.MultipartSyntax, "" },
        { "folded header line", Lines("--AaB03x", "Content-Disposition: form-data;", " name=\"title\"", "", "v", "--AaB03x--"), ViolationCodes.MultipartSyntax, "" },
        { "header line without a colon", Lines("--AaB03x", Title, "garbage", "", "v", "--AaB03x--"), ViolationCodes.MultipartSyntax, "" },
        { "whitespace before the colon", Lines("--AaB03x", "Content-Disposition : form-data; name=\"title\"", "", "v", "--AaB03x--"), ViolationCodes.MultipartSyntax, "" },
        { "control character in a header", Lines("--AaB03x", Title + "\u0001", "", "v", "--AaB03x--"), ViolationCodes.MultipartSyntax, "" },
        { "malformed part Content-Type", Lines("--AaB03x", Title, "Content-Type: text", "", "v", "--AaB03x--"), ViolationCodes.MultipartSyntax, "" },
        { "Content-Transfer-Encoding base64", Lines("--AaB03x", Title, "Content-Transfer-Encoding: base64", "", "dg==", "--AaB03x--"), ViolationCodes.MultipartSyntax, "" },
        { "part headers over the limit", Lines("--AaB03x", Title, "X-Pad: " + new string('p', 200), "", "v", "--AaB03x--"), ViolationCodes.MultipartPartHeaders, "" },

        // ---- limits ----
        { "too many parts", Lines([.. PartsOf("tags", 7), "--AaB03x--"]), ViolationCodes.MultipartParts, "" },
        { "text part one byte over its limit", Lines("--AaB03x", Title, "", new string('v', 41), "--AaB03x--"), ViolationCodes.MultipartPartSize, "/title" },
        { "text part far over its limit", Lines("--AaB03x", Title, "", new string('v', 400), "--AaB03x--"), ViolationCodes.MultipartPartSize, "/title" },
        { "unterminated part over its limit", Lines("--AaB03x", Title, "", new string('v', 400)), ViolationCodes.MultipartPartSize, "/title" },
        { "binary part over its field's limit", Lines("--AaB03x", Avatar, "Content-Type: image/png", "", new string('\u0001', 101), "--AaB03x--"), ViolationCodes.MultipartPartSize, "/avatar" },
        { "body over the body limit", Lines("--AaB03x", Title, "", "v", "--AaB03x--", new string('e', 2048)), ViolationCodes.BodySize, "" },

        // ---- the form ----
        { "part content type not allowed", Lines("--AaB03x", Avatar, "Content-Type: image/gif", "", "GIF89a", "--AaB03x--"), ViolationCodes.MultipartPartMediaType, "/avatar" },
        { "binary part without content type (text/plain)", Lines("--AaB03x", Avatar, "", "x", "--AaB03x--"), ViolationCodes.MultipartPartMediaType, "/avatar" },
        { "JSON field sent as text", Lines("--AaB03x", Meta, "", "{}", "--AaB03x--"), ViolationCodes.MultipartPartMediaType, "/meta" },
        { "unknown field", Lines("--AaB03x", Title, "", "v", "--AaB03x", "Content-Disposition: form-data; name=\"admin\"", "", "true", "--AaB03x--"), ViolationCodes.MultipartUnknownField, "/admin" },
        { "unknown field whose name needs escaping", Lines("--AaB03x", "Content-Disposition: form-data; name=\"a/b~c\"", "", "v", "--AaB03x--"), ViolationCodes.MultipartUnknownField, "/a~1b~0c" },
        { "duplicate single-valued field", Lines("--AaB03x", Title, "", "one", "--AaB03x", Title, "", "two", "--AaB03x--"), ViolationCodes.MultipartDuplicateField, "/title" },
        { "missing required field", Lines("--AaB03x", "Content-Disposition: form-data; name=\"count\"", "", "1", "--AaB03x--"), ViolationCodes.MultipartMissingField, "/title" },
        { "text part in another charset", Lines("--AaB03x", Title, "Content-Type: text/plain; charset=iso-8859-1", "", "v", "--AaB03x--"), ViolationCodes.BodyCharset, "/title" },

        // ---- JSON parts (JsonThreatLimits with MaxDepth 3) ----
        { "JSON part deeper than the limit", Lines("--AaB03x", Meta, "Content-Type: application/json", "", "[[[[1]]]]", "--AaB03x--"), ViolationCodes.JsonDepth, "/meta/0/0/0" },
        { "JSON part with a duplicate name", Lines("--AaB03x", Meta, "Content-Type: application/json", "", "{\"a\":1,\"a\":2}", "--AaB03x--"), ViolationCodes.JsonDuplicateName, "/meta/a" },
        { "JSON part that is not JSON", Lines("--AaB03x", Meta, "Content-Type: application/json", "", "{\"a\":}", "--AaB03x--"), ViolationCodes.JsonSyntax, "/meta" },
        { "empty JSON part", Lines("--AaB03x", Meta, "Content-Type: application/json", "", "", "--AaB03x--"), ViolationCodes.JsonSyntax, "/meta" },
        { "JSON part in another charset", Lines("--AaB03x", Meta, "Content-Type: application/json; charset=utf-16", "", "{}", "--AaB03x--"), ViolationCodes.BodyCharset, "/meta" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refused_at_every_split(string name, byte[] body, string code, string pointer)
    {
        MultipartOutcome outcome = AssertSameAtEverySplit(TestForms.ProfileGuard(), body);
        Assert.True(outcome.Status == GuardStatus.Refused, $"{name}: {outcome}");
        Assert.True(code == outcome.Code, $"{name}: {outcome}");
        Assert.True(pointer == outcome.Pointer, $"{name}: {outcome}");
        Assert.False(string.IsNullOrWhiteSpace(outcome.Violation!.Message));
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refused_without_a_sink_too(string name, byte[] body, string code, string pointer)
    {
        if (code == ViolationCodes.BodyCharset && pointer == "/title")
        {
            // Without a schema hook a text part is not interpreted, so its charset is not judged.
            Assert.Equal(GuardStatus.Allowed, Segmented(TestForms.ProfileGuard(), ContentType, body, withSink: false).Status);
            return;
        }

        MultipartOutcome outcome = Segmented(TestForms.ProfileGuard(), ContentType, body, withSink: false);
        Assert.True(outcome.Status == GuardStatus.Refused && outcome.Code == code && outcome.Pointer == pointer, $"{name}: {outcome}");
    }

    [Fact]
    public void Repeated_field_may_repeat_up_to_the_part_limit()
    {
        MultipartOutcome outcome = AssertSameAtEverySplit(TestForms.ProfileGuard(), Lines([.. PartsOf("title", 1), .. PartsOf("tags", 5), "--AaB03x--"]));
        Assert.Equal(GuardStatus.Allowed, outcome.Status);
        Assert.Equal("""{"title":"v","tags":["v","v","v","v","v"]}""", outcome.Emitted);
    }

    [Fact]
    public void Text_part_that_is_not_UTF8_is_refused_when_it_reaches_the_schema()
    {
        byte[] body = [.. Encoding.ASCII.GetBytes("--AaB03x\r\n" + Title + "\r\n\r\nab"), 0xFF, .. Encoding.ASCII.GetBytes("\r\n--AaB03x--")];
        MultipartOutcome outcome = AssertSameAtEverySplit(TestForms.ProfileGuard(), body);
        Assert.Equal(ViolationCodes.BodyCharset, outcome.Code);
        Assert.Equal("/title", outcome.Pointer);

        // Without a schema hook the text is not interpreted, so its encoding is not judged.
        Assert.Equal(GuardStatus.Allowed, AssertSameAtEverySplit(TestForms.ProfileGuard(), body, withSink: false).Status);
    }

    [Fact]
    public void Refusals_name_the_body_offset()
    {
        byte[] body = Lines("--AaB03x", Title, "", new string('v', 41), "--AaB03x--");
        MultipartOutcome outcome = Segmented(TestForms.ProfileGuard(), ContentType, body, withSink: true);
        int contentStart = ("--AaB03x\r\n" + Title + "\r\n\r\n").Length;
        Assert.Equal(contentStart, outcome.Violation!.Offset);
        Assert.Equal("body", outcome.Violation.Location);
        Assert.Equal(400, outcome.Violation.Status);
    }

    [Theory]
    [InlineData("multipart/mixed; boundary=AaB03x", ViolationCodes.BodyMediaType)]
    [InlineData("multipart/form-data", ViolationCodes.MultipartBoundary)]
    [InlineData("multipart/form-data; boundary=AaB03x; boundary=AaB03y", ViolationCodes.MultipartBoundary)]
    public void Begin_refuses_what_cannot_be_framed(string contentType, string code)
    {
        var guard = TestForms.ProfileGuard();
        Assert.Equal(GuardStatus.Refused, guard.Begin(contentType));
        Assert.Equal(code, guard.Violation!.Code);
        Assert.Equal(GuardStatus.Refused, guard.Feed(new(Lines("--AaB03x--")), true, out long consumed));
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void Feed_without_a_boundary_fails_closed()
    {
        var guard = TestForms.ProfileGuard();
        Assert.Equal(GuardStatus.Refused, guard.Feed(new(Lines("--AaB03x", Title, "", "v", "--AaB03x--")), true, out _));
        Assert.Equal(ViolationCodes.MultipartBoundary, guard.Violation!.Code);
    }

    [Fact]
    public void Reset_forgets_the_boundary()
    {
        var guard = TestForms.ProfileGuard();
        Assert.Equal(GuardStatus.NeedMoreData, guard.Begin(ContentType));
        guard.Reset();
        Assert.Equal(GuardStatus.Refused, guard.Feed(new(Lines("--AaB03x", Title, "", "v", "--AaB03x--")), true, out _));
    }

    [Fact]
    public void A_sink_that_refuses_stops_the_guard()
    {
        var guard = TestForms.ProfileGuard();
        var sink = new RecordingSink(stopAfter: 2);
        Assert.Equal(GuardStatus.NeedMoreData, guard.Begin(ContentType, sink));
        GuardStatus status = guard.Feed(new(Lines("--AaB03x", Title, "", "v", "--AaB03x--")), true, out _);
        Assert.Equal(GuardStatus.Refused, status);
        Assert.True(guard.StoppedBySink);
        Assert.Null(guard.Violation);
        Assert.Equal("""{"title":""", sink.Text);
        Assert.Equal(GuardStatus.Refused, guard.Feed(new(Lines("--AaB03x--")), true, out _));
    }

    private static string[] PartsOf(string name, int count)
    {
        var lines = new List<string>();
        for (int i = 0; i < count; i++)
        {
            lines.AddRange(["--AaB03x", $"Content-Disposition: form-data; name=\"{name}\"", "", "v"]);
        }

        return [.. lines];
    }
}
