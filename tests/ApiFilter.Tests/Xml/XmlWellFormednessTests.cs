using ApiFilter.Pipeline;
using ApiFilter.Xml;

namespace ApiFilter.Tests.Xml;

public class XmlWellFormednessTests
{
    [Theory]
    [MemberData(nameof(XmlCases.Indexes), MemberType = typeof(XmlCases))]
    public void Each_rule_is_accepted_or_refused_with_its_code(int index)
    {
        var (doc, code) = XmlCases.All[index];
        var judgement = XmlTestDriver.Judge(XmlTestDriver.Bytes(doc));
        Assert.True(code == judgement.Code, $"{doc} => {judgement}, expected {code ?? "allowed"}");
        Assert.Equal(code is null ? GuardStatus.Allowed : GuardStatus.Refused, judgement.Status);
    }

    [Fact]
    public void Refusals_carry_pointer_offset_and_message()
    {
        var guard = new XmlGuard(XmlThreatLimits.Default);
        var status = guard.Feed(new(XmlTestDriver.Bytes("<order><items><item a=\"1\" a=\"2\"/></items></order>")), true, out _);
        Assert.Equal(GuardStatus.Refused, status);
        var v = guard.Violation!;
        Assert.Equal(ViolationCodes.XmlSyntax, v.Code);
        Assert.Equal("/order/items/item", v.Pointer);
        Assert.Equal(26, v.Offset);
        Assert.Contains("Unique Att Spec", v.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pointer_escapes_are_rfc6901_and_prefixes_are_kept()
    {
        var j = XmlTestDriver.Judge(XmlTestDriver.Bytes("<o:order xmlns:o=\"urn:o\"><o:line>&bad;</o:line></o:order>"));
        Assert.Equal(ViolationCodes.XmlEntity, j.Code);
        Assert.Equal("/o:order/o:line", j.Pointer);
        Assert.Equal(33, j.Offset);
    }

    [Fact]
    public void Mismatched_end_tag_names_both_tags()
    {
        var guard = new XmlGuard(XmlThreatLimits.Default);
        guard.Feed(new(XmlTestDriver.Bytes("<a><b></c></a>")), true, out _);
        Assert.Equal("/a/b", guard.Violation!.Pointer);
        Assert.Contains("</c>", guard.Violation.Message, StringComparison.Ordinal);
        Assert.Contains("<b>", guard.Violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tolerated_dtd_is_skipped_but_its_entities_are_never_expanded()
    {
        var limits = XmlThreatLimits.Default with { RejectDtd = false };
        Assert.True(XmlTestDriver.Judge(XmlTestDriver.Bytes("<!DOCTYPE a [<!ELEMENT a (#PCDATA)> <!-- ]> --> <!ATTLIST a b CDATA '>'>]><a>x</a>"), limits).Allowed);
        Assert.Equal(ViolationCodes.XmlEntity, XmlTestDriver.Judge(XmlTestDriver.Bytes("<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>"), limits).Code);
        Assert.Equal(ViolationCodes.XmlSyntax, XmlTestDriver.Judge(XmlTestDriver.Bytes("<a/><!DOCTYPE a>"), limits).Code);
        Assert.Equal(ViolationCodes.XmlSyntax, XmlTestDriver.Judge(XmlTestDriver.Bytes("<!DOCTYPE a><!DOCTYPE a><a/>"), limits).Code);
    }

    [Fact]
    public void Reset_makes_the_guard_reusable()
    {
        var guard = new XmlGuard(XmlThreatLimits.Default);
        Assert.Equal(GuardStatus.Refused, guard.Feed(new(XmlTestDriver.Bytes("<p:a><b>")), true, out _));
        guard.Reset();
        Assert.Null(guard.Violation);
        Assert.Equal(GuardStatus.Allowed, guard.Feed(new(XmlTestDriver.Bytes("<a><b/></a>")), true, out long consumed));
        Assert.Equal(11, consumed);
    }

    [Fact]
    public void Incomplete_token_is_left_unconsumed_for_the_next_call()
    {
        var guard = new XmlGuard(XmlThreatLimits.Default);
        Assert.Equal(GuardStatus.NeedMoreData, guard.Feed(new(XmlTestDriver.Bytes("<a><b attr=\"va")), false, out long consumed));
        Assert.Equal(6, consumed); // "<a><b " consumed (the space is remembered in the state); "attr=..." waits
        Assert.Equal(GuardStatus.Allowed, guard.Feed(new(XmlTestDriver.Bytes("attr=\"value\"/></a>")), true, out _));
    }

    [Fact]
    public void Text_and_cdata_are_consumed_as_they_arrive()
    {
        // Long character data is never re-presented from its start: only a possible "]]" waits.
        var guard = new XmlGuard(XmlThreatLimits.Default);
        Assert.Equal(GuardStatus.NeedMoreData, guard.Feed(new(XmlTestDriver.Bytes("<a>" + new string('t', 1000))), false, out long consumed));
        Assert.Equal(1003, consumed);
        Assert.Equal(GuardStatus.NeedMoreData, guard.Feed(new(XmlTestDriver.Bytes("<![CDATA[" + new string('c', 1000) + "]]")), false, out consumed));
        Assert.Equal(9 + 1000, consumed);
        Assert.Equal(GuardStatus.Allowed, guard.Feed(new(XmlTestDriver.Bytes("]]" /* the unconsumed tail */ + ">]]</a>")), true, out _));
    }
}
