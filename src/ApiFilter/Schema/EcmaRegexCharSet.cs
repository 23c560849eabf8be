using System.Globalization;
using System.Text;

namespace ApiFilter.Schema;

/// <summary>
/// A set of code points being built from an ECMA-262 class or class escape, written out as .NET
/// pattern text that consumes one code point of well-formed UTF-16 (a surrogate pair for astral ones).
/// Unicode categories are kept as .NET <c>\p{..}</c>/<c>\P{..}</c> items and apply to BMP characters.
/// </summary>
internal sealed class EcmaRegexCharSet
{
    private const int MaxCodePoint = 0x10FFFF;

    private readonly List<(int Low, int High)> _ranges = [];
    private readonly List<(string Category, bool Negated)> _categories = [];

    /// <summary>ECMA <c>\d</c>: [0-9].</summary>
    public static readonly (int, int)[] Digits = [('0', '9')];

    /// <summary>ECMA <c>\w</c> (without the u+i case folding extras): [A-Za-z0-9_].</summary>
    public static readonly (int, int)[] WordChars = [('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];

    /// <summary>ECMA <c>\s</c>: WhiteSpace (section 12.2) plus LineTerminator (section 12.3), Zs as of Unicode 15.</summary>
    public static readonly (int, int)[] WhiteSpace =
    [
        (0x09, 0x0D), (0x20, 0x20), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A), (0x2028, 0x2029),
        (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000), (0xFEFF, 0xFEFF),
    ];

    /// <summary>What <c>.</c> excludes: LineTerminator (section 12.3).</summary>
    public static readonly (int, int)[] LineTerminators = [(0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029)];

    public void Add(int low, int high) => _ranges.Add((low, high));

    public void Add((int, int)[] ranges, bool complement)
    {
        if (!complement)
        {
            foreach (var r in ranges)
            {
                _ranges.Add(r);
            }

            return;
        }

        var next = 0;
        foreach (var (low, high) in ranges)
        {
            if (low > next)
            {
                _ranges.Add((next, low - 1));
            }

            next = high + 1;
        }

        if (next <= MaxCodePoint)
        {
            _ranges.Add((next, MaxCodePoint));
        }
    }

    public void AddCategory(string dotnetCategory, bool negated) => _categories.Add((dotnetCategory, negated));

    /// <summary>Writes a .NET atom matching one code point in the set (or, with <paramref name="negated"/>, not in it).</summary>
    public void Write(StringBuilder output, bool negated)
    {
        var ranges = Merge(_ranges);
        if (negated && _categories.Count == 0)
        {
            ranges = Complement(ranges);
            negated = false;
        }

        var bmp = new StringBuilder();
        foreach (var (low, high) in ranges)
        {
            // surrogate code points never stand alone in well-formed UTF-16: they are left out
            AppendBmpRange(bmp, low, Math.Min(high, 0xD7FF));
            AppendBmpRange(bmp, Math.Max(low, 0xE000), Math.Min(high, 0xFFFF));
        }

        var anyNegatedCategory = false;
        foreach (var (category, isNegated) in _categories)
        {
            bmp.Append(isNegated ? "\\P{" : "\\p{").Append(category).Append('}');
            anyNegatedCategory |= isNegated;
        }

        // astral code points: categories are not evaluated on them (an astral code point is in every \P set, in no \p set)
        List<(int Low, int High)> astral = [];
        if (anyNegatedCategory)
        {
            if (!negated)
            {
                astral.Add((0x10000, MaxCodePoint));
            }
        }
        else
        {
            foreach (var (low, high) in ranges)
            {
                if (high >= 0x10000)
                {
                    astral.Add((Math.Max(low, 0x10000), high));
                }
            }

            if (negated)
            {
                astral = Complement(astral, 0x10000);
            }
        }

        var alternatives = new List<string>();
        if (negated)
        {
            alternatives.Add("[^" + bmp + "\\uD800-\\uDFFF]");
        }
        else if (bmp.Length > 0)
        {
            alternatives.Add(_categories.Count > 0 ? "[" + bmp + "-[\\uD800-\\uDFFF]]" : "[" + bmp + "]");
        }

        foreach (var (low, high) in astral)
        {
            AppendAstralRange(alternatives, low, high);
        }

        if (alternatives.Count == 0)
        {
            output.Append("[^\\u0000-\\uFFFF]");
        }
        else if (alternatives.Count == 1)
        {
            output.Append(alternatives[0]);
        }
        else
        {
            output.Append("(?:").AppendJoin('|', alternatives).Append(')');
        }
    }

    /// <summary>Writes one literal code point as a .NET atom.</summary>
    public static void WriteLiteral(StringBuilder output, int codePoint)
    {
        if (codePoint < 0x10000)
        {
            AppendChar(output, codePoint);
            return;
        }

        var text = char.ConvertFromUtf32(codePoint);
        output.Append("(?:");
        AppendChar(output, text[0]);
        AppendChar(output, text[1]);
        output.Append(')');
    }

    private static void AppendChar(StringBuilder output, int c)
    {
        if (c < 0x80 && char.IsAsciiLetterOrDigit((char)c))
        {
            output.Append((char)c);
        }
        else
        {
            output.Append("\\u").Append(c.ToString("X4", CultureInfo.InvariantCulture));
        }
    }

    private static void AppendBmpRange(StringBuilder output, int low, int high)
    {
        if (low > high)
        {
            return;
        }

        AppendChar(output, low);
        if (high > low)
        {
            output.Append('-');
            AppendChar(output, high);
        }
    }

    private static void AppendAstralRange(List<string> alternatives, int low, int high)
    {
        var lowText = char.ConvertFromUtf32(low);
        var highText = char.ConvertFromUtf32(high);
        int h1 = lowText[0], l1 = lowText[1], h2 = highText[0], l2 = highText[1];
        if (h1 == h2)
        {
            alternatives.Add(Pair(h1, h1, l1, l2));
            return;
        }

        if (l1 != 0xDC00)
        {
            alternatives.Add(Pair(h1, h1, l1, 0xDFFF));
            h1++;
        }

        if (l2 != 0xDFFF)
        {
            alternatives.Add(Pair(h2, h2, 0xDC00, l2));
            h2--;
        }

        if (h1 <= h2)
        {
            alternatives.Add(Pair(h1, h2, 0xDC00, 0xDFFF));
        }
    }

    private static string Pair(int highLow, int highHigh, int lowLow, int lowHigh)
    {
        var text = new StringBuilder("[");
        AppendBmpRange(text, highLow, highHigh);
        text.Append("][");
        AppendBmpRange(text, lowLow, lowHigh);
        return text.Append(']').ToString();
    }

    private static List<(int Low, int High)> Merge(List<(int Low, int High)> ranges)
    {
        var sorted = new List<(int Low, int High)>(ranges);
        sorted.Sort((a, b) => a.Low.CompareTo(b.Low));
        var merged = new List<(int Low, int High)>();
        foreach (var r in sorted)
        {
            if (merged.Count > 0 && r.Low <= merged[^1].High + 1)
            {
                merged[^1] = (merged[^1].Low, Math.Max(merged[^1].High, r.High));
            }
            else
            {
                merged.Add(r);
            }
        }

        return merged;
    }

    private static List<(int Low, int High)> Complement(List<(int Low, int High)> merged, int from = 0)
    {
        var result = new List<(int Low, int High)>();
        var next = from;
        foreach (var (low, high) in merged)
        {
            if (low > next)
            {
                result.Add((next, low - 1));
            }

            next = Math.Max(next, high + 1);
        }

        if (next <= MaxCodePoint)
        {
            result.Add((next, MaxCodePoint));
        }

        return result;
    }
}
