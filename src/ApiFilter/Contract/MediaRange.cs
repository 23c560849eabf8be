namespace ApiFilter.Contract;

/// <summary>Parses the media ranges a contract declares: <c>type "/" subtype *( OWS ";" OWS parameter )</c> (RFC 9110 sections 8.3.1 and 12.5.1).</summary>
internal static class MediaRange
{
    /// <summary>Splits <paramref name="text"/> into lower-cased type and subtype; false when it is not a media range.</summary>
    public static bool TryParse(string text, out string type, out string subtype)
    {
        type = subtype = "";
        var span = text.AsSpan().Trim();
        var semicolon = span.IndexOf(';');
        var essence = (semicolon < 0 ? span : span[..semicolon]).TrimEnd();
        var slash = essence.IndexOf('/');
        if (slash <= 0 || slash == essence.Length - 1 || !IsToken(essence[..slash]) || !IsToken(essence[(slash + 1)..]))
        {
            return false;
        }

        var typePart = essence[..slash];
        var subtypePart = essence[(slash + 1)..];
        // "*/json" is no range: a wildcard type needs a wildcard subtype (RFC 9110 section 12.5.1)
        if (typePart is "*" && subtypePart is not "*")
        {
            return false;
        }

        if (semicolon >= 0 && !ParametersAreValid(span[(semicolon + 1)..]))
        {
            return false;
        }

        type = typePart.ToString().ToLowerInvariant();
        subtype = subtypePart.ToString().ToLowerInvariant();
        return true;
    }

    private static bool ParametersAreValid(ReadOnlySpan<char> rest)
    {
        while (true)
        {
            rest = rest.TrimStart();
            if (rest.IsEmpty)
            {
                // a trailing ";" is tolerated as empty parameter list syntax: parameters = *( OWS ";" [ OWS parameter ] )
                return true;
            }

            var equals = rest.IndexOf('=');
            if (equals <= 0 || !IsToken(rest[..equals]))
            {
                return false;
            }

            rest = rest[(equals + 1)..];
            if (!rest.IsEmpty && rest[0] == '"')
            {
                var i = 1;
                while (i < rest.Length && rest[i] != '"')
                {
                    i += rest[i] == '\\' ? 2 : 1;
                }

                if (i >= rest.Length)
                {
                    return false;
                }

                rest = rest[(i + 1)..].TrimStart();
            }
            else
            {
                var end = rest.IndexOf(';');
                var value = (end < 0 ? rest : rest[..end]).TrimEnd();
                if (!IsToken(value))
                {
                    return false;
                }

                rest = end < 0 ? [] : rest[end..];
            }

            if (rest.IsEmpty)
            {
                return true;
            }

            if (rest[0] != ';')
            {
                return false;
            }

            rest = rest[1..];
        }
    }

    /// <summary>RFC 9110 section 5.6.2: <c>token = 1*tchar</c>.</summary>
    private static bool IsToken(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (var c in value)
        {
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
                or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
