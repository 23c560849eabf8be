using System.Buffers;

namespace ApiFilter.Detection;

/// <summary>
/// Finds JSONPath injection (RFC 9535 and the older Goessner dialect): in a parameter declared as
/// a JSONPath expression, the constructs that do more than select a fixed location; in free text
/// pasted into an expression (usually inside a quoted name or a filter literal), the constructs
/// that break out of it.
/// </summary>
/// <remarks>
/// <para>
/// A declared expression (<see cref="DetectExpression(ReadOnlySpan{byte})"/>) may use child
/// segments (<c>.name</c>, <c>['name']</c>, <c>[0]</c>, <c>[*]</c>, slices); refused outside
/// quoted names are the descendant segment <c>..</c> (RFC 9535 section 2.5.2: it walks the whole
/// document, so one request reads everything and costs time proportional to the document), filter
/// selectors <c>?</c> (section 2.3.5), function calls <c>name(</c> (section 2.4) and script
/// expressions <c>(...)</c> — the Goessner dialect evaluates those as code in several libraries —
/// and prototype-pollution names (<c>__proto__</c>, <c>constructor</c>).
/// </para>
/// <para>
/// Free text (<see cref="DetectFragment(ReadOnlySpan{byte})"/>): refused are <c>$..</c> before a
/// name, <c>?(@</c>, <c>?($</c>, <c>?(!</c> and <c>?@</c>, <c>(@.</c> and <c>(@[</c>, <c>@.</c>/<c>@[</c> where no letter or digit precedes
/// the <c>@</c> (so e-mail addresses pass), a quote that closes a name and continues the path or
/// the filter (<c>x']..a</c>, <c>x'].b</c>, <c>x')]</c>, <c>x' || @.admin</c>), and
/// <c>__proto__</c>. Apostrophes in prose (<c>O'Brien</c>, <c>('here')</c>) pass. Cost: one pass
/// with constant look-ahead; nothing is allocated.
/// </para>
/// </remarks>
public static class JsonPathInjectionDetector
{
    // Bytes that can start a construct in free text; the rest is skipped vectorized.
    private static readonly SearchValues<byte> FragmentTriggers = SearchValues.Create("$?(@'\""u8);

    /// <summary>Judges a value declared as a JSONPath expression.</summary>
    /// <param name="expression">The value's bytes (UTF-8).</param>
    /// <returns>What was found; <see cref="DetectionResult.Detected"/> is false for a plain location.</returns>
    public static DetectionResult DetectExpression(ReadOnlySpan<byte> expression)
    {
        long work = 0;
        return DetectExpression(expression, ref work);
    }

    /// <summary>As <see cref="DetectExpression(ReadOnlySpan{byte})"/>, adding the bytes examined to <paramref name="work"/>.</summary>
    internal static DetectionResult DetectExpression(ReadOnlySpan<byte> s, ref long work)
    {
        byte quote = 0;
        int nameStart = -1;
        for (int i = 0; i < s.Length; i++)
        {
            work++;
            byte c = s[i];
            if (quote != 0)
            {
                if (c == (byte)'\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    if (IsPollutingName(s[nameStart..i]))
                    {
                        return new DetectionResult(DetectionReason.PrototypePollution, nameStart, normalized: false);
                    }

                    quote = 0;
                }

                continue;
            }

            switch (c)
            {
                case (byte)'\'':
                case (byte)'"':
                    quote = c;
                    nameStart = i + 1;
                    break;
                case (byte)'.':
                    if (i + 1 < s.Length && s[i + 1] == (byte)'.')
                    {
                        return new DetectionResult(DetectionReason.JsonPathRecursiveDescent, i, normalized: false);
                    }

                    {
                        // Dot-notation member name.
                        int j = i + 1;
                        while (j < s.Length && (IsNameChar(s[j])))
                        {
                            work++;
                            j++;
                        }

                        if (IsPollutingName(s[(i + 1)..j]))
                        {
                            return new DetectionResult(DetectionReason.PrototypePollution, i + 1, normalized: false);
                        }

                        i = j - 1;
                    }

                    break;
                case (byte)'?':
                    return new DetectionResult(DetectionReason.JsonPathFilter, i, normalized: false);
                case (byte)'(':
                    return i > 0 && IsNameChar(s[i - 1])
                        ? new DetectionResult(DetectionReason.JsonPathFunction, FunctionStart(s, i), normalized: false)
                        : new DetectionResult(DetectionReason.JsonPathScript, i, normalized: false);
            }
        }

        // An unterminated quoted name: not an expression any parser accepts.
        return quote != 0 ? new DetectionResult(DetectionReason.JsonPathBreakout, nameStart - 1, normalized: false) : DetectionResult.Clean;
    }

    /// <summary>Judges free text that may be pasted into a JSONPath expression.</summary>
    /// <param name="value">The value's bytes (UTF-8).</param>
    /// <returns>What was found.</returns>
    public static DetectionResult DetectFragment(ReadOnlySpan<byte> value)
    {
        long work = 0;
        return DetectFragment(value, ref work);
    }

