using System.Numerics;

namespace ApiFilter.Schema;

/// <summary>
/// A view of an RFC 8259 number literal (section 6) as sign, decimal digits and exponent, without
/// converting it to a binary number. Digit positions index the integer digits followed by the
/// fraction digits, as if the decimal point were removed.
/// </summary>
internal readonly ref struct JsonNumberLiteral
{
    /// <summary>Exponents of up to 18 digits fit a long with room for digit offsets; beyond, the slow path.</summary>
    private const int MaxFastExponentDigits = 18;

    private readonly ReadOnlySpan<byte> _integer;
    private readonly ReadOnlySpan<byte> _fraction;
    private readonly ReadOnlySpan<byte> _exponentDigits;
    private readonly long _exponent;
    private readonly int _first;
    private readonly int _last;
    private readonly bool _negative;

    public JsonNumberLiteral(ReadOnlySpan<byte> literal)
    {
        var i = 0;
        if (i < literal.Length && literal[i] == (byte)'-')
        {
            _negative = true;
            i++;
        }

        var start = i;
        while (i < literal.Length && IsDigit(literal[i]))
        {
            i++;
        }

        _integer = literal[start..i];
        if (i < literal.Length && literal[i] == (byte)'.')
        {
            start = ++i;
            while (i < literal.Length && IsDigit(literal[i]))
            {
                i++;
            }

            _fraction = literal[start..i];
        }

        if (i < literal.Length && (literal[i] | 0x20) == (byte)'e')
        {
            i++;
            if (i < literal.Length && (literal[i] == (byte)'-' || literal[i] == (byte)'+'))
            {
                ExponentNegative = literal[i] == (byte)'-';
                i++;
            }

            while (i < literal.Length && literal[i] == (byte)'0')
            {
                i++;
            }

            start = i;
            while (i < literal.Length && IsDigit(literal[i]))
            {
                i++;
            }

            _exponentDigits = literal[start..i];
            if (_exponentDigits.Length > MaxFastExponentDigits)
            {
                HugeExponent = true;
            }
            else
            {
                long e = 0;
                foreach (var digit in _exponentDigits)
                {
                    e = (e * 10) + (digit - '0');
                }

                _exponent = ExponentNegative ? -e : e;
            }
        }

        _first = -1;
        _last = -1;
        var total = _integer.Length + _fraction.Length;
        for (var p = 0; p < total; p++)
        {
            if (DigitAt(p) != 0)
            {
                _first = p;
                break;
            }
        }

        if (_first >= 0)
        {
            for (var p = total - 1; p >= _first; p--)
            {
                if (DigitAt(p) != 0)
                {
                    _last = p;
                    break;
                }
            }
        }
    }

    /// <summary>-1, 0 or 1 (negative zero is zero).</summary>
    public int Sign => _first < 0 ? 0 : _negative ? -1 : 1;

    /// <summary>True when the exponent does not fit the fast path.</summary>
    public bool HugeExponent { get; }

    /// <summary>True when the exponent is written with a minus sign.</summary>
    public bool ExponentNegative { get; }

    /// <summary>Number of digits from the first to the last non-zero digit.</summary>
    public int SignificantDigitCount => _first < 0 ? 0 : _last - _first + 1;

    /// <summary>The power of ten of the leading non-zero digit (fast path only).</summary>
    public long LeadingDigitMagnitude => _integer.Length - 1 - _first + _exponent;

    /// <summary>The power of ten of the last non-zero digit (fast path only).</summary>
    public long LastDigitExponent => _integer.Length - 1 - _last + _exponent;

    /// <summary>The <paramref name="index"/>-th significant digit, 0 being the leading one.</summary>
    public int SignificantDigit(int index) => DigitAt(_first + index);

    /// <summary>The significant digits as an integer; at most 19 digits.</summary>
    public ulong SignificandAsUInt64()
    {
        ulong value = 0;
        for (var p = _first; p <= _last; p++)
        {
            value = (value * 10) + (ulong)DigitAt(p);
        }

        return value;
    }

    /// <summary>The significant digits as an integer, reduced modulo <paramref name="modulus"/>; any length.</summary>
    public ulong SignificandModulo(ulong modulus)
    {
        ulong remainder = 0;
        if (modulus <= ulong.MaxValue / 16)
        {
            for (var p = _first; p <= _last; p++)
            {
                remainder = ((remainder * 10) + (ulong)DigitAt(p)) % modulus;
            }

            return remainder;
        }

        for (var p = _first; p <= _last; p++)
        {
            remainder = (ulong)((((UInt128)remainder * 10) + (ulong)DigitAt(p)) % modulus);
        }

        return remainder;
    }

    /// <summary>Slow path: the significant digits as a <see cref="BigInteger"/> (allocates).</summary>
    public BigInteger SignificandBig()
    {
        var value = BigInteger.Zero;
        for (var p = _first; p <= _last; p++)
        {
            value = (value * 10) + DigitAt(p);
        }

        return value;
    }

    /// <summary>Slow path: <see cref="LeadingDigitMagnitude"/> for any exponent (allocates).</summary>
    public BigInteger LeadingDigitMagnitudeBig() => ExponentBig() + (_integer.Length - 1 - _first);

    /// <summary>Slow path: <see cref="LastDigitExponent"/> for any exponent (allocates).</summary>
    public BigInteger LastDigitExponentBig() => ExponentBig() + (_integer.Length - 1 - _last);

    private BigInteger ExponentBig()
    {
        var value = BigInteger.Zero;
        foreach (var digit in _exponentDigits)
        {
            value = (value * 10) + (digit - '0');
        }

        return ExponentNegative ? -value : value;
    }

    private int DigitAt(int position) =>
        position < _integer.Length ? _integer[position] - '0' : _fraction[position - _integer.Length] - '0';

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
