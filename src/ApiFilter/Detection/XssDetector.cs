using System.Buffers;

namespace ApiFilter.Detection;

/// <summary>
/// Finds cross-site scripting in a single value (a parameter, a form field, a JSON or XML string
/// leaf): markup, URLs, styles, templates or JavaScript that would run if the value were pasted
/// into an HTML page.
/// </summary>
/// <remarks>
/// <para>
/// The detector is a context scanner, not a list of patterns: it follows the value through the
/// states of the HTML tokenizer that decide whether something runs (HTML Living Standard,
/// section 13.2.5) — a tag's name (<c>script</c>, <c>iframe</c>, <c>object</c>, <c>meta</c>, …),
/// its attributes (<c>on…=</c> handlers, <c>srcdoc</c>, <c>formaction</c>), the URL schemes that
/// carry script (<c>javascript:</c>, <c>vbscript:</c>, active <c>data:</c> types), CSS that runs
/// script (<c>expression()</c>, <c>-moz-binding</c>), templates holding code (<c>{{…}}</c>,
/// <c>${…}</c>, <c>&lt;%…%&gt;</c>) and the end of a JavaScript string followed by a call
/// (<c>';alert(1)//</c>). The reason names the construct (<see cref="DetectionReason"/>, values from
/// <see cref="DetectionReason.ScriptTag"/> on).
/// </para>
/// <para>
/// Prose survives: a <c>&lt;</c> needs a letter right after it to open a tag (<c>a &lt; b</c>,
/// <c>I &lt;3 cats</c> do not), an <c>on…=</c> outside a tag must be a real handler name
/// (<c>online=yes</c> is data), a scheme must be the whole word before its colon and go on after
/// it (<c>JavaScript: The Good Parts</c> is a title).
/// </para>
/// <para>
/// The value is judged as received; when it carries encodings, once more after
/// <see cref="ValueNormalizer"/> has removed them (percent-encoding in layers, entities such as
/// <c>&amp;#x6A;</c>, <c>&amp;Tab;</c>, <c>&amp;colon;</c>, <c>\u</c> and <c>\x</c> escapes, NULs), and when
/// backslashes remain, once more after CSS escapes (<c>\6a</c>) are undone. Each reading is one
/// forward pass with bounded look-around: linear in the value's length. Nothing is allocated; a
/// decoded copy longer than 512 bytes is built in a pooled buffer. A value longer than 2 KB is
/// decoded and read again only around its escapes (the bytes between them decode to themselves and
/// were judged in the first reading), with the whole decoded copy as context.
/// </para>
/// <para>
/// <see cref="DetectionSensitivity"/> chooses how far beyond constructs that run as they stand the
/// detector goes; each level flags everything the levels below flag. bench/RESULTS.md gives recall
/// and false positives per level.
/// </para>
/// </remarks>
public static class XssDetector
{
    // Bytes that start what HtmlEscapeDecoder undoes.
    private static readonly SearchValues<byte> LaxTriggers = SearchValues.Create("\\&+"u8);

    // Bytes that can start what ValueNormalizer or HtmlEscapeDecoder undoes (see IsEscape).
    private static readonly SearchValues<byte> EscapeStarts = SearchValues.Create([(byte)'%', (byte)'&', (byte)'\\', (byte)'+', 0, 0xC0, 0xC1, 0xE0, 0xEF, 0xF0]);

    // Values longer than this are decoded and read again only around their escapes (DetectLong);
    // shorter ones are read again whole, which costs less than finding the escapes.
    internal const int LongValue = 2048;

    // Bytes before an escape in which a layered one can start ("%%34%31" is "%41" after one layer,
    // "&#%33%38;" is "&#38;"): the longest construct ValueNormalizer reads is 12 bytes.
    private const int Lead = 16;

    // Bytes after an escape its decoding can consume: three layers of at most 12 bytes each and the
    // lax pass's 8, rounded up. Segments closer than Lead + Tail are decoded as one.
    private const int Tail = 64;

    // How far a construct's look-around reaches from the byte that starts it: four chained
    // whitespace skips of XssScanner's 64-byte window plus the keywords between them
    // ("url ( ' javascript"). Every construct that can touch a decoded byte starts within this.
    private const int Reach = 320;

    // Reasons that name markup, a URL or CSS, as opposed to a bare script construct.
    private static bool IsMarkup(DetectionReason reason) =>
        reason is not (DetectionReason.ScriptCall or DetectionReason.ScriptSink or DetectionReason.ScriptBreakout
            or DetectionReason.ObfuscatedScript or DetectionReason.ForeignContent);

    /// <summary>Judges one value at <see cref="DetectionSensitivity.Standard"/>.</summary>
    /// <param name="value">The value's bytes (UTF-8), as the transport decoded them.</param>
    /// <returns>What was found; <see cref="DetectionResult.Detected"/> is false for a clean value.</returns>
    public static DetectionResult Detect(ReadOnlySpan<byte> value)
    {
        long work = 0;
        return Detect(value, DetectionSensitivity.Standard, ref work);
    }

