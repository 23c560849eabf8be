namespace ApiFilter.Routing;

/// <summary>
/// Collects the contract's paths and server base paths and compiles them into a
/// <see cref="RouteTable"/> (cold; may allocate freely).
/// </summary>
/// <remarks>
/// Each declared route is added once under every base path: OpenAPI 3.x <c>servers</c> URL paths
/// (section 4.8.5; <see cref="BasePathOf"/> extracts them) or the 2.0 <c>basePath</c>. With no
/// base path added, routes sit at the root. A base path may contain server variables
/// (<c>/api/{version}</c>): such a segment matches any non-empty segment and is not reported
/// as a capture.
/// </remarks>
public sealed class RouteTableBuilder
{
    private readonly List<string> _basePaths = [];
    private readonly List<(string Method, string Template, int OperationIndex)> _routes = [];

    /// <summary>Adds a server base path, e.g. <c>/v1</c>; <c>""</c> or <c>/</c> is the root.</summary>
    /// <exception cref="RouteTemplateException">The base path does not start with '/'.</exception>
    public RouteTableBuilder AddBasePath(string basePath)
    {
        ArgumentNullException.ThrowIfNull(basePath);
        string normalized = basePath.TrimEnd('/');
        if (normalized.Length > 0 && normalized[0] != '/')
        {
            throw new RouteTemplateException(basePath, $"Base path '{basePath}' must start with '/'.");
        }

        if (!_basePaths.Contains(normalized))
        {
            _basePaths.Add(normalized);
        }

        return this;
    }

    /// <summary>Declares <paramref name="method"/> on <paramref name="template"/> as operation <paramref name="operationIndex"/>.</summary>
    /// <param name="method">An HTTP method; OpenAPI's lower-case names are upper-cased (RFC 9110 section 9.1 names are upper case).</param>
    /// <param name="template">A path template as in the contract's <c>paths</c>, starting with '/'.</param>
    /// <param name="operationIndex">The caller's index for the operation, returned on a match.</param>
    /// <returns>The route index (position in <see cref="RouteTable.Routes"/>).</returns>
    public int Add(string method, string template, int operationIndex)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(template);
        _routes.Add((method, template, operationIndex));
        return _routes.Count - 1;
    }

    /// <summary>
    /// The path of a server URL (<c>https://api.example.com/v1</c> → <c>/v1</c>; <c>/v1</c> stays;
    /// no path → <c>""</c>). Query and fragment are dropped. Server variables in the path are kept.
    /// </summary>
    public static string BasePathOf(string serverUrl)
    {
        ArgumentNullException.ThrowIfNull(serverUrl);
        string url = serverUrl;
        int cut = url.IndexOfAny(['?', '#']);
        if (cut >= 0)
        {
            url = url[..cut];
        }

        int scheme = url.IndexOf("//", StringComparison.Ordinal);
        if (scheme >= 0 && (scheme == 0 || url[scheme - 1] == ':'))
        {
            int pathStart = url.IndexOf('/', scheme + 2);
            url = pathStart < 0 ? "" : url[pathStart..];
        }
        else if (url.Length > 0 && url[0] != '/')
        {
            // A relative server URL (section 4.8.5: relative to the document), e.g. "v1".
            url = "/" + url;
        }

        return url.TrimEnd('/');
    }

    /// <summary>Compiles the routes.</summary>
    /// <exception cref="RouteTemplateException">A malformed template, or two templates matching the same requests with the same method.</exception>
    public RouteTable Build()
    {
        List<string> bases = _basePaths.Count == 0 ? [""] : _basePaths;
        var methods = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var route in _routes)
        {
            methods.Add(NormalizeMethod(route.Method));
        }

        if (methods.Count > 64)
        {
            throw new RouteTemplateException("", "More than 64 distinct methods cannot be routed.");
        }

        var methodList = methods.ToList();
        var root = new RouteNode();
        var definitions = new RouteDefinition[_routes.Count];
        int maxCaptures = 0;
        int maxSegments = 0;
        for (int r = 0; r < _routes.Count; r++)
        {
            var (rawMethod, template, operationIndex) = _routes[r];
            string method = NormalizeMethod(rawMethod);
            int methodId = methodList.IndexOf(method);
            SegmentPattern[] templateSegments = ParsePath(template, template);
            var names = new List<string>();
            foreach (SegmentPattern segment in templateSegments)
            {
                foreach (string name in segment.ParameterNames)
                {
                    if (names.Contains(name))
                    {
                        throw new RouteTemplateException(template, $"Path template '{template}' names parameter '{name}' twice.");
                    }

                    names.Add(name);
                }
            }

            definitions[r] = new RouteDefinition(method, template, operationIndex, names.AsReadOnly());
            foreach (string basePath in bases)
            {
                string full = basePath + template;
                SegmentPattern[] baseSegments = basePath.Length == 0 ? [] : ParsePath(basePath, basePath);
                int baseCaptures = 0;
                RouteNode node = root;
                foreach (SegmentPattern segment in baseSegments)
                {
                    baseCaptures += segment.ParameterNames.Length;
                    node = node.Child(segment);
                }

                foreach (SegmentPattern segment in templateSegments)
                {
                    node = node.Child(segment);
                }

                var endpoint = new RouteEndpoint(r, operationIndex, baseCaptures, full);
                if (!node.TryAdd(methodId, methodList.Count, endpoint, out RouteEndpoint? existing))
                {
                    throw new RouteTemplateException(template,
                        $"{method} '{existing!.FullTemplate}' and {method} '{full}' match the same requests; the contract must declare one.");
                }

                maxCaptures = Math.Max(maxCaptures, baseCaptures + names.Count);
                maxSegments = Math.Max(maxSegments, baseSegments.Length + templateSegments.Length);
            }
        }

        root.Freeze(methodList);
        return new RouteTable(root, methodList.ToArray(), definitions, maxCaptures, maxSegments);
    }

    private static string NormalizeMethod(string method)
    {
        if (method.Length == 0)
        {
            throw new RouteTemplateException("", "An empty method cannot be routed.");
        }

        foreach (char c in method)
        {
            // RFC 9110 section 5.6.2 tchar.
            if (c > 0x7E || c <= 0x20 || "\"(),/:;<=>?@[\\]{}".Contains(c, StringComparison.Ordinal))
            {
                throw new RouteTemplateException("", $"'{method}' is not an HTTP method token (RFC 9110 section 9.1).");
            }
        }

        return method.ToUpperInvariant();
    }

    /// <summary>Splits a template (or base path) into segments after its leading '/'.</summary>
    private static SegmentPattern[] ParsePath(string template, string path)
    {
        if (path.Length == 0 || path[0] != '/')
        {
            throw new RouteTemplateException(template, $"Path template '{template}' must start with '/'.");
        }

        string[] raw = path[1..].Split('/');
        var segments = new SegmentPattern[raw.Length];
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i].Length == 0 && i < raw.Length - 1)
            {
                throw new RouteTemplateException(template, $"Path template '{template}' has an empty segment ('//').");
            }

            segments[i] = SegmentPattern.Parse(template, raw[i]);
        }

        return segments;
    }
}
