using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace ApiFilter.Xml;

/// <summary>Character classes of XML 1.0 (fifth edition) and pure span primitives over UTF-8.</summary>
[SkipLocalsInit]
internal static class XmlChars
{
    private const byte NameStartFlag = 1;
    private const byte NameFlag = 2;

    /// <summary>ASCII part of [4] NameStartChar (flag 1) and [4a] NameChar (flag 2); 256 entries so a byte index needs no bounds check.</summary>
    private static ReadOnlySpan<byte> AsciiNameClass =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 0, // - .
        2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 0, 0, 0, 0, 0, // 0-9 :
        0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, // A-O
        3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 3, // P-Z _
        0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, // a-o
        3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0, // p-z
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // non-ASCII: decoded and checked by range
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    /// <summary>Bytes that end a fast run of character data ([14] CharData): markup, references, ']' (for "]]&gt;"), illegal C0 controls and non-ASCII lead bytes.</summary>
    internal static readonly SearchValues<byte> TextStops = SearchValues.Create(BuildStops("<&]"));

    /// <summary>Bytes that end a fast run in a double-quoted [10] AttValue.</summary>
    internal static readonly SearchValues<byte> AttrStopsDouble = SearchValues.Create(BuildStops("\"<&"));

    /// <summary>Bytes that end a fast run in a single-quoted [10] AttValue.</summary>
    internal static readonly SearchValues<byte> AttrStopsSingle = SearchValues.Create(BuildStops("'<&"));

    /// <summary>Bytes that need a closer look in comments, CDATA and PI data: illegal C0 controls and non-ASCII.</summary>
    internal static readonly SearchValues<byte> CharStops = SearchValues.Create(BuildStops(""));

    /// <summary>1 for bytes that continue a double-quoted [10] AttValue without a closer look.</summary>
    internal static ReadOnlySpan<byte> PlainInDoubleQuotes => PlainTables.Double;

    /// <summary>1 for bytes that continue a single-quoted [10] AttValue without a closer look.</summary>
    internal static ReadOnlySpan<byte> PlainInSingleQuotes => PlainTables.Single;

    /// <summary>1 for bytes that continue a run of [14] CharData without a closer look (the complement of <see cref="TextStops"/>).</summary>
    internal static ReadOnlySpan<byte> PlainInText => PlainTables.Text;

    /// <summary>[3] S.</summary>
    internal static readonly SearchValues<byte> Space = SearchValues.Create(" \t\r\n"u8);

    private static byte[] BuildStops(string ascii)
    {
        var list = new List<byte>();
        for (int b = 0; b < 0x20; b++)
        {
            if (b is not (0x09 or 0x0A or 0x0D))
            {
                list.Add((byte)b);
            }
        }

        for (int b = 0x80; b <= 0xFF; b++)
        {
            list.Add((byte)b);
        }

        foreach (char c in ascii)
        {
            list.Add((byte)c);
        }

        return [.. list];
    }

    /// <summary>[3] S ::= (#x20 | #x9 | #xD | #xA)+.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsSpace(byte b) => b is 0x20 or 0x09 or 0x0A or 0x0D;

    /// <summary>[2] Char: any Unicode scalar except C0 controls other than tab, LF, CR, and U+FFFE/U+FFFF.</summary>
    internal static bool IsChar(int cp) =>
        cp is 0x9 or 0xA or 0xD
        || (cp >= 0x20 && cp <= 0xD7FF)
        || (cp >= 0xE000 && cp <= 0xFFFD)
        || (cp >= 0x10000 && cp <= 0x10FFFF);

