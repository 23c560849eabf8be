using System.Text;
using ApiFilter.Signatures;

namespace ApiFilter.Tests.Signatures;

/// <summary>
/// RFC 8941 parsing: the RFC's own examples, the edge cases of each section 4.2 algorithm, and
/// canonical re-serialization (section 4.1). (The structured-field-tests corpus is not available
/// here, so the cases are written from the RFC text.)
/// </summary>
public sealed class StructuredFieldParserTests
{
    [Theory]
    // section 3.1 Lists
    [InlineData("sugar, tea, rum", StructuredFieldType.List, "sugar, tea, rum")]
    [InlineData("sugar,tea,rum", StructuredFieldType.List, "sugar, tea, rum")]
    [InlineData("(\"foo\" \"bar\"), (\"baz\"), (\"bat\" \"one\"), ()", StructuredFieldType.List, "(\"foo\" \"bar\"), (\"baz\"), (\"bat\" \"one\"), ()")]
    [InlineData("(\"foo\"; a=1;b=2);lvl=5, (\"bar\" \"baz\");lvl=1", StructuredFieldType.List, "(\"foo\";a=1;b=2);lvl=5, (\"bar\" \"baz\");lvl=1")]
    [InlineData("abc;a=1;b=2; cde_456, (ghi;jk=4 l);q=\"9\";r=w", StructuredFieldType.List, "abc;a=1;b=2;cde_456, (ghi;jk=4 l);q=\"9\";r=w")]
    [InlineData("", StructuredFieldType.List, "")]
    [InlineData("   ", StructuredFieldType.List, "")]
    [InlineData("1 ,\t2", StructuredFieldType.List, "1, 2")]
    // section 3.2 Dictionaries
    [InlineData("en=\"Applepie\", da=:w4ZibGV0w6ZydGU=:", StructuredFieldType.Dictionary, "en=\"Applepie\", da=:w4ZibGV0w6ZydGU=:")]
    [InlineData("a=?0, b, c; foo=bar", StructuredFieldType.Dictionary, "a=?0, b, c;foo=bar")]
    [InlineData("rating=1.5, feelings=(joy sadness)", StructuredFieldType.Dictionary, "rating=1.5, feelings=(joy sadness)")]
    [InlineData("a=(1 2), b=3, c=4;aa=bb, d=(5 6);valid", StructuredFieldType.Dictionary, "a=(1 2), b=3, c=4;aa=bb, d=(5 6);valid")]
    [InlineData("a=1, b=2, a=3", StructuredFieldType.Dictionary, "a=3, b=2")]
    [InlineData("a=?1", StructuredFieldType.Dictionary, "a")]
    // section 3.3 Items
    [InlineData("5; foo=bar", StructuredFieldType.Item, "5;foo=bar")]
    [InlineData("42", StructuredFieldType.Item, "42")]
    [InlineData("-0", StructuredFieldType.Item, "0")]
    [InlineData("007", StructuredFieldType.Item, "7")]
    [InlineData("999999999999999", StructuredFieldType.Item, "999999999999999")]
    [InlineData("-999999999999999", StructuredFieldType.Item, "-999999999999999")]
    [InlineData("4.5", StructuredFieldType.Item, "4.5")]
    [InlineData("1.50", StructuredFieldType.Item, "1.5")]
    [InlineData("-0.0", StructuredFieldType.Item, "0.0")]
    [InlineData("123456789012.123", StructuredFieldType.Item, "123456789012.123")]
    [InlineData("\"hello world\"", StructuredFieldType.Item, "\"hello world\"")]
    [InlineData("\"a \\\"quoted\\\" \\\\ string\"", StructuredFieldType.Item, "\"a \\\"quoted\\\" \\\\ string\"")]
    [InlineData("foo123/456", StructuredFieldType.Item, "foo123/456")]
    [InlineData("*foo:bar", StructuredFieldType.Item, "*foo:bar")]
    [InlineData(":cHJldGVuZCB0aGlzIGlzIGJpbmFyeSBjb250ZW50Lg==:", StructuredFieldType.Item, ":cHJldGVuZCB0aGlzIGlzIGJpbmFyeSBjb250ZW50Lg==:")]
    [InlineData(":aGVsbG8:", StructuredFieldType.Item, ":aGVsbG8=:")]
    [InlineData("::", StructuredFieldType.Item, "::")]
    [InlineData("?1", StructuredFieldType.Item, "?1")]
    [InlineData("?0;a;b=?0", StructuredFieldType.Item, "?0;a;b=?0")]
    [InlineData("   1  ", StructuredFieldType.Item, "1")]
    [InlineData("1;a=1;b=2;a=3", StructuredFieldType.Item, "1;a=3;b=2")]
    public void Valid_ParsesAndSerializesCanonically(string input, StructuredFieldType type, string canonical)
    {
        StructuredFieldNode[] nodes = new StructuredFieldNode[64];
        Assert.Equal(StructuredFieldStatus.Ok, StructuredFieldParser.Parse(input, type, nodes, out int count));
        ByteBuilder output = new(64, 4096);
        try
        {
            Assert.True(StructuredFieldWriter.WriteField(nodes.AsSpan(0, count), input, type, ref output));
            Assert.Equal(canonical, Encoding.ASCII.GetString(output.Written));
        }
        finally
        {
            output.Dispose();
        }
    }

