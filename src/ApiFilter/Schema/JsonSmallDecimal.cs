namespace ApiFilter.Schema;

/// <summary>
/// A number literal without exponent and of at most 18 digits (<c>-12.34</c>), held exactly as the
/// integer of its digits (<c>-1234</c>) and its number of fraction digits (<c>2</c>): the form of
/// nearly every number in an API body, compared and divided without decomposing the literal.
/// </summary>
internal readonly struct JsonSmallDecimal
{
    /// <summary>18 nines: every integer of at most 18 digits, and ten times it, fits a <see cref="long"/>.</summary>
    private const long Limit = 999_999_999_999_999_999;

    private static readonly long[] PowersOfTen =
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000,
    ];

    private JsonSmallDecimal(long digits, int scale)
    {
        Digits = digits;
        Scale = scale;
        IsValid = true;
    }

    /// <summary>False when the literal is not of this form (exponent, more digits, not a number).</summary>
    public bool IsValid { get; }

    /// <summary>The digits as an integer, with the sign.</summary>
    public long Digits { get; }

    /// <summary>Fraction digits: the value is <see cref="Digits"/> / 10^<see cref="Scale"/>.</summary>
    public int Scale { get; }

    /// <summary>True when the value is an integer: 10^scale divides the digits.</summary>
    public bool IsIntegral => Scale == 0 || Digits % PowersOfTen[Scale] == 0;

    /// <summary>Parses RFC 8259 int and frac (no exp) of at most 18 digits; anything else is not valid.</summary>
    public static JsonSmallDecimal Parse(ReadOnlySpan<byte> literal)
    {
        int start = literal.Length > 0 && literal[0] == (byte)'-' ? 1 : 0;
        long value = 0;
        int digits = 0;
        int point = -1;
        for (int i = start; i < literal.Length; i++)
        {
            byte b = literal[i];
            if (b == (byte)'.' && point < 0 && digits > 0)
            {
                point = i;
                continue;
            }

            uint digit = (uint)(b - '0');
            if (digit > 9 || ++digits > 18)
            {
                return default;
            }

            value = (value * 10) + digit;
        }

        if (digits == 0 || point == literal.Length - 1)
        {
            return default;
        }

        return new JsonSmallDecimal(start == 1 ? -value : value, point < 0 ? 0 : literal.Length - point - 1);
    }

    /// <summary>Compares exactly when both are valid and fit 18 digits at a common scale.</summary>
    public static bool TryCompare(in JsonSmallDecimal left, in JsonSmallDecimal right, out int result)
    {
        result = 0;
        if (!left.IsValid || !right.IsValid || !TryAlign(in left, in right, out long x, out long y))
        {
            return false;
        }

        result = x.CompareTo(y);
        return true;
    }

    /// <summary>Whether <paramref name="value"/> / <paramref name="divisor"/> is an integer, exactly, when both are valid, the divisor positive, and both fit 18 digits at a common scale.</summary>
    public static bool TryIsMultipleOf(in JsonSmallDecimal value, in JsonSmallDecimal divisor, out bool result)
    {
        result = false;
        if (!value.IsValid || !divisor.IsValid || divisor.Digits <= 0 || !TryAlign(in value, in divisor, out long v, out long d))
        {
            return false;
        }

        result = v % d == 0;
        return true;
    }

    /// <summary>Both as integers at the larger scale, when that stays within 18 digits.</summary>
    private static bool TryAlign(in JsonSmallDecimal a, in JsonSmallDecimal b, out long x, out long y)
    {
        x = a.Digits;
        y = b.Digits;
        return a.Scale == b.Scale
            || (a.Scale < b.Scale ? TryScale(ref x, b.Scale - a.Scale) : TryScale(ref y, a.Scale - b.Scale));
    }

    private static bool TryScale(ref long value, int power)
    {
        long factor = PowersOfTen[power];
        if (value > Limit / factor || value < -Limit / factor)
        {
            return false;
        }

        value *= factor;
        return true;
    }
}
