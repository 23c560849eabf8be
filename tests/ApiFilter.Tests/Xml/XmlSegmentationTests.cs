using System.Text;
using ApiFilter.Xml;

namespace ApiFilter.Tests.Xml;

/// <summary>
/// The verdict must not depend on how the body is cut: every document is judged split at every byte
/// position (a dense sample above 4 KB), in many small segments, and driven like a PipeReader, and
/// each run must give the same status, code, pointer and offset as the single-segment run.
/// </summary>
public class XmlSegmentationTests
{
    private static readonly XmlThreatLimits Tight = XmlLimitTests.Small;

    [Theory]
    [MemberData(nameof(XmlCases.Indexes), MemberType = typeof(XmlCases))]
    public void Hand_written_cases_do_not_depend_on_segmentation(int index)
    {
        var body = XmlTestDriver.Bytes(XmlCases.All[index].Doc);
        AssertSplitInvariant(body, XmlThreatLimits.Default);
        AssertSplitInvariant(body, Tight);
    }

    // xml.size is left out on purpose: it is judged on bytes as they arrive (a guard fed in small
    // reads may meet another limit first), which XmlLimitTests covers.
    public static TheoryData<string> LimitDocuments() => new()
    {
        "<a><b><c><d/></c></b></a>",
        "<a><b/><c/><d/><e/></a>",
        "<a x=\"1\" y=\"2\" z=\"3\"/>",
        "<a xmlns=\"u\" xmlns:p=\"v\" xmlns:q=\"w\"/>",
        "<r><eeeeeeeee/></r>",
        "<a nnnnnnn=\"1\"/>",
        "<a xmlns:ppppp=\"u\"/>",
        "<a xmlns=\"uuuuuuuuuuu\"/>",
        "<a>ttttttttttttt</a>",
        "<a>ab&amp;<![CDATA[cdefgh]]></a>",
        "<a>tttttt<![CDATA[ttttttt]]></a>",
        "<a b=\"vvvvvv\"/>",
        "<a><!--cccccccc--></a>",
        "<a><?tttttt?></a>",
        "<a><?t ddddddd?></a>",
    };

    [Theory]
    [MemberData(nameof(LimitDocuments))]
    public void Limit_refusals_do_not_depend_on_segmentation(string doc)
    {
        AssertSplitInvariant(Encoding.UTF8.GetBytes(doc), Tight);
    }

    [Fact]
    public void Realistic_document_gives_the_same_verdict_however_it_is_cut()
    {
        var body = OrdersFeed.Create(6 * 1024);
        Assert.True(body.Length > 4096);
        AssertSplitInvariant(body, XmlThreatLimits.Default);

        // A refused variant: an undefined entity near the end.
        var bad = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("</o:orders>", "<o:x>&evil;</o:x></o:orders>", StringComparison.Ordinal));
        AssertSplitInvariant(bad, XmlThreatLimits.Default);
        Assert.Equal(ApiFilter.Pipeline.ViolationCodes.XmlEntity, XmlTestDriver.Judge(bad).Code);
    }

    [Fact]
    public void One_byte_segments_and_one_byte_reads_work()
    {
        var body = OrdersFeed.Create(3000);
        Assert.True(XmlTestDriver.Judge(new XmlGuard(XmlThreatLimits.Default), XmlTestDriver.Chunked(body, 1)).Allowed);
        Assert.True(XmlTestDriver.JudgePipe(body, 1).Allowed);
    }

    [Fact]
    public void Tokens_longer_than_the_copy_buffer_straddle_many_segments()
    {
        // A 20 KB attribute value and a 9 KB comment: the straddle buffer has to grow several times.
        var limits = XmlThreatLimits.Default with { MaxAttributeValueLength = 30_000, MaxCommentLength = 10_000 };
        var body = Encoding.UTF8.GetBytes($"<a b=\"{new string('v', 20_000)}\"><!--{new string('c', 9_000)}--></a>");
        foreach (int size in new[] { 1, 100, 4096 })
        {
            Assert.True(XmlTestDriver.Judge(new XmlGuard(limits), XmlTestDriver.Chunked(body, size)).Allowed, $"{size}-byte segments");
        }

        foreach (int size in new[] { 100, 4096 })
        {
            Assert.True(XmlTestDriver.JudgePipe(body, size, limits).Allowed, $"pipe reads of {size}");
        }

        var tooLong = Encoding.UTF8.GetBytes($"<a b=\"{new string('v', 30_001)}\"/>");
        var expected = XmlTestDriver.Judge(tooLong, limits);
        Assert.Equal(ApiFilter.Pipeline.GuardStatus.Refused, expected.Status);
        Assert.Equal(ApiFilter.Pipeline.ViolationCodes.XmlAttributeValueLength, expected.Code);
        Assert.Equal(expected, XmlTestDriver.Judge(new XmlGuard(limits), XmlTestDriver.Chunked(tooLong, 7)));
        Assert.Equal(expected, XmlTestDriver.JudgePipe(tooLong, 1000, limits));
    }

    internal static void AssertSplitInvariant(byte[] body, XmlThreatLimits limits)
    {
        var expected = XmlTestDriver.Judge(body, limits);
        int n = body.Length;
        for (int cut = 1; cut < n; cut++)
        {
            if (n > 4096 && cut > 512 && cut < n - 512 && cut % 7 != 0)
            {
                continue; // dense sample for large documents
            }

            Check(expected, XmlTestDriver.JudgeSegments(body, limits, cut), body, $"split at {cut}");
        }

        int[] sizes = n > 4096 ? [1, 3, 64, 1000] : [1, 2, 3, 5, 16];
        foreach (int size in sizes)
        {
            Check(expected, XmlTestDriver.Judge(new XmlGuard(limits), XmlTestDriver.Chunked(body, size)), body, $"{size}-byte segments");
            Check(expected, XmlTestDriver.JudgePipe(body, size, limits), body, $"pipe reads of {size}");
        }

        // Three segments, straddling tokens over a middle segment.
        for (int cut = 1; cut + 2 < n && cut < 600; cut += 3)
        {
            Check(expected, XmlTestDriver.JudgeSegments(body, limits, cut, cut + 2), body, $"split at {cut} and {cut + 2}");
        }
    }

    private static void Check(Judgement expected, Judgement actual, byte[] body, string how)
    {
        if (!expected.Equals(actual))
        {
            string text = Encoding.UTF8.GetString(body);
            Assert.Fail($"{how}: expected {expected}, got {actual} for {(text.Length > 200 ? text[..200] + "…" : text)}");
        }
    }
}
