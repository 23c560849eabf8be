using System.Text;

namespace ApiFilter.Multipart;

/// <summary>
/// Reads a part's header block (RFC 7578 section 4, RFC 9110 field syntax) for the three fields
/// that matter: <c>Content-Disposition</c>, <c>Content-Type</c>, <c>Content-Transfer-Encoding</c>.
/// Other fields are checked for syntax and otherwise ignored (RFC 7578 section 4.8).
/// </summary>
/// <remarks>
/// Strict where parsers are known to differ, because a filter that reads a part differently from
/// the service behind it inspects a different form: folded lines, a repeated field among the
/// three, a repeated <c>name</c> or <c>filename</c> parameter, whitespace around <c>=</c> and
/// backslash escapes inside quoted <c>name</c>/<c>filename</c> values are all refused. Browsers
/// percent-encode quotes in names (RFC 7578 section 4.2, WHATWG HTML form submission) while
/// RFC 9110 quoted-strings use backslash escapes; accepting either would let the two disagree
/// on where a parameter ends.
/// </remarks>
internal static class MultipartHeaderParser
{
    /// <summary>Parses <paramref name="block"/> (header lines and the blank line, each ending in CRLF).</summary>
    /// <returns>Null when the headers are acceptable, otherwise what is wrong.</returns>
    public static string? Parse(ReadOnlySpan<byte> block, out MultipartPartHeaders headers)
    {
        headers = default;
        headers.CharsetStart = -1;
        headers.NameStart = -1;
        bool sawDisposition = false;
        bool sawEncoding = false;
        int lineStart = 0;
        while (lineStart < block.Length)
        {
            int lineEnd = lineStart + block[lineStart..].IndexOf("\r\n"u8);
            ReadOnlySpan<byte> line = block[lineStart..lineEnd];
            if (line.IsEmpty)
            {
                break;
            }

            if (MultipartSyntax.IsWhitespace(line[0]))
            {
                return "a folded part header line (obs-fold) is refused (RFC 9112 §5.2)";
            }

            foreach (byte b in line)
            {
                if (!MultipartSyntax.IsFieldChar(b))
                {
                    return "a part header holds a control character (RFC 9110 §5.5)";
                }
            }

            int colon = line.IndexOf((byte)':');
            if (colon <= 0 || !MultipartSyntax.IsToken(line[..colon]))
            {
                return "a part header line is not 'name: value' (no whitespace before the colon, RFC 9112 §5.1)";
            }

            ReadOnlySpan<byte> name = line[..colon];
            int valueStart = lineStart + MultipartSyntax.SkipWhitespace(line, colon + 1);
            int valueEnd = lineEnd;
            while (valueEnd > valueStart && MultipartSyntax.IsWhitespace(block[valueEnd - 1]))
            {
                valueEnd--;
            }

            string? error = null;
            if (Ascii.EqualsIgnoreCase(name, "content-disposition"u8))
            {
                error = sawDisposition ? "a part has two Content-Disposition headers" : ParseDisposition(block, valueStart, valueEnd, ref headers);
                sawDisposition = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "content-type"u8))
            {
                error = headers.HasContentType ? "a part has two Content-Type headers" : ParseContentType(block, valueStart, valueEnd, ref headers);
                headers.HasContentType = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "content-transfer-encoding"u8))
            {
                ReadOnlySpan<byte> value = block[valueStart..valueEnd];
                if (sawEncoding)
                {
                    error = "a part has two Content-Transfer-Encoding headers";
                }
                else if (!Ascii.EqualsIgnoreCase(value, "binary"u8) && !Ascii.EqualsIgnoreCase(value, "8bit"u8) && !Ascii.EqualsIgnoreCase(value, "7bit"u8))
                {
                    // RFC 7578 §4.7 deprecates the header; an encoded part (base64, quoted-printable)
                    // would be judged on bytes the service decodes into something else.
                    error = "a part's Content-Transfer-Encoding is not 7bit, 8bit or binary (RFC 7578 §4.7)";
                }

                sawEncoding = true;
            }

            if (error is not null)
            {
                return error;
            }

