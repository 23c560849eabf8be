using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace ApiFilter.Json;

/// <summary>
/// Validates and measures the raw bytes between the quotes of a JSON string token, and unescapes
/// them into a caller buffer. Works on one contiguous span; a token that straddles segments is
/// copied into a scratch buffer by the caller first.
/// </summary>
/// <remarks>
/// <see cref="System.Text.Json.Utf8JsonReader"/> checks the escape grammar while reading but does not
/// check that the bytes of a string are well-formed UTF-8, nor that <c>\u</c> escapes pair surrogates
/// correctly. Both are ambiguities a filter must not pass on: two parsers behind it may decode such a
/// string differently (RFC 8259 §8.2 calls the behaviour of such strings unpredictable).
/// </remarks>
internal static class JsonStringScanner
{
    private const int EscapeLength = 6; // \uXXXX

    /// <summary>
    /// Checks <paramref name="raw"/> (a string token without its quotes) and measures it unescaped.
    /// </summary>
    /// <param name="raw">The bytes between the quotes, escapes still in place.</param>
    /// <param name="isEscaped">False when the reader saw no backslash: the fast path skips the escape walk.</param>
    /// <param name="utf8Checked">True when the bytes are already known to be well-formed UTF-8.</param>
    /// <param name="unescapedLength">The length in UTF-8 bytes after unescaping (valid only on success).</param>
    /// <param name="consumed">On failure, the index in <paramref name="raw"/> of the offending byte; otherwise its length.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JsonStringStatus TryMeasure(ReadOnlySpan<byte> raw, bool isEscaped, bool utf8Checked, out int unescapedLength, out int consumed)
    {
        if (!isEscaped)
        {
            // Fast path: no escapes, so the unescaped length is the raw length; only UTF-8 needs checking.
            if (utf8Checked || Utf8.IsValid(raw))
            {
                unescapedLength = raw.Length;
                consumed = raw.Length;
                return JsonStringStatus.Valid;
            }

            unescapedLength = 0;
            consumed = FirstInvalidUtf8(raw);
            return JsonStringStatus.InvalidUtf8;
        }

        return TryMeasureEscaped(raw, utf8Checked, out unescapedLength, out consumed);
    }

    /// <summary>
    /// True when every <c>\u</c> escape of a UTF-16 surrogate in <paramref name="raw"/>, the bytes of
    /// a string token the reader accepted, is a high surrogate directly followed by a low one, so the
    /// string needs no further check of its escapes. False when one is not, or cannot be told
    /// quickly; the exact walk (<see cref="TryMeasure"/>) then decides and finds the spot.
    /// </summary>
    /// <remarks>
    /// Every <c>\u</c> escape shows as a backslash followed by <c>u</c>, so searching for that pair
    /// cannot miss one. A pair found there starts an escape only when an even number of backslashes
    /// precede it (a run of backslashes always begins at an escape boundary and they pair up);
    /// otherwise it is an escaped backslash followed by a literal <c>u</c>.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool SurrogateEscapesArePaired(ReadOnlySpan<byte> raw)
    {
        int at = 0;
        while (true)
        {
            int found = raw[at..].IndexOf("\\u"u8);
            if (found < 0)
            {
                return true;
            }

            int escape = at + found;
            at = escape + 2;
            if (!StartsEscape(raw, escape))
            {
                continue;
            }

            if (!TryHex4(raw[escape..], out int unit))
            {
                return false;
            }

            if (unit is < 0xD800 or > 0xDFFF)
            {
                at = escape + EscapeLength;
                continue;
            }

            ReadOnlySpan<byte> next = raw[(escape + EscapeLength)..];
            if (unit >= 0xDC00 || next.Length < EscapeLength || next[0] != (byte)'\\' || next[1] != (byte)'u'
                || !TryHex4(next, out int low) || low is < 0xDC00 or > 0xDFFF)
            {
                return false;
            }

            at = escape + (2 * EscapeLength);
        }
    }

