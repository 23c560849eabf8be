using System.Buffers;
using System.Text;

namespace ApiFilter.Detection;

/// <summary>
/// The lax decodings <see cref="ValueNormalizer"/> leaves out, undone in one pass: CSS backslash escapes (CSS Syntax Level 3, section 4.3.7 "consume an escaped code
/// point": a backslash, one to six hex digits and one optional whitespace, or a backslash and any
/// other character standing for itself), which <see cref="ValueNormalizer"/> does not know: a style
/// attribute spelled <c>\65 xpression</c> or <c>\6a\61\76\61…</c> reaches the browser as
/// <c>expression</c> / <c>java…</c>; character references matched without regard to case
/// (<c>&amp;tab;</c>, <c>&amp;NEWLINE;</c>, <c>&amp;Colon;</c>), which the HTML standard spells in
/// one case only but lax decoders accept; and UTF-7 shifted runs (RFC 2152: <c>+ADw-</c> is
/// <c>&lt;</c>), which old browsers applied to pages without a declared charset.
/// </summary>
/// <remarks>
/// UTF-7 runs decode their ASCII characters and put <c>?</c> for the others, so the output never
/// grows. A run of backslashes before the escape counts as one, so the JSON- or string-escaped spelling
/// (<c>\\3c</c>) is undone too. Decoding is in place: an escape never decodes to more bytes than
/// it occupies. One left-to-right pass with at most 8 bytes of look-ahead a position: linear.
/// </remarks>
internal static class HtmlEscapeDecoder
{
    // Bytes that start an escape this decoder undoes; the runs between them are moved as a block.
    private static readonly SearchValues<byte> Starts = SearchValues.Create("&+\\"u8);

    /// <summary>Decodes <paramref name="buffer"/> in place and returns the new length.</summary>
    /// <param name="buffer">The bytes to decode; overwritten.</param>
    /// <param name="changed">True when an escape was decoded.</param>
    /// <param name="work">Bytes read are added here.</param>
    public static int DecodeInPlace(Span<byte> buffer, out bool changed, ref long work)
    {
        work += buffer.Length;
        changed = false;
        int w = 0;
        int i = 0;
        while (i < buffer.Length)
        {
            int next = buffer[i..].IndexOfAny(Starts);
            int run = next < 0 ? buffer.Length - i : next;
            if (run > 0)
            {
                // Moved left over bytes already read (w <= i): CopyTo handles the overlap.
                if (w != i)
                {
                    buffer.Slice(i, run).CopyTo(buffer[w..]);
                }

                w += run;
                i += run;
                if (next < 0)
                {
                    break;
                }
            }

            byte b = buffer[i];
            if (b == '&' && LaxEntity(buffer, i, out byte decoded, out int length))
            {
                changed = true;
                buffer[w++] = decoded;
                i += length;
                continue;
            }

            if (b == '+' && i + 1 < buffer.Length && buffer[i + 1] == 'A')
            {
                int consumed = Utf7Run(buffer, i, ref w);
                if (consumed > 0)
                {
                    changed = true;
                    i += consumed;
                    continue;
                }
            }

            if (b != '\\')
            {
                buffer[w++] = b;
                i++;
                continue;
            }

            int j = i + 1;
            while (j < buffer.Length && buffer[j] == '\\')
            {
                j++;
            }

            work += j - i;
            if (j >= buffer.Length)
            {
                // A run of backslashes at the end escapes nothing: kept as it is, in one step.
                buffer[i..j].CopyTo(buffer[w..]);
                w += j - i;
                break;
            }

            int start = j;
            int cp = 0;
            while (j < buffer.Length && j - start < 6 && Hex(buffer[j]) >= 0)
            {
                cp = (cp << 4) | Hex(buffer[j]);
                j++;
            }

            changed = true;
            if (j == start)
            {
                // A backslash before any other character stands for that character (CSS) and is
                // dropped by JavaScript for characters without an escape meaning.
                if (buffer[j] is (byte)'\n' or (byte)'\r')
                {
                    i = j + 1;
                    continue;
                }

                buffer[w++] = buffer[j];
                i = j + 1;
                continue;
            }

            if (j < buffer.Length && buffer[j] is (byte)' ' or (byte)'\t' or (byte)'\n')
            {
                j++;
            }

            i = j;
            if (cp != 0)
            {
                w += ValueNormalizer.EncodeUtf8(cp is > 0x10FFFF or (>= 0xD800 and <= 0xDFFF) ? 0xFFFD : cp, buffer[w..]);
            }
        }

        return w;
    }

