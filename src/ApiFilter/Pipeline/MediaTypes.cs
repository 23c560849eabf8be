namespace ApiFilter.Pipeline;

/// <summary>Span-only reading of a <c>Content-Type</c> value (RFC 9110 section 8.3.1); allocates nothing.</summary>
internal static class MediaTypes
{
    /// <summary>Picks the guard for a media type; parameters are ignored except <c>charset</c>.</summary>
    /// <param name="contentType">The header value.</param>
    /// <param name="charsetIsUtf8">False when a <c>charset</c> parameter names anything but UTF-8.</param>
    public static BodyKind Classify(ReadOnlySpan<char> contentType, out bool charsetIsUtf8)
    {
        charsetIsUtf8 = true;
        var semicolon = contentType.IndexOf(';');
        var type = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        var kind = KindOf(type);
        if (kind is BodyKind.Json or BodyKind.Xml && semicolon >= 0)
        {
            charsetIsUtf8 = CharsetIsUtf8(contentType[(semicolon + 1)..]);
        }

        return kind;
    }

    /// <summary>Splits the essence of a media type (RFC 9110 section 8.3.1: <c>type/subtype</c>, parameters dropped), without allocating.</summary>
    public static bool TrySplitEssence(ReadOnlySpan<char> contentType, out ReadOnlySpan<char> type, out ReadOnlySpan<char> subtype)
    {
        var semicolon = contentType.IndexOf(';');
        var essence = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        var slash = essence.IndexOf('/');
        if (slash <= 0 || slash == essence.Length - 1)
        {
            type = subtype = default;
            return false;
        }

        type = essence[..slash];
        subtype = essence[(slash + 1)..];
        return true;
    }

    private static BodyKind KindOf(ReadOnlySpan<char> type)
    {
        var slash = type.IndexOf('/');
        if (slash <= 0 || slash == type.Length - 1)
        {
            return BodyKind.None;
        }

        if (type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            return BodyKind.Json;
        }

        if (type.Equals("application/xml", StringComparison.OrdinalIgnoreCase)
            || type.Equals("text/xml", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+xml", StringComparison.OrdinalIgnoreCase))
        {
            return BodyKind.Xml;
        }

        if (type.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return BodyKind.Form;
        }

        if (type.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return BodyKind.Multipart;
        }

        return BodyKind.None;
    }

    /// <summary>True unless a <c>charset</c> parameter names something other than UTF-8.</summary>
    private static bool CharsetIsUtf8(ReadOnlySpan<char> parameters)
    {
        while (!parameters.IsEmpty)
        {
            var end = parameters.IndexOf(';');
            var parameter = (end < 0 ? parameters : parameters[..end]).Trim();
            parameters = end < 0 ? default : parameters[(end + 1)..];
            var equals = parameter.IndexOf('=');
            if (equals <= 0 || !parameter[..equals].Trim().Equals("charset", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var value = parameter[(equals + 1)..].Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1];
            }

            if (!value.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !value.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
