namespace ApiFilter.Schema;

/// <summary>RFC 3339 section 5.6 <c>full-date</c>, <c>full-time</c>, <c>date-time</c> and appendix A <c>duration</c>.</summary>
internal static class FormatDateTime
{
    /// <summary>RFC 3339 <c>date-time = full-date "T" full-time</c>; "T" and "Z" may be lower case (section 5.6 NOTE).</summary>
    public static bool IsDateTime(ReadOnlySpan<byte> s) =>
        s.Length >= 20 && (s[10] | 0x20) == 't' && IsDate(s[..10]) && IsTime(s[11..]);

    /// <summary>RFC 3339 <c>full-date = date-fullyear "-" date-month "-" date-mday</c>, day checked against the month (section 5.7).</summary>
    public static bool IsDate(ReadOnlySpan<byte> s)
    {
        if (s.Length != 10 || s[4] != '-' || s[7] != '-'
            || !TwoDigits(s, 0, out var century) || !TwoDigits(s, 2, out var yy)
            || !TwoDigits(s, 5, out var month) || !TwoDigits(s, 8, out var day))
        {
            return false;
        }

        var year = (century * 100) + yy;
        return month is >= 1 and <= 12 && day >= 1 && day <= DaysInMonth(year, month);
    }

    /// <summary>
    /// RFC 3339 <c>full-time = partial-time time-offset</c>. A leap second (<c>:60</c>) is only possible at
    /// 23:59 UTC (section 5.7 and appendix D), so the local time is shifted by the offset before checking.
    /// </summary>
    public static bool IsTime(ReadOnlySpan<byte> s)
    {
        if (s.Length < 9 || s[2] != ':' || s[5] != ':'
            || !TwoDigits(s, 0, out var hour) || !TwoDigits(s, 3, out var minute) || !TwoDigits(s, 6, out var second)
            || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        var i = 8;
        if (s[i] == '.')
        {
            var start = ++i;
            while (i < s.Length && IsDigit(s[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        if (i >= s.Length)
        {
            return false;
        }

        int offsetMinutes;
        if ((s[i] | 0x20) == 'z')
        {
            if (i + 1 != s.Length)
            {
                return false;
            }

            offsetMinutes = 0;
        }
        else if (s[i] is (byte)'+' or (byte)'-')
        {
            if (s.Length - i != 6 || s[i + 3] != ':'
                || !TwoDigits(s, i + 1, out var offsetHour) || !TwoDigits(s, i + 4, out var offsetMinute)
                || offsetHour > 23 || offsetMinute > 59)
            {
                return false;
            }

            offsetMinutes = ((offsetHour * 60) + offsetMinute) * (s[i] == '-' ? -1 : 1);
        }
        else
        {
            return false;
        }

        if (second == 60)
        {
            var utc = ((hour * 60) + minute - offsetMinutes + 1440) % 1440;
            return utc == (23 * 60) + 59;
        }

        return true;
    }

    /// <summary>
    /// RFC 3339 appendix A: <c>duration = "P" (dur-date / dur-time / dur-week)</c>, with
    /// <c>dur-date = (dur-day / dur-month / dur-year) [dur-time]</c>; each element requires the next
    /// smaller one when followed (year then month then day; hour then minute then second).
    /// </summary>
    public static bool IsDuration(ReadOnlySpan<byte> s)
    {
        if (s.Length < 3 || s[0] != 'P')
        {
            return false;
        }

        var i = 1;
        if (s[i] != 'T')
        {
            // dur-week stands alone
            if (Element(s, ref i, out var unit) && unit == 'W')
            {
                return i == s.Length;
            }

            i = 1;
            if (!DatePart(s, ref i))
            {
                return false;
            }

            if (i == s.Length)
            {
                return true;
            }
        }

        return s[i] == 'T' && TimePart(s, i + 1);
    }

    private static bool DatePart(ReadOnlySpan<byte> s, ref int i)
    {
        // dur-year = 1*DIGIT "Y" [dur-month]; dur-month = 1*DIGIT "M" [dur-day]; dur-day = 1*DIGIT "D"
        ReadOnlySpan<byte> order = "YMD"u8;
        var expected = -1;
        var any = false;
        while (i < s.Length && s[i] != 'T')
        {
            var save = i;
            if (!Element(s, ref i, out var unit))
            {
                return false;
            }

            var index = order.IndexOf(unit);
            if (index < 0 || (expected >= 0 && index != expected) || (expected < 0 && any))
            {
                i = save;
                return false;
            }

            any = true;
            expected = index + 1;
        }

        return any;
    }

    private static bool TimePart(ReadOnlySpan<byte> s, int i)
    {
        ReadOnlySpan<byte> order = "HMS"u8;
        var expected = -1;
        var any = false;
        while (i < s.Length)
        {
            if (!Element(s, ref i, out var unit))
            {
                return false;
            }

            var index = order.IndexOf(unit);
            if (index < 0 || (expected >= 0 && index != expected) || (expected < 0 && any))
            {
                return false;
            }

            any = true;
            expected = index + 1;
        }

        return any;
    }

    private static bool Element(ReadOnlySpan<byte> s, ref int i, out byte unit)
    {
        var start = i;
        while (i < s.Length && IsDigit(s[i]))
        {
            i++;
        }

        if (i == start || i >= s.Length)
        {
            unit = 0;
            return false;
        }

        unit = s[i++];
        return true;
    }

    private static int DaysInMonth(int year, int month) => month switch
    {
        2 => (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    private static bool TwoDigits(ReadOnlySpan<byte> s, int at, out int value)
    {
        if (at + 1 < s.Length && IsDigit(s[at]) && IsDigit(s[at + 1]))
        {
            value = ((s[at] - '0') * 10) + (s[at + 1] - '0');
            return true;
        }

        value = 0;
        return false;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
