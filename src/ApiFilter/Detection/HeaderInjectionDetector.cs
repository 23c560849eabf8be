using System.Buffers;

namespace ApiFilter.Detection;

/// <summary>
/// Finds header injection (response splitting, request smuggling through forwarded headers) in a
/// value that a back end copies into an HTTP header field: line breaks and other control
/// characters, raw or encoded.
/// </summary>
/// <remarks>
/// <para>
/// RFC 9110 section 5.5: a field value is visible characters, obs-text, spaces and horizontal
/// tabs; "a recipient of CR, LF, or NUL within a field value MUST either reject the message or
/// replace each of those characters with SP". Any control character other than HTAB is refused
/// (<see cref="DetectionReason.HeaderControlCharacter"/>), CR and LF as
/// <see cref="DetectionReason.HeaderLineBreak"/>. So are the Unicode line breaks NEL (U+0085),
/// LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029), which string APIs that transcode to
/// Latin-1 or split on Unicode newlines turn into line breaks.
/// </para>
/// <para>
/// Encoded forms: after <see cref="ValueNormalizer"/> (<c>%0d%0a</c>, <c>%0a</c>, <c>%250a</c>,
/// <c>%u000a</c>, <c>&amp;#10;</c>, <c>\u000d</c>, overlong <c>%c0%8a</c>, <c>%e2%80%a8</c>), and the
/// two-character escapes a templating layer may unescape: <c>\r\n</c> anywhere, and a lone
/// <c>\n</c> or <c>\r</c> when a field name and colon follow (<c>\nSet-Cookie:</c>), so that
/// Windows paths such as <c>C:\new</c> pass. Cost: one pass per form; nothing is allocated.
/// </para>
/// </remarks>
public static class HeaderInjectionDetector
{
    // Controls, DEL, the lead bytes of U+0085 (C2) and U+2028/2029 (E2), and '\' of a two-character escape.
    private static readonly SearchValues<byte> Triggers = SearchValues.Create(
    [
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
        0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F,
        0x7F, 0xC2, 0xE2, (byte)'\\',
    ]);

    /// <summary>Judges one value that is to become (part of) a header field value.</summary>
    /// <param name="value">The value's bytes (UTF-8), as the transport decoded them.</param>
    /// <returns>What was found; <see cref="DetectionResult.Detected"/> is false for a clean value.</returns>
    public static DetectionResult Detect(ReadOnlySpan<byte> value)
    {
        long work = 0;
        return Detect(value, ref work);
    }

    /// <summary>As <see cref="Detect(ReadOnlySpan{byte})"/>, adding the bytes examined to <paramref name="work"/>.</summary>
    internal static DetectionResult Detect(ReadOnlySpan<byte> value, ref long work)
    {
        var forms = new ValueForms(value, stackalloc byte[DecodedValue.StackLimit]);
        try
        {
            return Detect(ref forms, ref work);
        }
        finally
        {
            forms.Dispose();
        }
    }

    /// <summary>As <see cref="Detect(ReadOnlySpan{byte})"/> on a value whose decoded form other detectors share.</summary>
    internal static DetectionResult Detect(ref ValueForms forms, ref long work)
    {
        DetectionResult r = Scan(forms.Value, ref work);
        if (r.Detected || !forms.TryDecoded(ref work, out var decoded, out var flags))
        {
            return r;
        }

        if ((flags & NormalizationFlags.NulBytes) != 0)
        {
            // An encoded NUL: the normalizer drops it, so no offset survives.
            return new DetectionResult(DetectionReason.HeaderControlCharacter, 0, normalized: true);
        }

        return Scan(decoded, ref work).AsNormalized();
    }

    private static DetectionResult Scan(ReadOnlySpan<byte> s, ref long work)
    {
        for (int i = 0; i < s.Length; i++)
        {
            int skip = s[i..].IndexOfAny(Triggers);
            if (skip < 0)
            {
                work += s.Length - i;
                break;
            }

            work += skip + 1;
            i += skip;
            byte c = s[i];
            if (c is (byte)'\r' or (byte)'\n')
            {
                return new DetectionResult(DetectionReason.HeaderLineBreak, i, normalized: false);
            }

            if ((c < 0x20 && c != (byte)'\t') || c == 0x7F)
            {
                return new DetectionResult(DetectionReason.HeaderControlCharacter, i, normalized: false);
            }

            if (c == 0xC2 && i + 1 < s.Length && s[i + 1] == 0x85)
            {
                return new DetectionResult(DetectionReason.HeaderLineBreak, i, normalized: false);
            }

            if (c == 0xE2 && i + 2 < s.Length && s[i + 1] == 0x80 && s[i + 2] is 0xA8 or 0xA9)
            {
                return new DetectionResult(DetectionReason.HeaderLineBreak, i, normalized: false);
            }

            if (c == (byte)'\\' && i + 1 < s.Length && s[i + 1] is (byte)'r' or (byte)'n')
            {
                if (i + 3 < s.Length && s[i + 1] == (byte)'r' && s[i + 2] == (byte)'\\' && s[i + 3] == (byte)'n')
                {
                    return new DetectionResult(DetectionReason.HeaderLineBreak, i, normalized: false);
                }

                if (FieldNameAndColon(s, i + 2, ref work))
                {
                    return new DetectionResult(DetectionReason.HeaderLineBreak, i, normalized: false);
                }
            }
        }

        return DetectionResult.Clean;
    }

    // token ":" (RFC 9110 section 5.1: field-name = token), e.g. "Set-Cookie:" or "Location:".
    private static bool FieldNameAndColon(ReadOnlySpan<byte> s, int at, ref long work)
    {
        int j = at;
        while (j < s.Length && j - at < 64 && IsTokenChar(s[j]))
        {
            work++;
            j++;
        }

        return j > at && j < s.Length && s[j] == (byte)':';
    }

    // tchar (RFC 9110 section 5.6.2), without ':' which ends the name.
    private static bool IsTokenChar(byte b) =>
        (uint)((b | 0x20) - 'a') <= 'z' - 'a' || (uint)(b - '0') <= 9
        || b is (byte)'!' or (byte)'#' or (byte)'$' or (byte)'%' or (byte)'&' or (byte)'\'' or (byte)'*' or (byte)'+'
            or (byte)'-' or (byte)'.' or (byte)'^' or (byte)'_' or (byte)'`' or (byte)'|' or (byte)'~';
}
