using System.Diagnostics.CodeAnalysis;
using ApiFilter.Pipeline;

namespace ApiFilter.Multipart;

/// <summary>Reads the <c>boundary</c> parameter of a multipart <c>Content-Type</c> (RFC 2046 section 5.1.1, RFC 7578 section 4.1).</summary>
public static class MultipartBoundary
{
    /// <summary>The longest boundary RFC 2046 section 5.1.1 allows: 70 characters.</summary>
    public const int MaxLength = 70;

    /// <summary>
    /// Reads the boundary from a <c>Content-Type</c> value such as
    /// <c>multipart/form-data; boundary="----x"</c>. Allocates nothing unless it refuses.
    /// </summary>
    /// <remarks>
    /// Parameters follow RFC 9110 section 5.6.6 strictly (no whitespace around <c>=</c>); the value may
    /// be a token or a quoted-string. The boundary must be 1 to 70 characters of the RFC 2046
    /// <c>bchars</c> set, not ending in a space. A missing, empty, malformed or repeated
    /// <c>boundary</c> parameter is refused: two parsers that pick different boundaries split the
    /// body differently, which is how filters are bypassed. A backslash inside a quoted boundary is
    /// refused too (it is not a <c>bchars</c> character, and quoted-pair handling differs between parsers).
    /// </remarks>
    /// <param name="contentType">The header value; its media type must be <c>multipart/*</c>.</param>
    /// <param name="boundary">Receives the boundary as ASCII bytes; at least <see cref="MaxLength"/> bytes long.</param>
    /// <param name="length">The boundary's length in bytes.</param>
    /// <param name="violation">Why the header was refused (<c>multipart.boundary</c>), or null.</param>
    /// <returns>True when a valid boundary was read.</returns>
    public static bool TryParse(ReadOnlySpan<char> contentType, Span<byte> boundary, out int length, [NotNullWhen(false)] out Violation? violation)
    {
        if (boundary.Length < MaxLength)
        {
            ThrowHelper.ThrowArgument(nameof(boundary), $"The boundary buffer must hold {MaxLength} bytes.");
        }

        length = 0;
        int semicolon = contentType.IndexOf(';');
        ReadOnlySpan<char> type = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim(" \t");
        if (!type.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) || !IsToken(type["multipart/".Length..]))
        {
            violation = Refuse("Content-Type is not a multipart media type (multipart/subtype, RFC 9110 §8.3.1)");
            return false;
        }

        if (semicolon < 0)
        {
            violation = Refuse("Content-Type has no boundary parameter (RFC 2046 §5.1.1, RFC 7578 §4.1)");
            return false;
        }

        ReadOnlySpan<char> value = default;
        bool found = false;
        int i = semicolon;
        while (true)
        {
            i = SkipWhitespace(contentType, i);
            if (i == contentType.Length)
            {
                break;
            }

            if (contentType[i] != ';')
            {
                violation = Refuse("Content-Type parameters are malformed (RFC 9110 §5.6.6)");
                return false;
            }

            i = SkipWhitespace(contentType, i + 1);
            if (i == contentType.Length || contentType[i] == ';')
            {
                continue;
            }

            int nameStart = i;
            while (i < contentType.Length && contentType[i] < 0x80 && MultipartSyntax.IsTChar((byte)contentType[i]))
            {
                i++;
            }

            ReadOnlySpan<char> name = contentType[nameStart..i];
            if (name.IsEmpty || i == contentType.Length || contentType[i] != '=')
            {
                violation = Refuse("Content-Type parameters are malformed: expected name=value with no spaces around '=' (RFC 9110 §5.6.6)");
                return false;
            }

            i++;
            bool isBoundary = name.Equals("boundary", StringComparison.OrdinalIgnoreCase);
            ReadOnlySpan<char> parameterValue;
            if (i < contentType.Length && contentType[i] == '"')
            {
                int start = ++i;
                while (i < contentType.Length && contentType[i] != '"')
                {
                    if (contentType[i] == '\\')
                    {
                        if (isBoundary)
                        {
                            violation = Refuse("the quoted boundary contains a backslash, which is not a boundary character (RFC 2046 §5.1.1)");
                            return false;
                        }

                        i++;
                    }

                    i++;
                }

                if (i >= contentType.Length)
                {
                    violation = Refuse("Content-Type has an unterminated quoted parameter value (RFC 9110 §5.6.4)");
                    return false;
                }

                parameterValue = contentType[start..i];
                i++;
            }
            else
            {
                int start = i;
                while (i < contentType.Length && contentType[i] < 0x80 && MultipartSyntax.IsTChar((byte)contentType[i]))
                {
                    i++;
                }

                parameterValue = contentType[start..i];
                if (parameterValue.IsEmpty && !isBoundary)
                {
                    violation = Refuse("Content-Type has a parameter without a value (RFC 9110 §5.6.6)");
                    return false;
                }
            }

            if (isBoundary)
            {
                if (found)
                {
                    violation = Refuse("Content-Type has more than one boundary parameter; parsers disagree on which one applies");
                    return false;
                }

                found = true;
                value = parameterValue;
            }
        }

        if (!found)
        {
            violation = Refuse("Content-Type has no boundary parameter (RFC 2046 §5.1.1, RFC 7578 §4.1)");
            return false;
        }

        if (value.IsEmpty)
        {
            violation = Refuse("the boundary parameter is empty (RFC 2046 §5.1.1: 1 to 70 characters)");
            return false;
        }

        if (value.Length > MaxLength)
        {
            violation = Refuse($"the boundary is {value.Length} characters long; RFC 2046 §5.1.1 allows at most {MaxLength}");
            return false;
        }

        for (int k = 0; k < value.Length; k++)
        {
            if (!MultipartSyntax.IsBChar(value[k]))
            {
                violation = Refuse($"the boundary contains a character outside the RFC 2046 §5.1.1 boundary set at position {k}");
                return false;
            }

            boundary[k] = (byte)value[k];
        }

        if (value[^1] == ' ')
        {
            violation = Refuse("the boundary ends with a space (RFC 2046 §5.1.1)");
            return false;
        }

        length = value.Length;
        violation = null;
        return true;
    }

    private static bool IsToken(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (c >= 0x80 || !MultipartSyntax.IsTChar((byte)c))
            {
                return false;
            }
        }

        return !text.IsEmpty;
    }

    private static int SkipWhitespace(ReadOnlySpan<char> text, int index)
    {
        while (index < text.Length && text[index] is ' ' or '\t')
        {
            index++;
        }

        return index;
    }

    private static Violation Refuse(string message) => new(ViolationCodes.MultipartBoundary, "", message);
}
