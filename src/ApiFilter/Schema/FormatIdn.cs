using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace ApiFilter.Schema;

/// <summary>
/// Internationalized host names (IDNA2008: RFC 5890, 5891, 5892, 5893) and Punycode (RFC 3492),
/// over UTF-8 with stack buffers only.
/// </summary>
/// <remarks>
/// The code point rules are a subset of RFC 5892: letters (except upper and title case), marks and
/// decimal digits are accepted, with the exception table of section 2.6 and every CONTEXTO rule of
/// appendix A. Not covered: the full derived property table (so a lower-case compatibility
/// character such as U+FB01 is accepted, although NFKC case folding changes it), exact
/// Joining_Type data for the ZERO WIDTH NON-JOINER rule (Arabic-block letters count as dual-joining)
/// and exact Bidi_Class data for RFC 5893 (Hebrew/Arabic blocks are right-to-left, other letters
/// left-to-right).
/// </remarks>
internal static class FormatIdn
{
    private const int MaxLabelCodePoints = 63;
    private const int Base = 36;
    private const int TMin = 1;
    private const int TMax = 26;
    private const int Skew = 38;
    private const int Damp = 700;
    private const int InitialBias = 72;
    private const int InitialN = 128;

    /// <summary>
    /// RFC 5890 IDN host name: labels separated by U+002E or the dots of RFC 3490 section 3.1 (U+3002,
    /// U+FF0E, U+FF61); each label an LDH label, a valid A-label or a valid U-label; RFC 5893 on the whole.
    /// </summary>
    public static bool IsIdnHostname(ReadOnlySpan<byte> s) => IsDomain(s, allowUnicode: true);

    /// <summary>A host name in ASCII whose <c>xn--</c> labels are checked as A-labels (RFC 5890 section 2.3.2.1).</summary>
    public static bool IsAsciiHostname(ReadOnlySpan<byte> s) => IsDomain(s, allowUnicode: false);

    /// <summary>True when <paramref name="encoded"/> (the part after <c>xn--</c>) decodes to a valid, canonically encoded U-label.</summary>
    public static bool IsALabel(ReadOnlySpan<byte> encoded)
    {
        Span<int> label = stackalloc int[MaxLabelCodePoints + 1];
        return DecodeALabel(encoded, label, out var count) && IsULabel(label[..count]);
    }

    /// <summary>
    /// The common case of <see cref="IsDomain"/> without code point conversion: an all-ASCII name
    /// with no <c>xn--</c> label, where every rule reduces to RFC 1123 LDH labels (a label of 1 to
    /// 63 letters, digits and hyphens, no hyphen at either end, no "--" in positions 3-4 after an
    /// x, RFC 5890 section 2.3.2.1) and the 253-byte total. False when the case does not apply.
    /// </summary>
    private static bool TryAsciiDomain(ReadOnlySpan<byte> s, out bool valid)
    {
        valid = false;
        if (s.IndexOfAnyExceptInRange((byte)0, (byte)0x7F) >= 0)
        {
            return false;
        }

        var total = 0;
        var labels = 0;
        var rest = s;
        while (true)
        {
            var dot = rest.IndexOf((byte)'.');
            var raw = dot < 0 ? rest : rest[..dot];
            if (raw.Length >= 4 && (raw[0] | 0x20) == 'x' && (raw[1] | 0x20) == 'n' && raw[2] == '-' && raw[3] == '-')
            {
                return false; // an A-label: decoded by the general path
            }

            total += raw.Length + (labels > 0 ? 1 : 0);
            labels++;
            if (raw.Length is 0 or > 63 || total > 253
                || (raw.Length >= 4 && raw[2] == '-' && raw[3] == '-' && (raw[0] | 0x20) == 'x')
                || !FormatNetwork.IsLdhLabel(raw))
            {
                return true; // valid stays false
            }

            if (dot < 0)
            {
                valid = true;
                return true;
            }

            rest = rest[(dot + 1)..];
            if (rest.IsEmpty)
            {
                return true; // a trailing dot leaves an empty label
            }
        }
    }

    [SkipLocalsInit] // the label buffer is read only below the count the decoders wrote
    private static bool IsDomain(ReadOnlySpan<byte> s, bool allowUnicode)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        if (TryAsciiDomain(s, out var asciiVerdict))
        {
            return asciiVerdict;
        }

        Span<int> label = stackalloc int[MaxLabelCodePoints + 1];
        var total = 0;
        var bidiDomain = false;
        var labels = 0;

