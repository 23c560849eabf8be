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
/// decoded copy longer than 512 bytes is built in a pooled buffer.
/// </para>
/// </remarks>
public static class XssDetector
{
    // Bytes that start what HtmlEscapeDecoder undoes.
    private static readonly SearchValues<byte> LaxTriggers = SearchValues.Create("\\&+"u8);

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
    internal static DetectionResult Detect(ReadOnlySpan<byte> value, DetectionSensitivity sensitivity, ref long work)
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
}