    /// <summary>Judges one value at the given sensitivity.</summary>
    /// <param name="value">The value's bytes (UTF-8), as the transport decoded them.</param>
    /// <param name="sensitivity">
    /// <see cref="DetectionSensitivity.Standard"/>: markup, URLs, styles, templates and script that
    /// run as they stand, and tag spellings no text uses (<c>&lt;f o r m</c>, <c>¼script¾</c>).
    /// <see cref="DetectionSensitivity.Elevated"/> adds fragments that need the page around them:
    /// a comment closer <c>--&gt;</c>, links and resources (<c>&lt;a href=</c>), raw-text elements
    /// (<c>&lt;noscript</c>), a value that is only <c>on…=</c>, <c>"in x=</c> breakouts.
    /// <see cref="DetectionSensitivity.High"/> adds <c>on…=</c> after a digit or with any name, spaced
    /// arrows, module imports. <see cref="DetectionSensitivity.Paranoid"/> adds any attribute in a
    /// tag and calls of English-word functions however spaced (<c>import (</c>).
    /// </param>
    /// <returns>What was found; <see cref="DetectionResult.Detected"/> is false for a clean value.</returns>
    public static DetectionResult Detect(ReadOnlySpan<byte> value, DetectionSensitivity sensitivity)
    {
        long work = 0;
        return Detect(value, sensitivity, ref work);
    }

    /// <summary>As <see cref="Detect(ReadOnlySpan{byte})"/>, adding the bytes examined to <paramref name="work"/>.</summary>
    internal static DetectionResult Detect(ReadOnlySpan<byte> value, ref long work) =>
        Detect(value, DetectionSensitivity.Standard, ref work);

    /// <summary>As <see cref="Detect(ReadOnlySpan{byte}, DetectionSensitivity)"/>, adding the bytes examined to <paramref name="work"/>.</summary>
    internal static DetectionResult Detect(ReadOnlySpan<byte> value, DetectionSensitivity sensitivity, ref long work) =>
        Detect(value, sensitivity, aroundEscapesOnly: value.Length > LongValue, ref work);

    /// <summary>
    /// As <see cref="Detect(ReadOnlySpan{byte}, DetectionSensitivity, ref long)"/>, choosing how the
    /// decoded forms are read again: whole, or only around the escapes (what values longer than
    /// <see cref="LongValue"/> get; tests compare the two).
    /// </summary>
    internal static DetectionResult Detect(ReadOnlySpan<byte> value, DetectionSensitivity sensitivity, bool aroundEscapesOnly, ref long work)
    {
        // An unknown level is judged as the strictest one: fail closed.
        DetectionSensitivity level = sensitivity is >= DetectionSensitivity.Standard and <= DetectionSensitivity.Paranoid ? sensitivity : DetectionSensitivity.Paranoid;
        DetectionResult r = XssScanner.Scan(value, normalized: false, level, ref work);
        if ((r.Detected && IsMarkup(r.Reason)) || (!ValueNormalizer.MayNeedDecoding(value) && value.IndexOf((byte)'+') < 0))
        {
            return r;
        }

        // A bare script construct found as received ("alert(1)") may be the payload of markup that
        // only decoding reveals ("&lt;script&gt;alert(1)…"): the markup is the better reason.
        DetectionResult plain = r;
        if (aroundEscapesOnly)
        {
            return DetectLong(value, level, plain, ref work);
        }

        using var decoded = DecodedValue.Decode(value, stackalloc byte[DecodedValue.StackLimit], ref work);
        Span<byte> bytes = decoded.Bytes;
        if (decoded.Flags != NormalizationFlags.None)
        {
            r = XssScanner.Scan(bytes, normalized: true, level, ref work);
            if (r.Detected && (IsMarkup(r.Reason) || !plain.Detected))
            {
                return r;
            }
        }

        if (bytes.IndexOfAny(LaxTriggers) >= 0)
        {
            int length = HtmlEscapeDecoder.DecodeInPlace(bytes, out bool changed, ref work);
            if (changed)
            {
                r = XssScanner.Scan(bytes[..length], normalized: true, level, ref work);
                if (r.Detected && (IsMarkup(r.Reason) || !plain.Detected))
                {
                    return r;
                }
            }
        }

        return plain;
    }

