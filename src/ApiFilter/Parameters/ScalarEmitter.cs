using ApiFilter.Json;

namespace ApiFilter.Parameters;

/// <summary>
/// Turns one decoded text value into one JSON token: a number, boolean or null when the schema's
/// types allow it and the text is exactly that JSON literal (RFC 8259 sections 3 and 6), else a string.
/// </summary>
internal static class ScalarEmitter
{
    public static bool Emit(IJsonTokenSink sink, ReadOnlySpan<byte> text, JsonTypes types)
    {
        // A schema that states no type accepts any value; the text is passed as the string it is.
        if (types != JsonTypes.Any)
        {
            if ((types & (JsonTypes.Number | JsonTypes.Integer)) != 0 && IsJsonNumber(text))
            {
                return sink.Number(text);
            }

            if ((types & JsonTypes.Boolean) != 0)
            {
                if (text.SequenceEqual("true"u8))
                {
                    return sink.Boolean(true);
                }

                if (text.SequenceEqual("false"u8))
                {
                    return sink.Boolean(false);
                }
            }

            if ((types & JsonTypes.Null) != 0 && text.SequenceEqual("null"u8))
            {
                return sink.Null();
            }
        }

        return sink.String(text);
    }

    /// <summary>RFC 8259 section 6: <c>-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?</c>.</summary>
    public static bool IsJsonNumber(ReadOnlySpan<byte> text)
    {
        int i = 0;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }

        if (i >= text.Length)
        {
            return false;
        }

        if (text[i] == '0')
        {
            i++;
        }
        else if (IsDigit(text[i]))
        {
            while (i < text.Length && IsDigit(text[i]))
            {
                i++;
            }
        }
        else
        {
            return false;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            int start = i;
            while (i < text.Length && IsDigit(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            i++;
            if (i < text.Length && (text[i] == '+' || text[i] == '-'))
            {
                i++;
            }

            int start = i;
            while (i < text.Length && IsDigit(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        return i == text.Length;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
