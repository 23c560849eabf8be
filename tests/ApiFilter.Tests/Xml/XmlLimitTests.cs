using System.Text;
using ApiFilter.Pipeline;
using ApiFilter.Xml;

namespace ApiFilter.Tests.Xml;

public class XmlLimitTests
{
    /// <summary>Small limits, each one easy to reach with a short document.</summary>
    internal static readonly XmlThreatLimits Small = new()
    {
        MaxDepth = 3,
        MaxChildCount = 3,
        MaxAttributeCount = 2,
        MaxNamespaceDeclarations = 2,
        MaxElementNameLength = 8,
        MaxAttributeNameLength = 6,
        MaxPrefixLength = 4,
        MaxNamespaceUriLength = 10,
        MaxTextLength = 12,
        MaxAttributeValueLength = 5,
        MaxCommentLength = 7,
        MaxPITargetLength = 5,
        MaxPIDataLength = 6,
        MaxBodyBytes = 200,
    };

    private static string N(char c, int n) => new(c, n);

    public static TheoryData<string, string, string, string> Cases() => new()
    {
        // limit name, allowed at the limit, refused one past, pointer of the refusal
        { ViolationCodes.XmlDepth, "<a><b><c/></b></a>", "<a><b><c><d/></c></b></a>", "/a/b/c/d" },
        { ViolationCodes.XmlChildCount, "<a><b/><c/><d/></a>", "<a><b/><c/><d/><e/></a>", "/a" },
        { ViolationCodes.XmlChildCount, "<a>t<!--c--><?p?></a>", "<a>t<!--c--><?p?><b/></a>", "/a" },
        { ViolationCodes.XmlChildCount, "<a>\n <b/>\n <c/>\n <d/>\n</a>", "<a>\n <b/>\n <c/>\n <d/>\nx</a>", "/a" },
        { ViolationCodes.XmlAttributeCount, "<a x=\"1\" y=\"2\" xmlns=\"u\" xmlns:p=\"v\"/>", "<a x=\"1\" y=\"2\" z=\"3\"/>", "/a" },
        { ViolationCodes.XmlNamespaceCount, "<a xmlns=\"u\" xmlns:p=\"v\" x=\"1\" y=\"2\"/>", "<a xmlns=\"u\" xmlns:p=\"v\" xmlns:q=\"w\"/>", "/a" },
        { ViolationCodes.XmlElementNameLength, $"<{N('e', 8)}/>", $"<r><{N('e', 9)}/></r>", "/r" },
        { ViolationCodes.XmlElementNameLength, $"<pppp:{N('e', 8)} xmlns:pppp=\"u\"/>", $"<p:{N('e', 9)} xmlns:p=\"u\"/>", "" },
        { ViolationCodes.XmlAttributeNameLength, $"<a {N('n', 6)}=\"1\"/>", $"<a {N('n', 7)}=\"1\"/>", "/a" },
        { ViolationCodes.XmlPrefixLength, "<pppp:a xmlns:pppp=\"u\"/>", "<a xmlns:ppppp=\"u\"/>", "/a" },
        { ViolationCodes.XmlPrefixLength, "<a xmlns:pppp=\"u\" pppp:b=\"1\"/>", "<ppppp:a/>", "" },
        { ViolationCodes.XmlNamespaceUriLength, $"<a xmlns=\"{N('u', 10)}\"/>", $"<a xmlns=\"{N('u', 11)}\"/>", "/a" },
        { ViolationCodes.XmlTextLength, $"<a>{N('t', 12)}</a>", $"<a>{N('t', 13)}</a>", "/a" },
        { ViolationCodes.XmlTextLength, "<a>ab&amp;<![CDATA[cdefg]]></a>", "<a>ab&amp;<![CDATA[cdefgh]]></a>", "/a" },
        { ViolationCodes.XmlTextLength, $"<a>{N('t', 12)}<b/>{N('t', 12)}</a>", $"<a>{N('t', 6)}<![CDATA[{N('t', 7)}]]></a>", "/a" },
        { ViolationCodes.XmlAttributeValueLength, $"<a b=\"{N('v', 5)}\"/>", $"<a b=\"{N('v', 6)}\"/>", "/a" },
        { ViolationCodes.XmlCommentLength, $"<a><!--{N('c', 7)}--></a>", $"<a><!--{N('c', 8)}--></a>", "/a" },
        { ViolationCodes.XmlCommentLength, $"<!--{N('c', 7)}--><a/>", $"<a/><!--{N('c', 8)}-->", "" },
        { ViolationCodes.XmlPITargetLength, $"<a><?{N('t', 5)}?></a>", $"<a><?{N('t', 6)}?></a>", "/a" },
        { ViolationCodes.XmlPIDataLength, $"<a><?t {N('d', 6)}?></a>", $"<a><?t {N('d', 7)}?></a>", "/a" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void At_the_limit_is_allowed_one_past_is_refused(string code, string atLimit, string pastLimit, string pointer)
    {
        var allowed = XmlTestDriver.Judge(Encoding.UTF8.GetBytes(atLimit), Small);
        Assert.True(allowed.Allowed, $"{atLimit} => {allowed}");

        var refused = XmlTestDriver.Judge(Encoding.UTF8.GetBytes(pastLimit), Small);
        Assert.Equal(GuardStatus.Refused, refused.Status);
        Assert.Equal(code, refused.Code);
        Assert.Equal(pointer, refused.Pointer);

        // Same verdict however the body arrives.
        Assert.Equal(refused, XmlTestDriver.JudgePipe(Encoding.UTF8.GetBytes(pastLimit), 3, Small));
        Assert.True(XmlTestDriver.JudgePipe(Encoding.UTF8.GetBytes(atLimit), 3, Small).Allowed);
    }

    [Fact]
    public void Size_is_refused_as_soon_as_the_bytes_arrive_with_status_413()
    {
        var limits = Small with { MaxTextLength = 1000 };
        var atLimit = Encoding.UTF8.GetBytes($"<a>{N('t', 12)}</a>" + N(' ', 200 - 19));
        Assert.True(XmlTestDriver.Judge(atLimit, limits).Allowed);
        Assert.True(XmlTestDriver.JudgePipe(atLimit, 7, limits).Allowed);
        var past = Encoding.UTF8.GetBytes($"<a>{N('t', 12)}</a>" + N(' ', 201 - 19));
        Assert.Equal(new Judgement(GuardStatus.Refused, ViolationCodes.XmlSize, "", 200), XmlTestDriver.Judge(past, limits));
        Assert.Equal(new Judgement(GuardStatus.Refused, ViolationCodes.XmlSize, "", 200), XmlTestDriver.JudgePipe(past, 7, limits));

        var guard = new XmlGuard(limits);
        Assert.Equal(GuardStatus.NeedMoreData, guard.Feed(new(Encoding.UTF8.GetBytes(N(' ', 150))), false, out long consumed));
        Assert.Equal(150, consumed);
        Assert.Equal(GuardStatus.Refused, guard.Feed(new(new byte[51]), false, out _));
        Assert.Equal(ViolationCodes.XmlSize, guard.Violation!.Code);
        Assert.Equal(413, guard.Violation.Status);
        Assert.Equal(200, guard.Violation.Offset);
    }

    [Fact]
    public void Messages_name_the_limit_and_the_value()
    {
        var guard = new XmlGuard(Small);
        guard.Feed(new(Encoding.UTF8.GetBytes($"<a b=\"{N('v', 9)}\"/>")), true, out _);
        Assert.Contains("MaxAttributeValueLength (5)", guard.Violation!.Message, StringComparison.Ordinal);
        Assert.Contains("9 bytes", guard.Violation.Message, StringComparison.Ordinal);
        Assert.Equal(6, guard.Violation.Offset);
    }

    [Fact]
    public void Over_long_tokens_are_refused_before_they_are_complete()
    {
        // The scanner measures incomplete tokens, so a giant value is refused without waiting for its end.
        var guard = new XmlGuard(Small);
        Assert.Equal(GuardStatus.Refused, guard.Feed(new(Encoding.UTF8.GetBytes("<a b=\"vvvvvvvvvv")), false, out _));
        Assert.Equal(ViolationCodes.XmlAttributeValueLength, guard.Violation!.Code);
        guard.Reset();
        Assert.Equal(GuardStatus.Refused, guard.Feed(new(Encoding.UTF8.GetBytes("<a><!--cccccccccccc")), false, out _));
        Assert.Equal(ViolationCodes.XmlCommentLength, guard.Violation!.Code);
        guard.Reset();
        Assert.Equal(GuardStatus.Refused, guard.Feed(new(Encoding.UTF8.GetBytes("<a>tttttttttttttttt")), false, out _));
        Assert.Equal(ViolationCodes.XmlTextLength, guard.Violation!.Code);
    }

    [Theory]
    [InlineData("<a b{0}=\"1\"/>")]
    [InlineData("<a b={0}\"1\"/>")]
    [InlineData("<a></a{0}>")]
    [InlineData("<a><?pi{0}data?></a>")]
    public void Whitespace_inside_whole_tokens_is_bounded(string template)
    {
        // Well-formed either way; over the bound it is refused so dribbled spaces cannot force endless rescans.
        var atBound = Encoding.UTF8.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, N(' ', XmlScanner.MaxMarkupSpace)));
        Assert.True(XmlTestDriver.Judge(atBound).Allowed);
        Assert.True(XmlTestDriver.JudgePipe(atBound, 1).Allowed);

        var past = Encoding.UTF8.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, N(' ', XmlScanner.MaxMarkupSpace + 1)));
        var refused = XmlTestDriver.Judge(past);
        Assert.Equal(ViolationCodes.XmlSyntax, refused.Code);
        Assert.Equal("/a", refused.Pointer);
        Assert.Equal(refused, XmlTestDriver.JudgePipe(past, 1));
    }

    [Fact]
    public void Invalid_limits_are_a_configuration_bug()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new XmlGuard(XmlThreatLimits.Default with { MaxDepth = 0 }));
    }
}
