using System.Buffers;
using System.Buffers.Binary;

namespace ApiFilter.Detection;

/// <summary>
/// Finds server-side request forgery in URL-typed values (webhooks, callback and image URLs):
/// schemes that fetch more than HTTP, and hosts that reach the server's own network — loopback,
/// private, link-local (cloud metadata at 169.254.169.254), unspecified and reserved addresses in
/// every textual form a resolver accepts, internal and metadata host names — plus authorities that
/// different URL parsers read differently.
/// </summary>
/// <remarks>
/// <para>
/// The authority is parsed here, without <see cref="Uri"/> (which allocates), the way the WHATWG
/// URL Standard parses it, because that is the most permissive reading fetch libraries share:
/// ASCII tab and newline are removed anywhere; for http, https, ws and wss any run of <c>/</c> and
/// <c>\</c> after the scheme introduces the authority; the authority ends at <c>/</c>, <c>\</c>,
/// <c>?</c> or <c>#</c>; the userinfo ends at its last <c>@</c>; the host is percent-decoded,
/// lower-cased, fullwidth forms and ideographic full stops are mapped to ASCII (UTS #46), and a
/// trailing dot is dropped. RFC 3986 section 3.2 reads the same URLs the same way, except that
/// it allows neither <c>\</c> nor several <c>@</c>, which are therefore refused as ambiguous.
/// </para>
/// <para>
/// IPv4 (WHATWG "IPv4 parser", the rules of BSD <c>inet_aton</c>): a host whose last label is a
/// number is an address of one to four parts, each decimal, octal (leading <c>0</c>) or hex
/// (<c>0x</c>), the last part filling the remaining bytes: <c>2130706433</c>, <c>0177.0.0.1</c>,
/// <c>0x7f.1</c> and <c>127.1</c> are all 127.0.0.1. A host that ends in a number but is no valid
/// address is refused (<see cref="DetectionReason.SsrfInvalidHost"/>); a public address written in
/// any form but four plain decimal parts is refused as obfuscated. IPv6 (RFC 4291 section 2.2)
/// literals are classified with the IPv4 address they embed (mapped <c>::ffff:a.b.c.d</c>,
/// compatible <c>::a.b.c.d</c>, NAT64 <c>64:ff9b::/96</c>, 6to4 <c>2002::/16</c>).
/// </para>
/// <para>
/// Only the host is judged; DNS is not consulted, so a public name that resolves to a private
/// address (DNS rebinding) must be stopped where the request is made. Cost: one pass over the
/// value plus bounded work on the host (at most 255 decoded bytes); nothing is allocated.
/// </para>
/// </remarks>
public static class SsrfDetector
{
    private const int StackLimit = 512;
    private const int MaxHost = 255;

    private enum SchemeKind : byte
    {
        None,
        Web,
        Other,
    }

    /// <summary>Judges a URL (absolute, scheme-relative <c>//host/...</c>, or a scheme-less <c>host[:port]/...</c> that starts with an IP literal).</summary>
    /// <param name="url">The value's bytes (UTF-8), as the transport decoded them.</param>
    /// <returns>What was found; a relative reference without an authority is clean.</returns>
    public static DetectionResult Detect(ReadOnlySpan<byte> url)
    {
        long work = 0;
        return Detect(url, ref work);
    }

