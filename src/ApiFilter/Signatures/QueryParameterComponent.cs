using System.Text;

namespace ApiFilter.Signatures;

/// <summary>
/// The <c>@query-param</c> derived component (RFC 9421 section 2.2.8): the query is split as
/// <c>application/x-www-form-urlencoded</c> (WHATWG URL), names and values are percent- and
/// plus-decoded, then re-encoded leaving only ALPHA, DIGIT, <c>*</c>, <c>-</c>, <c>.</c>,
/// <c>_</c> as they are (the form-urlencoded percent-encode set) and a space as <c>%20</c>.
/// </summary>
internal static class QueryParameterComponent
{
    /// <summary>Appends the encoded value of the parameter whose encoded name is <paramref name="encodedName"/>.</summary>
    /// <remarks>
    /// A name that occurs twice is refused (<see cref="SignatureVerificationStatus.ComponentAmbiguous"/>):
    /// which occurrence the application reads is unknown here, so signing one of them protects nothing.
    /// Percent-decoded bytes are re-encoded as they are; the WHATWG round trip through UTF-8 decoding
    /// would turn invalid UTF-8 into U+FFFD first (a difference only for invalid input).
    /// </remarks>
    public static SignatureVerificationStatus Append(ReadOnlySpan<char> query, ReadOnlySpan<char> encodedName, ref ByteBuilder output)
    {
        ReadOnlySpan<char> rest = query;
        ReadOnlySpan<char> found = default;
        int matches = 0;
        while (!rest.IsEmpty)
        {
            int amp = rest.IndexOf('&');
            ReadOnlySpan<char> pair = amp < 0 ? rest : rest[..amp];
            rest = amp < 0 ? default : rest[(amp + 1)..];
            if (pair.IsEmpty)
            {
                continue;
            }

            int eq = pair.IndexOf('=');
            ReadOnlySpan<char> name = eq < 0 ? pair : pair[..eq];
            if (EncodesTo(name, encodedName))
            {
                if (++matches > 1)
                {
                    return SignatureVerificationStatus.ComponentAmbiguous;
                }

                found = eq < 0 ? default : pair[(eq + 1)..];
            }
        }

        if (matches == 0)
        {
            return SignatureVerificationStatus.ComponentMissing;
        }

        Span<byte> bytes = stackalloc byte[4];
        Span<byte> encoded = stackalloc byte[3];
        for (int i = 0; i < found.Length;)
        {
            int count = DecodeNext(found, ref i, bytes);
            for (int b = 0; b < count; b++)
            {
                output.Append(encoded[..Encode(bytes[b], encoded)]);
            }
        }

        return SignatureVerificationStatus.Valid;
    }

    // compares the re-encoded form of a raw name with the identifier's name without building it
    private static bool EncodesTo(ReadOnlySpan<char> rawName, ReadOnlySpan<char> encodedName)
    {
        Span<byte> bytes = stackalloc byte[4];
        Span<byte> encoded = stackalloc byte[3];
        int position = 0;
        for (int i = 0; i < rawName.Length;)
        {
            int count = DecodeNext(rawName, ref i, bytes);
            for (int b = 0; b < count; b++)
            {
                int length = Encode(bytes[b], encoded);
                if (position + length > encodedName.Length)
                {
                    return false;
                }

                for (int k = 0; k < length; k++)
                {
                    if (encodedName[position + k] != encoded[k])
                    {
                        return false;
                    }
                }

                position += length;
            }
        }

        return position == encodedName.Length;
    }

    // one step of form-urlencoded decoding: "+" is a space, "%HH" a byte, anything else its UTF-8 bytes
    private static int DecodeNext(ReadOnlySpan<char> s, ref int i, Span<byte> bytes)
    {
        char c = s[i];
        if (c == '+')
        {
            i++;
            bytes[0] = (byte)' ';
            return 1;
        }

        if (c == '%' && i + 2 < s.Length && IsHex(s[i + 1]) && IsHex(s[i + 2]))
        {
            bytes[0] = (byte)((HexValue(s[i + 1]) << 4) | HexValue(s[i + 2]));
            i += 3;
            return 1;
        }

        if (c < 0x80)
        {
            i++;
            bytes[0] = (byte)c;
            return 1;
        }

        if (Rune.DecodeFromUtf16(s[i..], out Rune rune, out int consumed) != System.Buffers.OperationStatus.Done)
        {
            rune = Rune.ReplacementChar;
            consumed = 1;
        }

        i += consumed;
        return rune.EncodeToUtf8(bytes);
    }

    private static int Encode(byte b, Span<byte> encoded)
    {
        if ((uint)((b | 0x20) - 'a') <= 'z' - 'a' || (uint)(b - '0') <= 9 || b is (byte)'*' or (byte)'-' or (byte)'.' or (byte)'_')
        {
            encoded[0] = b;
            return 1;
        }

        encoded[0] = (byte)'%';
        encoded[1] = (byte)"0123456789ABCDEF"[b >> 4];
        encoded[2] = (byte)"0123456789ABCDEF"[b & 0xF];
        return 3;
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
