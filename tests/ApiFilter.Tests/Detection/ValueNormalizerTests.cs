using System.Text;
using ApiFilter.Detection;

namespace ApiFilter.Tests.Detection;

public class ValueNormalizerTests
{
    private static (string Text, NormalizationFlags Flags) Normalize(byte[] input)
    {
        var output = new byte[input.Length];
        int n = ValueNormalizer.Normalize(input, output, out NormalizationFlags flags);
        Assert.InRange(n, 0, input.Length);
        return (Encoding.UTF8.GetString(output, 0, n), flags);
    }

    private static (string Text, NormalizationFlags Flags) Normalize(string input) => Normalize(Encoding.UTF8.GetBytes(input));

    [Theory]
    [InlineData("plain text", "plain text", NormalizationFlags.None)]
    [InlineData("a%27b", "a'b", NormalizationFlags.PercentEncoded)]
    [InlineData("%2527", "'", NormalizationFlags.PercentEncoded | NormalizationFlags.MultiplyEncoded)]
    [InlineData("%252527", "'", NormalizationFlags.PercentEncoded | NormalizationFlags.MultiplyEncoded)]
    [InlineData("%u0027%uFF07", "''", NormalizationFlags.PercentEncoded | NormalizationFlags.FullwidthForms)]
    [InlineData("&lt;&quot;&apos;&amp;", "<\"'&", NormalizationFlags.HtmlEntities)]
    [InlineData("&#39;&#x27;&#X27;&#39", "''''", NormalizationFlags.HtmlEntities)]
    [InlineData("&amp;#39;", "'", NormalizationFlags.HtmlEntities)]
    [InlineData("\\u0027\\x27", "''", NormalizationFlags.BackslashEscapes)]
    [InlineData("100% sure & 5%", "100% sure & 5%", NormalizationFlags.None)]
    [InlineData("&unknown; &#; %zz \\q", "&unknown; &#; %zz \\q", NormalizationFlags.None)]
    [InlineData("ＳＥＬＥＣＴ", "SELECT", NormalizationFlags.FullwidthForms)]
    [InlineData("café ü €", "café ü €", NormalizationFlags.None)]
    public void Decodes_each_construct(string input, string expected, NormalizationFlags flags)
    {
        var (text, found) = Normalize(input);
        Assert.Equal(expected, text);
        Assert.Equal(flags, found);
    }

    [Fact]
    public void NUL_bytes_are_removed_and_reported()
    {
        var (text, flags) = Normalize([(byte)'a', 0, (byte)'b', .. "%00c"u8]);
        Assert.Equal("abc", text);
        Assert.True(flags.HasFlag(NormalizationFlags.NulBytes));
    }

    [Fact]
    public void Overlong_UTF8_becomes_the_ASCII_it_encodes()
    {
        // C0 A7 = overlong '\'', E0 80 AF = overlong '/', F0 80 80 BC = overlong '<' (RFC 3629 section 10)
        var (text, flags) = Normalize([0xC0, 0xA7, 0xE0, 0x80, 0xAF, 0xF0, 0x80, 0x80, 0xBC]);
        Assert.Equal("'/<", text);
        Assert.Equal(NormalizationFlags.OverlongUtf8, flags);
    }

    [Fact]
    public void Percent_decoded_bytes_are_bytes_not_code_points()
    {
        var (text, _) = Normalize("caf%C3%A9");
        Assert.Equal("café", text);
    }

    [Fact]
    public void Layers_stop_at_the_limit_and_say_so()
    {
        // 5 layers of encoding of '\'': three are undone, the flag reports what remains.
        var (text, flags) = Normalize("%2525252527");
        Assert.Equal("%2527", text);
        Assert.True(flags.HasFlag(NormalizationFlags.LayerLimitReached));
    }

    [Fact]
    public void Destination_shorter_than_the_value_is_a_bug()
    {
        Assert.Throws<ArgumentException>(() => ValueNormalizer.Normalize("abc"u8, new byte[2], out _));
    }

    [Theory]
    [InlineData("%25")]
    [InlineData("&amp;")]
    [InlineData("&#")]
    [InlineData("\\u00")]
    [InlineData("%")]
    public void Work_is_linear_in_the_length_whatever_the_nesting(string unit)
    {
        long Work(int repeat)
        {
            byte[] input = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(unit, repeat)));
            var output = new byte[input.Length];
            long work = 0;
            ValueNormalizer.Normalize(input, output, out _, ref work);
            return work;
        }

        long small = Work(1024 / unit.Length);
        long large = Work(1024 * 1024 / unit.Length);
        Assert.InRange(large, 1, small * 1024 * 2);
    }
}
