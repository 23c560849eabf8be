using ApiFilter.Xml;

namespace ApiFilter.Tests.Xml;

/// <summary>The in-line fast paths of <see cref="XmlChars"/> agree with the general routines they stand in for.</summary>
public class XmlCharsFastPathTests
{
    [Fact]
    public void CommonCharLength_accepts_only_what_TryReadChar_accepts()
    {
        // Every two- and three-byte lead with a spread of continuation bytes, complete and cut short.
        var buffer = new byte[3];
        for (int b0 = 0x80; b0 <= 0xFF; b0++)
        {
            for (int b1 = 0; b1 <= 0xFF; b1++)
            {
                foreach (int b2 in new[] { 0x00, 0x41, 0x80, 0x9F, 0xA0, 0xBD, 0xBE, 0xBF, 0xC0, 0xFF })
                {
                    buffer[0] = (byte)b0;
                    buffer[1] = (byte)b1;
                    buffer[2] = (byte)b2;
                    for (int length = 1; length <= 3; length++)
                    {
                        var span = buffer.AsSpan(0, length);
                        int fast = XmlChars.CommonCharLength(span, 0);
                        if (fast == 0)
                        {
                            continue;
                        }

                        var status = XmlChars.TryReadChar(span, isFinal: true, out _, out int consumed);
                        Assert.True(status == XmlParseStatus.Done && consumed == fast, $"{b0:X2} {b1:X2} {b2:X2} (length {length})");
                    }
                }
            }
        }
    }

    [Fact]
    public void CommonCharLength_leaves_noncharacters_FFFE_FFFF_to_the_full_check()
    {
        Assert.Equal(0, XmlChars.CommonCharLength([0xEF, 0xBF, 0xBE], 0));
        Assert.Equal(0, XmlChars.CommonCharLength([0xEF, 0xBF, 0xBF], 0));
        Assert.Equal(3, XmlChars.CommonCharLength([0xEF, 0xBF, 0xBD], 0));
        Assert.Equal(2, XmlChars.CommonCharLength([0xC3, 0xA9], 0));
    }

    [Fact]
    public void NameEquals_and_CopyName_match_the_span_helpers_for_every_short_length()
    {
        var random = new Random(11);
        for (int length = 0; length <= 40; length++)
        {
            var a = new byte[length];
            random.NextBytes(a);
            var copy = new byte[length + 8];
            XmlChars.CopyName(a, copy);
            Assert.True(copy.AsSpan(0, length).SequenceEqual(a));
            Assert.True(XmlChars.NameEquals(a, copy.AsSpan(0, length)));

            for (int at = 0; at < length; at++)
            {
                var b = (byte[])a.Clone();
                b[at] ^= 0x20;
                Assert.False(XmlChars.NameEquals(a, b));
            }

            if (length > 0)
            {
                Assert.False(XmlChars.NameEquals(a, a.AsSpan(0, length - 1)));
            }
        }
    }
}