    /// <summary>As <see cref="DetectFragment(ReadOnlySpan{byte})"/>, adding the bytes examined to <paramref name="work"/>.</summary>
    internal static DetectionResult DetectFragment(ReadOnlySpan<byte> s, ref long work)
    {
        work += s.Length;
        int proto = s.IndexOf("__proto__"u8);
        if (proto >= 0)
        {
            return new DetectionResult(DetectionReason.PrototypePollution, proto, normalized: false);
        }

        for (int i = 0; i < s.Length; i++)
        {
            int skip = s[i..].IndexOfAny(FragmentTriggers);
            if (skip < 0)
            {
                work += s.Length - i;
                break;
            }

            work += skip + 1;
            i += skip;
            byte c = s[i];
            byte next = i + 1 < s.Length ? s[i + 1] : (byte)0;
            switch (c)
            {
                case (byte)'$':
                    if (next == (byte)'.' && i + 2 < s.Length && s[i + 2] == (byte)'.' && i + 3 < s.Length && (IsNameChar(s[i + 3]) || s[i + 3] is (byte)'*' or (byte)'['))
                    {
                        return new DetectionResult(DetectionReason.JsonPathRecursiveDescent, i, normalized: false);
                    }

                    break;
                case (byte)'?':
                    if (next == (byte)'@' || (next == (byte)'(' && i + 2 < s.Length && s[i + 2] is (byte)'@' or (byte)'$' or (byte)'!'))
                    {
                        return new DetectionResult(DetectionReason.JsonPathFilter, i, normalized: false);
                    }

                    break;
                case (byte)'(':
                    if (next == (byte)'@' && i + 2 < s.Length && s[i + 2] is (byte)'.' or (byte)'[')
                    {
                        return i > 0 && IsNameChar(s[i - 1])
                            ? new DetectionResult(DetectionReason.JsonPathFunction, FunctionStart(s, i), normalized: false)
                            : new DetectionResult(DetectionReason.JsonPathScript, i, normalized: false);
                    }

                    break;
                case (byte)'@':
                    if (next is (byte)'.' or (byte)'[' && (i == 0 || !(IsAsciiLetter(s[i - 1]) || IsDigit(s[i - 1]))) && i + 2 < s.Length && (IsNameChar(s[i + 2]) || s[i + 2] is (byte)'\'' or (byte)'"' or (byte)'*'))
                    {
                        return new DetectionResult(DetectionReason.JsonPathFilter, i, normalized: false);
                    }

                    break;
                case (byte)'\'':
                case (byte)'"':
                    if (Breakout(s, i + 1, ref work))
                    {
                        return new DetectionResult(DetectionReason.JsonPathBreakout, i, normalized: false);
                    }

                    break;
            }
        }

        return DetectionResult.Clean;
    }

    // After a quote: "]" then "." / "[" (the path continues), ")]" (a filter closes), or || / && then @ $ ' " ! (the filter continues).
    private static bool Breakout(ReadOnlySpan<byte> s, int at, ref long work)
    {
        int j = at;
        while (j < s.Length && s[j] == (byte)' ')
        {
            work++;
            j++;
        }

        if (j >= s.Length)
        {
            return false;
        }

        if (s[j] == (byte)']')
        {
            // "].name", "]..name", "][0]"; not "]." ending a sentence.
            return j + 2 < s.Length && ((s[j + 1] == (byte)'.' && (IsNameChar(s[j + 2]) || s[j + 2] is (byte)'.' or (byte)'*')) || s[j + 1] == (byte)'[');
        }

        if (s[j] == (byte)')')
        {
            return j + 1 < s.Length && s[j + 1] == (byte)']';
        }

        if (j + 1 < s.Length && ((s[j] == (byte)'|' && s[j + 1] == (byte)'|') || (s[j] == (byte)'&' && s[j + 1] == (byte)'&')))
        {
            int k = j + 2;
            while (k < s.Length && s[k] == (byte)' ')
            {
                work++;
                k++;
            }

            return k < s.Length && s[k] is (byte)'@' or (byte)'$' or (byte)'\'' or (byte)'"' or (byte)'!';
        }

        return false;
    }

    private static int FunctionStart(ReadOnlySpan<byte> s, int paren)
    {
        int k = paren;
        while (k > 0 && paren - k < 64 && IsNameChar(s[k - 1]))
        {
            k--;
        }

        return k;
    }

    private static bool IsPollutingName(ReadOnlySpan<byte> name) => name.SequenceEqual("__proto__"u8) || name.SequenceEqual("constructor"u8);

    private static bool IsNameChar(byte b) => IsAsciiLetter(b) || IsDigit(b) || b == (byte)'_' || b >= 0x80;

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool IsAsciiLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';
}
