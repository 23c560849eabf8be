using System.Buffers;

namespace ApiFilter.Detection;

/// <summary>
/// Undoes the encodings attackers wrap around a value so detectors see what a back end would
/// eventually see: percent-escapes (RFC 3986 section 2.1, and the non-standard <c>%uXXXX</c>),
/// HTML character references (HTML Living Standard, "character reference state": named,
/// <c>&amp;#ddd;</c>, <c>&amp;#xhh;</c>, the <c>;</c> optional for numeric ones), <c>\uXXXX</c> and
/// <c>\xXX</c> escapes, NUL bytes, overlong UTF-8 (forbidden by RFC 3629 section 3, yet decoded by
/// lax parsers) and fullwidth ASCII forms.
/// </summary>
/// <remarks>
/// <para>
/// Cost bound: decoding works in layers; one layer is a single left-to-right pass in which each
/// construct is recognised by looking at most 10 bytes ahead, and no layer's output is longer than
/// its input (every construct decodes to no more bytes than it occupies). At most
/// <see cref="MaxLayers"/> layers run, so the work is at most <c>MaxLayers × 11 × n</c> byte reads for
/// an n-byte value: linear, whatever the nesting (1 MB of <c>%25252525…</c> costs three passes, and
/// <see cref="NormalizationFlags.LayerLimitReached"/> says more remained).
/// </para>
/// <para>
/// The output is never longer than the input, so a destination of the input's length always
/// suffices. Nothing is allocated. Case is not folded here: the detectors compare keywords
/// ASCII-case-insensitively themselves.
/// </para>
/// </remarks>
public static class ValueNormalizer
{
    /// <summary>Encoding layers undone at most (a legitimate value is encoded once; the second and third catch double encoding).</summary>
    public const int MaxLayers = 3;

    // Bytes that can start a construct this normalizer decodes.
    private static readonly SearchValues<byte> Triggers = SearchValues.Create([(byte)'%', (byte)'&', (byte)'\\', 0, 0xC0, 0xC1, 0xE0, 0xEF, 0xF0]);

    /// <summary>True when <paramref name="value"/> contains a byte that can start an encoded construct.</summary>
    public static bool MayNeedDecoding(ReadOnlySpan<byte> value) => value.IndexOfAny(Triggers) >= 0;

    /// <summary>
    /// Writes the decoded form of <paramref name="value"/> to <paramref name="destination"/> (at least
    /// as long as the value) and returns its length.
    /// </summary>
    /// <param name="value">The value as the filter received it (after the transport's own single decoding).</param>
    /// <param name="destination">Where the decoded form goes; must not overlap <paramref name="value"/>.</param>
    /// <param name="flags">The encodings found.</param>
    /// <returns>The number of bytes written.</returns>
    public static int Normalize(ReadOnlySpan<byte> value, Span<byte> destination, out NormalizationFlags flags)
    {
        long work = 0;
        return Normalize(value, destination, out flags, ref work);
    }

    /// <summary>As <see cref="Normalize(ReadOnlySpan{byte}, Span{byte}, out NormalizationFlags)"/>, adding the bytes read to <paramref name="work"/>.</summary>
    internal static int Normalize(ReadOnlySpan<byte> value, Span<byte> destination, out NormalizationFlags flags, ref long work)
    {
        if (destination.Length < value.Length)
        {
            ThrowHelper.ThrowArgument(nameof(destination), "The destination must be at least as long as the value.");
        }

        flags = NormalizationFlags.None;
        int length = DecodeLayer(value, destination, 0, ref flags, out bool changed, ref work);
        int layer = 1;
        while (changed && layer < MaxLayers && MayNeedDecoding(destination[..length]))
        {
            // In place: a layer never writes ahead of where it reads.
            length = DecodeLayer(destination[..length], destination, layer, ref flags, out changed, ref work);
            layer++;
        }

        if (changed && layer == MaxLayers && MayNeedDecoding(destination[..length]))
        {
            flags |= NormalizationFlags.LayerLimitReached;
        }

        return length;
    }