            lineStart = lineEnd + 2;
        }

        return sawDisposition ? null : "a part has no Content-Disposition header (RFC 7578 §4.2)";
    }

    /// <summary><c>form-data; name="…"; filename="…"</c> (RFC 7578 section 4.2, RFC 6266 section 4.1).</summary>
    private static string? ParseDisposition(ReadOnlySpan<byte> block, int start, int end, ref MultipartPartHeaders headers)
    {
        ReadOnlySpan<byte> value = block[..end];
        int typeLength = MultipartSyntax.TokenLength(value, start);
        if (!Ascii.EqualsIgnoreCase(value.Slice(start, typeLength), "form-data"u8))
        {
            return "a part's Content-Disposition type is not form-data (RFC 7578 §4.2)";
        }

        bool sawFilename = false;
        bool sawFilenameStar = false;
        int i = start + typeLength;
        while (true)
        {
            string? error = NextParameter(value, ref i, out int nameStart, out int nameLength, out int valueStart, out int valueLength, out bool quoted, out bool done);
            if (error is not null)
            {
                return error;
            }

            if (done)
            {
                break;
            }

            if (nameLength == 0)
            {
                continue;
            }

            ReadOnlySpan<byte> name = value.Slice(nameStart, nameLength);
            ReadOnlySpan<byte> parameter = value.Slice(valueStart, valueLength);
            if (Ascii.EqualsIgnoreCase(name, "name"u8))
            {
                if (headers.NameStart >= 0)
                {
                    return "a part's Content-Disposition has two name parameters";
                }

                if (quoted && parameter.Contains((byte)'\\'))
                {
                    return "a part's name holds a backslash, which parsers read differently (RFC 7578 §4.2, RFC 9110 §5.6.4)";
                }

                headers.NameStart = valueStart;
                headers.NameLength = valueLength;
            }
            else if (Ascii.EqualsIgnoreCase(name, "filename"u8))
            {
                if (sawFilename)
                {
                    return "a part's Content-Disposition has two filename parameters";
                }

                sawFilename = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "filename*"u8))
            {
                // RFC 5987 / RFC 8187 ext-value: tolerated, not decoded; the file name is not judged.
                if (sawFilenameStar)
                {
                    return "a part's Content-Disposition has two filename* parameters";
                }

                sawFilenameStar = true;
            }
        }

        if (headers.NameStart < 0)
        {
            return "a part's Content-Disposition has no name parameter (RFC 7578 §4.2)";
        }

        headers.HasFilename = sawFilename || sawFilenameStar;
        return null;
    }

    /// <summary><c>type/subtype *( OWS ";" OWS parameter )</c> (RFC 9110 section 8.3.1).</summary>
    private static string? ParseContentType(ReadOnlySpan<byte> block, int start, int end, ref MultipartPartHeaders headers)
    {
        ReadOnlySpan<byte> value = block[..end];
        int typeLength = MultipartSyntax.TokenLength(value, start);
        int slash = start + typeLength;
        if (typeLength == 0 || slash >= end || value[slash] != (byte)'/')
        {
            return "a part's Content-Type is not a media type (type/subtype, RFC 9110 §8.3.1)";
        }

        int subtypeLength = MultipartSyntax.TokenLength(value, slash + 1);
        if (subtypeLength == 0)
        {
            return "a part's Content-Type is not a media type (type/subtype, RFC 9110 §8.3.1)";
        }

        headers.TypeStart = start;
        headers.TypeLength = typeLength;
        headers.SubtypeStart = slash + 1;
        headers.SubtypeLength = subtypeLength;
        int i = slash + 1 + subtypeLength;
        while (true)
        {
            string? error = NextParameter(value, ref i, out int nameStart, out int nameLength, out int valueStart, out int valueLength, out _, out bool done);
            if (error is not null)
            {
                return error;
            }

            if (done)
            {
                return null;
            }

            if (nameLength > 0 && Ascii.EqualsIgnoreCase(value.Slice(nameStart, nameLength), "charset"u8))
            {
                if (headers.CharsetStart >= 0)
                {
                    return "a part's Content-Type has two charset parameters";
                }

                headers.CharsetStart = valueStart;
                headers.CharsetLength = valueLength;
            }
        }
    }

    /// <summary>
    /// Reads <c>OWS ";" OWS [ name "=" ( token / quoted-string ) ]</c> (RFC 9110 section 5.6.6) from
    /// <paramref name="index"/>; <paramref name="done"/> at the end of the value, a zero
    /// <paramref name="nameLength"/> for an empty parameter.
    /// </summary>
    private static string? NextParameter(
        ReadOnlySpan<byte> value,
        ref int index,
        out int nameStart,
        out int nameLength,
        out int valueStart,
        out int valueLength,
        out bool quoted,
        out bool done)
    {
        nameStart = nameLength = valueStart = valueLength = 0;
        quoted = false;
        done = false;
        int i = MultipartSyntax.SkipWhitespace(value, index);
        if (i == value.Length)
        {
            done = true;
            return null;
        }

        if (value[i] != (byte)';')
        {
            return "a part header's parameters are malformed (RFC 9110 §5.6.6)";
        }

        i = MultipartSyntax.SkipWhitespace(value, i + 1);
        index = i;
        if (i == value.Length || value[i] == (byte)';')
        {
            return null;
        }

        nameStart = i;
        nameLength = MultipartSyntax.TokenLength(value, i);
        i += nameLength;
        if (nameLength == 0 || i == value.Length || value[i] != (byte)'=')
        {
            return "a part header's parameters are malformed: expected name=value with no spaces around '=' (RFC 9110 §5.6.6)";
        }

        i++;
        if (i < value.Length && value[i] == (byte)'"')
        {
            quoted = true;
            valueStart = ++i;
            while (i < value.Length && value[i] != (byte)'"')
            {
                if (value[i] == (byte)'\\' && i + 1 < value.Length && value[i + 1] is (byte)'"' or (byte)'\\')
                {
                    return "a quoted part header parameter holds a backslash escape, which parsers read differently (RFC 7578 §4.2, RFC 9110 §5.6.4)";
                }

                i++;
            }

            if (i == value.Length)
            {
                return "a part header has an unterminated quoted parameter value (RFC 9110 §5.6.4)";
            }

            valueLength = i - valueStart;
            i++;
        }
        else
        {
            valueStart = i;
            valueLength = MultipartSyntax.TokenLength(value, i);
            if (valueLength == 0)
            {
                return "a part header has a parameter without a value (RFC 9110 §5.6.6)";
            }

            i += valueLength;
        }

        index = i;
        return null;
    }
}