    /// <summary>As <see cref="Detect(ReadOnlySpan{byte})"/>, adding the bytes examined to <paramref name="work"/>.</summary>
    internal static DetectionResult Detect(ReadOnlySpan<byte> url, ref long work)
    {
        // WHATWG: strip leading and trailing C0 controls and spaces; remove tab and newline anywhere.
        int a = 0, b = url.Length;
        while (a < b && url[a] <= 0x20)
        {
            work++;
            a++;
        }

        while (b > a && url[b - 1] <= 0x20)
        {
            work++;
            b--;
        }

        ReadOnlySpan<byte> s = url[a..b];
        work += s.Length;
        if (s.IndexOfAny((byte)'\t', (byte)'\n', (byte)'\r') < 0)
        {
            return Url(s, a, ref work);
        }

        byte[]? rented = null;
        Span<byte> buffer = s.Length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(s.Length));
        try
        {
            int n = 0;
            foreach (byte c in s)
            {
                if (c is not ((byte)'\t' or (byte)'\n' or (byte)'\r'))
                {
                    buffer[n++] = c;
                }
            }

            work += s.Length;
            DetectionResult r = Url(buffer[..n], 0, ref work);
            return r.Detected ? new DetectionResult(r.Reason, r.Offset, normalized: true) : r;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Judges a bare host (a value declared as a host name or an IPv4/IPv6 address): the same host
    /// rules as <see cref="Detect(ReadOnlySpan{byte})"/>, without scheme or authority parsing.
    /// </summary>
    /// <param name="host">A host name, an IPv4 address in any form, or an IPv6 address with or without brackets.</param>
    /// <returns>What was found.</returns>
    public static DetectionResult DetectHost(ReadOnlySpan<byte> host)
    {
        long work = 0;
        if (host.Length >= 2 && host[0] == (byte)'[' && host[^1] == (byte)']')
        {
            host = host[1..^1];
        }

        if (host.IndexOf((byte)':') >= 0)
        {
            // An IPv6 address.
            DetectionReason v6 = Ipv6(host, ref work);
            return v6 == DetectionReason.None ? DetectionResult.Clean : new DetectionResult(v6, 0, normalized: false);
        }

        DetectionReason reason = Host(host, restricted: false, out bool decoded, ref work);
        return reason == DetectionReason.None ? DetectionResult.Clean : new DetectionResult(reason, 0, decoded);
    }

    private static DetectionResult Url(ReadOnlySpan<byte> s, int shift, ref long work)
    {
        if (s.IsEmpty)
        {
            return DetectionResult.Clean;
        }

        SchemeKind kind = SchemeKind.None;
        int i = 0;
        int colon = SchemeEnd(s, ref work);

        // "localhost:8080/admin": a host and port without a scheme (clients that add "http://"), not the scheme "localhost".
        bool hostAndPort = colon > 0 && IsPort(s[(colon + 1)..]);
        if (colon > 0 && !hostAndPort)
        {
            ReadOnlySpan<byte> scheme = s[..colon];
            if (IsDangerousScheme(scheme))
            {
                return new DetectionResult(DetectionReason.SsrfScheme, shift, normalized: false);
            }

            kind = IsWebScheme(scheme) ? SchemeKind.Web : SchemeKind.Other;
            i = colon + 1;
        }

        bool special = kind != SchemeKind.Other;
        int slashes = i;
        while (i < s.Length && (s[i] == (byte)'/' || (special && s[i] == (byte)'\\')))
        {
            work++;
            i++;
        }

        slashes = i - slashes;
        if (kind == SchemeKind.Other && slashes < 2)
        {
            // mailto:, urn:, tel:, app-specific schemes without an authority.
            return DetectionResult.Clean;
        }

        if (kind == SchemeKind.None && slashes == 0 && !(hostAndPort || IsDigit(s[0]) || s[0] == (byte)'['))
        {
            // A relative reference (path, query, fragment), or a name without scheme: no authority to judge.
            return DetectionResult.Clean;
        }

        if (kind == SchemeKind.None && slashes == 1)
        {
            return DetectionResult.Clean;
        }

        int start = i;
        int end = start;
        int lastAt = -1;
        int ats = 0;
        while (end < s.Length)
        {
            byte c = s[end];
            if (c is (byte)'/' or (byte)'?' or (byte)'#' || (special && c == (byte)'\\'))
            {
                break;
            }

            if (c == (byte)'@')
            {
                ats++;
                lastAt = end;
            }

            work++;
            end++;
        }

        if (ats > 1)
        {
            return new DetectionResult(DetectionReason.SsrfAmbiguousAuthority, shift + start, normalized: false);
        }

        int hostStart = lastAt >= 0 ? lastAt + 1 : start;
        DetectionReason reason;
        bool decoded = false;
        int hostEnd;
        if (hostStart < end && s[hostStart] == (byte)'[')
        {
            int close = s[hostStart..end].IndexOf((byte)']');
            if (close < 0)
            {
                return new DetectionResult(DetectionReason.SsrfInvalidHost, shift + hostStart, normalized: false);
            }

            reason = Ipv6(s.Slice(hostStart + 1, close - 1), ref work);
            hostEnd = hostStart + close + 1;
        }
        else
        {
            hostEnd = hostStart;
            while (hostEnd < end && s[hostEnd] != (byte)':')
            {
                hostEnd++;
            }

            // Custom schemes (myapp://callback, RFC 8252 redirect URIs) are judged on addresses and well-known names only.
            reason = Host(s[hostStart..hostEnd], restricted: kind == SchemeKind.Other, out decoded, ref work);
        }

        if (reason != DetectionReason.None)
        {
            return new DetectionResult(reason, shift + hostStart, decoded);
        }

        // http://127.0.0.1@evil.example: old parsers take the user name for the host.
        if (lastAt > start)
        {
            int userEnd = start;
            while (userEnd < lastAt && s[userEnd] != (byte)':')
            {
                userEnd++;
            }

            if (Host(s[start..userEnd], restricted: true, out _, ref work) != DetectionReason.None)
            {
                return new DetectionResult(DetectionReason.SsrfAmbiguousAuthority, shift + start, normalized: false);
            }
        }

        // http://evil.example#@127.0.0.1, http://evil.example\@127.0.0.1: parsers that do not stop
        // the authority at '#', '?' or '\' read the host after that '@'.
        if (end < s.Length && s[end] != (byte)'/')
        {
            int j = end;
            while (j < s.Length && s[j] != (byte)'/' && s[j] != (byte)'@')
            {
                work++;
                j++;
            }

            if (j < s.Length && s[j] == (byte)'@')
            {
                int h = j + 1;
                int he = h;
                while (he < s.Length && s[he] is not ((byte)'/' or (byte)'?' or (byte)'#' or (byte)'\\' or (byte)':' or (byte)'@'))
                {
                    work++;
                    he++;
                }

                if (Host(s[h..he], restricted: true, out _, ref work) != DetectionReason.None)
                {
                    return new DetectionResult(DetectionReason.SsrfAmbiguousAuthority, shift + end, normalized: false);
                }
            }
        }

        return DetectionResult.Clean;
    }

    // One or more digits, then the end or a path.
    private static bool IsPort(ReadOnlySpan<byte> rest)
    {
        int i = 0;
        while (i < rest.Length && i < 6 && IsDigit(rest[i]))
        {
            i++;
        }

        return i > 0 && (i == rest.Length || rest[i] == (byte)'/');
    }

    // Index of the ':' ending a scheme (ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), RFC 3986 section 3.1), or -1.
    private static int SchemeEnd(ReadOnlySpan<byte> s, ref long work)
    {
        if (!IsAsciiLetter(s[0]))
        {
            return -1;
        }

        for (int i = 1; i < s.Length && i < 64; i++)
        {
            work++;
            byte c = s[i];
            if (c == (byte)':')
            {
                return i;
            }

            if (!(IsAsciiLetter(c) || IsDigit(c) || c is (byte)'+' or (byte)'-' or (byte)'.'))
            {
                return -1;
            }
        }

        return -1;
    }

    private static bool IsWebScheme(ReadOnlySpan<byte> scheme) =>
        EqualsIgnoreCase(scheme, "http"u8) || EqualsIgnoreCase(scheme, "https"u8) || EqualsIgnoreCase(scheme, "ws"u8) || EqualsIgnoreCase(scheme, "wss"u8);

    // Schemes common fetch libraries (curl, Java URLConnection, PHP streams, Python urllib) follow to something other than HTTP.
    private static bool IsDangerousScheme(ReadOnlySpan<byte> scheme)
    {
        ReadOnlySpan<byte> n = scheme;
        return EqualsIgnoreCase(n, "file"u8) || EqualsIgnoreCase(n, "gopher"u8) || EqualsIgnoreCase(n, "dict"u8)
            || EqualsIgnoreCase(n, "ftp"u8) || EqualsIgnoreCase(n, "ftps"u8) || EqualsIgnoreCase(n, "sftp"u8) || EqualsIgnoreCase(n, "tftp"u8)
            || EqualsIgnoreCase(n, "ldap"u8) || EqualsIgnoreCase(n, "ldaps"u8) || EqualsIgnoreCase(n, "ldapi"u8)
            || EqualsIgnoreCase(n, "jar"u8) || EqualsIgnoreCase(n, "netdoc"u8) || EqualsIgnoreCase(n, "smb"u8) || EqualsIgnoreCase(n, "smbs"u8)
            || EqualsIgnoreCase(n, "nfs"u8) || EqualsIgnoreCase(n, "telnet"u8) || EqualsIgnoreCase(n, "ssh"u8) || EqualsIgnoreCase(n, "scp"u8)
            || EqualsIgnoreCase(n, "php"u8) || EqualsIgnoreCase(n, "phar"u8) || EqualsIgnoreCase(n, "expect"u8) || EqualsIgnoreCase(n, "glob"u8)
            || EqualsIgnoreCase(n, "zip"u8) || EqualsIgnoreCase(n, "imap"u8) || EqualsIgnoreCase(n, "pop3"u8)
            || EqualsIgnoreCase(n, "smtp"u8) || EqualsIgnoreCase(n, "rtsp"u8) || EqualsIgnoreCase(n, "mongodb"u8) || EqualsIgnoreCase(n, "redis"u8)
            || EqualsIgnoreCase(n, "mysql"u8) || EqualsIgnoreCase(n, "postgres"u8) || EqualsIgnoreCase(n, "postgresql"u8) || EqualsIgnoreCase(n, "jdbc"u8)
            || EqualsIgnoreCase(n, "memcached"u8) || EqualsIgnoreCase(n, "compress.zlib"u8);
    }

    // A reg-name or IPv4 host: decode, then classify. 'restricted' limits the verdict to addresses
    // and well-known names: used for a user name a misreading parser might take for the host (not
    // single labels such as "user") and for hosts of custom schemes.
    private static DetectionReason Host(ReadOnlySpan<byte> raw, bool restricted, out bool decoded, ref long work)
    {
        decoded = false;
        if (raw.IsEmpty)
        {
            return restricted ? DetectionReason.None : DetectionReason.SsrfInvalidHost;
        }

        Span<byte> h = stackalloc byte[MaxHost + 1];
        int n = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            work++;
            if (n > MaxHost)
            {
                return restricted ? DetectionReason.None : DetectionReason.SsrfInvalidHost;
            }

            byte c = raw[i];
            if (c == (byte)'%' && i + 2 < raw.Length && Hex(raw[i + 1]) >= 0 && Hex(raw[i + 2]) >= 0)
            {
                c = (byte)((Hex(raw[i + 1]) << 4) | Hex(raw[i + 2]));
                i += 2;
                decoded = true;
            }

            h[n++] = (uint)(c - 'A') <= 'Z' - 'A' ? (byte)(c | 0x20) : c;
        }

        // UTS #46 mapping of what matters here: fullwidth ASCII (U+FF01..U+FF5E) and the full stops
        // U+3002, U+FF0E, U+FF61 become ASCII. In place: the output never outgrows the input.
        int m = 0;
        for (int i = 0; i < n; i++)
        {
            byte c = h[i];
            if (c >= 0xE0 && i + 2 < n)
            {
                int cp = ((c & 0x0F) << 12) | ((h[i + 1] & 0x3F) << 6) | (h[i + 2] & 0x3F);
                if (cp is >= 0xFF01 and <= 0xFF5E)
                {
                    byte ascii = (byte)(cp - 0xFEE0);
                    h[m++] = (uint)(ascii - 'A') <= 'Z' - 'A' ? (byte)(ascii | 0x20) : ascii;
                    i += 2;
                    decoded = true;
                    continue;
                }

                if (cp is 0x3002 or 0xFF61)
                {
                    h[m++] = (byte)'.';
                    i += 2;
                    decoded = true;
                    continue;
                }
            }

            h[m++] = c;
        }

        ReadOnlySpan<byte> host = h[..m];
        if (host.Length > 1 && host[^1] == (byte)'.')
        {
            host = host[..^1];
        }

        if (host.IsEmpty)
        {
            return restricted ? DetectionReason.None : DetectionReason.SsrfInvalidHost;
        }

        if (EndsInNumber(host))
        {
            if (!TryParseIpv4(host, out uint address, out bool canonical))
            {
                return restricted ? DetectionReason.None : DetectionReason.SsrfInvalidHost;
            }

            DetectionReason r = ClassifyIpv4(address);
            return r != DetectionReason.None || canonical || restricted ? r : DetectionReason.SsrfObfuscatedAddress;
        }

        return ClassifyName(host, restricted);
    }