    private static int DecodeLayer(ReadOnlySpan<byte> src, Span<byte> dst, int layer, ref NormalizationFlags flags, out bool changed, ref long work)
    {
        work += src.Length;
        changed = false;
        int w = 0;
        int i = 0;
        while (i < src.Length)
        {
            int next = src[i..].IndexOfAny(Triggers);
            if (next < 0)
            {
                src[i..].CopyTo(dst[w..]);
                w += src.Length - i;
                break;
            }

            if (next > 0)
            {
                src.Slice(i, next).CopyTo(dst[w..]);
                w += next;
                i += next;
            }

            byte b = src[i];
            int consumed;
            int cp;
            switch (b)
            {
                case (byte)'%':
                    consumed = Percent(src, i, out cp);
                    if (consumed > 0)
                    {
                        flags |= layer == 0 ? NormalizationFlags.PercentEncoded : NormalizationFlags.PercentEncoded | NormalizationFlags.MultiplyEncoded;
                    }

                    break;
                case (byte)'&':
                    consumed = Entity(src, i, out cp);
                    if (consumed > 0)
                    {
                        flags |= NormalizationFlags.HtmlEntities;
                    }

                    break;
                case (byte)'\\':
                    consumed = Backslash(src, i, out cp);
                    if (consumed > 0)
                    {
                        flags |= NormalizationFlags.BackslashEscapes;
                    }

                    break;
                case 0:
                    consumed = 1;
                    cp = -1;
                    flags |= NormalizationFlags.NulBytes;
                    break;
                default:
                    consumed = Utf8Oddity(src, i, ref flags, out cp);
                    break;
            }

            if (consumed == 0)
            {
                dst[w++] = b;
                i++;
                continue;
            }

            changed = true;
            i += consumed;
            if (cp is >= 0xFF01 and <= 0xFF5E)
            {
                cp -= 0xFEE0;
                flags |= NormalizationFlags.FullwidthForms;
            }

            if (cp == 0)
            {
                flags |= NormalizationFlags.NulBytes;
            }
            else if (cp != -1)
            {
                w += EncodeUtf8(cp, dst[w..]);
            }
        }

        return w;
    }

    // %XX (a byte) or %uXXXX (a UTF-16 unit, as IIS decodes it).
    private static int Percent(ReadOnlySpan<byte> s, int i, out int cp)
    {
        cp = -1;
        if (i + 2 < s.Length && Hex(s[i + 1]) >= 0 && Hex(s[i + 2]) >= 0)
        {
            cp = (Hex(s[i + 1]) << 4) | Hex(s[i + 2]);

            // A decoded byte is a byte, not a code point: emit it raw (cp < 0x80 encodes as itself).
            cp = cp < 0x80 ? cp : -0x100 - cp;
            return 3;
        }

        if (i + 5 < s.Length && (s[i + 1] | 0x20) == 'u')
        {
            int v = Hex4(s, i + 2);
            if (v >= 0)
            {
                cp = v;
                return 6;
            }
        }

        return 0;
    }

    // \uXXXX or \xXX.
    private static int Backslash(ReadOnlySpan<byte> s, int i, out int cp)
    {
        cp = -1;
        if (i + 1 >= s.Length)
        {
            return 0;
        }

        byte k = s[i + 1];
        if (k == 'u' && i + 5 < s.Length)
        {
            int v = Hex4(s, i + 2);
            if (v >= 0)
            {
                cp = v;
                return 6;
            }
        }
        else if (k == 'x' && i + 3 < s.Length && Hex(s[i + 2]) >= 0 && Hex(s[i + 3]) >= 0)
        {
            int v = (Hex(s[i + 2]) << 4) | Hex(s[i + 3]);
            cp = v < 0x80 ? v : -0x100 - v;
            return 4;
        }

        return 0;
    }

    // &name; &#ddd[;] &#xhh[;]
    private static int Entity(ReadOnlySpan<byte> s, int i, out int cp)
    {
        cp = -1;
        int j = i + 1;
        if (j < s.Length && s[j] == '#')
        {
            j++;
            bool hex = j < s.Length && (s[j] | 0x20) == 'x';
            if (hex)
            {
                j++;
            }

            int start = j;
            long v = 0;
            while (j < s.Length && j - start < 8)
            {
                int d = hex ? Hex(s[j]) : (uint)(s[j] - '0') <= 9 ? s[j] - '0' : -1;
                if (d < 0)
                {
                    break;
                }

                v = (v * (hex ? 16 : 10)) + d;
                j++;
            }

            if (j == start)
            {
                return 0;
            }

            if (j < s.Length && s[j] == ';')
            {
                j++;
            }

            cp = v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) ? 0xFFFD : (int)v;
            return j - i;
        }

        int nameStart = j;
        while (j < s.Length && j - nameStart < 8 && IsAsciiLetter(s[j]))
        {
            j++;
        }

        if (j == nameStart || j >= s.Length || s[j] != ';')
        {
            return 0;
        }