    // "&name;" for a few names, any case.
    private static bool LaxEntity(ReadOnlySpan<byte> s, int i, out byte decoded, out int length)
    {
        decoded = 0;
        length = 0;
        int semi = s.Slice(i + 1, Math.Min(9, s.Length - i - 1)).IndexOf((byte)';');
        if (semi <= 0)
        {
            return false;
        }

        ReadOnlySpan<byte> name = s.Slice(i + 1, semi);
        decoded = name.Length switch
        {
            2 when Ascii.EqualsIgnoreCase(name, "lt"u8) => (byte)'<',
            2 when Ascii.EqualsIgnoreCase(name, "gt"u8) => (byte)'>',
            3 when Ascii.EqualsIgnoreCase(name, "tab"u8) => (byte)'\t',
            3 when Ascii.EqualsIgnoreCase(name, "sol"u8) => (byte)'/',
            4 when Ascii.EqualsIgnoreCase(name, "lpar"u8) => (byte)'(',
            4 when Ascii.EqualsIgnoreCase(name, "rpar"u8) => (byte)')',
            4 when Ascii.EqualsIgnoreCase(name, "quot"u8) => (byte)'"',
            4 when Ascii.EqualsIgnoreCase(name, "apos"u8) => (byte)'\'',
            5 when Ascii.EqualsIgnoreCase(name, "colon"u8) => (byte)':',
            5 when Ascii.EqualsIgnoreCase(name, "grave"u8) => (byte)'`',
            6 when Ascii.EqualsIgnoreCase(name, "equals"u8) => (byte)'=',
            7 when Ascii.EqualsIgnoreCase(name, "newline"u8) => (byte)'\n',
            _ => 0,
        };
        length = semi + 2;
        return decoded != 0;
    }

    // "+<modified base64>-": UTF-16 code units, 6 bits a character. Only an explicitly closed run
    // ("+ADw-") that decodes to ASCII counts: "+Add" and "C++A" in prose are not UTF-7, and undoing
    // them would only cost another reading. Checked in a first pass, written in a second, since
    // the output overwrites the run it is read from.
    private static int Utf7Run(Span<byte> s, int i, ref int w)
    {
        int j = i + 1;
        int bits = 0;
        int acc = 0;
        int units = 0;
        while (j < s.Length && Base64(s[j]) >= 0)
        {
            acc = ((acc << 6) | Base64(s[j])) & 0xFFFFFF;
            bits += 6;
            j++;
            if (bits >= 16)
            {
                bits -= 16;
                int unit = (acc >> bits) & 0xFFFF;
                if (unit is 0 or >= 0x80)
                {
                    return 0;
                }

                units++;
            }
        }

        if (units == 0 || j >= s.Length || s[j] != '-')
        {
            return 0;
        }

        bits = 0;
        acc = 0;
        for (int r = i + 1; r < j; r++)
        {
            acc = ((acc << 6) | Base64(s[r])) & 0xFFFFFF;
            bits += 6;
            if (bits >= 16)
            {
                bits -= 16;
                s[w++] = (byte)((acc >> bits) & 0x7F);
            }
        }

        return j + 1 - i;
    }

    private static int Base64(byte c) => c switch
    {
        >= (byte)'A' and <= (byte)'Z' => c - 'A',
        >= (byte)'a' and <= (byte)'z' => c - 'a' + 26,
        >= (byte)'0' and <= (byte)'9' => c - '0' + 52,
        (byte)'+' => 62,
        (byte)'/' => 63,
        _ => -1,
    };

    private static int Hex(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
