using System.Text;
using System.Text.Unicode;

namespace ApiFilter.Parameters;

/// <summary>
/// Percent-decoding of parameter and form text (RFC 3986 section 2.1) to UTF-8, exactly once, with
/// the result required to be well-formed UTF-8 (RFC 3986 section 2.5).
/// </summary>
internal static class PercentDecoding
{
    /// <summary>Bytes a decoded value of <paramref name="rawLength"/> UTF-16 units can need (unescaped non-ASCII: 3 per unit).</summary>
    public static int MaxDecodedLength(int rawLength) => rawLength * 3;

    /// <summary>
    /// Decodes <paramref name="raw"/> into <paramref name="destination"/>. With
    /// <paramref name="plusIsSpace"/>, '+' is a space (the application/x-www-form-urlencoded rule,
    /// WHATWG URL section 5.1, which query strings follow in practice).
    /// </summary>
    /// <returns>False for a malformed escape or a result that is not UTF-8.</returns>
    public static bool TryDecode(ReadOnlySpan<char> raw, Span<byte> destination, bool plusIsSpace, out int written)
    {
        written = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            char c = raw[i];
            if (c == '%')
            {
                if (i + 2 >= raw.Length)
                {
                    return false;
                }

                int hi = HexValue(raw[i + 1]);
                int lo = HexValue(raw[i + 2]);
                if (hi < 0 || lo < 0)
                {
                    return false;
                }

                destination[written++] = (byte)((hi << 4) | lo);
                i += 2;
            }
            else if (c < 0x80)
            {
                destination[written++] = c == '+' && plusIsSpace ? (byte)' ' : (byte)c;
            }
            else
            {
                // Unescaped non-ASCII text (header values, hosts that pass decoded characters).
                if (Rune.DecodeFromUtf16(raw[i..], out Rune rune, out int used) != System.Buffers.OperationStatus.Done)
                {
                    return false;
                }

                written += rune.EncodeToUtf8(destination[written..]);
                i += used - 1;
            }
        }

        return Utf8.IsValid(destination[..written]);
    }

    /// <summary>Decodes UTF-8 bytes that may contain escapes, in place semantics into <paramref name="destination"/> (form bodies).</summary>
    /// <returns>False for a malformed escape or a result that is not UTF-8.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> raw, Span<byte> destination, bool plusIsSpace, out int written)
    {
        written = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            byte c = raw[i];
            if (c == '%')
            {
                if (i + 2 >= raw.Length)
                {
                    return false;
                }

                int hi = HexValue((char)raw[i + 1]);
                int lo = HexValue((char)raw[i + 2]);
                if (hi < 0 || lo < 0)
                {
                    return false;
                }

                destination[written++] = (byte)((hi << 4) | lo);
                i += 2;
            }
            else
            {
                destination[written++] = c == '+' && plusIsSpace ? (byte)' ' : c;
            }
        }

        return Utf8.IsValid(destination[..written]);
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
