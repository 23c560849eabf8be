using System.Text;
using ApiFilter.Xml;

namespace ApiFilter.Tests.Xml;

/// <summary>The pure primitives and the token stream of <see cref="XmlScanner"/>.</summary>
public class XmlScannerTests
{
    [Theory]
    [InlineData("abc d", XmlParseStatus.Done, 3)]
    [InlineData("p:local>", XmlParseStatus.Done, 7)]
    [InlineData("日本語 ", XmlParseStatus.Done, 9)]
    [InlineData("abc", XmlParseStatus.NeedMoreData, 3)]
    [InlineData("1abc", XmlParseStatus.Invalid, 0)]
    [InlineData("-x", XmlParseStatus.Invalid, 0)]
    [InlineData("a×", XmlParseStatus.Done, 1)]
    public void TryReadName_reports_status_and_length(string input, XmlParseStatus status, int consumed)
    {
        Assert.Equal(status, XmlChars.TryReadName(Encoding.UTF8.GetBytes(input), isFinal: false, out int n, out _, out _));
        Assert.Equal(consumed, n);
    }

    [Fact]
    public void TryReadName_waits_for_a_split_utf8_character()
    {
        var bytes = Encoding.UTF8.GetBytes("aé");
        Assert.Equal(XmlParseStatus.NeedMoreData, XmlChars.TryReadName(bytes.AsSpan(0, 2), isFinal: false, out int n, out _, out _));
        Assert.Equal(1, n);
        Assert.Equal(XmlParseStatus.Invalid, XmlChars.TryReadName(bytes.AsSpan(0, 2), isFinal: true, out _, out _, out _));
    }

    [Theory]
    [InlineData("&lt;", XmlParseStatus.Done, '<', XmlScanError.None)]
    [InlineData("&quot;x", XmlParseStatus.Done, '"', XmlScanError.None)]
    [InlineData("&#x41;", XmlParseStatus.Done, 'A', XmlScanError.None)]
    [InlineData("&#65;", XmlParseStatus.Done, 'A', XmlScanError.None)]
    [InlineData("&#x1F600;", XmlParseStatus.Done, 0x1F600, XmlScanError.None)]
    [InlineData("&lt", XmlParseStatus.NeedMoreData, 0, XmlScanError.None)]
    [InlineData("&#x4", XmlParseStatus.NeedMoreData, 0, XmlScanError.None)]
    [InlineData("&ent;", XmlParseStatus.Invalid, 0, XmlScanError.UndefinedEntity)]
    [InlineData("&#0;", XmlParseStatus.Invalid, 0, XmlScanError.IllegalCharReference)]
    [InlineData("&#xFFFF;", XmlParseStatus.Invalid, 0, XmlScanError.IllegalCharReference)]
    [InlineData("&#xZ;", XmlParseStatus.Invalid, 0, XmlScanError.BadCharReference)]
    [InlineData("& ", XmlParseStatus.Invalid, 0, XmlScanError.BadReference)]
    [InlineData("&lt ", XmlParseStatus.Invalid, 0, XmlScanError.BadReference)]
    public void TryReadReference_accepts_only_predefined_entities_and_legal_char_refs(string input, XmlParseStatus status, int codePoint, XmlScanError error)
    {
        var result = XmlChars.TryReadReference(Encoding.UTF8.GetBytes(input), isFinal: false, out _, out int cp, out var e);
        Assert.Equal(status, result);
        Assert.Equal(error, e);
        if (status == XmlParseStatus.Done)
        {
            Assert.Equal(codePoint, cp);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x41 }, XmlParseStatus.Done)]
    [InlineData(new byte[] { 0x09 }, XmlParseStatus.Done)]
    [InlineData(new byte[] { 0x01 }, XmlParseStatus.Invalid)]
    [InlineData(new byte[] { 0xC3, 0xA9 }, XmlParseStatus.Done)]
    [InlineData(new byte[] { 0xC3 }, XmlParseStatus.NeedMoreData)]
    [InlineData(new byte[] { 0xC0, 0x80 }, XmlParseStatus.Invalid)]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, XmlParseStatus.Invalid)]
    [InlineData(new byte[] { 0xEF, 0xBF, 0xBE }, XmlParseStatus.Invalid)]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 }, XmlParseStatus.Invalid)]
    public void TryReadChar_checks_utf8_and_the_Char_production(byte[] input, XmlParseStatus status)
    {
        Assert.Equal(status, XmlChars.TryReadChar(input, isFinal: false, out _, out _));
    }

    [Fact]
    public void Scanner_reports_tokens_and_resumes_through_its_state()
    {
        var doc = Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><p:a xmlns:p=\"u\" b='1'>x&amp;y<![CDATA[z]]><!--c--><?t d?></p:a>");
        var types = new List<XmlTokenType>();
        var state = default(XmlScannerState);
        int offset = 0;
        var limits = XmlThreatLimits.Default;
        while (true)
        {
            // Present at most 10 new bytes each time, re-presenting the unconsumed tail.
            int end = Math.Min(doc.Length, offset + 10 + 20);
            var scanner = new XmlScanner(doc.AsSpan(offset, end - offset), end == doc.Length, state, limits);
            XmlScanStatus status;
            while ((status = scanner.Read()) == XmlScanStatus.Token)
            {
                types.Add(scanner.TokenType);
            }

            Assert.NotEqual(XmlScanStatus.Error, status);
            offset += scanner.BytesConsumed;
            state = scanner.CurrentState;
            Assert.Equal(offset, state.BytesConsumed);
            if (status == XmlScanStatus.EndOfInput)
            {
                break;
            }
        }

        // Text and CDATA content may arrive in several runs; collapse consecutive runs before comparing.
        var collapsed = types.Where((t, i) => t is not (XmlTokenType.Text or XmlTokenType.CData) || i == 0 || types[i - 1] != t).ToList();
        Assert.Equal(
            [XmlTokenType.XmlDeclaration, XmlTokenType.StartTagOpen, XmlTokenType.Attribute, XmlTokenType.Attribute, XmlTokenType.StartTagEnd,
             XmlTokenType.Text, XmlTokenType.CData, XmlTokenType.Comment, XmlTokenType.ProcessingInstruction, XmlTokenType.EndTag],
            collapsed);
    }

    [Fact]
    public void Scanner_exposes_names_values_and_offsets()
    {
        var scanner = new XmlScanner("<p:item sku='A&amp;1'>"u8, true, default, XmlThreatLimits.Default);
        Assert.Equal(XmlScanStatus.Token, scanner.Read());
        Assert.Equal(XmlTokenType.StartTagOpen, scanner.TokenType);
        Assert.Equal("p:item", Encoding.UTF8.GetString(scanner.Name));
        Assert.Equal(1, scanner.PrefixLength);
        Assert.Equal(XmlScanStatus.Token, scanner.Read());
        Assert.Equal(XmlTokenType.Attribute, scanner.TokenType);
        Assert.Equal("sku", Encoding.UTF8.GetString(scanner.Name));
        Assert.Equal("A&amp;1", Encoding.UTF8.GetString(scanner.Value));
        Assert.True(scanner.Flag);
        Assert.Equal(8, scanner.TokenOffset);
    }
}
