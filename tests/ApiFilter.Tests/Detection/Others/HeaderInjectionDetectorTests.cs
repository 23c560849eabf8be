using ApiFilter.Detection;
using static ApiFilter.Tests.Detection.Others.DetectorTestSupport;

namespace ApiFilter.Tests.Detection.Others;

public class HeaderInjectionDetectorTests
{
    public static TheoryData<string, DetectionReason> Attacks => new()
    {
        { "en\r\nSet-Cookie: a=1", DetectionReason.HeaderLineBreak },
        { "x\nLocation: http://evil.example", DetectionReason.HeaderLineBreak },
        { "x\ry", DetectionReason.HeaderLineBreak },
        { "x%0d%0aSet-Cookie:%20a=1", DetectionReason.HeaderLineBreak },
        { "x%0aX-Injected: 1", DetectionReason.HeaderLineBreak },
        { "x%0D%0A%0D%0A<html>", DetectionReason.HeaderLineBreak },
        { "x%250d%250aSet-Cookie: a", DetectionReason.HeaderLineBreak },
        { "x%u000aSet-Cookie: a", DetectionReason.HeaderLineBreak },
        { "x&#13;&#10;Set-Cookie: a", DetectionReason.HeaderLineBreak },
        { "x\\u000d\\u000aSet-Cookie: a", DetectionReason.HeaderLineBreak },
        { "x%c0%8aSet-Cookie: a", DetectionReason.HeaderLineBreak },
        { "x\\r\\nSet-Cookie: a=1", DetectionReason.HeaderLineBreak },
        { "x\\nSet-Cookie: a=1", DetectionReason.HeaderLineBreak },
        { "x\u2028Set-Cookie: a", DetectionReason.HeaderLineBreak },
        { "x\u2029y", DetectionReason.HeaderLineBreak },
        { "x\u0085y", DetectionReason.HeaderLineBreak },
        { "x%E2%80%A8Set-Cookie: a", DetectionReason.HeaderLineBreak },
        { "x%C2%85y", DetectionReason.HeaderLineBreak },
        { "x\0y", DetectionReason.HeaderControlCharacter },
        { "x%00y", DetectionReason.HeaderControlCharacter },
        { "x\u0007y", DetectionReason.HeaderControlCharacter },
        { "x\u007fy", DetectionReason.HeaderControlCharacter },
        { "x\u000by", DetectionReason.HeaderControlCharacter },
    };

    public static TheoryData<string> Benign => Data(
        "en-US,en;q=0.9", "text/html; charset=utf-8", "attachment; filename=\"report.pdf\"", "Bearer abc.def.ghi",
        "max-age=3600, must-revalidate", "a=1; b=2; Path=/; HttpOnly", "W/\"xyzzy\"", "tab\tseparated",
        "Ünïcödé naïve café", "日本語のテキスト", "C:\\new\\report", "C:\\reports\\nightly", "50% off & more",
        "https://example.com/a?b=c&d=e#f", "<https://example.com/page2>; rel=\"next\"", "\\n alone", "a\\rb",
        "");

    [Theory]
    [MemberData(nameof(Attacks))]
    public void Line_breaks_and_controls_are_refused(string value, DetectionReason reason)
    {
        Assert.Equal(reason, HeaderInjectionDetector.Detect(Utf8(value)).Reason);
    }

    [Theory]
    [MemberData(nameof(Benign))]
    public void Ordinary_field_values_pass(string value)
    {
        DetectionResult r = HeaderInjectionDetector.Detect(Utf8(value));
        Assert.False(r.Detected, $"{value}: {r}");
    }

    [Fact]
    public void Offsets_and_decoding_are_reported()
    {
        Assert.Equal(new DetectionResult(DetectionReason.HeaderLineBreak, 2, normalized: false), HeaderInjectionDetector.Detect("en\r\nX: 1"u8));
        Assert.Equal(new DetectionResult(DetectionReason.HeaderLineBreak, 2, normalized: true), HeaderInjectionDetector.Detect("en%0d%0aX: 1"u8));
    }

    [Theory]
    [InlineData("%25")]
    [InlineData("\\n")]
    [InlineData("\\nabc")]
    [InlineData("%0")]
    [InlineData("abcdefgh")]
    public void Work_is_linear_in_the_value_length(string unit)
    {
        byte[] k = Repeat(unit, 1024);
        byte[] m = Repeat(unit, 1024 * 1024);
        long small = 0, large = 0;
        HeaderInjectionDetector.Detect(k, ref small);
        HeaderInjectionDetector.Detect(m, ref large);
        Assert.InRange(large, 1, 16L * m.Length);
        Assert.True(large <= small * 1100, $"{unit}: {small} vs {large}");
    }

    [Fact]
    public void Nothing_is_allocated()
    {
        string[] values = ["text/html; charset=utf-8", "x%0d%0aSet-Cookie: a", "x\r\ny", new string('a', 2000) + "%0a"];
        Assert.Equal(0, AllocatedBytes(HeaderInjectionDetector.Detect, values));
    }
}
