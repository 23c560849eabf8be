using System.Buffers;
using System.Text;

namespace ApiFilter.Routing;

/// <summary>
/// Percent-decodes one raw path segment (RFC 3986 section 2.1) into UTF-16, exactly once, and
/// remembers for each decoded character where it started in the raw path.
/// </summary>
internal static class PathSegmentDecoder
{
    /// <summary>
    /// Decodes <paramref name="raw"/>. Each <c>%XX</c> run must decode to well-formed UTF-8
    /// (RFC 3986 section 2.5 recommends UTF-8; anything else has no single meaning). Characters that
    /// are not escaped are kept as they are.
    /// </summary>
    /// <param name="raw">The raw segment.</param>
    /// <param name="rawBase">The segment's offset in the raw path (added to every map entry).</param>
    /// <param name="decoded">Receives the decoded characters (at least <c>raw.Length</c> long).</param>
    /// <param name="map">Receives, per decoded character, its raw offset (at least <c>raw.Length</c> long).</param>
    /// <param name="written">Decoded characters written.</param>
    /// <returns>False for a malformed escape or bytes that are not UTF-8.</returns>
    public static bool TryDecode(ReadOnlySpan<char> raw, int rawBase, Span<char> decoded, Span<int> map, out int written)
    {
        written = 0;
        int i = 0;
        Span<byte> run = stackalloc byte[4];
        while (i < raw.Length)
        {
            char c = raw[i];
            if (c != '%')
            {
                map[written] = rawBase + i;
                decoded[written++] = c;
                i++;
                continue;
            }

            // One UTF-8 sequence: the lead byte says how many escaped bytes follow.
            int start = i;
            if (!TryHexByte(raw, i, out byte lead))
            {
                return false;
            }

            int need = lead < 0x80 ? 1 : lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
            if (need == 0)
            {
                return false;
            }

            run[0] = lead;
            i += 3;
            for (int k = 1; k < need; k++)
            {
                if (!TryHexByte(raw, i, out byte b))
                {
                    return false;
                }

                run[k] = b;
                i += 3;
            }

            // Rune.DecodeFromUtf8 refuses overlong forms, surrogates and values above U+10FFFF.
            if (Rune.DecodeFromUtf8(run[..need], out Rune rune, out int used) != OperationStatus.Done || used != need)
            {
                return false;
            }

            int chars = rune.EncodeToUtf16(decoded[written..]);
            for (int k = 0; k < chars; k++)
            {
                map[written + k] = rawBase + start;
            }

            written += chars;
        }

        return true;
    }

    private static bool TryHexByte(ReadOnlySpan<char> raw, int percent, out byte value)
    {
        value = 0;
        if (percent + 2 >= raw.Length)
        {
            return false;
        }

        int hi = HexValue(raw[percent + 1]);
        int lo = HexValue(raw[percent + 2]);
        if (raw[percent] != '%' || hi < 0 || lo < 0)
        {
            return false;
        }

        value = (byte)((hi << 4) | lo);
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