    [Theory]
    [InlineData("", StructuredFieldType.Item, StructuredFieldStatus.Empty)]
    [InlineData("a,", StructuredFieldType.List, StructuredFieldStatus.Empty)]
    [InlineData("a, ", StructuredFieldType.List, StructuredFieldStatus.Empty)]
    [InlineData("a b", StructuredFieldType.List, StructuredFieldStatus.MissingComma)]
    [InlineData("1 2", StructuredFieldType.Item, StructuredFieldStatus.TrailingCharacters)]
    [InlineData("\t1", StructuredFieldType.Item, StructuredFieldStatus.UnexpectedCharacter)]
    [InlineData("caf\u00e9", StructuredFieldType.Item, StructuredFieldStatus.NonAscii)]
    [InlineData("1234567890123456", StructuredFieldType.Item, StructuredFieldStatus.BadNumber)]
    [InlineData("1234567890123.1", StructuredFieldType.Item, StructuredFieldStatus.BadNumber)]
    [InlineData("1.1234", StructuredFieldType.Item, StructuredFieldStatus.BadNumber)]
    [InlineData("1.", StructuredFieldType.Item, StructuredFieldStatus.BadNumber)]
    [InlineData("-", StructuredFieldType.Item, StructuredFieldStatus.BadNumber)]
    [InlineData("-a", StructuredFieldType.Item, StructuredFieldStatus.BadNumber)]
    [InlineData("1.2.3", StructuredFieldType.Item, StructuredFieldStatus.TrailingCharacters)]
    [InlineData("\"abc", StructuredFieldType.Item, StructuredFieldStatus.BadString)]
    [InlineData("\"a\\b\"", StructuredFieldType.Item, StructuredFieldStatus.BadString)]
    [InlineData("\"a\\", StructuredFieldType.Item, StructuredFieldStatus.BadString)]
    [InlineData("\"a\tb\"", StructuredFieldType.Item, StructuredFieldStatus.BadString)]
    [InlineData("\"a\u007fb\"", StructuredFieldType.Item, StructuredFieldStatus.BadString)]
    [InlineData(":abc", StructuredFieldType.Item, StructuredFieldStatus.BadByteSequence)]
    [InlineData(":a*b=:", StructuredFieldType.Item, StructuredFieldStatus.BadByteSequence)]
    [InlineData(":a=bc:", StructuredFieldType.Item, StructuredFieldStatus.BadByteSequence)]
    [InlineData(":abcde:", StructuredFieldType.Item, StructuredFieldStatus.BadByteSequence)]
    [InlineData("?2", StructuredFieldType.Item, StructuredFieldStatus.BadBoolean)]
    [InlineData("?", StructuredFieldType.Item, StructuredFieldStatus.BadBoolean)]
    [InlineData("A=1", StructuredFieldType.Dictionary, StructuredFieldStatus.BadKey)]
    [InlineData("a=1;B=2", StructuredFieldType.Dictionary, StructuredFieldStatus.BadKey)]
    [InlineData("1;", StructuredFieldType.Item, StructuredFieldStatus.BadKey)]
    [InlineData("(1 2", StructuredFieldType.List, StructuredFieldStatus.BadInnerList)]
    [InlineData("(1,2)", StructuredFieldType.List, StructuredFieldStatus.BadInnerList)]
    [InlineData("a=(1 2", StructuredFieldType.Dictionary, StructuredFieldStatus.BadInnerList)]
    [InlineData("a=", StructuredFieldType.Dictionary, StructuredFieldStatus.UnexpectedCharacter)]
    [InlineData("a=1;b=(1)", StructuredFieldType.Dictionary, StructuredFieldStatus.UnexpectedCharacter)]
    [InlineData("a=1,,b=2", StructuredFieldType.Dictionary, StructuredFieldStatus.BadKey)]
    [InlineData("@", StructuredFieldType.Item, StructuredFieldStatus.UnexpectedCharacter)]
    public void Invalid_IsRefusedWithTheRuleBroken(string input, StructuredFieldType type, StructuredFieldStatus expected)
    {
        StructuredFieldNode[] nodes = new StructuredFieldNode[64];
        Assert.Equal(expected, StructuredFieldParser.Parse(input, type, nodes, out int count));
        Assert.Equal(0, count);
    }

