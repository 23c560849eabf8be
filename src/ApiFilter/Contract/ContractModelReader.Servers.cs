using System.Text.Json.Nodes;

namespace ApiFilter.Contract;

internal sealed partial class ContractModelReader
{
    /// <summary>Upper bound on the base paths server variables may expand to; more is almost surely a mistake and would bloat the route table.</summary>
    private const int MaxBasePaths = 256;

    /// <summary>
    /// The path prefixes of a <c>servers</c> list (3.1 section 4.8.5): each URL with its variables
    /// substituted by their default and by every enum value, reduced to its path without a trailing
    /// slash. An absent or empty list inherits <paramref name="fallback"/> (the document default is
    /// a single server <c>/</c>).
    /// </summary>
    private IReadOnlyList<string> ServerBasePaths(JsonNode? node, string pointer, IReadOnlyList<string> fallback)
    {
        if (node is null)
        {
            return fallback;
        }

        if (node is not JsonArray servers)
        {
            Problem(pointer, "servers must be an array");
            return fallback;
        }

        var paths = new List<string>();
        for (var i = 0; i < servers.Count; i++)
        {
            var serverPointer = JsonPointer.Append(pointer, i);
            if (servers[i] is not JsonObject server || String(server, "url") is not { } url)
            {
                Problem(serverPointer, "a server needs a url");
                continue;
            }

            CheckServerVariables(server["variables"], serverPointer + "/variables");
            foreach (var expanded in Expand(url, server["variables"] as JsonObject, serverPointer))
            {
                var path = PathOf(expanded);
                if (!paths.Contains(path))
                {
                    paths.Add(path);
                }
            }

            if (paths.Count > MaxBasePaths)
            {
                Problem(pointer, $"the servers expand to more than {MaxBasePaths} base paths");
                return fallback;
            }
        }

        return paths.Count == 0 ? fallback : paths;
    }

    /// <summary>Every URL a server template stands for: each <c>{name}</c> replaced by the variable's default or one of its enum values.</summary>
    private List<string> Expand(string url, JsonObject? variables, string pointer)
    {
        var partials = new List<string> { "" };
        var i = 0;
        while (i < url.Length)
        {
            var open = url.IndexOf('{', i);
            var literal = open < 0 ? url[i..] : url[i..open];
            for (var p = 0; p < partials.Count; p++)
            {
                partials[p] += literal;
            }

            if (open < 0)
            {
                break;
            }

            var close = url.IndexOf('}', open + 1);
            if (close < 0)
            {
                Problem(pointer + "/url", $"server url '{url}' has an unclosed variable");
                return [];
            }

            var name = url[(open + 1)..close];
            var alternatives = new List<string>();
            if (variables?[name] is JsonObject variable)
            {
                if (String(variable, "default") is { } fallback)
                {
                    alternatives.Add(fallback);
                }

                if (variable["enum"] is JsonArray values)
                {
                    foreach (var value in values)
                    {
                        if (value is JsonValue text && text.TryGetValue<string>(out var option) && !alternatives.Contains(option))
                        {
                            alternatives.Add(option);
                        }
                    }
                }
            }

            if (alternatives.Count == 0)
            {
                Problem(pointer + "/url", $"server variable '{name}' in '{url}' has no definition with a default");
                return [];
            }

            var next = new List<string>(partials.Count * alternatives.Count);
            foreach (var partial in partials)
            {
                foreach (var alternative in alternatives)
                {
                    next.Add(partial + alternative);
                }
            }

            if (next.Count > MaxBasePaths)
            {
                Problem(pointer, $"the server variables of '{url}' expand to more than {MaxBasePaths} URLs");
                return [];
            }

            partials = next;
            i = close + 1;
        }

        return partials;
    }

    /// <summary>
    /// The path of a server URL without a trailing slash: <c>https://api.example.com/v1/</c> →
    /// <c>/v1</c>. A relative URL is taken from the root, since the location the document is
    /// served from (3.1 section 4.8.5.1) is unknown to a filter.
    /// </summary>
    private static string PathOf(string url)
    {
        var end = url.AsSpan().IndexOfAny('?', '#');
        var text = end < 0 ? url : url[..end];
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        var authority = scheme >= 0 ? scheme + 3 : text.StartsWith("//", StringComparison.Ordinal) ? 2 : -1;
        string path;
        if (authority >= 0)
        {
            var slash = text.IndexOf('/', authority);
            path = slash < 0 ? "" : text[slash..];
        }
        else
        {
            path = text.StartsWith("./", StringComparison.Ordinal) ? text[1..] : text == "." ? "" : text;
            if (path.Length > 0 && path[0] != '/')
            {
                path = "/" + path;
            }
        }

        return path.TrimEnd('/');
    }

    /// <summary>Swagger 2.0 <c>basePath</c>, which must begin with a slash; none means the root.</summary>
    private IReadOnlyList<string> Swagger2BasePath(JsonObject document)
    {
        if (String(document, "basePath") is not { } basePath)
        {
            return [""];
        }

        if (!basePath.StartsWith('/'))
        {
            Problem("/basePath", $"basePath '{basePath}' must begin with '/'");
            return [""];
        }

        return [basePath.TrimEnd('/')];
    }
}