        cp = NamedEntity(s[nameStart..j]);
        return cp < 0 ? 0 : j + 1 - i;
    }

    private static int NamedEntity(ReadOnlySpan<byte> name) => name switch
    {
        _ when name.SequenceEqual("amp"u8) => '&',
        _ when name.SequenceEqual("lt"u8) => '<',
        _ when name.SequenceEqual("gt"u8) => '>',
        _ when name.SequenceEqual("quot"u8) => '"',
        _ when name.SequenceEqual("apos"u8) => '\'',
        _ when name.SequenceEqual("nbsp"u8) => 0xA0,
        _ when name.SequenceEqual("sol"u8) => '/',
        _ when name.SequenceEqual("bsol"u8) => '\\',
        _ when name.SequenceEqual("colon"u8) => ':',
        _ when name.SequenceEqual("semi"u8) => ';',
        _ when name.SequenceEqual("comma"u8) => ',',
        _ when name.SequenceEqual("period"u8) => '.',
        _ when name.SequenceEqual("lpar"u8) => '(',
        _ when name.SequenceEqual("rpar"u8) => ')',
        _ when name.SequenceEqual("excl"u8) => '!',
        _ when name.SequenceEqual("quest"u8) => '?',
        _ when name.SequenceEqual("num"u8) => '#',
        _ when name.SequenceEqual("percnt"u8) => '%',
        _ when name.SequenceEqual("equals"u8) => '=',
        _ when name.SequenceEqual("plus"u8) => '+',
        _ when name.SequenceEqual("lowbar"u8) => '_',
        _ when name.SequenceEqual("grave"u8) => '`',
        _ when name.SequenceEqual("lsqb"u8) => '[',
        _ when name.SequenceEqual("rsqb"u8) => ']',
        _ when name.SequenceEqual("lcub"u8) => '{',
        _ when name.SequenceEqual("rcub"u8) => '}',
        _ when name.SequenceEqual("verbar"u8) => '|',
        _ when name.SequenceEqual("vert"u8) => '|',
        _ when name.SequenceEqual("ast"u8) => '*',
        _ when name.SequenceEqual("commat"u8) => '@',
        _ when name.SequenceEqual("dollar"u8) => '$',
        _ when name.SequenceEqual("Tab"u8) => '\t',
        _ when name.SequenceEqual("NewLine"u8) => '\n',
        _ => -1,
    };

    // Overlong encodings of code points below 0x800 / 0x10000, and fullwidth ASCII (EF BC 81 .. EF BD 9E).
    private static int Utf8Oddity(ReadOnlySpan<byte> s, int i, ref NormalizationFlags flags, out int cp)
    {
        cp = -1;
        byte b0 = s[i];
        if (b0 is 0xC0 or 0xC1)
        {
            if (i + 1 < s.Length && IsCont(s[i + 1]))
            {
                cp = ((b0 & 0x1F) << 6) | (s[i + 1] & 0x3F);
                flags |= NormalizationFlags.OverlongUtf8;
                return 2;
            }
        }
        else if (b0 == 0xE0)
        {
            if (i + 2 < s.Length && s[i + 1] is >= 0x80 and <= 0x9F && IsCont(s[i + 2]))
            {
                cp = ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
                flags |= NormalizationFlags.OverlongUtf8;
                return 3;
            }
        }
        else if (b0 == 0xF0)
        {
            if (i + 3 < s.Length && s[i + 1] is >= 0x80 and <= 0x8F && IsCont(s[i + 2]) && IsCont(s[i + 3]))
            {
                cp = ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
                flags |= NormalizationFlags.OverlongUtf8;
                return 4;
            }
        }
        else if (b0 == 0xEF && i + 2 < s.Length && IsCont(s[i + 1]) && IsCont(s[i + 2]))
        {
            int v = ((b0 & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
            if (v is >= 0xFF01 and <= 0xFF5E)
            {
                // folded to ASCII by the caller (best-fit mapping of IIS and some drivers)
                cp = v;
                return 3;
            }
        }

        return 0;
    }

    // cp >= 0: a code point to encode; cp <= -0x100: a raw byte (-0x100 - byte).
    internal static int EncodeUtf8(int cp, Span<byte> d)
    {
        if (cp <= -0x100)
        {
            d[0] = (byte)(-0x100 - cp);
            return 1;
        }

        if (cp < 0x80)
        {
            d[0] = (byte)cp;
            return 1;
        }

        if (cp < 0x800)
        {
            d[0] = (byte)(0xC0 | (cp >> 6));
            d[1] = (byte)(0x80 | (cp & 0x3F));
            return 2;
        }

        if (cp < 0x10000)
        {
            d[0] = (byte)(0xE0 | (cp >> 12));
            d[1] = (byte)(0x80 | ((cp >> 6) & 0x3F));
            d[2] = (byte)(0x80 | (cp & 0x3F));
            return 3;
        }

        d[0] = (byte)(0xF0 | (cp >> 18));
        d[1] = (byte)(0x80 | ((cp >> 12) & 0x3F));
        d[2] = (byte)(0x80 | ((cp >> 6) & 0x3F));
        d[3] = (byte)(0x80 | (cp & 0x3F));
        return 4;
    }

    private static int Hex4(ReadOnlySpan<byte> s, int at)
    {
        int a = Hex(s[at]), b = Hex(s[at + 1]), c = Hex(s[at + 2]), d = Hex(s[at + 3]);
        return (a | b | c | d) < 0 ? -1 : (a << 12) | (b << 8) | (c << 4) | d;
    }

    private static int Hex(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    private static bool IsCont(byte b) => (b & 0xC0) == 0x80;

    private static bool IsAsciiLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';
}