    [Fact]
    public void NodeBuffer_IsTheCallersLimit()
    {
        StructuredFieldNode[] nodes = new StructuredFieldNode[3];
        Assert.Equal(StructuredFieldStatus.TooManyNodes, StructuredFieldParser.Parse("1, 2, 3, 4", StructuredFieldType.List, nodes, out _));
        Assert.Equal(StructuredFieldStatus.Ok, StructuredFieldParser.Parse("1, 2, 3", StructuredFieldType.List, nodes, out int count));
        Assert.Equal(3, count);
    }

    [Fact]
    public void Values_AreExposedAsRanges()
    {
        const string input = "a=(\"x\\\"y\" tok);p=1.25, b=:AQID:, c=-7";
        StructuredFieldNode[] nodes = new StructuredFieldNode[16];
        Assert.Equal(StructuredFieldStatus.Ok, StructuredFieldParser.Parse(input, StructuredFieldType.Dictionary, nodes, out int count));
        ReadOnlySpan<StructuredFieldNode> parsed = nodes.AsSpan(0, count);

        int a = StructuredFieldParser.FindMember(parsed, input, "a");
        Assert.Equal(StructuredFieldValueType.InnerList, parsed[a].Type);
        Assert.Equal(StructuredFieldValueType.String, parsed[a + 1].Type);
        Assert.True(parsed[a + 1].HasEscapes);
        Span<char> text = stackalloc char[8];
        Assert.True(StructuredFieldParser.TryUnescapeString(parsed[a + 1].Value(input), text, out int length));
        Assert.Equal("x\"y", text[..length].ToString());
        Assert.Equal(1250, parsed[StructuredFieldParser.FindParameter(parsed, a, input, "p")].Number);

        int b = StructuredFieldParser.FindMember(parsed, input, "b");
        Span<byte> bytes = stackalloc byte[8];
        Assert.True(StructuredFieldParser.TryDecodeByteSequence(parsed[b].Value(input), bytes, out int written));
        Assert.Equal(new byte[] { 1, 2, 3 }, bytes[..written].ToArray());

        Assert.Equal(-7, parsed[StructuredFieldParser.FindMember(parsed, input, "c")].Number);
        Assert.Equal(-1, StructuredFieldParser.FindMember(parsed, input, "d"));
    }

    [Fact]
    public void LongInput_IsParsedInLinearTime()
    {
        // 200,000 members: one pass each (no key repeats, so the sibling check is the only quadratic part and is bounded by the buffer)
        StringBuilder text = new();
        for (int i = 0; i < 20_000; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append("\"abcdefgh\";q=0.5");
        }

        StructuredFieldNode[] nodes = new StructuredFieldNode[40_000];
        Assert.Equal(StructuredFieldStatus.Ok, StructuredFieldParser.Parse(text.ToString(), StructuredFieldType.List, nodes, out int count));
        Assert.Equal(40_000, count);
    }

    [Fact]
    public void Parse_AllocatesNothing()
    {
        const string input = "sig1=(\"@method\" \"@authority\" \"@path\" \"content-digest\");created=1618884473;keyid=\"test-key-rsa-pss\"";
        StructuredFieldNode[] nodes = new StructuredFieldNode[32];
        for (int warm = 0; warm < 3; warm++)
        {
            StructuredFieldParser.Parse(input, StructuredFieldType.Dictionary, nodes, out _);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        StructuredFieldStatus status = StructuredFieldParser.Parse(input, StructuredFieldType.Dictionary, nodes, out _);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(StructuredFieldStatus.Ok, status);
    }
}
