namespace ApiFilter.Tokens;

/// <summary>
/// Strict base64url (RFC 4648 section 5) without padding, as JOSE uses it (RFC 7515 section 2): padding,
/// whitespace, characters outside the alphabet and non-canonical trailing bits are refused, so every byte
/// sequence has exactly one accepted spelling. The framework's decoder is lenient (it skips whitespace and
/// accepts padding), which would let two different token strings carry one signature.
/// </summary>
public static class Base64Url
{
    // 0xFF marks a byte outside the alphabet; values are 6-bit groups.
    private static readonly byte[] DecodeMap = BuildDecodeMap();

    /// <summary>The number of bytes <paramref name="encodedLength"/> characters decode to, or -1 when no input has that length.</summary>
    public static int GetDecodedLength(int encodedLength)
    {
        if (encodedLength < 0)
        {
            return -1;
        }

        int remainder = encodedLength & 3;
        if (remainder == 1)
        {
            return -1;
        }

        // Each full quad carries 3 bytes; a tail of 2 characters carries 1 byte, of 3 characters 2 bytes.
        return (encodedLength >> 2) * 3 + (remainder == 0 ? 0 : remainder - 1);
    }

    /// <summary>The number of characters <paramref name="length"/> bytes encode to, without padding.</summary>
    public static int GetEncodedLength(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return (int)(((long)length * 4 + 2) / 3);
    }

    /// <summary>
    /// Decodes <paramref name="source"/> into <paramref name="destination"/>. Linear in the input; never throws.
    /// <paramref name="written"/> is the decoded length on <see cref="Base64UrlDecodeStatus.Done"/>, else 0.
    /// </summary>
    public static Base64UrlDecodeStatus TryDecode(ReadOnlySpan<byte> source, Span<byte> destination, out int written)
    {
        written = 0;
        int decodedLength = GetDecodedLength(source.Length);
        if (decodedLength < 0)
        {
            return Base64UrlDecodeStatus.InvalidLength;
        }

        if (destination.Length < decodedLength)
        {
            return Base64UrlDecodeStatus.DestinationTooSmall;
        }

        ReadOnlySpan<byte> map = DecodeMap;
        int fullQuads = source.Length >> 2;
        int s = 0;
        int d = 0;
        for (int q = 0; q < fullQuads; q++, s += 4, d += 3)
        {
            int a = map[source[s]];
            int b = map[source[s + 1]];
            int c = map[source[s + 2]];
            int e = map[source[s + 3]];
            // Alphabet values are below 64, so bit 7 is set only when some byte was outside the alphabet.
            if (((a | b | c | e) & 0x80) != 0)
            {
                return Base64UrlDecodeStatus.InvalidCharacter;
            }

            int group = (a << 18) | (b << 12) | (c << 6) | e;
            destination[d] = (byte)(group >> 16);
            destination[d + 1] = (byte)(group >> 8);
            destination[d + 2] = (byte)group;
        }

        int tail = source.Length - s;
        if (tail == 2)
        {
            int a = map[source[s]];
            int b = map[source[s + 1]];
            if (a == 0xFF || b == 0xFF)
            {
                return Base64UrlDecodeStatus.InvalidCharacter;
            }

            // Two characters carry 12 bits for 8: the low 4 must be zero (RFC 4648 section 3.5).
            if ((b & 0x0F) != 0)
            {
                return Base64UrlDecodeStatus.NonCanonical;
            }

            destination[d++] = (byte)((a << 2) | (b >> 4));
        }
        else if (tail == 3)
        {
            int a = map[source[s]];
            int b = map[source[s + 1]];
            int c = map[source[s + 2]];
            if (a == 0xFF || b == 0xFF || c == 0xFF)
            {
                return Base64UrlDecodeStatus.InvalidCharacter;
            }

            // Three characters carry 18 bits for 16: the low 2 must be zero.
            if ((c & 0x03) != 0)
            {
                return Base64UrlDecodeStatus.NonCanonical;
            }

            destination[d++] = (byte)((a << 2) | (b >> 4));
            destination[d++] = (byte)((b << 4) | (c >> 2));
        }

        written = d;
        return Base64UrlDecodeStatus.Done;
    }

    /// <summary>Encodes <paramref name="source"/> without padding into <paramref name="destination"/>; returns the characters written.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <see cref="GetEncodedLength"/>.</exception>
    public static int Encode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        // Encoding has no leniency to worry about: the framework's encoder writes the canonical form.
        return System.Buffers.Text.Base64Url.EncodeToUtf8(source, destination);
    }

    /// <summary>Encodes <paramref name="source"/> without padding as a string (configuration and test paths).</summary>
    public static string EncodeToString(ReadOnlySpan<byte> source) => System.Buffers.Text.Base64Url.EncodeToString(source);

    private static byte[] BuildDecodeMap()
    {
        byte[] map = new byte[256];
        Array.Fill(map, (byte)0xFF);
        for (int i = 0; i < 26; i++)
        {
            map['A' + i] = (byte)i;
            map['a' + i] = (byte)(26 + i);
        }

        for (int i = 0; i < 10; i++)
        {
            map['0' + i] = (byte)(52 + i);
        }

        map['-'] = 62;
        map['_'] = 63;
        return map;
    }
}
