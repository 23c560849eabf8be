using System.Text;

namespace ApiFilter.Tokens;

/// <summary>
/// Compares a DPoP proof's "htu" with the request's target URI (RFC 9449 section 4.3 step 9) after the syntax- and
/// scheme-based normalisation of RFC 3986 sections 6.2.2 and 6.2.3: scheme and host compared without case, the
/// default port (80, 443) equal to no port, an empty path equal to "/", percent-encoded unreserved characters equal
/// to the characters, and percent-encoding hex digits compared without case. Everything else compares exactly.
/// </summary>
/// <remarks>
/// Fail-closed choices: an "htu" with a query or fragment is refused (section 4.2 defines it without them), as is
/// user information in either authority, a scheme other than http/https, a malformed percent-escape, and a path
/// holding "." or ".." segments on either side (resolving them is the server's job before routing; a proof that
/// names such a path is suspicious, not equivalent). Non-ASCII characters compare as their UTF-8 percent-encoding,
/// so a request path the host has already decoded still matches the encoded "htu".
/// </remarks>
internal static class DpopTargetUri
{
    /// <summary>The longest normalised path compared; longer paths never match.</summary>
    public const int MaxNormalizedPath = 4096;

    public static bool Matches(ReadOnlySpan<byte> htu, ReadOnlySpan<char> scheme, ReadOnlySpan<char> authority, ReadOnlySpan<char> path)
    {
        int colon = htu.IndexOf((byte)':');
        if (colon <= 0 || !Ascii.EqualsIgnoreCase(htu[..colon], scheme))
        {
            return false;
        }

        int defaultPort;
        if (Ascii.EqualsIgnoreCase(scheme, "https"))
        {
            defaultPort = 443;
        }
        else if (Ascii.EqualsIgnoreCase(scheme, "http"))
        {
            defaultPort = 80;
        }
        else
        {
            return false;
        }

        ReadOnlySpan<byte> rest = htu[(colon + 1)..];
        if (!rest.StartsWith("//"u8))
        {
            return false;
        }

        rest = rest[2..];
        if (rest.IndexOfAny((byte)'?', (byte)'#') >= 0)
        {
            return false;
        }

        int slash = rest.IndexOf((byte)'/');
        ReadOnlySpan<byte> claimAuthority = slash < 0 ? rest : rest[..slash];
        ReadOnlySpan<byte> claimPath = slash < 0 ? default : rest[slash..];

        int requestQuery = path.IndexOfAny('?', '#');
        if (requestQuery >= 0)
        {
            // The query and fragment of the request are ignored (step 9).
            path = path[..requestQuery];
        }

        return AuthorityMatches(claimAuthority, authority, defaultPort) && PathMatches(claimPath, path);
    }

    private static bool AuthorityMatches(ReadOnlySpan<byte> claim, ReadOnlySpan<char> request, int defaultPort)
    {
        if (claim.IndexOf((byte)'@') >= 0 || request.IndexOf('@') >= 0)
        {
            return false;
        }

        if (!SplitHostPort(claim, out ReadOnlySpan<byte> claimHost, out int claimPort) ||
            !SplitHostPort(request, out ReadOnlySpan<char> requestHost, out int requestPort))
        {
            return false;
        }

        claimPort = claimPort < 0 ? defaultPort : claimPort;
        requestPort = requestPort < 0 ? defaultPort : requestPort;

        // Host names are case-insensitive (RFC 3986 section 3.2.2); a non-ASCII byte never matches here.
        return claimPort == requestPort && !claimHost.IsEmpty && Ascii.EqualsIgnoreCase(claimHost, requestHost);
    }

    /// <summary>Splits "host[:port]" or "[v6]:port"; port -1 when absent or empty (RFC 3986 section 6.2.3).</summary>
    private static bool SplitHostPort<T>(ReadOnlySpan<T> authority, out ReadOnlySpan<T> host, out int port)
        where T : unmanaged, IEquatable<T>, IConvertible
    {
        port = -1;
        host = authority;
        int hostEnd;
        if (!authority.IsEmpty && authority[0].ToChar(null) == '[')
        {
            int close = -1;
            for (int i = 1; i < authority.Length; i++)
            {
                if (authority[i].ToChar(null) == ']')
                {
                    close = i;
                    break;
                }
            }

            if (close < 0)
            {
                return false;
            }

            hostEnd = close + 1;
            if (hostEnd < authority.Length && authority[hostEnd].ToChar(null) != ':')
            {
                return false;
            }
        }
        else
        {
            hostEnd = authority.Length;
            for (int i = 0; i < authority.Length; i++)
            {
                if (authority[i].ToChar(null) == ':')
                {
                    hostEnd = i;
                    break;
                }
            }
        }

        host = authority[..hostEnd];
        if (hostEnd == authority.Length)
        {
            return true;
        }

        ReadOnlySpan<T> digits = authority[(hostEnd + 1)..];
        if (digits.IsEmpty)
        {
            return true;
        }

        int value = 0;
        foreach (T unit in digits)
        {
            char c = unit.ToChar(null);
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
            if (value > 65535)
            {
                return false;
            }
        }

        port = value;
        return true;
    }

