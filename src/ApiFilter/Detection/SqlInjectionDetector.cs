namespace ApiFilter.Detection;

/// <summary>
/// Finds SQL injection in a single value (a parameter, a form field, a JSON or XML string leaf).
/// </summary>
/// <remarks>
/// <para>
/// A value can only change a query's meaning from the place the application pastes it: where a
/// number or name goes, or inside a string literal of one of the quote styles (<c>'</c>,
/// <c>"</c>, <c>`</c>). The detector reads the value from each such starting point it can reach
/// (a quoted start needs the value to contain that quote, which closes the string) with its own
/// SQL lexer (<see cref="SqlLexer"/>) and an expression grammar, and reports the construct that
/// makes the value more than a datum (<see cref="DetectionReason"/>). Prose does not survive the
/// grammar for long: <c>O'Brien</c> closes the string and then puts a name where an operator must
/// be.
/// </para>
/// <para>
/// The value is judged as received and, when it carries encodings, once more after
/// <see cref="ValueNormalizer"/> has removed them (double percent-encoding, entities, <c>\u</c>
/// escapes, overlong UTF-8, NULs).
/// </para>
/// <para>
/// Cost: at most four readings (plain and three quote styles) of each of at most two forms, each
/// a single forward pass with constant look-ahead, plus normalization's bounded layers: linear in
/// the value's length. Nothing is allocated; a decoded copy longer than 512 bytes is built in a
/// pooled buffer.
/// </para>
/// </remarks>
public static class SqlInjectionDetector
{
    /// <summary>Judges one value at <see cref="DetectionSensitivity.Standard"/>.</summary>
    /// <param name="value">The value's bytes (UTF-8), as the transport decoded them.</param>
    /// <returns>What was found; <see cref="DetectionResult.Detected"/> is false for a clean value.</returns>
    public static DetectionResult Detect(ReadOnlySpan<byte> value) => Detect(value, DetectionSensitivity.Standard);

    /// <summary>Judges one value at a sensitivity level.</summary>
    /// <param name="value">The value's bytes (UTF-8), as the transport decoded them.</param>
    /// <param name="sensitivity">
    /// How much beyond a breakout to flag (<see cref="SqlFragmentSignals"/>): each level flags what
    /// the lower ones flag; bench/RESULTS.md gives recall and false positives per level.
    /// </param>
    /// <returns>What was found; <see cref="DetectionResult.Detected"/> is false for a clean value.</returns>
    public static DetectionResult Detect(ReadOnlySpan<byte> value, DetectionSensitivity sensitivity)
    {
        long work = 0;
        return Detect(value, sensitivity, ref work);
    }

    /// <summary>As <see cref="Detect(ReadOnlySpan{byte})"/>, adding the bytes examined to <paramref name="work"/>.</summary>
    internal static DetectionResult Detect(ReadOnlySpan<byte> value, ref long work) => Detect(value, DetectionSensitivity.Standard, ref work);

    /// <summary>As <see cref="Detect(ReadOnlySpan{byte}, DetectionSensitivity)"/>, adding the bytes examined to <paramref name="work"/>.</summary>
    internal static DetectionResult Detect(ReadOnlySpan<byte> value, DetectionSensitivity sensitivity, ref long work)
    {
        if (sensitivity is < DetectionSensitivity.Standard or > DetectionSensitivity.Paranoid)
        {
            // Fail closed on a level this build does not know: judge at the strictest.
            sensitivity = DetectionSensitivity.Paranoid;
        }

        var forms = new ValueForms(value, stackalloc byte[DecodedValue.StackLimit]);
        try
        {
            return Detect(ref forms, sensitivity, ref work);
        }
        finally
        {
            forms.Dispose();
        }
    }

    /// <summary>As <see cref="Detect(ReadOnlySpan{byte}, DetectionSensitivity)"/> on a value whose decoded form other detectors share.</summary>
    internal static DetectionResult Detect(ref ValueForms forms, DetectionSensitivity sensitivity, ref long work)
    {
        if (sensitivity is < DetectionSensitivity.Standard or > DetectionSensitivity.Paranoid)
        {
            sensitivity = DetectionSensitivity.Paranoid;
        }

        DetectionResult r = DetectForm(forms.Value, sensitivity, ref work);
        if (r.Detected || !forms.TryDecoded(ref work, out var decoded, out _))
        {
            return r;
        }

        return DetectForm(decoded, sensitivity, ref work).AsNormalized();
    }

    private static DetectionResult DetectForm(ReadOnlySpan<byte> s, DetectionSensitivity sensitivity, ref long work)
    {
        DetectionResult r = Analyze(s, 0, quoted: false, ref work);
        if (!r.Detected)
        {
            r = Quoted(s, (byte)'\'', ref work);
        }

        if (!r.Detected)
        {
            r = Quoted(s, (byte)'"', ref work);
        }

        if (!r.Detected)
        {
            r = Quoted(s, (byte)'`', ref work);
        }

        if (!r.Detected)
        {
            r = SqlFragmentSignals.Scan(s, sensitivity, ref work);
        }

        return r;
    }

    // The grammar's reading, with one correction: a separator followed by SELECT and two words of
    // prose ("D'Angelo; select the blue box and drop it") is not a second statement, so the reading
    // goes on after it (at most a few times, each from the previous separator on: linear; past that
    // the hit stands, failing closed).
    private static DetectionResult Analyze(ReadOnlySpan<byte> s, int start, bool quoted, ref long work)
    {
        DetectionResult r = SqlFragmentAnalyzer.Analyze(s, start, quoted, ref work);
        for (int again = 0; again < 4 && r.Reason == DetectionReason.StackedQuery && s[r.Offset] == ';' && SqlFragmentSignals.ProseSelectAfter(s, r.Offset + 1, ref work); again++)
        {
            r = SqlFragmentAnalyzer.Analyze(s, r.Offset + 1, quoted: false, ref work);
        }

        return r;
    }

    // The value sits inside a string quoted by 'quote': its first such quote that is not doubled
    // ('' is a quote inside the string in every dialect) closes that string. When that quote is
    // backslash-escaped, MySQL keeps reading the string, so the next candidate is judged as well.
    private static DetectionResult Quoted(ReadOnlySpan<byte> s, byte quote, ref long work)
    {
        int at = NextClosingQuote(s, 0, quote, ref work);
        if (at < 0)
        {
            return default;
        }

        DetectionResult r = Analyze(s, at + 1, quoted: true, ref work);
        if (!r.Detected && at > 0 && s[at - 1] == '\\')
        {
            int next = NextClosingQuote(s, at + 1, quote, ref work);
            if (next >= 0)
            {
                r = Analyze(s, next + 1, quoted: true, ref work);
            }
        }

        return r;
    }

    private static int NextClosingQuote(ReadOnlySpan<byte> s, int from, byte quote, ref long work)
    {
        int i = from;
        while (i < s.Length)
        {
            int k = s[i..].IndexOf(quote);
            if (k < 0)
            {
                work += s.Length - i;
                return -1;
            }

            work += k + 1;
            i += k;
            if (i + 1 < s.Length && s[i + 1] == quote)
            {
                i += 2;
                continue;
            }

            return i;
        }

        return -1;
    }
}
