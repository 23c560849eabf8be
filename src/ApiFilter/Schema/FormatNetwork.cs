namespace ApiFilter.Schema;

/// <summary>IP addresses (RFC 2673 / RFC 4291), host names (RFC 1123) and mailboxes (RFC 5321).</summary>
internal static class FormatNetwork
{
    /// <summary>
    /// Dotted-quad IPv4 (RFC 2673 section 3.2): four decimal octets 0-255. Leading zeros are refused:
    /// they are read as octal by some resolvers, the ambiguity behind address-check bypasses.
    /// </summary>
    public static bool IsIpv4(ReadOnlySpan<byte> s)
    {
        var i = 0;
        for (var part = 0; part < 4; part++)
        {
            if (part > 0)
            {
                if (i >= s.Length || s[i] != '.')
                {
                    return false;
                }

                i++;
            }

            var start = i;
            var value = 0;
            while (i < s.Length && IsDigit(s[i]) && i - start < 3)
            {
                value = (value * 10) + (s[i] - '0');
                i++;
            }

            var length = i - start;
            if (length == 0 || value > 255 || (length > 1 && s[start] == '0'))
            {
                return false;
            }
        }

        return i == s.Length;
    }

    /// <summary>
    /// RFC 4291 section 2.2 text forms: eight groups of 1-4 hex digits, one <c>::</c> for a run of zero
    /// groups, optionally ending in an embedded dotted-quad IPv4 address (two groups). Zone ids
    /// (RFC 6874) and prefixes are not part of an address.
    /// </summary>
    public static bool IsIpv6(ReadOnlySpan<byte> s)
    {
        if (s.Length < 2)
        {
            return false;
        }

        var groups = 0;
        var compressed = false;
        var i = 0;
        if (s[0] == ':')
        {
            if (s[1] != ':')
            {
                return false;
            }

            compressed = true;
            i = 2;
            if (i == s.Length)
            {
                return true;
            }
        }

        while (true)
        {
            var start = i;
            while (i < s.Length && IsHex(s[i]) && i - start < 5)
            {
                i++;
            }

            if (i < s.Length && s[i] == '.')
            {
                // embedded IPv4 takes the place of the last two groups
                if (!IsIpv4(s[start..]))
                {
                    return false;
                }

                groups += 2;
                break;
            }

            var length = i - start;
            if (length is 0 or > 4)
            {
                return false;
            }

            groups++;
            if (i == s.Length)
            {
                break;
            }

            if (s[i] != ':')
            {
                return false;
            }

            i++;
            if (i < s.Length && s[i] == ':')
            {
                if (compressed)
                {
                    return false;
                }

                compressed = true;
                i++;
                if (i == s.Length)
                {
                    break;
                }
            }
            else if (i == s.Length)
            {
                return false;
            }
        }

        return compressed ? groups <= 7 : groups == 8;
    }

    /// <summary>
    /// RFC 1123 section 2.1 host name: dot-separated labels of letters, digits and hyphens, 1-63
    /// octets each, not starting or ending with a hyphen, 253 octets at most (RFC 1034 section 3.1,
    /// without the trailing root dot). Labels starting <c>xn--</c> must be valid A-labels (RFC 5890).
    /// </summary>
    public static bool IsHostname(ReadOnlySpan<byte> s) => FormatIdn.IsAsciiHostname(s);

    /// <summary>One LDH label (RFC 5890 section 2.3.1), with A-label checks for <c>xn--</c>.</summary>
    public static bool IsLdhLabel(ReadOnlySpan<byte> label)
    {
        if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
        {
            return false;
        }

        foreach (var b in label)
        {
            if (!(IsAlnum(b) || b == '-'))
            {
                return false;
            }
        }

        if (label.Length >= 4 && label[2] == '-' && label[3] == '-' && (label[0] | 0x20) == 'x' && (label[1] | 0x20) == 'n')
        {
            // an "xn--" label claims to be an A-label and must be one (RFC 5890 section 2.3.2.1); other
            // labels with "--" in positions 3 and 4 are still valid RFC 1123 host names
            return FormatIdn.IsALabel(label[4..]);
        }

        return true;
    }

    /// <summary>
    /// RFC 5321 section 4.1.2 <c>Mailbox = Local-part "@" ( Domain / address-literal )</c>. With
    /// <paramref name="international"/>, RFC 6531 section 3.3 extends atext and qtext with any
    /// non-ASCII UTF-8 and the domain may be an IDN host name.
    /// </summary>
    public static bool IsEmail(ReadOnlySpan<byte> s, bool international)
    {
        var at = s.LastIndexOf((byte)'@');
        if (at <= 0 || at == s.Length - 1)
        {
            return false;
        }

        var local = s[..at];
        var domain = s[(at + 1)..];
        if (local.Length > 64 && !international)
        {
            return false;
        }

        if (!(local[0] == '"' ? IsQuotedString(local, international) : IsDotString(local, international)))
        {
            return false;
        }

        if (domain[0] == '[')
        {
            if (domain[^1] != ']')
            {
                return false;
            }

            var literal = domain[1..^1];
            return literal.StartsWith("IPv6:"u8) ? IsIpv6(literal[5..]) : IsIpv4(literal);
        }

        return international ? FormatIdn.IsIdnHostname(domain) : IsHostname(domain);
    }

    private static bool IsDotString(ReadOnlySpan<byte> s, bool international)
    {
        // Dot-string = Atom *("." Atom); Atom = 1*atext
        var previousDot = true;
        foreach (var b in s)
        {
            if (b == '.')
            {
                if (previousDot)
                {
                    return false;
                }

                previousDot = true;
            }
            else if (IsAtext(b) || (international && b >= 0x80))
            {
                previousDot = false;
            }
            else
            {
                return false;
            }
        }

        return !previousDot;
    }

    private static bool IsQuotedString(ReadOnlySpan<byte> s, bool international)
    {
        // Quoted-string = DQUOTE *QcontentSMTP DQUOTE; qtextSMTP = %d32-33 / %d35-91 / %d93-126; quoted-pairSMTP = "\" %d32-126
        if (s.Length < 2 || s[^1] != '"')
        {
            return false;
        }

        var inner = s[1..^1];
        for (var i = 0; i < inner.Length; i++)
        {
            var b = inner[i];
            if (b == '\\')
            {
                if (++i >= inner.Length || inner[i] < 32 || inner[i] > 126)
                {
                    return false;
                }
            }
            else if (b == '"' || (b < 32 && b != 0) || b == 127 || b == 0 || (b >= 0x80 && !international))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAtext(byte b) =>
        IsAlnum(b) || (b < 128 && "!#$%&'*+-/=?^_`{|}~"u8.Contains(b));

    private static bool IsAlnum(byte b) => IsDigit(b) || (uint)((b | 0x20) - 'a') <= 'z' - 'a';

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool IsHex(byte b) => IsDigit(b) || (uint)((b | 0x20) - 'a') <= 5;
}