    private static DetectionReason ClassifyName(ReadOnlySpan<byte> host, bool restricted)
    {
        if (host.SequenceEqual("localhost"u8) || host.EndsWith(".localhost"u8) || host.SequenceEqual("localhost.localdomain"u8)
            || host.SequenceEqual("ip6-localhost"u8) || host.SequenceEqual("ip6-loopback"u8)
            || Under(host, "localtest.me"u8) || Under(host, "lvh.me"u8))
        {
            return DetectionReason.SsrfLoopback;
        }

        if (host.SequenceEqual("metadata.google.internal"u8) || host.SequenceEqual("metadata"u8) || host.SequenceEqual("metadata.goog"u8)
            || host.SequenceEqual("metadata.azure.com"u8) || host.SequenceEqual("instance-data"u8) || host.SequenceEqual("instance-data.ec2.internal"u8)
            || host.SequenceEqual("metadata.tencentyun.com"u8))
        {
            return DetectionReason.SsrfMetadataHost;
        }

        if (restricted)
        {
            return DetectionReason.None;
        }

        // Wildcard DNS services resolve to the address written in the name (127.0.0.1.nip.io).
        if (Under(host, "nip.io"u8) || Under(host, "sslip.io"u8) || Under(host, "xip.io"u8) || Under(host, "traefik.me"u8))
        {
            return DetectionReason.SsrfInternalHostName;
        }

        // Special-use and private-use names (RFC 6761, RFC 6762, RFC 8375, ICANN's .internal) and a
        // name without a dot, which only a search domain completes.
        if (host.IndexOf((byte)'.') < 0 || host.EndsWith(".internal"u8) || host.EndsWith(".local"u8) || host.EndsWith(".localdomain"u8)
            || host.EndsWith(".home.arpa"u8) || host.EndsWith(".intranet"u8) || host.EndsWith(".corp"u8) || host.EndsWith(".lan"u8)
            || host.EndsWith(".home"u8) || host.EndsWith(".svc"u8))
        {
            return DetectionReason.SsrfInternalHostName;
        }

        return DetectionReason.None;
    }