        // pass 1: structure, lengths and per-label rules; pass 2 (only for Bidi domain names): RFC 5893
        for (var pass = 0; pass < 2; pass++)
        {
            var i = 0;
            while (true)
            {
                var start = i;
                var end = i;
                var separatorLength = 0;
                while (end < s.Length)
                {
                    separatorLength = SeparatorLength(s[end..], allowUnicode);
                    if (separatorLength > 0)
                    {
                        break;
                    }

                    end++;
                }

                var raw = s[start..end];
                if (!ToCodePoints(raw, label, allowUnicode, out var count, out var aLabelLength))
                {
                    return false;
                }

                if (pass == 0)
                {
                    total += aLabelLength + (labels > 0 ? 1 : 0);
                    labels++;
                    if (aLabelLength is 0 or > 63 || total > 253)
                    {
                        return false;
                    }

                    if (!IsLabelValid(raw, label[..count]))
                    {
                        return false;
                    }

                    bidiDomain |= HasRightToLeft(label[..count]);
                }
                else if (!SatisfiesBidiRule(label[..count]))
                {
                    return false;
                }

                if (end == s.Length)
                {
                    break;
                }

                i = end + separatorLength;
                if (i == s.Length)
                {
                    // a trailing separator leaves an empty label
                    return false;
                }
            }

            if (!bidiDomain)
            {
                return true;
            }

            labels = 0;
        }

