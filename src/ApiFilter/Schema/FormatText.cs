namespace ApiFilter.Schema;

/// <summary>UUIDs (RFC 4122), base64 (RFC 4648), JSON Pointers (RFC 6901) and relative JSON Pointers.</summary>
internal static class FormatText
{
    /// <summary>RFC 4122 section 3 string form: 8-4-4-4-12 hex digits, any case, any version and variant.</summary>
    public static bool IsUuid(ReadOnlySpan<byte> s)
    {
        if (s.Length != 36)
        {
            return false;
        }

        for (var i = 0; i < 36; i++)
        {
            var dash = i is 8 or 13 or 18 or 23;
            if (dash ? s[i] != '-' : !IsHex(s[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// RFC 4648 section 4 base64 with padding, strictly: length a multiple of 4, the standard alphabet,
    /// at most two <c>=</c> at the end only, and zero pad bits (section 3.5 allows refusing others,
    /// which would otherwise let two different strings carry the same octets).
    /// </summary>
    public static bool IsBase64(ReadOnlySpan<byte> s)
    {
        if (s.Length % 4 != 0)
        {
            return false;
        }

        var padding = 0;
        if (s.Length > 0 && s[^1] == '=')
        {
            padding = s.Length > 1 && s[^2] == '=' ? 2 : 1;
        }

        var data = s[..^padding];
        foreach (var b in data)
        {
            if (Base64Value(b) < 0)
            {
                return false;
            }
        }

        return padding switch
        {
            1 => (Base64Value(data[^1]) & 0x03) == 0,
            2 => (Base64Value(data[^1]) & 0x0F) == 0,
            _ => true,
        };
    }

    /// <summary>RFC 6901 section 3: empty, or "/"-prefixed reference tokens where "~" is followed by 0 or 1.</summary>
    public static bool IsJsonPointer(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty)
        {
            return true;
        }

        if (s[0] != '/')
        {
            return false;
        }

        for (var i = 1; i < s.Length; i++)
        {
            if (s[i] == '~' && (++i >= s.Length || s[i] is not ((byte)'0' or (byte)'1')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Relative JSON Pointer (draft-handrews-relative-json-pointer-01 section 3): non-negative-integer then "#" or a JSON Pointer.</summary>
    public static bool IsRelativeJsonPointer(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty || !IsDigit(s[0]))
        {
            return false;
        }

        var i = 1;
        if (s[0] != '0')
        {
            while (i < s.Length && IsDigit(s[i]))
            {
                i++;
            }
        }

        var rest = s[i..];
        return (rest.Length == 1 && rest[0] == '#') || IsJsonPointer(rest);
    }

    private static int Base64Value(byte b) => b switch
    {
        >= (byte)'A' and <= (byte)'Z' => b - 'A',
        >= (byte)'a' and <= (byte)'z' => b - 'a' + 26,
        >= (byte)'0' and <= (byte)'9' => b - '0' + 52,
        (byte)'+' => 62,
        (byte)'/' => 63,
        _ => -1,
    };

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool IsHex(byte b) => IsDigit(b) || (uint)((b | 0x20) - 'a') <= 5;
}