    private static bool Under(ReadOnlySpan<byte> host, ReadOnlySpan<byte> domain) =>
        host.EndsWith(domain) && (host.Length == domain.Length || host[host.Length - domain.Length - 1] == (byte)'.');

    // WHATWG "ends in a number checker": the last label is all digits, or 0x followed by hex digits.
    private static bool EndsInNumber(ReadOnlySpan<byte> host)
    {
        int dot = host.LastIndexOf((byte)'.');
        ReadOnlySpan<byte> last = host[(dot + 1)..];
        if (last.IsEmpty)
        {
            return false;
        }

        bool digits = true;
        foreach (byte c in last)
        {
            digits &= IsDigit(c);
        }

        if (digits)
        {
            return true;
        }

        if (last.Length >= 2 && last[0] == (byte)'0' && last[1] == (byte)'x')
        {
            foreach (byte c in last[2..])
            {
                if (Hex(c) < 0)
                {
                    return false;
                }
            }

            return true;
        }

        return false;
    }

    // WHATWG "IPv4 parser" (inet_aton forms). 'canonical': four decimal parts without leading zeros.
    private static bool TryParseIpv4(ReadOnlySpan<byte> host, out uint address, out bool canonical)
    {
        address = 0;
        canonical = true;
        Span<ulong> parts = stackalloc ulong[4];
        int count = 0;
        int i = 0;
        while (true)
        {
            if (count == 4)
            {
                return false;
            }

            int radix = 10;
            int start = i;
            if (i + 1 < host.Length && host[i] == (byte)'0' && host[i + 1] == (byte)'x')
            {
                radix = 16;
                i += 2;
                start = i;
                canonical = false;
            }
            else if (i + 1 < host.Length && host[i] == (byte)'0' && host[i + 1] != (byte)'.')
            {
                radix = 8;
                i += 1;
                start = i;
                canonical = false;
            }

            ulong v = 0;
            while (i < host.Length && host[i] != (byte)'.')
            {
                int d = Hex(host[i]);
                if (d < 0 || d >= radix)
                {
                    return false;
                }

                v = (v * (ulong)radix) + (ulong)d;
                if (v > uint.MaxValue)
                {
                    return false;
                }

                i++;
            }

            if (i == start && radix == 10)
            {
                // An empty part ("1..2"); a bare "0x" is 0 as in WHATWG.
                return false;
            }

            parts[count++] = v;
            if (i >= host.Length)
            {
                break;
            }

            i++;
            if (i >= host.Length)
            {
                return false;
            }
        }

        canonical &= count == 4;
        for (int p = 0; p < count - 1; p++)
        {
            if (parts[p] > 255)
            {
                return false;
            }
        }

        ulong lastPart = parts[count - 1];
        if (lastPart >= 1UL << (8 * (5 - count)))
        {
            return false;
        }

        ulong result = lastPart;
        for (int p = 0; p < count - 1; p++)
        {
            result += parts[p] << (8 * (3 - p));
        }

        address = (uint)result;
        return true;
    }

