using ApiFilter.Detection;
using static ApiFilter.Tests.Detection.Others.DetectorTestSupport;

namespace ApiFilter.Tests.Detection.Others;

public class PathTraversalDetectorTests
{
    // Refused in both modes.
    public static TheoryData<string> Attacks => Data(
        "../../etc/passwd", "..\\..\\windows\\win.ini", "images/../../../secret", "a/..", "a\\..", "..;/admin",
        "/app/..;/manager", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%2e%2e/secret", "..%2fsecret", "..%5csecret",
        "%252e%252e%252fetc", "%25252e%25252e%25252f", "%c0%ae%c0%ae/x", "..%c0%afetc", "%e0%80%ae%e0%80%ae/x",
        "%u002e%u002e%u002fetc", "&#46;&#46;&#47;etc", "\\u002e\\u002e/etc", "\uff0e\uff0e/etc",
        "file.txt%00.png", "file.txt\0.png", "x%2500", "/etc/passwd", "/etc/shadow", "  /proc/self/environ",
        "/var/log/auth.log", "C:\\Windows\\System32\\drivers\\etc\\hosts", "c:/windows/win.ini", "C:\\boot.ini",
        "\\\\server\\share\\file", "\\\\?\\C:\\x", "file:///etc/passwd", "file://localhost/etc/shadow",
        "FILE:///C:/Windows/win.ini", "/run/secrets/db_password", "%2fetc%2fpasswd", "\\windows\\win.ini");

    // Refused only when the value is declared a relative path.
    public static TheoryData<string> StrictOnly => Data(
        "..", "/srv/data/report.csv", "\\share\\x", "C:report.txt", "D:\\data\\x", "~/.ssh/id_rsa", "~root/x",
        "file:report.txt", "%2e%2e", "/");

    // Pass in both modes.
    public static TheoryData<string> Benign => Data(
        "report.pdf", "docs/guide/intro.md", "a.b.c", "my..file.txt", "v1.2..v1.3", "Wait... what?",
        "and/or", "1/2 cup", "folder\\file.txt", ".hidden/file", "./relative/file", "...", "x/.../y",
        "100%", "50%25 off", "O'Brien", "images/2024/photo..jpg", "readme", "a;b", "etc/passwd.md",
        "https://example.com/a/b", "");

    // Device names are data in some APIs (EC2 block device mappings); a declared path still refuses them as absolute.
    [Fact]
    public void Device_names_pass_as_free_text()
    {
        Assert.False(PathTraversalDetector.Detect("/dev/sda1"u8).Detected);
        Assert.Equal(DetectionReason.PathAbsolute, PathTraversalDetector.Detect("/dev/sda1"u8, PathTraversalMode.Path).Reason);
    }

    // Pass as free text, although a strict path parameter would refuse them.
    public static TheoryData<string> FreeTextOnly => Data(
        "..", "Hmm..", "see /docs/readme for details", "/home/index", "~ approx. 5", "C: drive is full",
        "path is /srv/app", "x:y");

    [Theory]
    [MemberData(nameof(Attacks))]
    public void Attacks_are_refused_in_both_modes(string value)
    {
        Assert.True(PathTraversalDetector.Detect(Utf8(value)).Detected, $"free text: {value}");
        Assert.True(PathTraversalDetector.Detect(Utf8(value), PathTraversalMode.Path).Detected, $"path: {value}");
    }

    [Theory]
    [MemberData(nameof(StrictOnly))]
    public void Absolute_and_bare_dot_dot_are_refused_for_declared_paths(string value)
    {
        Assert.True(PathTraversalDetector.Detect(Utf8(value), PathTraversalMode.Path).Detected, value);
    }

    [Theory]
    [MemberData(nameof(Benign))]
    public void Ordinary_values_pass_in_both_modes(string value)
    {
        DetectionResult free = PathTraversalDetector.Detect(Utf8(value));
        DetectionResult strict = PathTraversalDetector.Detect(Utf8(value), PathTraversalMode.Path);
        Assert.False(free.Detected, $"free text {value}: {free}");
        Assert.False(strict.Detected, $"path {value}: {strict}");
    }

    [Theory]
    [MemberData(nameof(FreeTextOnly))]
    public void Prose_passes_in_free_text_mode(string value)
    {
        Assert.False(PathTraversalDetector.Detect(Utf8(value)).Detected, value);
    }

    [Fact]
    public void Reasons_and_offsets_name_the_construct()
    {
        Assert.Equal(new DetectionResult(DetectionReason.PathTraversal, 7, normalized: false), PathTraversalDetector.Detect("images/../x"u8));
        Assert.Equal(new DetectionResult(DetectionReason.PathTraversal, 0, normalized: true), PathTraversalDetector.Detect("%2e%2e%2fx"u8));
        Assert.Equal(new DetectionResult(DetectionReason.PathNulByte, 4, normalized: false), PathTraversalDetector.Detect("a.md\0.png"u8));
        Assert.Equal(DetectionReason.PathNulByte, PathTraversalDetector.Detect("a.md%00.png"u8).Reason);
        Assert.Equal(DetectionReason.PathSensitiveFile, PathTraversalDetector.Detect("/etc/passwd"u8, PathTraversalMode.Path).Reason);
        Assert.Equal(DetectionReason.PathAbsolute, PathTraversalDetector.Detect("/srv/x"u8, PathTraversalMode.Path).Reason);
    }

    [Fact]
    public void Raw_overlong_utf8_dots_are_decoded()
    {
        // C0 AE is an overlong '.', C0 AF an overlong '/' (RFC 3629 section 10 warns of exactly this).
        byte[] value = [0xC0, 0xAE, 0xC0, 0xAE, 0xC0, 0xAF, (byte)'x'];
        DetectionResult r = PathTraversalDetector.Detect(value);
        Assert.Equal(DetectionReason.PathTraversal, r.Reason);
        Assert.True(r.Normalized);
    }

    [Theory]
    [InlineData("../")]
    [InlineData("..")]
    [InlineData("%25")]
    [InlineData("%2e%2e")]
    [InlineData("....//")]
    public void Work_is_linear_in_the_value_length(string unit)
    {
        foreach (PathTraversalMode mode in new[] { PathTraversalMode.FreeText, PathTraversalMode.Path })
        {
            // A clean prefix keeps the scan from stopping at the first construct.
            byte[] k = [.. "ok "u8, .. Repeat(unit, 1024)];
            byte[] m = [.. "ok "u8, .. Repeat(unit, 1024 * 1024)];
            long small = 0, large = 0;
            PathTraversalDetector.Detect(k, mode, ref small);
            PathTraversalDetector.Detect(m, mode, ref large);
            Assert.InRange(large, 1, 16L * m.Length);
            Assert.True(large <= small * 1100, $"{unit}: {small} vs {large}");
        }
    }

    [Fact]
    public void Nothing_is_allocated()
    {
        string[] values = ["docs/guide/intro.md", "../../etc/passwd", "%252e%252e%252f", "a%00b", new string('a', 3000) + "%2e%2e%2f"];
        Assert.Equal(0, AllocatedBytes(v => PathTraversalDetector.Detect(v), values));
        Assert.Equal(0, AllocatedBytes(v => PathTraversalDetector.Detect(v, PathTraversalMode.Path), values));
    }
}
