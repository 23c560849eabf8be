using System.Text;
using ApiFilter.Detection;

namespace ApiFilter.Tests.Detection;

/// <summary>
/// Inputs built to make a detector backtrack or rescan: the detector's own work counter (bytes
/// examined) must grow in proportion to the input. 1 KB and 1 MB of the same pattern are compared;
/// a quadratic detector would do about a million times more work on the larger one, a linear one a
/// thousand times.
/// </summary>
public class SqlInjectionAdversarialTests
{
    public static TheoryData<string> Patterns() =>
    [
        "'", "\"", "`", "/*", "*/", "/*!", "%25", "%2525", "((((", "))))", "[", "$$", "$a$", "--\n",
        "#\n", "' OR ", "1 OR ", "UNION ", "SELECT ", "(SELECT ", "; ", "\\", "&#", "&#x27;", "sleep(",
        "q'[", "N'", "@@", "x'", "1e", "0x", "a.", "a..", "1' OR '1'='1' -- ", "é'",
    ];

    [Theory]
    [MemberData(nameof(Patterns))]
    public void A_megabyte_of_one_pattern_costs_linear_work(string pattern)
    {
        long small = Work(pattern, 1024);
        long large = Work(pattern, 1024 * 1024);
        Assert.True(small > 0);

        // Linear: 1024 times the input, at most ~1024 times the work (2x slack for rounding of the
        // repeat count and the constant per-token overhead).
        Assert.InRange(large, small, small * 1024 * 2);
    }

    /// <summary>Patterns aimed at the fragment layer's look-ahead and look-behind (bounded windows).</summary>
    public static TheoryData<string> FragmentPatterns() =>
    [
        "'", "\"", "`", "/**/", "/*", "*/", "::", "'{", "' or ", "or ", "and(", " as x ", "as `", "from ", "order by ",
        "case when ", "then ", "select ", "union ", ";", "';", "--", "#", "0x", "1.e", "4or2", "in (", "concat(",
        "(", "!@", "....", "\\'", "’", "+", "= ", "1=", "'1'='", "x' ", "having ", "exec ", "/*!", "\"'",
    ];

    [Theory]
    [MemberData(nameof(FragmentPatterns))]
    [MemberData(nameof(Patterns))]
    public void A_megabyte_of_one_pattern_costs_linear_work_at_Paranoid(string pattern)
    {
        long small = Work(pattern, 1024, DetectionSensitivity.Paranoid);
        long large = Work(pattern, 1024 * 1024, DetectionSensitivity.Paranoid);
        Assert.True(small > 0);
        Assert.InRange(large, small, small * 1024 * 2);
    }

    private static long Work(string pattern, int bytes, DetectionSensitivity sensitivity)
    {
        byte[] unit = Encoding.UTF8.GetBytes(pattern);
        var value = new byte[bytes];
        for (int i = 0; i < bytes; i++)
        {
            value[i] = unit[i % unit.Length];
        }

        long work = 0;
        SqlInjectionDetector.Detect(value, sensitivity, ref work);
        return work;
    }

    private static long Work(string pattern, int bytes)
    {
        byte[] unit = Encoding.UTF8.GetBytes(pattern);
        var value = new byte[bytes];
        for (int i = 0; i < bytes; i++)
        {
            value[i] = unit[i % unit.Length];
        }

        long work = 0;
        SqlInjectionDetector.Detect(value, ref work);
        return work;
    }
}