    private static DetectionReason ClassifyIpv4(uint a)
    {
        uint first = a >> 24;
        return first switch
        {
            0 => DetectionReason.SsrfUnspecifiedAddress,
            127 => DetectionReason.SsrfLoopback,
            10 => DetectionReason.SsrfPrivateAddress,
            >= 224 => DetectionReason.SsrfReservedAddress,
            _ when (a & 0xFFF00000) == 0xAC100000 => DetectionReason.SsrfPrivateAddress, // 172.16/12
            _ when (a & 0xFFFF0000) == 0xC0A80000 => DetectionReason.SsrfPrivateAddress, // 192.168/16
            _ when (a & 0xFFC00000) == 0x64400000 => DetectionReason.SsrfPrivateAddress, // 100.64/10 (RFC 6598)
            _ when (a & 0xFFFF0000) == 0xA9FE0000 => DetectionReason.SsrfLinkLocal, // 169.254/16 (RFC 3927)
            _ when (a & 0xFFFFFF00) == 0xC0000000 => DetectionReason.SsrfReservedAddress, // 192.0.0/24 (RFC 6890)
            _ when (a & 0xFFFE0000) == 0xC6120000 => DetectionReason.SsrfReservedAddress, // 198.18/15 (RFC 2544)
            _ => DetectionReason.None,
        };
    }

