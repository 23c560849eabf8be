namespace ApiFilter.Multipart;

/// <summary>Character classes of the grammars a multipart body uses (RFC 9110, RFC 2046).</summary>
internal static class MultipartSyntax
{
    /// <summary>RFC 9110 section 5.6.2 <c>tchar</c>.</summary>
    public static bool IsTChar(byte b) =>
        (b >= (byte)'a' && b <= (byte)'z') || (b >= (byte)'A' && b <= (byte)'Z') || (b >= (byte)'0' && b <= (byte)'9')
        || b is (byte)'!' or (byte)'#' or (byte)'$' or (byte)'%' or (byte)'&' or (byte)'\'' or (byte)'*' or (byte)'+'
            or (byte)'-' or (byte)'.' or (byte)'^' or (byte)'_' or (byte)'`' or (byte)'|' or (byte)'~';

    /// <summary>True when <paramref name="text"/> is a non-empty RFC 9110 <c>token</c>.</summary>
    public static bool IsToken(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (byte b in text)
        {
            if (!IsTChar(b))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 2046 section 5.1.1 <c>bchars</c>: the characters a boundary may use.</summary>
    public static bool IsBChar(char c) =>
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c is '\'' or '(' or ')' or '+' or '_' or ',' or '-' or '.' or '/' or ':' or '=' or '?' or ' ';

    /// <summary>RFC 9110 section 5.6.3 optional whitespace: space or horizontal tab.</summary>
    public static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t';

    /// <summary>
    /// RFC 9110 section 5.5 field-value characters: VCHAR, obs-text, SP and HTAB; every other
    /// control character (CR, LF, NUL, DEL, …) is refused inside a header line.
    /// </summary>
    public static bool IsFieldChar(byte b) => b >= 0x20 ? b != 0x7F : b == (byte)'\t';

    /// <summary>Skips RFC 9110 optional whitespace.</summary>
    public static int SkipWhitespace(ReadOnlySpan<byte> text, int index)
    {
        while (index < text.Length && IsWhitespace(text[index]))
        {
            index++;
        }

        return index;
    }

    /// <summary>The length of the token starting at <paramref name="index"/> (0 when none).</summary>
    public static int TokenLength(ReadOnlySpan<byte> text, int index)
    {
        int end = index;
        while (end < text.Length && IsTChar(text[end]))
        {
            end++;
        }

        return end - index;
    }
}