    // A long value (an API description, a document in a field) carries an escape every few hundred
    // bytes at most, and the bytes between escapes decode to themselves: they were judged in the
    // first reading already. So the decoded copies (ValueNormalizer's, then HtmlEscapeDecoder's on
    // top of it) are built segment by segment around the escapes, and read again only within Reach
    // of a segment, with the whole copy as look-around context. Measured on 1 MB of API prose: the
    // rereading fell from two full scans to about a tenth of one (bench/RESULTS.md, "Detection: XSS").
    private static DetectionResult DetectLong(ReadOnlySpan<byte> value, DetectionSensitivity level, DetectionResult plain, ref long work)
    {
        int n = value.Length;

        // Segments are disjoint and each covers at least Tail bytes (or ends the value).
        int maxSegments = (n / Tail) + 2;
        byte[] bytes = ArrayPool<byte>.Shared.Rent(2 * n);
        int[] ranges = ArrayPool<int>.Shared.Rent(4 * maxSegments);
        try
        {
            Span<byte> normalized = bytes.AsSpan(0, n);
            Span<byte> lax = bytes.AsSpan(n, n);
            var flags = NormalizationFlags.None;
            bool laxChanged = false;
            int count = 0;
            int copied = 0;
            int w1 = 0;
            int w2 = 0;
            int p = NextEscape(value, 0, ref work);
            while (p >= 0)
            {
                int start = Math.Max(copied, p - Lead);
                int end = Math.Min(n, p + Tail);
                int q = p;
                while (true)
                {
                    q = NextEscape(value, q + 1, ref work);
                    if (q < 0 || q - Lead >= end)
                    {
                        break;
                    }

                    end = Math.Min(n, q + Tail);
                }

                ReadOnlySpan<byte> gap = value[copied..start];
                gap.CopyTo(normalized[w1..]);
                gap.CopyTo(lax[w2..]);
                w1 += gap.Length;
                w2 += gap.Length;

                int length = ValueNormalizer.Normalize(value[start..end], normalized[w1..], out NormalizationFlags segmentFlags, ref work);
                flags |= segmentFlags;
                Span<byte> laxSegment = lax.Slice(w2, length);
                normalized.Slice(w1, length).CopyTo(laxSegment);
                int laxLength = length;
                if (laxSegment.IndexOfAny(LaxTriggers) >= 0)
                {
                    laxLength = HtmlEscapeDecoder.DecodeInPlace(laxSegment, out bool changed, ref work);
                    laxChanged |= changed;
                }

                ranges[4 * count] = w1;
                ranges[(4 * count) + 1] = w1 + length;
                ranges[(4 * count) + 2] = w2;
                ranges[(4 * count) + 3] = w2 + laxLength;
                count++;
                w1 += length;
                w2 += laxLength;
                copied = end;
                p = q;
            }

            ReadOnlySpan<byte> rest = value[copied..];
            rest.CopyTo(normalized[w1..]);
            rest.CopyTo(lax[w2..]);
            w1 += rest.Length;
            w2 += rest.Length;
            work += n;

            if (flags != NormalizationFlags.None)
            {
                DetectionResult r = XssScanner.ScanAround(normalized[..w1], ranges, count, 4, 0, Reach, level, ref work);
                if (r.Detected && (IsMarkup(r.Reason) || !plain.Detected))
                {
                    return r;
                }
            }

            if (laxChanged)
            {
                DetectionResult r = XssScanner.ScanAround(lax[..w2], ranges, count, 4, 2, Reach, level, ref work);
                if (r.Detected && (IsMarkup(r.Reason) || !plain.Detected))
                {
                    return r;
                }
            }

            return plain;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ranges);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    // The next position at or after p where ValueNormalizer or HtmlEscapeDecoder decodes something,
    // or -1. A start byte that begins nothing ("100% sure", "a + b", "Tom & Jerry", a UTF-8 lead
    // byte of an ordinary character) is skipped: it decodes to itself.
    private static int NextEscape(ReadOnlySpan<byte> s, int p, ref long work)
    {
        while (p < s.Length)
        {
            int next = s[p..].IndexOfAny(EscapeStarts);
            if (next < 0)
            {
                work += s.Length - p;
                return -1;
            }

            work += next + 1;
            p += next;
            if (IsEscape(s, p))
            {
                return p;
            }

            p++;
        }

        return -1;
    }

    private static bool IsEscape(ReadOnlySpan<byte> s, int p)
    {
        byte next = p + 1 < s.Length ? s[p + 1] : (byte)0;
        return s[p] switch
        {
            (byte)'%' => (IsHex(next) && p + 2 < s.Length && IsHex(s[p + 2])) || (next | 0x20) == 'u',
            (byte)'&' => next == '#' || (uint)((next | 0x20) - 'a') <= 'z' - 'a',
            (byte)'+' => next == 'A',
            0xE0 => next is >= 0x80 and <= 0x9F,
            0xF0 => next is >= 0x80 and <= 0x8F,
            0xEF => next is 0xBC or 0xBD,
            _ => true, // a backslash, NUL, 0xC0, 0xC1
        };
    }

    private static bool IsHex(byte b) => (uint)(b - '0') <= 9 || (uint)((b | 0x20) - 'a') <= 'f' - 'a';
}
