using System.Text;
using ApiFilter.Detection;

namespace ApiFilter.Tests.Detection.Xss;

/// <summary>XssDetector on single values: each construct, its obfuscations, and the prose it must leave alone.</summary>
public class XssDetectorTests
{
    public static TheoryData<string, DetectionReason> Attacks() => new()
    {
        { "<svg onload=alert(1)>", DetectionReason.EventHandler },
        { "<svg/onload=alert(1)>", DetectionReason.EventHandler },
        { "<img src=x onerror=alert(1)>", DetectionReason.EventHandler },
        { "<IMG SRC=x OnErRoR=alert(1)>", DetectionReason.EventHandler },
        { "<img src=\"x\"onerror=\"alert(1)\">", DetectionReason.EventHandler },
        { "\" onfocus=alert(1) autofocus=\"", DetectionReason.EventHandler },
        { "x' onmouseover='alert(1)", DetectionReason.EventHandler },
        { "<details open ontoggle=alert(1)>", DetectionReason.EventHandler },
        { "<x onanything=1>", DetectionReason.EventHandler },
        { "<script>alert(1)</script>", DetectionReason.ScriptTag },
        { "<ScRiPt src=//evil.example/x.js>", DetectionReason.ScriptTag },
        { "<scr\0ipt>alert(1)</scr\0ipt>", DetectionReason.ScriptTag },
        { "%3Cscript%3Ealert(1)%3C/script%3E", DetectionReason.ScriptTag },
        { "%253Cscript%253E", DetectionReason.ScriptTag },
        { "&lt;script&gt;alert(1)&lt;/script&gt;", DetectionReason.ScriptTag },
        { "\\u003cscript\\u003e", DetectionReason.ScriptTag },
        { "+ADw-script+AD4-alert(1)+ADw-/script+AD4-", DetectionReason.ScriptTag },
        { "</script><script>alert(1)</script>", DetectionReason.ScriptTag },
        { "<x:script xmlns:x=\"http://www.w3.org/1999/xhtml\">", DetectionReason.ScriptTag },
        { "<iframe src=//evil.example>", DetectionReason.DangerousTag },
        { "<object data=x.swf>", DetectionReason.DangerousTag },
        { "<embed src=x>", DetectionReason.DangerousTag },
        { "<base href=//evil.example/>", DetectionReason.DangerousTag },
        { "<meta http-equiv=refresh content=0;url=//evil.example>", DetectionReason.DangerousTag },
        { "<style>@import 'x.css';</style>", DetectionReason.DangerousTag },
        { "<link rel=stylesheet href=x.css>", DetectionReason.DangerousTag },
        { "<a href=\"javascript:alert(1)\">x</a>", DetectionReason.ScriptUrl },
        { "<a href=\"JaVaScRiPt:alert(1)\">", DetectionReason.ScriptUrl },
        { "<a href=\"&#x6A;avascript:alert(1)\">", DetectionReason.ScriptUrl },
        { "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">", DetectionReason.ScriptUrl },
        { "<a href=\"jav&Tab;ascript:alert(1)\">", DetectionReason.ScriptUrl },
        { "<a href=\"jav&NewLine;ascript&colon;alert(1)\">", DetectionReason.ScriptUrl },
        { "<a href=\"java\tscript:alert(1)\">", DetectionReason.ScriptUrl },
        { "<a href=\" &#14; javascript:alert(1)\">", DetectionReason.ScriptUrl },
        { "javascript:alert(1)", DetectionReason.ScriptUrl },
        { "vbscript:msgbox(1)", DetectionReason.ScriptUrl },
        { "livescript:[code]", DetectionReason.ScriptUrl },
        { "<a href=data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>", DetectionReason.DataUrl },
        { "<form><button formaction=javascript:alert(1)>", DetectionReason.DangerousAttribute },
        { "<p style=\"x:expression(alert(1))\">", DetectionReason.DangerousAttribute },
        { "color: red; width: expression(alert(1))", DetectionReason.StyleScript },
        { "x: ex/**/pression(alert(1))", DetectionReason.StyleScript },
        { "body{-moz-binding:url(x.xml#xss)}", DetectionReason.StyleScript },
        { "background:url(javascript", DetectionReason.StyleScript },
        { "{{constructor.constructor('alert(1)')()}}", DetectionReason.TemplateInjection },
        { "${alert(1)}", DetectionReason.TemplateInjection },
        { "<%= system('id') %>", DetectionReason.TemplateInjection },
        { "';alert(1)//", DetectionReason.ScriptBreakout },
        { "\";alert(String.fromCharCode(88))//", DetectionReason.ScriptBreakout },
        { "'-alert(1)-'", DetectionReason.ScriptBreakout },
        { "alert(1)", DetectionReason.ScriptCall },
        { "eval('2 + 2')", DetectionReason.ScriptCall },
        { "[].sort.call`${alert}1337`", DetectionReason.ScriptCall },
        { "document.cookie", DetectionReason.ScriptSink },
        { "document /*x*/ . cookie", DetectionReason.ScriptSink },
        { "window[\"alert\"](1)", DetectionReason.ScriptSink },
        { "[][(![]+[])[+[]]]", DetectionReason.ObfuscatedScript },
        { "<svg><x>", DetectionReason.ForeignContent },
    };

    public static TheoryData<string> Benign() =>
    [
        "O'Brien",
        "I <3 cats",
        "a < b and c > d",
        "x<10 && y>2",
        "Contact: Ann <ann@example.com>",
        "<a@b.c>",
        "online=true",
        "onion rings",
        "The script was great",
        "JavaScript: The Good Parts",
        "alert(s) for your account",
        "Please confirm (by email)",
        "Hello {{name}}",
        "${HOME}/bin",
        "**bold** and `code`",
        "List<string> names = new();",
        "if (a < b) { return; }",
        "A --> B",
        "document.pdf",
        "Tom & Jerry",
        "",
    ];

    // Fragments and the lowest level that flags them: clean one level below, flagged at it and above.
    public static TheoryData<string, DetectionSensitivity, DetectionReason> Fragments() => new()
    {
        { "<f o r m action=//evil.example>", DetectionSensitivity.Standard, DetectionReason.ObfuscatedTag },
        { "x<d i a l o g open>", DetectionSensitivity.Standard, DetectionReason.ObfuscatedTag },
        { "< x: script>alert(1)", DetectionSensitivity.Standard, DetectionReason.ObfuscatedTag },
        { "<:vmlframe src=x.vml>", DetectionSensitivity.Standard, DetectionReason.ObfuscatedTag },
        { "<iframesrc=//evil.example>", DetectionSensitivity.Standard, DetectionReason.ObfuscatedTag },
        { "\u00BCscript\u00BE", DetectionSensitivity.Standard, DetectionReason.HighBitTag },
        { "foo!ENTITY xxe SYSTEM \"file:///etc/passwd\"", DetectionSensitivity.Standard, DetectionReason.DangerousTag },
        { "javascript: \\\\x61lert(1)", DetectionSensitivity.Standard, DetectionReason.ScriptUrl },
        { "data: ,<svg/onload=alert(1)>", DetectionSensitivity.Standard, DetectionReason.DataUrl },
        { "-->", DetectionSensitivity.Elevated, DetectionReason.CommentBreakout },
        { "--!><img src=x>", DetectionSensitivity.Elevated, DetectionReason.CommentBreakout },
        { "<a href=\"https://evil.example/login\">", DetectionSensitivity.Elevated, DetectionReason.MarkupAttribute },
        { "<noscript><p title=\"</noscript>", DetectionSensitivity.Elevated, DetectionReason.DangerousTag },
        { "< script>", DetectionSensitivity.Elevated, DetectionReason.ObfuscatedTag },
        { " onanything= ", DetectionSensitivity.Elevated, DetectionReason.EventHandler },
        { "'  infoo.bar=1", DetectionSensitivity.Elevated, DetectionReason.ScriptBreakout },
        { "\"in valueOf=x", DetectionSensitivity.Elevated, DetectionReason.ScriptBreakout },
        { "a51onabcd=6yJV", DetectionSensitivity.High, DetectionReason.EventHandler },
        { "x onwhatever=1", DetectionSensitivity.High, DetectionReason.EventHandler },
        { "A --> B", DetectionSensitivity.High, DetectionReason.CommentBreakout },
        { "import { a } from './a.js'", DetectionSensitivity.High, DetectionReason.ScriptCall },
        { "<input pattern=\"a+\">", DetectionSensitivity.Paranoid, DetectionReason.MarkupAttribute },
        { "We import (and export) goods", DetectionSensitivity.Paranoid, DetectionReason.ScriptCall },
    };

    // Prose next to the new rules: clean at Standard.
    public static TheoryData<string> BenignNearFragments() =>
    [
        "Grüße aus München, ½ or ¼ of the cake",
        "мы пишем script на русском",
        "if a < b then c",
        "<!-- comment --> text",
        "JavaScript: (the good parts)",
        "data: , separated",
        "!entity names are case-sensitive",
        "\"input=yes\"",
        "a < b c d",
        "if a < b: script.run()",
        "昼xml 文件",
    ];

    [Theory]
    [MemberData(nameof(Fragments))]
    public void Fragment_is_flagged_from_its_level_on(string value, DetectionSensitivity level, DetectionReason reason)
    {
        byte[] bytes = Bytes(value);
        if (level > DetectionSensitivity.Standard)
        {
            DetectionResult below = XssDetector.Detect(bytes, level - 1);
            Assert.False(below.Detected, $"{value} at {level - 1}: {below}");
        }

        for (DetectionSensitivity l = level; l <= DetectionSensitivity.Paranoid; l++)
        {
            DetectionResult r = XssDetector.Detect(bytes, l);
            Assert.True(r.Detected, $"{value} at {l}");
            Assert.True(reason == r.Reason, $"{value} at {l}: {r}");
        }
    }

    [Theory]
    [MemberData(nameof(BenignNearFragments))]
    public void Prose_near_the_fragment_rules_is_clean_at_standard(string value)
    {
        DetectionResult r = XssDetector.Detect(Bytes(value), DetectionSensitivity.Standard);
        Assert.False(r.Detected, $"{value}: {r}");
    }

    [Fact]
    public void Detect_without_a_level_is_standard_and_an_unknown_level_is_paranoid()
    {
        Assert.Equal(XssDetector.Detect("-->"u8, DetectionSensitivity.Standard), XssDetector.Detect("-->"u8));
        Assert.False(XssDetector.Detect("-->"u8).Detected);
        Assert.True(XssDetector.Detect("<input pattern=x>"u8, (DetectionSensitivity)9).Detected);
        Assert.True(XssDetector.Detect("<input pattern=x>"u8, (DetectionSensitivity)0).Detected);
    }

    // A value holding '¾' (U+00BE) is taken as Latin-1 bytes: the single bytes 0xBC and 0xBE of a
    // US-ASCII page, not their UTF-8 forms. Every other value is UTF-8.
    private static byte[] Bytes(string value) =>
        value.Contains('\u00BE', StringComparison.Ordinal) ? Encoding.Latin1.GetBytes(value) : Encoding.UTF8.GetBytes(value);

    [Theory]
    [MemberData(nameof(Attacks))]
    public void Attack_is_detected_with_the_construct_named(string value, DetectionReason reason)
    {
        DetectionResult r = XssDetector.Detect(Encoding.UTF8.GetBytes(value));
        Assert.True(r.Detected, value);
        Assert.True(reason == r.Reason, $"{value}: {r}");
        Assert.InRange(r.Offset, 0, value.Length);
    }

    [Theory]
    [MemberData(nameof(Benign))]
    public void Benign_value_is_clean(string value)
    {
        DetectionResult r = XssDetector.Detect(Encoding.UTF8.GetBytes(value));
        Assert.False(r.Detected, $"{value}: {r}");
    }

    [Fact]
    public void The_demo_value_is_refused_and_the_name_allowed()
    {
        DetectionResult svg = XssDetector.Detect("<svg onload=alert(1)>"u8);
        Assert.Equal(new DetectionResult(DetectionReason.EventHandler, 5, normalized: false), svg);
        Assert.False(XssDetector.Detect("O'Brien"u8).Detected);
    }

    [Fact]
    public void A_construct_found_only_after_decoding_says_so()
    {
        DetectionResult r = XssDetector.Detect("%3Csvg%20onload%3Dalert(1)%3E"u8);
        Assert.True(r.Normalized);
        Assert.Equal(DetectionReason.EventHandler, r.Reason);
        Assert.False(XssDetector.Detect("<svg onload=alert(1)>"u8).Normalized);
    }

    [Fact]
    public void Judging_allocates_nothing()
    {
        byte[] benign = Encoding.UTF8.GetBytes("Great kettle, a < b, O'Brien's favourite; 100% recommended & fast delivery. " + new string('x', 700));
        byte[] attack = Encoding.UTF8.GetBytes("%3Cimg%20src%3Dx%20onerror%3D%26%23x61%3Blert(1)%3E" + new string('y', 700));
        byte[] longBenign = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Tom &amp; Jerry, a%20b, O'Brien's <b>bold</b> text. ", 100)));
        byte[] longAttack = [.. longBenign, .. attack];
        XssDetector.Detect(benign);
        XssDetector.Detect(attack);
        XssDetector.Detect(longBenign, DetectionSensitivity.Paranoid);
        XssDetector.Detect(longAttack);
        // Long values rent their decoded copy from ArrayPool<byte>.Shared: when tests on other
        // threads drain the shared per-core stacks at the same moment, a rent can create a fresh
        // array once. The steady state is what is asserted: one of three rounds allocates nothing.
        long least = long.MaxValue;
        for (int round = 0; round < 3 && least != 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                XssDetector.Detect(benign);
                XssDetector.Detect(attack);
                XssDetector.Detect(longBenign, DetectionSensitivity.Paranoid);
                XssDetector.Detect(longAttack);
                XssDetector.Detect("<svg onload=alert(1)>"u8);
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, least);
    }
}
