using System.Text;

namespace ApiFilter.Routing;

/// <summary>
/// One segment of a path template, parsed (cold): a literal, a single parameter, or a mix of
/// literals and parameters such as <c>{name}.{ext}</c> or <c>v{version}</c>.
/// </summary>
internal sealed class SegmentPattern
{
    private SegmentPattern(string? literal, string?[] parts, string[] parameterNames, string key)
    {
        Literal = literal;
        Parts = parts;
        ParameterNames = parameterNames;
        Key = key;
    }

    /// <summary>The decoded literal text for a literal segment; null otherwise.</summary>
    public string? Literal { get; }

    /// <summary>The parts in order: a decoded literal, or null for a parameter.</summary>
    public string?[] Parts { get; }

    /// <summary>The parameter names in order.</summary>
    public string[] ParameterNames { get; }

    /// <summary>The shape with parameter names erased; equal keys match the same segments.</summary>
    public string Key { get; }

    public bool IsLiteral => Literal is not null;

    public bool IsSingleParameter => Parts.Length == 1 && Parts[0] is null;

    /// <summary>Literal characters in the segment: more is more specific.</summary>
    public int LiteralLength
    {
        get
        {
            int n = 0;
            foreach (string? part in Parts)
            {
                n += part?.Length ?? 0;
            }

            return n;
        }
    }

    /// <summary>Parses one segment of <paramref name="template"/>.</summary>
    /// <exception cref="RouteTemplateException">The segment is malformed.</exception>
    public static SegmentPattern Parse(string template, string segment)
    {
        var parts = new List<string?>();
        var names = new List<string>();
        var key = new StringBuilder();
        int i = 0;
        while (i < segment.Length)
        {
            if (segment[i] == '{')
            {
                int close = segment.IndexOf('}', i + 1);
                if (close < 0)
                {
                    throw new RouteTemplateException(template, $"Path template '{template}' has an unclosed '{{'.");
                }

                string name = segment.Substring(i + 1, close - i - 1);
                if (name.Length == 0 || name.Contains('{', StringComparison.Ordinal))
                {
                    throw new RouteTemplateException(template, $"Path template '{template}' has an empty or nested parameter name.");
                }

                if (parts.Count > 0 && parts[^1] is null)
                {
                    // {a}{b}: no literal between the two says where one ends, so no request decides it.
                    throw new RouteTemplateException(template, $"Path template '{template}' has two adjacent parameters in one segment.");
                }

                parts.Add(null);
                names.Add(name);
                key.Append("{}");
                i = close + 1;
            }
            else if (segment[i] == '}')
            {
                throw new RouteTemplateException(template, $"Path template '{template}' has an unmatched '}}'.");
            }
            else
            {
                int next = segment.AsSpan(i).IndexOfAny('{', '}');
                int end = next < 0 ? segment.Length : i + next;
                string literal = DecodeLiteral(template, segment.Substring(i, end - i));
                parts.Add(literal);
                foreach (char c in literal)
                {
                    // '{' cannot appear decoded in the key without being confused with a parameter.
                    key.Append(c == '{' ? "{{" : c.ToString());
                }

                i = end;
            }
        }

        string? whole = parts.Count == 1 && parts[0] is not null ? parts[0] : parts.Count == 0 ? "" : null;
        if (whole is "." or "..")
        {
            throw new RouteTemplateException(template, $"Path template '{template}' has a dot segment (RFC 3986 section 3.3).");
        }

        return new SegmentPattern(whole, parts.ToArray(), names.ToArray(), key.ToString());
    }

    /// <summary>
    /// Templates are compared with requests after one percent-decoding of each, so an encoded
    /// literal in a template (<c>/a%20b</c>) is decoded the same way (RFC 3986 section 2.1).
    /// </summary>
    private static string DecodeLiteral(string template, string literal)
    {
        if (!literal.Contains('%', StringComparison.Ordinal))
        {
            return literal;
        }

        Span<char> decoded = new char[literal.Length];
        Span<int> map = new int[literal.Length];
        if (!PathSegmentDecoder.TryDecode(literal, 0, decoded, map, out int written))
        {
            throw new RouteTemplateException(template, $"Path template '{template}' has malformed percent-encoding.");
        }

        return decoded[..written].ToString();
    }
}
