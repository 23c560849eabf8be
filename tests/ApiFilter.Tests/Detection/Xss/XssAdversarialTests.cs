using System.Text;
using ApiFilter.Detection;

namespace ApiFilter.Tests.Detection.Xss;

/// <summary>
/// Inputs built to make a scanner backtrack or rescan: the work counter (bytes examined) for 1 MB
/// must stay within a constant factor of the one for 1 KB times 1024, i.e. linear.
/// </summary>
public class XssAdversarialTests
{
    private static readonly string[] Units =
    [
        "<",
        "<<<<script",
        "&#",
        "%25",
        "on",
        " on",
        "onload ",
        "{{",
        "${",
        "<%= ",
        "'",
        "';",
        ":",
        "java\tscript",
        "(",
        "alert",
        ".",
        "document",
        "![",
        "/*",
        "\\",
        "+A",
        "<a ",
        "=",
        "\u00BC",
        "\u00BCa",
        "< ",
        "<f o ",
        "< x: ",
        "<:",
        "-->",
        "<!--",
        "'in ",
        "' in.",
        "!ENTITY ",
        "data: ,",
        "import {",
        "1onab=",
        "<a href=",
    ];

    public static TheoryData<string, DetectionSensitivity> UnitsAtEachLevel()
    {
        var data = new TheoryData<string, DetectionSensitivity>();
        foreach (string unit in Units)
        {
            data.Add(unit, DetectionSensitivity.Standard);
            data.Add(unit, DetectionSensitivity.Paranoid);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(UnitsAtEachLevel))]
    public void Work_grows_linearly_with_repetition(string unit, DetectionSensitivity level)
    {
        long small = Work(unit, 1024, level);
        long large = Work(unit, 1024 * 1024, level);

        // Linear: 1024 times the input costs about 1024 times the work (bounded per byte as well).
        Assert.True(large <= small * 1024 * 2 + 4096, $"{unit}: 1 KB {small}, 1 MB {large}");
        Assert.True(large <= 400L * 1024 * 1024, $"{unit}: {large} bytes examined for 1 MB");
    }

    private static long Work(string unit, int length, DetectionSensitivity level)
    {
        // Latin-1, so "\u00BC" is the single byte 0xBC (the top-bit '<').
        byte[] one = Encoding.Latin1.GetBytes(unit);
        byte[] value = new byte[length];
        for (int i = 0; i < length; i++)
        {
            value[i] = one[i % one.Length];
        }

        long work = 0;
        XssDetector.Detect(value, level, ref work);
        return work;
    }
}