    // An IPv6 literal (RFC 4291 section 2.2, with a zone identifier per RFC 6874), classified.
    private static DetectionReason Ipv6(ReadOnlySpan<byte> text, ref long work)
    {
        work += text.Length;
        bool zone = false;
        int pct = text.IndexOf((byte)'%');
        if (pct >= 0)
        {
            zone = true;
            text = text[..pct];
        }

        Span<byte> addr = stackalloc byte[16];
        if (!TryParseIpv6(text, addr))
        {
            return DetectionReason.SsrfInvalidHost;
        }

        if (zone)
        {
            // Zones only scope link-local (and multicast) addresses.
            return DetectionReason.SsrfLinkLocal;
        }

        ReadOnlySpan<byte> a = addr;
        bool zero12 = a[..12].IndexOfAnyExcept((byte)0) < 0;
        if (zero12)
        {
            uint v4 = BinaryPrimitives.ReadUInt32BigEndian(a[12..]);
            if (v4 == 0)
            {
                return DetectionReason.SsrfUnspecifiedAddress;
            }

            if (v4 == 1)
            {
                return DetectionReason.SsrfLoopback;
            }

            // Deprecated IPv4-compatible ::a.b.c.d.
            return ClassifyIpv4OrObfuscated(v4);
        }

        if (a[..10].IndexOfAnyExcept((byte)0) < 0 && a[10] == 0xFF && a[11] == 0xFF)
        {
            return ClassifyIpv4OrObfuscated(BinaryPrimitives.ReadUInt32BigEndian(a[12..]));
        }

        if (a[0] == 0x00 && a[1] == 0x64 && a[2] == 0xFF && a[3] == 0x9B && a[4..12].IndexOfAnyExcept((byte)0) < 0)
        {
            return ClassifyIpv4(BinaryPrimitives.ReadUInt32BigEndian(a[12..])); // NAT64 64:ff9b::/96 (RFC 6052)
        }

        if (a[0] == 0x20 && a[1] == 0x02)
        {
            return ClassifyIpv4(BinaryPrimitives.ReadUInt32BigEndian(a[2..6])); // 6to4 2002::/16 (RFC 3056)
        }

        return a[0] switch
        {
            0xFC or 0xFD => DetectionReason.SsrfPrivateAddress, // fc00::/7 (RFC 4193)
            0xFE when (a[1] & 0xC0) == 0x80 => DetectionReason.SsrfLinkLocal, // fe80::/10
            0xFE when (a[1] & 0xC0) == 0xC0 => DetectionReason.SsrfPrivateAddress, // fec0::/10, deprecated site-local
            0xFF => DetectionReason.SsrfReservedAddress, // multicast
            _ => DetectionReason.None,
        };
    }

