using System.Buffers;
using System.Text;

namespace ApiFilter.Schema;

/// <summary>URIs and URI references (RFC 3986 appendix A), IRIs (RFC 3987 section 2.2) and URI templates (RFC 6570 section 2).</summary>
internal static class FormatUri
{
    /// <summary>RFC 3986 <c>URI</c> (scheme required) or <c>URI-reference</c>; with <paramref name="iri"/>, RFC 3987 <c>IRI</c> / <c>IRI-reference</c>.</summary>
    public static bool IsUri(ReadOnlySpan<byte> s, bool requireScheme, bool iri)
    {
        var i = 0;
        var hasScheme = false;
        if (s.Length > 0 && IsAlpha(s[0]))
        {
            var j = 1;
            while (j < s.Length && (IsAlpha(s[j]) || IsDigit(s[j]) || s[j] is (byte)'+' or (byte)'-' or (byte)'.'))
            {
                j++;
            }

            if (j < s.Length && s[j] == ':')
            {
                hasScheme = true;
                i = j + 1;
            }
        }

        if (requireScheme && !hasScheme)
        {
            return false;
        }

        var hierEnd = i;
        while (hierEnd < s.Length && s[hierEnd] is not ((byte)'?' or (byte)'#'))
        {
            hierEnd++;
        }

        var hier = s[i..hierEnd];
        if (hier.StartsWith("//"u8))
        {
            var authorityEnd = hier[2..].IndexOf((byte)'/');
            var authority = authorityEnd < 0 ? hier[2..] : hier.Slice(2, authorityEnd);
            if (!IsAuthority(authority, iri))
            {
                return false;
            }

            hier = authorityEnd < 0 ? [] : hier[(2 + authorityEnd)..];
        }
        else if (!hasScheme)
        {
            // path-noscheme: the first segment of a relative path has no ":" (RFC 3986 section 4.2)
            var slash = hier.IndexOf((byte)'/');
            var firstSegment = slash < 0 ? hier : hier[..slash];
            if (firstSegment.Contains((byte)':'))
            {
                return false;
            }
        }

        if (!IsChars(hier, CharSet.Path, iri))
        {
            return false;
        }

        var rest = s[hierEnd..];
        if (!rest.IsEmpty && rest[0] == '?')
        {
            var queryEnd = rest.IndexOf((byte)'#');
            var query = queryEnd < 0 ? rest[1..] : rest[1..queryEnd];
            if (!IsChars(query, CharSet.Query, iri))
            {
                return false;
            }

            rest = queryEnd < 0 ? [] : rest[queryEnd..];
        }

        return rest.IsEmpty || IsChars(rest[1..], CharSet.Fragment, iri);
    }

    /// <summary>
    /// RFC 6570 section 2: literals and <c>{ [operator] variable-list }</c> expressions with level 4
    /// modifiers. The reserved operators <c>= , ! @ |</c> (section 2.2) are refused: no expansion is defined for them.
    /// The apostrophe, excluded by the ABNF of section 2.1 but listed in its prose, is accepted as a literal.
    /// </summary>
    public static bool IsUriTemplate(ReadOnlySpan<byte> s)
    {
        var i = 0;
        while (i < s.Length)
        {
            var b = s[i];
            if (b == '{')
            {
                var close = s[i..].IndexOf((byte)'}');
                if (close < 0 || !IsExpression(s.Slice(i + 1, close - 1)))
                {
                    return false;
                }

                i += close + 1;
                continue;
            }

            if (b == '%')
            {
                if (!IsPercentEncoded(s, i))
                {
                    return false;
                }

                i += 3;
                continue;
            }

            if (b >= 0x80)
            {
                if (Rune.DecodeFromUtf8(s[i..], out var rune, out var consumed) != OperationStatus.Done || !IsUcsChar(rune.Value, true))
                {
                    return false;
                }

                i += consumed;
                continue;
            }

            if (b <= 0x20 || b == 0x7F || "\"%<>\\^`{|}"u8.Contains(b))
            {
                return false;
            }

            i++;
        }

        return true;
    }

    private static bool IsExpression(ReadOnlySpan<byte> e)
    {
        if (e.IsEmpty)
        {
            return false;
        }

        if ("+#./;?&"u8.Contains(e[0]))
        {
            e = e[1..];
        }

        while (true)
        {
            var comma = e.IndexOf((byte)',');
            var spec = comma < 0 ? e : e[..comma];
            if (!IsVarSpec(spec))
            {
                return false;
            }

            if (comma < 0)
            {
                return true;
            }

            e = e[(comma + 1)..];
        }
    }

