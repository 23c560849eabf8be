using System.Text;
using ApiFilter.Detection;

namespace ApiFilter.Tests.Detection.Xss;

/// <summary>
/// Inputs built to make a scanner backtrack or rescan: the work counter (bytes examined) for 1 MB
/// must stay within a constant factor of the one for 1 KB times 1024, i.e. linear.
/// </summary>
public class XssAdversarialTests
{
    public static TheoryData<string> Units() =>
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
    ];

    [Theory]
    [MemberData(nameof(Units))]
    public void Work_grows_linearly_with_repetition(string unit)
    {
        long small = Work(unit, 1024);
        long large = Work(unit, 1024 * 1024);

        // Linear: 1024 times the input costs about 1024 times the work (bounded per byte as well).
        Assert.True(large <= small * 1024 * 2 + 4096, $"{unit}: 1 KB {small}, 1 MB {large}");
        Assert.True(large <= 400L * 1024 * 1024, $"{unit}: {large} bytes examined for 1 MB");
    }

    private static long Work(string unit, int length)
    {
        byte[] one = Encoding.UTF8.GetBytes(unit);
        byte[] value = new byte[length];
        for (int i = 0; i < length; i++)
        {
            value[i] = one[i % one.Length];
        }

        long work = 0;
        XssDetector.Detect(value, ref work);
        return work;
    }
}
