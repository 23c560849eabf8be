namespace ApiFilter.Schema;

/// <summary>
/// Exact arithmetic on RFC 8259 number literals, as JSON Schema requires (a number is a decimal
/// value, not a binary double): comparison, <c>multipleOf</c>, integrality. Works on the literal
/// bytes; no allocation for literals of ordinary size.
/// </summary>
public static class JsonNumberMath
{
    /// <summary>Compares two number literals by exact value: negative, zero or positive.</summary>
    public static int Compare(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right) => throw new NotSupportedException("pending");

    /// <summary>True when <paramref name="value"/> divided by <paramref name="divisor"/> (positive) is an integer, exactly.</summary>
    public static bool IsMultipleOf(ReadOnlySpan<byte> value, ReadOnlySpan<byte> divisor) => throw new NotSupportedException("pending");

    /// <summary>True when the literal's value is an integer (<c>1</c>, <c>1.0</c>, <c>1e2</c>; not <c>1.5</c>).</summary>
    public static bool IsIntegral(ReadOnlySpan<byte> literal) => throw new NotSupportedException("pending");

    /// <summary>True when the literal has a fraction part or an exponent (draft 4 treats <c>1.0</c> as not an integer).</summary>
    public static bool HasFractionOrExponent(ReadOnlySpan<byte> literal) => throw new NotSupportedException("pending");
}