    private static bool IsVarSpec(ReadOnlySpan<byte> spec)
    {
        // varspec = varname [ modifier-level4 ]; varname = varchar *( ["."] varchar )
        var i = 0;
        var previousDot = true;
        while (i < spec.Length)
        {
            var b = spec[i];
            if (b == '.')
            {
                if (previousDot)
                {
                    return false;
                }

                previousDot = true;
                i++;
            }
            else if (b == '%')
            {
                if (!IsPercentEncoded(spec, i))
                {
                    return false;
                }

                previousDot = false;
                i += 3;
            }
            else if (IsAlpha(b) || IsDigit(b) || b == '_')
            {
                previousDot = false;
                i++;
            }
            else
            {
                break;
            }
        }

        if (i == 0 || previousDot)
        {
            return false;
        }

        var modifier = spec[i..];
        if (modifier.IsEmpty || (modifier.Length == 1 && modifier[0] == '*'))
        {
            return true;
        }

        // prefix = ":" max-length; max-length = %x31-39 0*3DIGIT
        if (modifier[0] != ':' || modifier.Length is < 2 or > 5 || modifier[1] == '0')
        {
            return false;
        }

        foreach (var d in modifier[1..])
        {
            if (!IsDigit(d))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAuthority(ReadOnlySpan<byte> authority, bool iri)
    {
        var at = authority.IndexOf((byte)'@');
        if (at >= 0)
        {
            if (!IsChars(authority[..at], CharSet.UserInfo, iri))
            {
                return false;
            }

            authority = authority[(at + 1)..];
        }

        ReadOnlySpan<byte> port;
        if (!authority.IsEmpty && authority[0] == '[')
        {
            var close = authority.IndexOf((byte)']');
            if (close < 0)
            {
                return false;
            }

            var literal = authority[1..close];
            if (!(FormatNetwork.IsIpv6(literal) || IsIpvFuture(literal)))
            {
                return false;
            }

            port = authority[(close + 1)..];
            if (!port.IsEmpty && port[0] != ':')
            {
                return false;
            }
        }
        else
        {
            var colon = authority.IndexOf((byte)':');
            var host = colon < 0 ? authority : authority[..colon];
            if (!IsChars(host, CharSet.RegName, iri))
            {
                return false;
            }

            port = colon < 0 ? [] : authority[colon..];
        }

        if (!port.IsEmpty)
        {
            foreach (var d in port[1..])
            {
                if (!IsDigit(d))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsIpvFuture(ReadOnlySpan<byte> s)
    {
        // IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
        if (s.Length < 4 || (s[0] | 0x20) != 'v')
        {
            return false;
        }

        var i = 1;
        while (i < s.Length && IsHex(s[i]))
        {
            i++;
        }

        if (i == 1 || i >= s.Length - 1 || s[i] != '.')
        {
            return false;
        }

        foreach (var b in s[(i + 1)..])
        {
            if (!(IsUnreserved(b) || IsSubDelim(b) || b == ':'))
            {
                return false;
            }
        }

        return true;
    }

    private enum CharSet : byte
    {
        UserInfo,
        RegName,
        Path,
        Query,
        Fragment,
    }

    private static bool IsChars(ReadOnlySpan<byte> s, CharSet set, bool iri)
    {
        var i = 0;
        while (i < s.Length)
        {
            var b = s[i];
            if (b == '%')
            {
                if (!IsPercentEncoded(s, i))
                {
                    return false;
                }

                i += 3;
                continue;
            }

            if (b >= 0x80)
            {
                if (!iri || Rune.DecodeFromUtf8(s[i..], out var rune, out var consumed) != OperationStatus.Done
                    || !IsUcsChar(rune.Value, set == CharSet.Query))
                {
                    return false;
                }

                i += consumed;
                continue;
            }

            var allowed = IsUnreserved(b) || IsSubDelim(b) || set switch
            {
                CharSet.UserInfo => b == ':',
                CharSet.RegName => false,
                CharSet.Path => b is (byte)':' or (byte)'@' or (byte)'/',
                _ => b is (byte)':' or (byte)'@' or (byte)'/' or (byte)'?',
            };
            if (!allowed)
            {
                return false;
            }

            i++;
        }

        return true;
    }

    /// <summary>RFC 3987 <c>ucschar</c>, and <c>iprivate</c> where <paramref name="privateUse"/> (queries, URI template literals).</summary>
    private static bool IsUcsChar(int c, bool privateUse) =>
        c is (>= 0xA0 and <= 0xD7FF) or (>= 0xF900 and <= 0xFDCF) or (>= 0xFDF0 and <= 0xFFEF)
        || (c >= 0x10000 && c <= 0xEFFFD && (c & 0xFFFF) <= 0xFFFD && c < 0xE0000) || c is >= 0xE1000 and <= 0xEFFFD
        || (privateUse && (c is (>= 0xE000 and <= 0xF8FF) or (>= 0xF0000 and <= 0xFFFFD) or (>= 0x100000 and <= 0x10FFFD)));

    private static bool IsPercentEncoded(ReadOnlySpan<byte> s, int at) => at + 2 < s.Length && IsHex(s[at + 1]) && IsHex(s[at + 2]);

    private static bool IsUnreserved(byte b) => IsAlpha(b) || IsDigit(b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~';

    private static bool IsSubDelim(byte b) => "!$&'()*+,;="u8.Contains(b);

    private static bool IsAlpha(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool IsHex(byte b) => IsDigit(b) || (uint)((b | 0x20) - 'a') <= 5;
}
