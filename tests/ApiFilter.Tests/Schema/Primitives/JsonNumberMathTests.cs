using System.Text;
using ApiFilter.Schema;

namespace ApiFilter.Tests.Schema.Primitives;

/// <summary>Exact decimal arithmetic on number literals; expectations worked out by hand.</summary>
public sealed class JsonNumberMathTests
{
    public static TheoryData<string, string, int> Comparisons => new()
    {
        { "1e308", "1e-308", 1 },
        { "0", "-0", 0 },
        { "0.0", "0e10", 0 },
        { "1.0", "1", 0 },
        { "10", "1e1", 0 },
        { "100", "1e1", 1 },
        { "0.1", "1e-1", 0 },
        { "-1", "1", -1 },
        { "-2", "-1", -1 },
        { "-0.5", "0", -1 },
        { "18446744073709551615", "18446744073709551600", 1 },
        { "-18446744073709551600", "-18446744073709551615", 1 },
        { "9.727837981879871e+26", "9.727837981879871e+26", 0 },
        { "9.727837981879871e+26", "972783798187987100000000000", 0 },
        { "9.7278379818798711e+26", "972783798187987100000000000", 1 },
        { "123.456", "123.4560001", -1 },
        { "0.001", "0.01", -1 },
        { "2.5E+3", "2500", 0 },
        { "25e2", "2500.000", 0 },
        { "0.000123", "1.23e-4", 0 },
        { "12345678901234567890123456789", "12345678901234567890123456788", 1 },
        { "1e1000000000000000000000", "1e999999999999999999999", 1 },
        { "1e-1000000000000000000000", "0", 1 },
        { "-1e1000000000000000000000", "-1e1000000000000000000001", 1 },
        { "1e1000000000000000000000", "1e308", 1 },
        { "3", "3.0000000000000000000000000000000001", -1 },
        // short integers on both sides (the 18-digit fast path) and just past it
        { "-5", "3", -1 },
        { "42", "42", 0 },
        { "-999999999999999999", "-999999999999999998", -1 },
        { "999999999999999999", "1000000000000000000", -1 },
        { "1000000000000000000", "999999999999999999", 1 },
        { "-0", "0", 0 },
    };

    public static TheoryData<string, string, bool> Multiples => new()
    {
        { "0.0075", "0.0001", true },
        { "0.00751", "0.0001", false },
        { "10", "2.5", true },
        { "7.5", "1.5", true },
        { "7.6", "1.5", false },
        { "0.3", "0.1", true },
        { "1", "3", false },
        { "19.99", "0.01", true },
        { "-4.5", "1.5", true },
        { "0", "0.3", true },
        { "1e308", "0.5", true },
        // 10^317 / 123456789 is not an integer: 123456789 = 3^2 * 3607 * 3803
        { "1e308", "0.123456789", false },
        { "123456789e-9", "0.123456789", true },
        { "1e308", "1e-8", true },
        { "1e-8", "1e-8", true },
        { "1e-9", "1e-8", false },
        { "2e-8", "1e-8", true },
        { "12345678901234567890123456789012345678900", "10", true },
        // digit sum 180: divisible by 9; with a trailing 1 the sum is 181: not divisible by 3
        { "123456789012345678901234567890123456789", "9", true },
        { "12345678901234567890123456789012345678901", "3", false },
        { "246913578024691357802469135780", "123456789012345678901234567890", true },
        { "246913578024691357802469135781", "123456789012345678901234567890", false },
        { "1e100000000000000000000", "0.5", true },
        { "1e-100000000000000000000", "0.5", false },
        { "4", "0", false },
        { "18446744073709551615", "18446744073709551615", true },
        { "36893488147419103230", "18446744073709551615", true },
        // short decimals on both sides (the scaled-integer fast path), its edges and fall-backs
        { "12.34", "0.01", true },
        { "12.345", "0.01", false },
        { "-0.3", "0.1", true },
        { "-0.35", "0.1", false },
        { "0.10", "0.05", true },
        { "15", "0.5", true },
        { "15", "4", false },
        { "-0.0", "0.01", true },
        { "1.5", "0.75", true },
        { "999999999999999999", "0.000001", true },
        { "999999999999999999", "0.000017", false }, // 10^18 = 15 (mod 17), so 17 does not divide 10^18 - 1
        { "0.000000000000000001", "0.000000000000000001", true },
        { "0.0000000000000000015", "0.000000000000000001", false },
    };

    public static TheoryData<string, bool> Integrals => new()
    {
        { "1", true },
        { "1.0", true },
        { "1e2", true },
        { "1.5", false },
        { "1.5e1", true },
        { "1.55e1", false },
        { "1e-1", false },
        { "0.0", true },
        { "-0", true },
        { "10e-1", true },
        { "100e-2", true },
        { "-7.000", true },
        { "1e-100000000000000000000", false },
        { "1e100000000000000000000", true },
        { "12345678901234567890123456789.000", true },
        { "12345678901234567890123456789.001", false },
    };

    public static TheoryData<string, bool> FractionOrExponent => new()
    {
        { "1", false },
        { "-10", false },
        { "1.0", true },
        { "1e0", true },
        { "1E5", true },
    };

    [Theory]
    [MemberData(nameof(Comparisons))]
    public void Compare_IsExactByValue(string left, string right, int expected)
    {
        Assert.Equal(expected, Math.Sign(JsonNumberMath.Compare(Encoding.ASCII.GetBytes(left), Encoding.ASCII.GetBytes(right))));
        Assert.Equal(-expected, Math.Sign(JsonNumberMath.Compare(Encoding.ASCII.GetBytes(right), Encoding.ASCII.GetBytes(left))));
    }

    [Theory]
    [MemberData(nameof(Multiples))]
    public void IsMultipleOf_IsExactDecimal(string value, string divisor, bool expected) =>
        Assert.Equal(expected, JsonNumberMath.IsMultipleOf(Encoding.ASCII.GetBytes(value), Encoding.ASCII.GetBytes(divisor)));

    [Theory]
    [MemberData(nameof(Integrals))]
    public void IsIntegral_ByValue(string literal, bool expected) =>
        Assert.Equal(expected, JsonNumberMath.IsIntegral(Encoding.ASCII.GetBytes(literal)));

    [Theory]
    [MemberData(nameof(FractionOrExponent))]
    public void HasFractionOrExponent_BySyntax(string literal, bool expected) =>
        Assert.Equal(expected, JsonNumberMath.HasFractionOrExponent(Encoding.ASCII.GetBytes(literal)));

    [Fact]
    public void OrdinaryLiterals_DoNotAllocate()
    {
        byte[][] values = [.. "0.0075|1e308|-18446744073709551600|123456789012345678901234567890.5|7.6|0".Split('|').Select(Encoding.ASCII.GetBytes)];
        byte[][] divisors = [.. "0.0001|0.123456789|1.5|1e-8|3".Split('|').Select(Encoding.ASCII.GetBytes)];
        var sink = 0;
        void Run()
        {
            foreach (var v in values)
            {
                sink += JsonNumberMath.IsIntegral(v) ? 1 : 0;
                sink += JsonNumberMath.HasFractionOrExponent(v) ? 1 : 0;
                foreach (var d in divisors)
                {
                    sink += JsonNumberMath.Compare(v, d);
                    sink += JsonNumberMath.IsMultipleOf(v, d) ? 1 : 0;
                }
            }
        }

        Run();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.NotEqual(int.MinValue, sink);
    }
}