        return true;
    }

    private static int SeparatorLength(ReadOnlySpan<byte> s, bool allowUnicode)
    {
        if (s[0] == '.')
        {
            return 1;
        }

        // U+3002 E3 80 82, U+FF0E EF BC 8E, U+FF61 EF BD A1
        if (allowUnicode && s.Length >= 3
            && (s[..3].SequenceEqual("\u3002"u8) || s[..3].SequenceEqual("\uFF0E"u8) || s[..3].SequenceEqual("\uFF61"u8)))
        {
            return 3;
        }

        return 0;
    }

    /// <summary>Decodes a label to code points (A-labels decoded from Punycode) and its length in A-label form.</summary>
    private static bool ToCodePoints(ReadOnlySpan<byte> raw, Span<int> output, bool allowUnicode, out int count, out int aLabelLength)
    {
        count = 0;
        aLabelLength = 0;
        if (raw.IsEmpty || raw.Length > 4 * MaxLabelCodePoints)
        {
            return false;
        }

        var ascii = true;
        foreach (var b in raw)
        {
            ascii &= b < 0x80;
        }

        if (ascii)
        {
            aLabelLength = raw.Length;
            if (raw.Length >= 4 && (raw[0] | 0x20) == 'x' && (raw[1] | 0x20) == 'n' && raw[2] == '-' && raw[3] == '-')
            {
                return DecodeALabel(raw[4..], output, out count);
            }

            if (raw.Length > MaxLabelCodePoints)
            {
                return false;
            }

            for (var i = 0; i < raw.Length; i++)
            {
                output[i] = raw[i];
            }

            count = raw.Length;
            return true;
        }

        if (!allowUnicode)
        {
            return false;
        }

        var rest = raw;
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(rest, out var rune, out var consumed) != System.Buffers.OperationStatus.Done || count >= MaxLabelCodePoints)
            {
                return false;
            }

            output[count++] = rune.Value;
            rest = rest[consumed..];
        }

        aLabelLength = 4 + EncodedLength(output[..count]);
        return true;
    }

    private static bool IsLabelValid(ReadOnlySpan<byte> raw, ReadOnlySpan<int> label)
    {
        var allAscii = true;
        foreach (var c in label)
        {
            allAscii &= c < 0x80;
        }

        if (allAscii)
        {
            // an A-label that decodes to ASCII only is not an A-label (RFC 5890 section 2.3.2.1)
            if (raw.Length >= 4 && raw[2] == '-' && raw[3] == '-' && (raw[0] | 0x20) == 'x')
            {
                return false;
            }

            return FormatNetwork.IsLdhLabel(raw);
        }

        return IsULabel(label);
    }

    private static bool DecodeALabel(ReadOnlySpan<byte> encoded, Span<int> output, out int count)
    {
        count = 0;
        if (encoded.IsEmpty || encoded.Length > 59)
        {
            return false;
        }

        // RFC 3492 section 6.2
        var delimiter = encoded.LastIndexOf((byte)'-');
        var basicEnd = delimiter < 0 ? 0 : delimiter;
        for (var j = 0; j < basicEnd; j++)
        {
            if (count >= MaxLabelCodePoints)
            {
                return false;
            }

            output[count++] = encoded[j];
        }

        var n = InitialN;
        var i = 0;
        var bias = InitialBias;
        var pos = delimiter < 0 ? 0 : delimiter + 1;
        while (pos < encoded.Length)
        {
            var oldi = i;
            var w = 1;
            for (var k = Base; ; k += Base)
            {
                if (pos >= encoded.Length)
                {
                    return false;
                }

                var digit = DigitValue(encoded[pos++]);
                if (digit < 0 || digit > (int.MaxValue - i) / w)
                {
                    return false;
                }

                i += digit * w;
                var t = k <= bias ? TMin : k >= bias + TMax ? TMax : k - bias;
                if (digit < t)
                {
                    break;
                }

                if (w > int.MaxValue / (Base - t))
                {
                    return false;
                }

                w *= Base - t;
            }

            bias = Adapt(i - oldi, count + 1, oldi == 0);
            if (i / (count + 1) > 0x10FFFF - n)
            {
                return false;
            }

            n += i / (count + 1);
            i %= count + 1;
            if (count >= MaxLabelCodePoints || n is >= 0xD800 and <= 0xDFFF || n > 0x10FFFF)
            {
                return false;
            }

            output.Slice(i, count - i).CopyTo(output[(i + 1)..]);
            output[i] = n;
            count++;
            i++;
        }

        // canonical form only: re-encoding must give the same text (RFC 5891 section 5.4)
        Span<byte> reencoded = stackalloc byte[64];
        var length = Encode(output[..count], reencoded);
        return length >= 0 && reencoded[..length].SequenceEqual(LowerCaseCopy(encoded, stackalloc byte[64]));
    }

    private static ReadOnlySpan<byte> LowerCaseCopy(ReadOnlySpan<byte> source, Span<byte> buffer)
    {
        for (var j = 0; j < source.Length; j++)
        {
            var b = source[j];
            buffer[j] = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
        }

        return buffer[..source.Length];
    }

    private static int EncodedLength(ReadOnlySpan<int> label)
    {
        Span<byte> buffer = stackalloc byte[64];
        var length = Encode(label, buffer);
        return length < 0 ? 1000 : length;
    }

    /// <summary>RFC 3492 section 6.3; returns the length written, or -1 when it does not fit.</summary>
    private static int Encode(ReadOnlySpan<int> input, Span<byte> output)
    {
        var o = 0;
        var basic = 0;
        foreach (var c in input)
        {
            if (c < 0x80)
            {
                if (o >= output.Length)
                {
                    return -1;
                }

                output[o++] = (byte)c;
                basic++;
            }
        }

        var h = basic;
        if (basic > 0)
        {
            if (o >= output.Length)
            {
                return -1;
            }

            output[o++] = (byte)'-';
        }

        var n = InitialN;
        var delta = 0;
        var bias = InitialBias;
        while (h < input.Length)
        {
            var m = int.MaxValue;
            foreach (var c in input)
            {
                if (c >= n && c < m)
                {
                    m = c;
                }
            }

            delta += (m - n) * (h + 1);
            n = m;
            foreach (var c in input)
            {
                if (c < n)
                {
                    delta++;
                }
                else if (c == n)
                {
                    var q = delta;
                    for (var k = Base; ; k += Base)
                    {
                        var t = k <= bias ? TMin : k >= bias + TMax ? TMax : k - bias;
                        if (q < t)
                        {
                            break;
                        }

                        if (o >= output.Length)
                        {
                            return -1;
                        }

                        output[o++] = DigitChar(t + ((q - t) % (Base - t)));
                        q = (q - t) / (Base - t);
                    }

                    if (o >= output.Length)
                    {
                        return -1;
                    }

                    output[o++] = DigitChar(q);
                    bias = Adapt(delta, h + 1, h == basic);
                    delta = 0;
                    h++;
                }
            }

            delta++;
            n++;
        }

        return o;
    }

    private static int Adapt(int delta, int numPoints, bool firstTime)
    {
        delta = firstTime ? delta / Damp : delta / 2;
        delta += delta / numPoints;
        var k = 0;
        while (delta > ((Base - TMin) * TMax) / 2)
        {
            delta /= Base - TMin;
            k += Base;
        }

        return k + (((Base - TMin + 1) * delta) / (delta + Skew));
    }

    private static int DigitValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0' + 26,
        >= (byte)'a' and <= (byte)'z' => b - 'a',
        >= (byte)'A' and <= (byte)'Z' => b - 'A',
        _ => -1,
    };

    private static byte DigitChar(int d) => (byte)(d < 26 ? 'a' + d : '0' + d - 26);

    /// <summary>RFC 5891 section 5.4 U-label checks (hyphens, leading mark, code points, context rules).</summary>
    private static bool IsULabel(ReadOnlySpan<int> label)
    {
        if (label.IsEmpty || label[0] == '-' || label[^1] == '-' || (label.Length >= 4 && label[2] == '-' && label[3] == '-'))
        {
            return false;
        }

        if (IsMark(label[0]))
        {
            return false;
        }

        var hasArabicIndic = false;
        var hasExtendedArabicIndic = false;
        for (var i = 0; i < label.Length; i++)
        {
            var c = label[i];
            switch (c)
            {
                case 0x00B7:
                    // MIDDLE DOT: only between two 'l' (Catalan ela geminada)
                    if (i == 0 || i == label.Length - 1 || label[i - 1] != 'l' || label[i + 1] != 'l')
                    {
                        return false;
                    }

                    continue;
                case 0x0375:
                    // GREEK LOWER NUMERAL SIGN: followed by a Greek character
                    if (i == label.Length - 1 || !IsGreek(label[i + 1]))
                    {
                        return false;
                    }

                    continue;
                case 0x05F3 or 0x05F4:
                    // HEBREW GERESH / GERSHAYIM: preceded by a Hebrew character
                    if (i == 0 || !IsHebrew(label[i - 1]))
                    {
                        return false;
                    }

                    continue;
                case 0x30FB:
                    // KATAKANA MIDDLE DOT: the label holds some Hiragana, Katakana or Han
                    if (!HasJapanese(label))
                    {
                        return false;
                    }

                    continue;
                case 0x200D:
                    // ZERO WIDTH JOINER: after a virama
                    if (i == 0 || !IsVirama(label[i - 1]))
                    {
                        return false;
                    }

                    continue;
                case 0x200C:
                    if (!(i > 0 && IsVirama(label[i - 1])) && !IsBetweenJoiningLetters(label, i))
                    {
                        return false;
                    }

                    continue;
                case >= 0x0660 and <= 0x0669:
                    hasArabicIndic = true;
                    continue;
                case >= 0x06F0 and <= 0x06F9:
                    hasExtendedArabicIndic = true;
                    continue;
                case 0x00DF or 0x03C2 or 0x06FD or 0x06FE or 0x0F0B or 0x3007:
                    // RFC 5892 section 2.6 exceptions that are PVALID
                    continue;
                case 0x0640 or 0x07FA or 0x302E or 0x302F or (>= 0x3031 and <= 0x3035) or 0x303B:
                    // RFC 5892 section 2.6 exceptions that are DISALLOWED
                    return false;
            }

            if (!IsPermitted(c))
            {
                return false;
            }
        }

        return !(hasArabicIndic && hasExtendedArabicIndic);
    }

    private static bool IsPermitted(int c)
    {
        if (c < 0x80)
        {
            return c == '-' || (uint)(c - '0') <= 9 || (uint)(c - 'a') <= 'z' - 'a';
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        return category is UnicodeCategory.LowercaseLetter or UnicodeCategory.OtherLetter or UnicodeCategory.ModifierLetter
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.DecimalDigitNumber;
    }

    private static bool IsMark(int c) => CharUnicodeInfo.GetUnicodeCategory(c)
        is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    private static bool IsGreek(int c) => c is (>= 0x0370 and <= 0x03FF and not (>= 0x03E2 and <= 0x03EF)) or (>= 0x1F00 and <= 0x1FFF);

    private static bool IsHebrew(int c) => c is (>= 0x0591 and <= 0x05F4) or (>= 0xFB1D and <= 0xFB4F);

    private static bool HasJapanese(ReadOnlySpan<int> label)
    {
        foreach (var c in label)
        {
            if (c is (>= 0x3041 and <= 0x309F) or (>= 0x30A0 and <= 0x30FA) or (>= 0x30FC and <= 0x30FF) or (>= 0x31F0 and <= 0x31FF)
                or (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x20000 and <= 0x3FFFF))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Code points with Canonical_Combining_Class Virama (9) in the Unicode scripts that use one.</summary>
    private static bool IsVirama(int c) => c is 0x094D or 0x09CD or 0x0A4D or 0x0ACD or 0x0B4D or 0x0BCD or 0x0C4D or 0x0CCD
        or 0x0D3B or 0x0D3C or 0x0D4D or 0x0DCA or 0x0E3A or 0x0EBA or 0x0F84 or 0x1039 or 0x103A or 0x1714 or 0x1715 or 0x1734
        or 0x17D2 or 0x1A60 or 0x1B44 or 0x1BAA or 0x1BAB or 0x1BF2 or 0x1BF3 or 0x2D7F or 0xA806 or 0xA82C or 0xA8C4 or 0xA953
        or 0xA9C0 or 0xAAF6 or 0xABED or 0x10A3F or 0x11046 or 0x11070 or 0x1107F or 0x110B9 or 0x11133 or 0x11134 or 0x111C0
        or 0x11235 or 0x112EA or 0x1134D or 0x11442 or 0x114C2 or 0x115BF or 0x1163F or 0x116B6 or 0x1172B or 0x11839
        or 0x119E0 or 0x11A34 or 0x11A47 or 0x11A99 or 0x11C3F or 0x11D44 or 0x11D45 or 0x11D97;

    /// <summary>
    /// RFC 5892 appendix A.1 regular expression
    /// <c>(Joining_Type:{L,D})(Joining_Type:T)*\u200C(Joining_Type:T)*(Joining_Type:{R,D})</c>, with
    /// Arabic-block letters taken as dual-joining and non-spacing marks as transparent.
    /// </summary>
    private static bool IsBetweenJoiningLetters(ReadOnlySpan<int> label, int at)
    {
        var before = at - 1;
        while (before >= 0 && IsMark(label[before]))
        {
            before--;
        }

        var after = at + 1;
        while (after < label.Length && IsMark(label[after]))
        {
            after++;
        }

        return before >= 0 && after < label.Length && IsJoiningLetter(label[before]) && IsJoiningLetter(label[after]);
    }

    private static bool IsJoiningLetter(int c) =>
        c is (>= 0x0620 and <= 0x064A) or (>= 0x066E and <= 0x06D3) or (>= 0x06FA and <= 0x06FF) or (>= 0x0710 and <= 0x074F)
            or (>= 0x0750 and <= 0x077F) or (>= 0x08A0 and <= 0x08C9) or (>= 0x07CA and <= 0x07EA)
        && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.OtherLetter;

    private enum Bidi : byte
    {
        L,
        R,
        AL,
        EN,
        AN,
        ES,
        NSM,
        BN,
        ON,
    }

    private static Bidi BidiClass(int c)
    {
        if ((uint)(c - '0') <= 9 || c is >= 0x06F0 and <= 0x06F9)
        {
            return Bidi.EN;
        }

        if (c is (>= 0x0660 and <= 0x0669) or 0x066B or 0x066C)
        {
            return Bidi.AN;
        }

        if (c == '-')
        {
            return Bidi.ES;
        }

        if (c is 0x200C or 0x200D)
        {
            return Bidi.BN;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
        {
            return Bidi.NSM;
        }

        if (c is (>= 0x0590 and <= 0x05FF) or (>= 0x07C0 and <= 0x085F) or (>= 0xFB1D and <= 0xFB4F) or (>= 0x10800 and <= 0x10FFF) or (>= 0x1E800 and <= 0x1EDFF))
        {
            return Bidi.R;
        }

        if (c is (>= 0x0600 and <= 0x07BF) or (>= 0x0860 and <= 0x08FF) or (>= 0xFB50 and <= 0xFDFF) or (>= 0xFE70 and <= 0xFEFF) or (>= 0x1EE00 and <= 0x1EEFF))
        {
            return Bidi.AL;
        }

        return category is UnicodeCategory.LowercaseLetter or UnicodeCategory.UppercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.SpacingCombiningMark
            ? Bidi.L
            : Bidi.ON;
    }

    private static bool HasRightToLeft(ReadOnlySpan<int> label)
    {
        foreach (var c in label)
        {
            if (BidiClass(c) is Bidi.R or Bidi.AL or Bidi.AN)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>RFC 5893 section 2, the six conditions of the Bidi rule, applied to each label of a Bidi domain name.</summary>
    private static bool SatisfiesBidiRule(ReadOnlySpan<int> label)
    {
        var first = BidiClass(label[0]);
        var last = label.Length - 1;
        while (last > 0 && BidiClass(label[last]) == Bidi.NSM)
        {
            last--;
        }

        var end = BidiClass(label[last]);
        if (first is Bidi.R or Bidi.AL)
        {
            var hasEn = false;
            var hasAn = false;
            foreach (var c in label)
            {
                var bidi = BidiClass(c);
                if (bidi == Bidi.L)
                {
                    return false;
                }

                hasEn |= bidi == Bidi.EN;
                hasAn |= bidi == Bidi.AN;
            }

            return end is Bidi.R or Bidi.AL or Bidi.EN or Bidi.AN && !(hasEn && hasAn);
        }

        if (first != Bidi.L)
        {
            return false;
        }

        foreach (var c in label)
        {
            if (BidiClass(c) is Bidi.R or Bidi.AL or Bidi.AN)
            {
                return false;
            }
        }

        return end is Bidi.L or Bidi.EN;
    }
}