    /// <summary>[4] NameStartChar.</summary>
    internal static bool IsNameStartChar(int cp)
    {
        if (cp < 0x80)
        {
            return (AsciiNameClass[cp] & NameStartFlag) != 0;
        }

        return (cp >= 0xC0 && cp <= 0xD6)
            || (cp >= 0xD8 && cp <= 0xF6)
            || (cp >= 0xF8 && cp <= 0x2FF)
            || (cp >= 0x370 && cp <= 0x37D)
            || (cp >= 0x37F && cp <= 0x1FFF)
            || (cp >= 0x200C && cp <= 0x200D)
            || (cp >= 0x2070 && cp <= 0x218F)
            || (cp >= 0x2C00 && cp <= 0x2FEF)
            || (cp >= 0x3001 && cp <= 0xD7FF)
            || (cp >= 0xF900 && cp <= 0xFDCF)
            || (cp >= 0xFDF0 && cp <= 0xFFFD)
            || (cp >= 0x10000 && cp <= 0xEFFFF);
    }

    /// <summary>[4a] NameChar.</summary>
    internal static bool IsNameChar(int cp)
    {
        if (cp < 0x80)
        {
            return (AsciiNameClass[cp] & NameFlag) != 0;
        }

        return IsNameStartChar(cp)
            || cp == 0xB7
            || (cp >= 0x300 && cp <= 0x36F)
            || (cp >= 0x203F && cp <= 0x2040);
    }

    /// <summary>
    /// Decodes one UTF-8 scalar at the start of <paramref name="s"/> and checks it is a [2] Char.
    /// Invalid UTF-8 (overlongs, surrogates, stray continuation bytes) and non-Chars are <see cref="XmlParseStatus.Invalid"/>.
    /// </summary>
    internal static XmlParseStatus TryReadChar(ReadOnlySpan<byte> s, bool isFinal, out int codePoint, out int consumed)
    {
        var status = Rune.DecodeFromUtf8(s, out Rune rune, out consumed);
        codePoint = rune.Value;
        if (status == OperationStatus.Done)
        {
            return IsChar(codePoint) ? XmlParseStatus.Done : XmlParseStatus.Invalid;
        }

        if (status == OperationStatus.NeedMoreData && !isFinal)
        {
            return XmlParseStatus.NeedMoreData;
        }

        codePoint = -1;
        return XmlParseStatus.Invalid;
    }

