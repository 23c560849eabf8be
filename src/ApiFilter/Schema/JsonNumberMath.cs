using System.Numerics;

namespace ApiFilter.Schema;

/// <summary>
/// Exact arithmetic on RFC 8259 number literals, as JSON Schema requires (a number is a decimal
/// value, not a binary double): comparison, <c>multipleOf</c>, integrality. Works on the literal
/// bytes; no allocation for literals of ordinary size.
/// </summary>
/// <remarks>
/// Allocation happens only on two rare paths, both documented: an exponent whose magnitude does
/// not fit 18 decimal digits (comparison and <c>multipleOf</c> then compute with
/// <see cref="BigInteger"/>), and a <c>multipleOf</c> divisor with more than 19 significant digits
/// (the remainder is then computed with <see cref="BigInteger"/>). Any number of digits in the
/// value itself is handled without allocation.
/// </remarks>
public static class JsonNumberMath
{
    /// <summary>Compares two number literals by exact value: negative, zero or positive.</summary>
    public static int Compare(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        return Compare(left, JsonSmallDecimal.Parse(left), right, JsonSmallDecimal.Parse(right));
    }

    /// <summary><see cref="Compare(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> with both literals already parsed as small decimals where they are.</summary>
    internal static int Compare(ReadOnlySpan<byte> left, in JsonSmallDecimal leftSmall, ReadOnlySpan<byte> right, in JsonSmallDecimal rightSmall)
    {
        if (JsonSmallDecimal.TryCompare(in leftSmall, in rightSmall, out int result))
        {
            // The common case (plain integers and decimals) without decomposing the literals.
            return result;
        }

        var a = new JsonNumberLiteral(left);
        var b = new JsonNumberLiteral(right);
        var signA = a.Sign;
        var signB = b.Sign;
        if (signA != signB)
        {
            return signA < signB ? -1 : 1;
        }

        if (signA == 0)
        {
            return 0;
        }

        var magnitude = CompareMagnitude(in a, in b);
        return signA > 0 ? magnitude : -magnitude;
    }

    /// <summary>True when <paramref name="value"/> divided by <paramref name="divisor"/> (positive) is an integer, exactly.</summary>
    public static bool IsMultipleOf(ReadOnlySpan<byte> value, ReadOnlySpan<byte> divisor)
    {
        return IsMultipleOf(value, JsonSmallDecimal.Parse(value), divisor, JsonSmallDecimal.Parse(divisor));
    }

    /// <summary><see cref="IsMultipleOf(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> with both literals already parsed as small decimals where they are.</summary>
    internal static bool IsMultipleOf(ReadOnlySpan<byte> value, in JsonSmallDecimal valueSmall, ReadOnlySpan<byte> divisor, in JsonSmallDecimal divisorSmall)
    {
        if (JsonSmallDecimal.TryIsMultipleOf(in valueSmall, in divisorSmall, out bool result))
        {
            // The common case (prices against 0.01, counts against 5), exactly.
            return result;
        }

        var v = new JsonNumberLiteral(value);
        var d = new JsonNumberLiteral(divisor);
        if (d.Sign == 0)
        {
            // multipleOf must be strictly greater than 0 (JSON Schema validation 6.2.1): nothing is a multiple of 0
            return false;
        }

        if (v.Sign == 0)
        {
            return true;
        }

        // value = a * 10^ea and divisor = b * 10^eb with a, b free of trailing zeros. When ea < eb the
        // quotient is a / (b * 10^(eb-ea)), an integer only if 10 divides a, which it does not.
        // Otherwise the quotient is a * 10^k / b with k = ea - eb >= 0.
        if (v.HugeExponent || d.HugeExponent)
        {
            return IsMultipleOfSlow(in v, in d);
        }

        var k = v.LastDigitExponent - d.LastDigitExponent;
        if (k < 0)
        {
            return false;
        }

        if (d.SignificantDigitCount > 19)
        {
            return IsMultipleOfSlow(in v, in d);
        }

        var b = d.SignificandAsUInt64();
        var remainder = v.SignificandModulo(b);
        if (remainder == 0)
        {
            return true;
        }

        return MultiplyModulo(remainder, PowerOfTenModulo(k, b), b) == 0;
    }

    /// <summary>True when the literal's value is an integer (<c>1</c>, <c>1.0</c>, <c>1e2</c>; not <c>1.5</c>).</summary>
    public static bool IsIntegral(ReadOnlySpan<byte> literal)
    {
        var v = new JsonNumberLiteral(literal);
        if (v.Sign == 0)
        {
            return true;
        }

        if (v.HugeExponent)
        {
            return !v.ExponentNegative;
        }

        return v.LastDigitExponent >= 0;
    }

    /// <summary>True when the literal has a fraction part or an exponent (draft 4 treats <c>1.0</c> as not an integer).</summary>
    public static bool HasFractionOrExponent(ReadOnlySpan<byte> literal) => literal.IndexOfAny((byte)'.', (byte)'e', (byte)'E') >= 0;

    private static int CompareMagnitude(in JsonNumberLiteral a, in JsonNumberLiteral b)
    {
        if (a.HugeExponent || b.HugeExponent)
        {
            var slow = a.LeadingDigitMagnitudeBig().CompareTo(b.LeadingDigitMagnitudeBig());
            if (slow != 0)
            {
                return slow;
            }
        }
        else
        {
            var magA = a.LeadingDigitMagnitude;
            var magB = b.LeadingDigitMagnitude;
            if (magA != magB)
            {
                return magA < magB ? -1 : 1;
            }
        }

        // same position of the leading digit: compare the significant digits left to right
        var countA = a.SignificantDigitCount;
        var countB = b.SignificantDigitCount;
        var common = Math.Min(countA, countB);
        for (var i = 0; i < common; i++)
        {
            var da = a.SignificantDigit(i);
            var db = b.SignificantDigit(i);
            if (da != db)
            {
                return da < db ? -1 : 1;
            }
        }

        // the longer one has further non-zero digits (trailing zeros are not significant)
        return countA.CompareTo(countB);
    }

    private static ulong PowerOfTenModulo(long exponent, ulong modulus)
    {
        if (modulus == 1)
        {
            return 0;
        }

        ulong result = 1;
        var power = 10 % modulus;
        while (exponent > 0)
        {
            if ((exponent & 1) != 0)
            {
                result = MultiplyModulo(result, power, modulus);
            }

            power = MultiplyModulo(power, power, modulus);
            exponent >>= 1;
        }

        return result;
    }

    private static ulong MultiplyModulo(ulong x, ulong y, ulong modulus) => (ulong)((UInt128)x * y % modulus);

    private static bool IsMultipleOfSlow(in JsonNumberLiteral v, in JsonNumberLiteral d)
    {
        var k = v.LastDigitExponentBig() - d.LastDigitExponentBig();
        if (k.Sign < 0)
        {
            return false;
        }

        var b = d.SignificandBig();
        var a = v.SignificandBig();
        if (b.IsOne)
        {
            return true;
        }

        var remainder = BigInteger.Remainder(a, b);
        if (remainder.IsZero)
        {
            return true;
        }

        return (remainder * BigInteger.ModPow(10, k, b) % b).IsZero;
    }
}