    /// <summary>True when the backslash at <paramref name="index"/> starts an escape: an even number of backslashes precede it.</summary>
    private static bool StartsEscape(ReadOnlySpan<byte> raw, int index)
    {
        int run = index;
        while (run > 0 && raw[run - 1] == (byte)'\\')
        {
            run--;
        }

        return ((index - run) & 1) == 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static JsonStringStatus TryMeasureEscaped(ReadOnlySpan<byte> raw, bool utf8Checked, out int unescapedLength, out int consumed)
    {
        int length = 0;
        int i = 0;
        while (true)
        {
            int rel = raw[i..].IndexOf((byte)'\\');
            int end = rel < 0 ? raw.Length : i + rel;
            ReadOnlySpan<byte> run = raw[i..end];

            // Escapes are ASCII, so every run between them must be well-formed UTF-8 on its own.
            if (!utf8Checked && !Utf8.IsValid(run))
            {
                unescapedLength = 0;
                consumed = i + FirstInvalidUtf8(run);
                return JsonStringStatus.InvalidUtf8;
            }

            length += run.Length;
            if (rel < 0)
            {
                unescapedLength = length;
                consumed = raw.Length;
                return JsonStringStatus.Valid;
            }

            i = end;
            JsonStringStatus status = TryDecodeEscape(raw[i..], out int scalar, out int escapeBytes);
            if (status != JsonStringStatus.Valid)
            {
                unescapedLength = 0;
                consumed = i;
                return status;
            }

            length += Utf8Length(scalar);
            i += escapeBytes;
        }
    }

    /// <summary>
    /// Writes the unescaped form of <paramref name="raw"/> into <paramref name="destination"/>, which must
    /// hold at least the length <see cref="TryMeasure"/> reported. Call only on input it found valid.
    /// </summary>
    public static int Unescape(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        int written = 0;
        int i = 0;
        while (true)
        {
            int rel = raw[i..].IndexOf((byte)'\\');
            int end = rel < 0 ? raw.Length : i + rel;
            raw[i..end].CopyTo(destination[written..]);
            written += end - i;
            if (rel < 0)
            {
                return written;
            }

            i = end;
            if (TryDecodeEscape(raw[i..], out int scalar, out int escapeBytes) != JsonStringStatus.Valid)
            {
                ThrowHelper.ThrowInvalidOperation("Unescape called on a string that did not validate.");
            }

            written += new Rune(scalar).EncodeToUtf8(destination[written..]);
            i += escapeBytes;
        }
    }

    /// <summary>Decodes one escape starting at the backslash (RFC 8259 §7), pairing UTF-16 surrogates.</summary>
    private static JsonStringStatus TryDecodeEscape(ReadOnlySpan<byte> escape, out int scalar, out int consumed)
    {
        scalar = 0;
        consumed = 0;
        if (escape.Length < 2)
        {
            return JsonStringStatus.InvalidEscape;
        }

        switch (escape[1])
        {
            case (byte)'"': scalar = '"'; break;
            case (byte)'\\': scalar = '\\'; break;
            case (byte)'/': scalar = '/'; break;
            case (byte)'b': scalar = '\b'; break;
            case (byte)'f': scalar = '\f'; break;
            case (byte)'n': scalar = '\n'; break;
            case (byte)'r': scalar = '\r'; break;
            case (byte)'t': scalar = '\t'; break;
            case (byte)'u':
                return TryDecodeUnicodeEscape(escape, out scalar, out consumed);
            default:
                return JsonStringStatus.InvalidEscape;
        }

        consumed = 2;
        return JsonStringStatus.Valid;
    }

    private static JsonStringStatus TryDecodeUnicodeEscape(ReadOnlySpan<byte> escape, out int scalar, out int consumed)
    {
        scalar = 0;
        consumed = 0;
        if (!TryHex4(escape, out int unit))
        {
            return JsonStringStatus.InvalidEscape;
        }

        if (unit is < 0xD800 or > 0xDFFF)
        {
            scalar = unit;
            consumed = EscapeLength;
            return JsonStringStatus.Valid;
        }

        // RFC 8259 §7: a character outside the BMP is escaped as a high surrogate escape followed by
        // a low surrogate escape. A low surrogate first, or a high one without its low partner, is
        // not a Unicode scalar value and cannot be turned into UTF-8.
        if (unit >= 0xDC00)
        {
            return JsonStringStatus.LoneSurrogate;
        }

        ReadOnlySpan<byte> next = escape[EscapeLength..];
        if (next.Length < EscapeLength || next[0] != (byte)'\\' || next[1] != (byte)'u'
            || !TryHex4(next, out int low) || low is < 0xDC00 or > 0xDFFF)
        {
            return JsonStringStatus.LoneSurrogate;
        }

        scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        consumed = 2 * EscapeLength;
        return JsonStringStatus.Valid;
    }

    /// <summary>Reads the four hex digits of <c>\uXXXX</c> (the escape starts at index 0).</summary>
    private static bool TryHex4(ReadOnlySpan<byte> escape, out int value)
    {
        value = 0;
        if (escape.Length < EscapeLength)
        {
            return false;
        }

        for (int k = 2; k < EscapeLength; k++)
        {
            int digit = HexValue(escape[k]);
            if (digit < 0)
            {
                return false;
            }

            value = (value << 4) | digit;
        }

        return true;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private static int Utf8Length(int scalar) => scalar switch
    {
        < 0x80 => 1,
        < 0x800 => 2,
        < 0x10000 => 3,
        _ => 4,
    };

    /// <summary>Index of the first byte that does not start a well-formed UTF-8 sequence (refusal path only).</summary>
    private static int FirstInvalidUtf8(ReadOnlySpan<byte> span)
    {
        int i = 0;
        while (i < span.Length)
        {
            if (Rune.DecodeFromUtf8(span[i..], out _, out int used) != OperationStatus.Done)
            {
                return i;
            }

            i += used;
        }

        return span.Length;
    }
}