    // An IPv4 address inside IPv6: internal ranges by their reason; any other is a disguise.
    private static DetectionReason ClassifyIpv4OrObfuscated(uint v4)
    {
        DetectionReason r = ClassifyIpv4(v4);
        return r == DetectionReason.None ? DetectionReason.SsrfObfuscatedAddress : r;
    }

    private static bool TryParseIpv6(ReadOnlySpan<byte> s, Span<byte> addr)
    {
        addr.Clear();
        if (s.IsEmpty || s.Length > 45)
        {
            return false;
        }

        Span<ushort> groups = stackalloc ushort[8];
        int count = 0;
        int compress = -1;
        int i = 0;
        if (s.StartsWith("::"u8))
        {
            compress = 0;
            i = 2;
            if (i == s.Length)
            {
                return true;
            }
        }
        else if (s[0] == (byte)':')
        {
            return false;
        }

        while (i < s.Length)
        {
            if (count == 8)
            {
                return false;
            }

            int start = i;
            int v = 0;
            while (i < s.Length && i - start < 4 && Hex(s[i]) >= 0)
            {
                v = (v << 4) | Hex(s[i]);
                i++;
            }

            if (i < s.Length && s[i] == (byte)'.')
            {
                // Trailing dotted IPv4 (strict: four decimal parts).
                if (count > 6 || !TryParseDottedQuad(s[start..], out uint v4))
                {
                    return false;
                }

                groups[count++] = (ushort)(v4 >> 16);
                groups[count++] = (ushort)v4;
                i = s.Length;
                break;
            }

            if (i == start)
            {
                return false;
            }

            groups[count++] = (ushort)v;
            if (i == s.Length)
            {
                break;
            }

            if (s[i] != (byte)':')
            {
                return false;
            }

            i++;
            if (i < s.Length && s[i] == (byte)':')
            {
                if (compress >= 0)
                {
                    return false;
                }

                compress = count;
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

        if (compress < 0 ? count != 8 : count > 7)
        {
            return false;
        }

        int tail = compress < 0 ? 0 : count - compress;
        for (int g = 0; g < count; g++)
        {
            int at = compress >= 0 && g >= compress ? 8 - tail + (g - compress) : g;
            addr[2 * at] = (byte)(groups[g] >> 8);
            addr[(2 * at) + 1] = (byte)groups[g];
        }

        return true;
    }

    private static bool TryParseDottedQuad(ReadOnlySpan<byte> s, out uint v4)
    {
        v4 = 0;
        int parts = 0;
        int i = 0;
        while (parts < 4)
        {
            int start = i;
            int v = 0;
            while (i < s.Length && IsDigit(s[i]) && i - start < 3)
            {
                v = (v * 10) + (s[i] - '0');
                i++;
            }

            if (i == start || v > 255 || (i - start > 1 && s[start] == (byte)'0'))
            {
                return false;
            }

            v4 = (v4 << 8) | (uint)v;
            parts++;
            if (parts < 4)
            {
                if (i >= s.Length || s[i] != (byte)'.')
                {
                    return false;
                }

                i++;
            }
        }

        return i == s.Length;
    }

    private static bool EqualsIgnoreCase(ReadOnlySpan<byte> s, ReadOnlySpan<byte> lower)
    {
        if (s.Length != lower.Length)
        {
            return false;
        }

        for (int i = 0; i < s.Length; i++)
        {
            byte c = s[i];
            if ((uint)(c - 'A') <= 'Z' - 'A')
            {
                c |= 0x20;
            }

            if (c != lower[i])
            {
                return false;
            }
        }

        return true;
    }

    private static int Hex(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool IsAsciiLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';
}