    /// <summary>
    /// Length of the UTF-8 sequence at <paramref name="s"/>[<paramref name="i"/>] when it is a complete
    /// two- or three-byte encoding of a [2] Char that needs no further check (U+0080..U+07FF,
    /// U+1000..U+CFFF, U+E000..U+FFFD); 0 when <see cref="TryReadChar"/> must decide (four-byte
    /// sequences, E0/ED lead bytes, invalid or cut-short bytes, U+FFFE and U+FFFF).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int CommonCharLength(ReadOnlySpan<byte> s, int i)
    {
        uint b0 = s[i];
        if (b0 - 0xC2u <= 0xDFu - 0xC2u)
        {
            return (uint)(i + 1) < (uint)s.Length && (s[i + 1] & 0xC0) == 0x80 ? 2 : 0;
        }

        if ((b0 - 0xE1u <= 0xEFu - 0xE1u) && b0 != 0xED && (uint)(i + 2) < (uint)s.Length)
        {
            uint b1 = s[i + 1];
            uint b2 = s[i + 2];
            if ((b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80 && (b0 != 0xEF || b1 != 0xBF || b2 < 0xBE))
            {
                return 3;
            }
        }

        return 0;
    }

    /// <summary>
    /// Byte equality tuned for the short names of markup: up to 16 bytes are compared in line with
    /// two overlapping loads; longer spans use <see cref="MemoryExtensions.SequenceEqual{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool NameEquals(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int n = a.Length;
        if (n != b.Length)
        {
            return false;
        }

        ref byte x = ref MemoryMarshal.GetReference(a);
        ref byte y = ref MemoryMarshal.GetReference(b);
        if (n >= 8)
        {
            if (n > 16)
            {
                return a.SequenceEqual(b);
            }

            return Unsafe.ReadUnaligned<ulong>(ref x) == Unsafe.ReadUnaligned<ulong>(ref y)
                && Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref x, n - 8)) == Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref y, n - 8));
        }

        if (n >= 4)
        {
            return Unsafe.ReadUnaligned<uint>(ref x) == Unsafe.ReadUnaligned<uint>(ref y)
                && Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref x, n - 4)) == Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref y, n - 4));
        }

        if (n >= 2)
        {
            return Unsafe.ReadUnaligned<ushort>(ref x) == Unsafe.ReadUnaligned<ushort>(ref y)
                && Unsafe.Add(ref x, n - 1) == Unsafe.Add(ref y, n - 1);
        }

        return n == 0 || x == y;
    }

    /// <summary>
    /// Copies a short name into <paramref name="destination"/> (which must be at least as long) with
    /// overlapping loads and stores; longer spans use <see cref="ReadOnlySpan{T}.CopyTo(Span{T})"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void CopyName(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int n = source.Length;
        if (n > 16 || (uint)n > (uint)destination.Length)
        {
            source.CopyTo(destination);
            return;
        }

        ref byte x = ref MemoryMarshal.GetReference(source);
        ref byte y = ref MemoryMarshal.GetReference(destination);
        if (n >= 8)
        {
            ulong head = Unsafe.ReadUnaligned<ulong>(ref x);
            ulong tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref x, n - 8));
            Unsafe.WriteUnaligned(ref y, head);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref y, n - 8), tail);
        }
        else if (n >= 4)
        {
            uint head = Unsafe.ReadUnaligned<uint>(ref x);
            uint tail = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref x, n - 4));
            Unsafe.WriteUnaligned(ref y, head);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref y, n - 4), tail);
        }
        else if (n > 0)
        {
            byte first = x;
            byte middle = Unsafe.Add(ref x, n >> 1);
            byte last = Unsafe.Add(ref x, n - 1);
            y = first;
            Unsafe.Add(ref y, n >> 1) = middle;
            Unsafe.Add(ref y, n - 1) = last;
        }
    }

    /// <summary>
    /// Checks that every byte of a complete run (comment, CDATA, PI data) is UTF-8 for a [2] Char.
    /// Returns -1 when all is well, else the offset of the first offending byte.
    /// </summary>
    internal static int IndexOfInvalidChar(ReadOnlySpan<byte> s)
    {
        int i = 0;
        while (true)
        {
            int stop = s[i..].IndexOfAny(CharStops);
            if (stop < 0)
            {
                return -1;
            }

            i += stop;
            int n = s[i] >= 0x80 ? CommonCharLength(s, i) : 0;
            if (n == 0 && TryReadChar(s[i..], isFinal: true, out _, out n) != XmlParseStatus.Done)
            {
                return i;
            }

            i += n;
        }
    }

    /// <summary>Length of <paramref name="s"/> without a trailing UTF-8 sequence that is cut short.</summary>
    internal static int CompleteUtf8Length(ReadOnlySpan<byte> s)
    {
        for (int back = 1; back <= 3 && back <= s.Length; back++)
        {
            byte b = s[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue; // continuation byte: look further back for the lead byte
            }

            int needed = b switch
            {
                >= 0xF0 and <= 0xF7 => 4,
                >= 0xE0 => 3,
                >= 0xC0 => 2,
                _ => 1,
            };
            return needed > back ? s.Length - back : s.Length;
        }

        return s.Length;
    }

    /// <summary>
    /// [5] Name ::= NameStartChar (NameChar)*. Reads a name at the start of <paramref name="s"/>.
    /// <paramref name="consumed"/> is the name length (Done), the bytes examined (NeedMoreData) or the
    /// offset of the offending byte (Invalid). Also reports the colon layout for the QName check.
    /// </summary>
    internal static XmlParseStatus TryReadName(ReadOnlySpan<byte> s, bool isFinal, out int consumed, out int firstColon, out int colonCount)
    {
        firstColon = -1;
        colonCount = 0;
        var table = AsciiNameClass;
        int i = 0;
        if (s.Length > 0 && s[0] < 0x80)
        {
            // ASCII fast path: the first byte must be a NameStartChar, the rest NameChars.
            byte b0 = s[0];
            if ((table[b0] & NameStartFlag) == 0)
            {
                consumed = 0;
                return XmlParseStatus.Invalid;
            }

            if (b0 == (byte)':')
            {
                firstColon = 0;
                colonCount = 1;
            }

            i = 1;
            while ((uint)i < (uint)s.Length)
            {
                byte b = s[i];
                if ((table[b] & NameFlag) == 0)
                {
                    if (b >= 0x80)
                    {
                        break;
                    }

                    consumed = i;
                    return XmlParseStatus.Done;
                }

                if (b == (byte)':' && colonCount++ == 0)
                {
                    firstColon = i;
                }

                i++;
            }
        }

        while (i < s.Length)
        {
            byte b = s[i];
            if (b < 0x80)
            {
                byte cls = table[b];
                if (i == 0 ? (cls & NameStartFlag) == 0 : (cls & NameFlag) == 0)
                {
                    consumed = i;
                    return i == 0 ? XmlParseStatus.Invalid : XmlParseStatus.Done;
                }

                if (b == (byte)':')
                {
                    if (colonCount++ == 0)
                    {
                        firstColon = i;
                    }
                }

                i++;
                continue;
            }

            var status = TryReadChar(s[i..], isFinal, out int cp, out int n);
            if (status == XmlParseStatus.NeedMoreData)
            {
                consumed = i;
                return XmlParseStatus.NeedMoreData;
            }

            if (status == XmlParseStatus.Invalid || !(i == 0 ? IsNameStartChar(cp) : IsNameChar(cp)))
            {
                consumed = i;
                return i == 0 || status == XmlParseStatus.Invalid ? XmlParseStatus.Invalid : XmlParseStatus.Done;
            }

            i += n;
        }

        consumed = i;
        return isFinal && i > 0 ? XmlParseStatus.Done : (isFinal ? XmlParseStatus.Invalid : XmlParseStatus.NeedMoreData);
    }

    /// <summary>
    /// [66] CharRef / [67] Reference at the start of <paramref name="s"/> (which begins with '&amp;').
    /// Only the five predefined entities ([4.6]) and character references to a legal [2] Char pass.
    /// </summary>
    /// <param name="s">Bytes starting at '&amp;'.</param>
    /// <param name="isFinal">True when no more bytes follow.</param>
    /// <param name="consumed">Reference length (Done), or the offset of the offending byte (Invalid).</param>
    /// <param name="codePoint">The referenced scalar (predefined entities resolve to their character).</param>
    /// <param name="error">Why the reference is refused, when Invalid.</param>
    internal static XmlParseStatus TryReadReference(ReadOnlySpan<byte> s, bool isFinal, out int consumed, out int codePoint, out XmlScanError error)
    {
        error = XmlScanError.None;

        // Fast path for the five predefined entities (4.6), by far the most common references.
        if (s.Length >= 4 && s[3] == (byte)';' && s[2] == (byte)'t' && s[1] is (byte)'l' or (byte)'g')
        {
            codePoint = s[1] == (byte)'l' ? '<' : '>';
            consumed = 4;
            return XmlParseStatus.Done;
        }

        if (s.Length >= 5 && s[4] == (byte)';' && s.Slice(1, 3).SequenceEqual("amp"u8))
        {
            codePoint = '&';
            consumed = 5;
            return XmlParseStatus.Done;
        }

        codePoint = 0;
        if (s.Length < 2)
        {
            consumed = 0;
            return NeedOrFail(isFinal, ref error, out consumed);
        }

        if (s[1] == (byte)'#')
        {
            // [66] CharRef ::= '&#' [0-9]+ ';' | '&#x' [0-9a-fA-F]+ ';'
            bool hex = s.Length > 2 && s[2] == (byte)'x';
            int i = hex ? 3 : 2;
            int start = i;
            long value = 0;
            while (i < s.Length)
            {
                byte b = s[i];
                int digit = b switch
                {
                    >= (byte)'0' and <= (byte)'9' => b - '0',
                    >= (byte)'a' and <= (byte)'f' when hex => b - 'a' + 10,
                    >= (byte)'A' and <= (byte)'F' when hex => b - 'A' + 10,
                    _ => -1,
                };
                if (digit < 0)
                {
                    break;
                }

                value = Math.Min((value * (hex ? 16 : 10)) + digit, 0x110000);
                i++;
                if (i - start > 16)
                {
                    consumed = i;
                    error = XmlScanError.BadCharReference;
                    return XmlParseStatus.Invalid;
                }
            }

            if (i == s.Length)
            {
                return NeedOrFail(isFinal, ref error, out consumed, i);
            }

            if (i == start || s[i] != (byte)';')
            {
                consumed = i;
                error = XmlScanError.BadCharReference;
                return XmlParseStatus.Invalid;
            }

            if (!IsChar((int)value))
            {
                consumed = 0;
                error = XmlScanError.IllegalCharReference;
                return XmlParseStatus.Invalid;
            }

            codePoint = (int)value;
            consumed = i + 1;
            return XmlParseStatus.Done;
        }

        // [68] EntityRef ::= '&' Name ';'
        var nameStatus = TryReadName(s[1..], isFinal, out int nameLength, out _, out _);
        if (nameStatus == XmlParseStatus.NeedMoreData)
        {
            if (nameLength > 256)
            {
                consumed = 0;
                error = XmlScanError.UndefinedEntity;
                return XmlParseStatus.Invalid;
            }

            consumed = 0;
            return XmlParseStatus.NeedMoreData;
        }

        if (nameStatus == XmlParseStatus.Invalid)
        {
            consumed = 1 + nameLength;
            error = XmlScanError.BadReference;
            return XmlParseStatus.Invalid;
        }

        int semi = 1 + nameLength;
        if (semi == s.Length)
        {
            return NeedOrFail(isFinal, ref error, out consumed, semi);
        }

        if (s[semi] != (byte)';')
        {
            consumed = semi;
            error = XmlScanError.BadReference;
            return XmlParseStatus.Invalid;
        }

        var name = s.Slice(1, nameLength);
        codePoint = name switch
        {
            _ when name.SequenceEqual("lt"u8) => '<',
            _ when name.SequenceEqual("gt"u8) => '>',
            _ when name.SequenceEqual("amp"u8) => '&',
            _ when name.SequenceEqual("apos"u8) => '\'',
            _ when name.SequenceEqual("quot"u8) => '"',
            _ => -1,
        };
        if (codePoint < 0)
        {
            consumed = 0;
            error = XmlScanError.UndefinedEntity;
            return XmlParseStatus.Invalid;
        }

        consumed = semi + 1;
        return XmlParseStatus.Done;
    }

    private static XmlParseStatus NeedOrFail(bool isFinal, ref XmlScanError error, out int consumed, int at = 0)
    {
        consumed = at;
        if (isFinal)
        {
            error = XmlScanError.BadReference;
            return XmlParseStatus.Invalid;
        }

        consumed = 0;
        return XmlParseStatus.NeedMoreData;
    }

    private static class PlainTables
    {
        public static readonly byte[] Double = Build((byte)'"');
        public static readonly byte[] Single = Build((byte)'\'');
        public static readonly byte[] Text = BuildText();

        private static byte[] BuildText()
        {
            var table = Build((byte)'<');
            table[']'] = 0;
            return table;
        }

        private static byte[] Build(byte quote)
        {
            var table = new byte[256];
            for (int b = 0x20; b < 0x80; b++)
            {
                table[b] = 1;
            }

            table[0x09] = table[0x0A] = table[0x0D] = 1;
            table[quote] = table['<'] = table['&'] = 0;
            return table;
        }
    }
}
