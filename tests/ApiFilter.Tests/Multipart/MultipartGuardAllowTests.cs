using ApiFilter.Pipeline;
using static ApiFilter.Tests.Multipart.MultipartRun;

namespace ApiFilter.Tests.Multipart;

/// <summary>Well-formed forms are allowed, and reach the schema hook as the JSON object they stand for.</summary>
public sealed class MultipartGuardAllowTests
{
    private const string Title = "Content-Disposition: form-data; name=\"title\"";

    public static TheoryData<string, byte[], string> Allowed => new()
    {
        {
            "typed text fields; close delimiter ends the body",
            Lines("--AaB03x", Title, "", "Hello", "--AaB03x", "Content-Disposition: form-data; name=\"count\"", "", "42",
                "--AaB03x", "Content-Disposition: form-data; name=\"flag\"", "", "true", "--AaB03x--"),
            """{"title":"Hello","count":42,"flag":true}"""
        },
        {
            "preamble, epilogue, interleaved repeated field, JSON part, binary part",
            Lines("This is the preamble.  It is to be ignored", "--AaB03x",
                "Content-Disposition: form-data; name=\"tags\"", "", "a",
                "--AaB03x", Title, "", "T",
                "--AaB03x", "Content-Disposition: form-data; name=\"tags\"", "", "b",
                "--AaB03x", "Content-Disposition: form-data; name=\"meta\"", "Content-Type: application/json", "", "{\"k\":[1,\"x\\\"y\"]}",
                "--AaB03x", "Content-Disposition: form-data; name=\"avatar\"; filename=\"a.png\"", "Content-Type: image/png", "",
                "\u0089PNG\r\n\u001a\n--AaB03--AaB0\r\n-",
                "--AaB03x--", "This is the epilogue.  It is also to be ignored."),
            """{"tags":["a","b"],"title":"T","meta":{"k":[1,"x\"y"]},"avatar":""}"""
        },
        {
            "transport padding after delimiters, CRLF after the close delimiter",
            Lines("--AaB03x \t", Title, "", "x", "--AaB03x-- \t", ""),
            """{"title":"x"}"""
        },
        {
            "empty value",
            Lines("--AaB03x", Title, "", "", "--AaB03x--"),
            """{"title":""}"""
        },
        {
            "boundary prefixes and the boundary inside a line are content",
            Lines("--AaB03x", Title, "", "a", "--AaB03", "b--AaB03x c", "--AaB03x--"),
            "{\"title\":\"a\\r\\n--AaB03\\r\\nb--AaB03x c\"}"
        },
        {
            "a value the field's types cannot read stays a string",
            Lines("--AaB03x", Title, "", "t", "--AaB03x", "Content-Disposition: form-data; name=\"count\"", "", "4x2",
                "--AaB03x", "Content-Disposition: form-data; name=\"flag\"", "", "yes", "--AaB03x--"),
            """{"title":"t","count":"4x2","flag":"yes"}"""
        },
        {
            "number literal forms",
            Lines("--AaB03x", Title, "", "t", "--AaB03x", "Content-Disposition: form-data; name=\"count\"", "", "-1.5e3", "--AaB03x--"),
            """{"title":"t","count":-1.5e3}"""
        },
        {
            "header names and form-data are case-insensitive; token name; other headers ignored",
            Lines("--AaB03x", "content-disposition: FORM-DATA; NAME=title", "X-Trace: 1", "", "t", "--AaB03x--"),
            """{"title":"t"}"""
        },
        {
            "filename* (RFC 5987) tolerated; charset=UTF-8; Content-Transfer-Encoding 8bit",
            Lines("--AaB03x", "Content-Disposition: form-data; name=\"avatar\"; filename*=UTF-8''%E2%82%AC.png", "Content-Type: image/jpeg", "", "JFIF",
                "--AaB03x", Title, "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: 8bit", "", "\u00e9t\u00e9", "--AaB03x--"),
            """{"avatar":"","title":"été"}"""
        },
        {
            "a value of exactly the field limit (40 bytes)",
            Lines("--AaB03x", Title, "", new string('v', 40), "--AaB03x--"),
            "{\"title\":\"" + new string('v', 40) + "\"}"
        },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Allowed_at_every_split_and_emitted_as_one_object(string name, byte[] body, string emitted)
    {
        MultipartOutcome outcome = AssertSameAtEverySplit(TestForms.ProfileGuard(), body);
        Assert.True(outcome.Status == GuardStatus.Allowed, $"{name}: {outcome}");
        Assert.Equal(emitted, outcome.Emitted);
    }

    [Fact]
    public void Quoted_boundary_with_a_space_RFC2046_example()
    {
        // RFC 2046 §5.1.1: boundary="simple boundary".
        byte[] body = Lines("This is the preamble.", "--simple boundary", Title, "", "x", "--simple boundary--", "epilogue");
        MultipartOutcome outcome = AssertSameAtEverySplit(TestForms.ProfileGuard(), body, "multipart/form-data; boundary=\"simple boundary\"");
        Assert.Equal(GuardStatus.Allowed, outcome.Status);
        Assert.Equal("""{"title":"x"}""", outcome.Emitted);
    }

    [Fact]
    public void Boundary_of_70_characters()
    {
        string boundary = new string('b', 69) + "=";
        byte[] body = Lines("--" + boundary, Title, "", "x", "--" + boundary + "--");
        MultipartOutcome outcome = AssertSameAtEverySplit(TestForms.ProfileGuard(), body, $"multipart/form-data; boundary=\"{boundary}\"");
        Assert.Equal(GuardStatus.Allowed, outcome.Status);
    }

    [Fact]
    public void Unknown_fields_when_allowed_are_strings_or_arrays_of_strings()
    {
        var form = new ApiFilter.Multipart.MultipartFormDescription([], allowUnknownFields: true);
        var guard = new ApiFilter.Multipart.MultipartGuard(TestForms.Small, form, TestForms.Json);
        byte[] body = Lines("--AaB03x", "Content-Disposition: form-data; name=\"a\"", "", "1",
            "--AaB03x", "Content-Disposition: form-data; name=\"b\"; filename=\"b.bin\"", "", "raw",
            "--AaB03x", "Content-Disposition: form-data; name=\"a\"", "", "2",
            "--AaB03x", "Content-Disposition: form-data; name=\"j\"", "Content-Type: application/json", "", "[true]",
            "--AaB03x--");
        MultipartOutcome outcome = AssertSameAtEverySplit(guard, body);
        Assert.Equal(GuardStatus.Allowed, outcome.Status);
        Assert.Equal("""{"a":["1","2"],"b":"","j":[true]}""", outcome.Emitted);
    }

    [Fact]
    public void Without_a_sink_the_same_bodies_are_allowed()
    {
        foreach (object[] row in Allowed)
        {
            MultipartOutcome outcome = AssertSameAtEverySplit(TestForms.ProfileGuard(), (byte[])row[1], withSink: false);
            Assert.True(outcome.Status == GuardStatus.Allowed, $"{row[0]}: {outcome}");
        }
    }
}
