using System.Globalization;
using System.Text.Json.Nodes;

namespace ApiFilter.Contract;

/// <summary>
/// Replaces every <c>$ref</c> that points into another local file with a copy of its target, so
/// the reader sees one self-contained document. Microsoft.OpenApi only resolves external
/// references to whole OpenAPI documents, while real contracts (the OAI <c>petstore-separate</c>
/// example among them) split out bare schemas and parameters; inlining covers both. References
/// inside the root document (<c>#/...</c>) are left to the reader, which handles cycles there.
/// </summary>
internal sealed class ExternalRefInliner
{
    private readonly Uri _rootUri;
    private readonly Func<string, string, JsonNode> _parse;
    private readonly Dictionary<Uri, JsonNode> _files = [];
    private readonly List<string> _active = [];

    private ExternalRefInliner(Uri rootUri, Func<string, string, JsonNode> parse)
    {
        _rootUri = rootUri;
        _parse = parse;
    }

    /// <summary>Inlines the external references reachable from <paramref name="root"/>.</summary>
    /// <param name="root">The parsed root document; changed in place.</param>
    /// <param name="rootUri">Absolute <c>file:</c> URI of the root document, or <see langword="null"/> when it has no folder.</param>
    /// <param name="rootName">Name of the root document in error messages.</param>
    /// <param name="parse">Parses a file's text (text, file name) into a node; throws <see cref="ContractLoadException"/>.</param>
    public static JsonNode Inline(JsonNode root, Uri? rootUri, string rootName, Func<string, string, JsonNode> parse)
    {
        var inliner = new ExternalRefInliner(rootUri ?? new Uri("file:///"), parse);
        return inliner.Rewrite(root, inliner._rootUri, isRoot: true, rootName, "", rootUri is null)!;
    }

    private JsonNode? Rewrite(JsonNode? node, Uri fileUri, bool isRoot, string fileName, string pointer, bool noFolder)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj.TryGetPropertyValue("$ref", out var refNode) && refNode is JsonValue refValue
                    && refValue.TryGetValue<string>(out var reference))
                {
                    var resolved = Resolve(reference, fileUri, isRoot, fileName, pointer + "/$ref", noFolder);
                    if (resolved is not null)
                    {
                        return resolved;
                    }
                }

                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var child = obj[key];
                    var rewritten = Rewrite(child, fileUri, isRoot, fileName, pointer + "/" + Escape(key), noFolder);
                    if (!ReferenceEquals(child, rewritten))
                    {
                        obj[key] = rewritten;
                    }
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var child = array[i];
                    var rewritten = Rewrite(child, fileUri, isRoot, fileName, pointer + "/" + i.ToString(CultureInfo.InvariantCulture), noFolder);
                    if (!ReferenceEquals(child, rewritten))
                    {
                        array[i] = rewritten;
                    }
                }

                return array;
            default:
                return node;
        }
    }

    /// <summary>The inlined copy of the reference's target, or null to leave the reference to the reader.</summary>
    private JsonNode? Resolve(string reference, Uri fileUri, bool isRoot, string fileName, string pointer, bool noFolder)
    {
        var hash = reference.IndexOf('#', StringComparison.Ordinal);
        var filePart = hash < 0 ? reference : reference[..hash];
        var fragment = hash < 0 ? "" : reference[(hash + 1)..];
        if (filePart.Length == 0 && isRoot)
        {
            return null;
        }

        Uri targetUri;
        if (filePart.Length == 0)
        {
            targetUri = fileUri;
        }
        else
        {
            if (!Uri.TryCreate(fileUri, filePart, out var combined) || (Uri.TryCreate(filePart, UriKind.Absolute, out var absolute) && !absolute.IsFile))
            {
                throw Refuse(fileName, pointer, $"external reference '{reference}' is not a local file; contracts are never fetched from the network");
            }

            if (noFolder && isRoot)
            {
                throw Refuse(fileName, pointer, $"external reference '{reference}' cannot be resolved: the contract was not loaded from a file");
            }

            targetUri = combined;
        }

        var key = targetUri.AbsoluteUri + "#" + fragment;
        if (_active.Contains(key))
        {
            throw Refuse(fileName, pointer, $"external reference '{reference}' is part of a cycle across files, which cannot be inlined");
        }

        var targetName = Path.GetFileName(targetUri.LocalPath);
        var target = Navigate(LoadFile(targetUri, fileName, pointer, reference), fragment, targetName, reference, fileName, pointer);
        _active.Add(key);
        var copy = Rewrite(target?.DeepClone(), targetUri, isRoot: false, targetName, fragment, noFolder);
        _active.RemoveAt(_active.Count - 1);
        return copy;
    }

    private JsonNode LoadFile(Uri uri, string fileName, string pointer, string reference)
    {
        if (_files.TryGetValue(uri, out var cached))
        {
            return cached;
        }

        string text;
        try
        {
            text = File.ReadAllText(uri.LocalPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw Refuse(fileName, pointer, $"external reference '{reference}' cannot be read: {e.Message}");
        }

        var node = _parse(text, Path.GetFileName(uri.LocalPath));
        _files[uri] = node;
        return node;
    }

    private static JsonNode? Navigate(JsonNode root, string fragment, string targetName, string reference, string fileName, string pointer)
    {
        var current = root;
        if (fragment.Length == 0 || fragment == "/")
        {
            return current;
        }

        foreach (var raw in Uri.UnescapeDataString(fragment).TrimStart('/').Split('/'))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            current = current switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var child) => child,
                JsonArray array when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < array.Count => array[index],
                _ => throw Refuse(fileName, pointer, $"external reference '{reference}' does not exist in {targetName}"),
            };
        }

        return current;
    }

    private static string Escape(string key) => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static ContractLoadException Refuse(string fileName, string pointer, string message) =>
        new([new ContractProblem(fileName, pointer, message)]);
}