    private static bool PathMatches(ReadOnlySpan<byte> claim, ReadOnlySpan<char> request)
    {
        Span<byte> left = stackalloc byte[MaxNormalizedPath];
        Span<byte> right = stackalloc byte[MaxNormalizedPath];
        int leftLength = NormalizeClaimPath(claim, left);
        int rightLength = NormalizeRequestPath(request, right);
        return leftLength >= 0 && rightLength >= 0 && left[..leftLength].SequenceEqual(right[..rightLength]) && !HasDotSegment(left[..leftLength]);
    }

    private static int NormalizeClaimPath(ReadOnlySpan<byte> path, Span<byte> output)
    {
        if (path.IsEmpty)
        {
            output[0] = (byte)'/';
            return 1;
        }

        int written = 0;
        for (int i = 0; i < path.Length; i++)
        {
            byte b = path[i];
            if (b == (byte)'%')
            {
                if (i + 2 >= path.Length || !TryHex(path[i + 1], path[i + 2], out int value) || !EmitEscaped(value, output, ref written))
                {
                    return -1;
                }

                i += 2;
            }
            else if (b >= 0x80 || b <= 0x20)
            {
                if (!EmitPercent(b, output, ref written))
                {
                    return -1;
                }
            }
            else if (!Emit(b, output, ref written))
            {
                return -1;
            }
        }

        return written;
    }

    private static int NormalizeRequestPath(ReadOnlySpan<char> path, Span<byte> output)
    {
        if (path.IsEmpty)
        {
            output[0] = (byte)'/';
            return 1;
        }

        int written = 0;
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < path.Length; i++)
        {
            char c = path[i];
            if (c == '%')
            {
                if (i + 2 >= path.Length || !TryHex(path[i + 1], path[i + 2], out int value) || !EmitEscaped(value, output, ref written))
                {
                    return -1;
                }

                i += 2;
            }
            else if (c >= 0x80)
            {
                // A decoded path (non-ASCII characters) compares as its UTF-8 percent-encoding (RFC 3987 section 3.1).
                if (Rune.DecodeFromUtf16(path[i..], out Rune rune, out int consumed) != System.Buffers.OperationStatus.Done)
                {
                    return -1;
                }

                int length = rune.EncodeToUtf8(utf8);
                for (int k = 0; k < length; k++)
                {
                    if (!EmitPercent(utf8[k], output, ref written))
                    {
                        return -1;
                    }
                }

                i += consumed - 1;
            }
            else if (c <= 0x20)
            {
                if (!EmitPercent((byte)c, output, ref written))
                {
                    return -1;
                }
            }
            else if (!Emit((byte)c, output, ref written))
            {
                return -1;
            }
        }

        return written;
    }

    /// <summary>A decoded escape: unreserved characters stand for themselves (RFC 3986 section 6.2.2.2), others stay escaped with upper-case hex (6.2.2.1).</summary>
    private static bool EmitEscaped(int value, Span<byte> output, ref int written) =>
        IsUnreserved(value) ? Emit((byte)value, output, ref written) : EmitPercent((byte)value, output, ref written);

    private static bool IsUnreserved(int c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~';

    private static bool Emit(byte b, Span<byte> output, ref int written)
    {
        if (written == output.Length)
        {
            return false;
        }

        output[written++] = b;
        return true;
    }

    private static bool EmitPercent(byte b, Span<byte> output, ref int written)
    {
        if (written + 3 > output.Length)
        {
            return false;
        }

        const string Hex = "0123456789ABCDEF";
        output[written] = (byte)'%';
        output[written + 1] = (byte)Hex[b >> 4];
        output[written + 2] = (byte)Hex[b & 0xF];
        written += 3;
        return true;
    }

    private static bool TryHex<T>(T high, T low, out int value)
        where T : IConvertible
    {
        int h = HexValue(high.ToChar(null));
        int l = HexValue(low.ToChar(null));
        value = (h << 4) | l;
        return h >= 0 && l >= 0;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>Whether a normalised path has a "." or ".." segment (decoded dots included, since %2E became '.').</summary>
    private static bool HasDotSegment(ReadOnlySpan<byte> path)
    {
        int start = 0;
        for (int i = 0; i <= path.Length; i++)
        {
            if (i == path.Length || path[i] == (byte)'/')
            {
                int length = i - start;
                if ((length == 1 && path[start] == (byte)'.') || (length == 2 && path[start] == (byte)'.' && path[start + 1] == (byte)'.'))
                {
                    return true;
                }

                start = i + 1;
            }
        }

        return false;
    }
}
