using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ApiFilter.Contract;

/// <summary>
/// Brings every <c>$ref</c> that points into another local file into the root document, so the
/// reader sees one self-contained description. Microsoft.OpenApi only resolves external
/// references to whole OpenAPI documents, while real contracts (the OAI <c>petstore-separate</c>
/// example among them) split out bare schemas and parameters.
/// <list type="bullet">
/// <item>A schema in another file is copied once into the root's named schemas
/// (<c>/components/schemas</c>, Swagger 2.0 <c>/definitions</c>) under a generated name, and the
/// reference is rewritten to point there. Recursion across files therefore stays a reference and
/// compiles like recursion within one document; the keywords beside the <c>$ref</c> stay where
/// they were written and mean what the version says they mean (3.1: they apply too, JSON Schema
/// 2020-12 section 8.2.3.1; 3.0 and 2.0: they are ignored, 3.0 section 4.7.23.1).</item>
/// <item>Anything else (parameters, responses, path items, …) is copied in place of the
/// reference; a cycle among those has no finite copy and is refused with the cycle named. In 3.1
/// a Reference Object's <c>summary</c> and <c>description</c> override the target's (3.1
/// section 4.8.23.1).</item>
/// </list>
/// References inside the root document (<c>#/...</c>) are left to the reader.
/// </summary>
internal sealed class ExternalRefInliner
{
    /// <summary>Where a node sits, which decides what a <c>$ref</c> in it means.</summary>
    private enum Context
    {
        /// <summary>OpenAPI structure (Parameter, Response, Path Item Objects, …).</summary>
        Other,

        /// <summary>A Schema Object.</summary>
        Schema,

        /// <summary>An object whose values are schemas (<c>properties</c>, <c>$defs</c>, <c>components/schemas</c>, …).</summary>
        SchemaMap,

        /// <summary>An array of schemas (<c>allOf</c>, <c>prefixItems</c>, …).</summary>
        SchemaArray,

        /// <summary>Instance data (<c>enum</c>, <c>default</c>, <c>example</c>, …): a <c>$ref</c> there is a value, not a reference.</summary>
        Data,
    }

    private readonly Uri _rootUri;
    private readonly bool _swagger2;
    private readonly bool _openApi31;
    private readonly Func<string, string, JsonNode> _parse;
    private readonly Dictionary<Uri, JsonNode> _files = [];
    private readonly List<string> _active = [];
    private readonly List<string> _activeNames = [];

    /// <summary>Target (file URI and fragment) → generated schema name in the root document.</summary>
    private readonly Dictionary<string, string> _hoistedNames = new(StringComparer.Ordinal);

    /// <summary>The generated schemas, in the order they were named.</summary>
    private readonly List<(string Name, JsonNode? Schema)> _hoisted = [];
    private readonly HashSet<string> _takenNames = new(StringComparer.Ordinal);

    private ExternalRefInliner(Uri rootUri, JsonNode root, Func<string, string, JsonNode> parse)
    {
        _rootUri = rootUri;
        _parse = parse;
        var document = root as JsonObject;
        _swagger2 = document?["swagger"] is not null;
        _openApi31 = document?["openapi"] is JsonValue version && version.TryGetValue<string>(out var text)
            && text.StartsWith("3.1", StringComparison.Ordinal);
        if (SchemasOf(root) is JsonObject schemas)
        {
            foreach (var (name, _) in schemas)
            {
                _takenNames.Add(name);
            }
        }
    }

    /// <summary>Inlines the external references reachable from <paramref name="root"/>.</summary>
    /// <param name="root">The parsed root document; changed in place.</param>
    /// <param name="rootUri">Absolute <c>file:</c> URI of the root document, or <see langword="null"/> when it has no folder.</param>
    /// <param name="rootName">Name of the root document in error messages.</param>
    /// <param name="parse">Parses a file's text (text, file name) into a node; throws <see cref="ContractLoadException"/>.</param>
    public static JsonNode Inline(JsonNode root, Uri? rootUri, string rootName, Func<string, string, JsonNode> parse)
    {
        var inliner = new ExternalRefInliner(rootUri ?? new Uri("file:///"), root, parse);
        var result = inliner.Rewrite(root, inliner._rootUri, isRoot: true, rootName, "", rootUri is null, Context.Other)!;
        inliner.AddHoisted(result, rootName);
        return result;
    }

    private JsonObject? SchemasOf(JsonNode root) =>
        _swagger2 ? root["definitions"] as JsonObject : (root["components"] as JsonObject)?["schemas"] as JsonObject;

    /// <summary>Places the generated schemas into the root document's named schemas.</summary>
    private void AddHoisted(JsonNode root, string rootName)
    {
        if (_hoisted.Count == 0)
        {
            return;
        }

        if (root is not JsonObject document)
        {
            throw Refuse(rootName, "", "the document is not an object, so the schemas of other files cannot be added to it");
        }

        JsonObject schemas;
        if (_swagger2)
        {
            schemas = Section(document, "definitions", rootName, "/definitions");
        }
        else
        {
            var components = Section(document, "components", rootName, "/components");
            schemas = Section(components, "schemas", rootName, "/components/schemas");
        }

        foreach (var (name, schema) in _hoisted)
        {
            schemas[name] = schema;
        }
    }

    private static JsonObject Section(JsonObject parent, string key, string rootName, string pointer)
    {
        switch (parent[key])
        {
            case JsonObject existing:
                return existing;
            case null when !parent.ContainsKey(key):
                var created = new JsonObject();
                parent[key] = created;
                return created;
            default:
                throw Refuse(rootName, pointer, $"{key} must be an object to receive the schemas of other files");
        }
    }

    private JsonNode? Rewrite(JsonNode? node, Uri fileUri, bool isRoot, string fileName, string pointer, bool noFolder, Context context)
    {
        if (context == Context.Data)
        {
            return node;
        }

        switch (node)
        {
            case JsonObject obj:
                if (context is Context.Other or Context.Schema
                    && obj.TryGetPropertyValue("$ref", out var refNode) && refNode is JsonValue refValue
                    && refValue.TryGetValue<string>(out var reference))
                {
                    var resolved = Resolve(reference, obj, fileUri, isRoot, fileName, pointer, noFolder, context);
                    // a schema keeps its place with the reference rewritten; its other keywords
                    // (3.1: they apply beside the $ref) may hold external references of their own
                    if (resolved is not null && !ReferenceEquals(resolved, obj))
                    {
                        return resolved;
                    }
                }

                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var child = obj[key];
                    var childContext = ChildContext(context, key, pointer);
                    var rewritten = Rewrite(child, fileUri, isRoot, fileName, JsonPointer.Append(pointer, key), noFolder, childContext);
                    if (!ReferenceEquals(child, rewritten))
                    {
                        obj[key] = rewritten;
                    }
                }

                return obj;
            case JsonArray array:
                // the members of allOf and the like are schemas; so are those of draft 4's array form of items
                var elementContext = context is Context.SchemaArray or Context.Schema ? Context.Schema : context;
                for (var i = 0; i < array.Count; i++)
                {
                    var child = array[i];
                    var rewritten = Rewrite(child, fileUri, isRoot, fileName, JsonPointer.Append(pointer, i), noFolder, elementContext);
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

    /// <summary>The context of the value under <paramref name="key"/> of an object in <paramref name="context"/>.</summary>
    private static Context ChildContext(Context context, string key, string pointer) => context switch
    {
        Context.SchemaMap => Context.Schema,
        Context.Schema => key switch
        {
            "properties" or "patternProperties" or "$defs" or "definitions" or "dependentSchemas" or "dependencies" => Context.SchemaMap,
            "allOf" or "anyOf" or "oneOf" or "prefixItems" => Context.SchemaArray,
            "items" or "additionalItems" or "additionalProperties" or "unevaluatedItems" or "unevaluatedProperties"
                or "not" or "if" or "then" or "else" or "contains" or "propertyNames" or "contentSchema" => Context.Schema,
            "enum" or "const" or "default" or "example" or "examples" => Context.Data,
            _ => Context.Other,
        },
        _ => key switch
        {
            "schema" => Context.Schema,
            "schemas" when pointer == "/components" => Context.SchemaMap,
            "definitions" when pointer.Length == 0 => Context.SchemaMap,
            // not "default" or "enum": responses/default is a Response Object
            "example" => Context.Data,
            _ => Context.Other,
        },
    };

    /// <summary>What replaces the reference object <paramref name="referrer"/>, or null to leave it to the reader.</summary>
    private JsonNode? Resolve(string reference, JsonObject referrer, Uri fileUri, bool isRoot, string fileName, string pointer,
        bool noFolder, Context context)
    {
        var refPointer = pointer + "/$ref";
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
                throw Refuse(fileName, refPointer, $"external reference '{reference}' is not a local file; contracts are never fetched from the network");
            }

            if (noFolder && isRoot)
            {
                throw Refuse(fileName, refPointer, $"external reference '{reference}' cannot be resolved: the contract was not loaded from a file");
            }

            targetUri = combined;
        }

        var targetName = Path.GetFileName(targetUri.LocalPath);
        var key = targetUri.AbsoluteUri + "#" + fragment;
        if (context == Context.Schema)
        {
            return SchemaReference(referrer, RootFragment(targetUri, fragment, key, targetName, reference, fileName, refPointer, noFolder));
        }

        var at = _active.IndexOf(key);
        if (at >= 0)
        {
            var cycle = string.Join(" -> ", _activeNames.Skip(at).Append(Display(targetName, fragment)));
            throw Refuse(fileName, refPointer, $"external reference '{reference}' is part of a cycle across files ({cycle}), which has no finite copy; only schemas may recurse");
        }

        var target = Navigate(LoadFile(targetUri, fileName, refPointer, reference), fragment, targetName, reference, fileName, refPointer);
        _active.Add(key);
        _activeNames.Add(Display(targetName, fragment));
        var copy = Rewrite(target?.DeepClone(), targetUri, isRoot: false, targetName, fragment, noFolder, Context.Other);
        _active.RemoveAt(_active.Count - 1);
        _activeNames.RemoveAt(_activeNames.Count - 1);
        return _openApi31 ? WithOverrides(copy, referrer) : copy;
    }

    /// <summary>
    /// The local fragment (<c>#/...</c>) the schema at <paramref name="key"/> has in the root
    /// document: its own place when it is in the root file, else a generated named schema, copied
    /// (and its own references brought in) the first time it is met.
    /// </summary>
    private string RootFragment(Uri targetUri, string fragment, string key, string targetName, string reference,
        string fileName, string refPointer, bool noFolder)
    {
        if (!noFolder && targetUri.AbsoluteUri == _rootUri.AbsoluteUri)
        {
            // a file referring back into the root document: the root keeps its layout, so the
            // fragment means the same there
            return "#" + fragment;
        }

        if (_hoistedNames.TryGetValue(key, out var name))
        {
            return LocalReference(name);
        }

        var target = Navigate(LoadFile(targetUri, fileName, refPointer, reference), fragment, targetName, reference, fileName, refPointer);
        name = NewName(targetName, fragment);
        // named before the copy is rewritten, so a reference back to it (recursion) finds the name
        _hoistedNames.Add(key, name);
        var index = _hoisted.Count;
        _hoisted.Add((name, null));
        var copy = Rewrite(target?.DeepClone(), targetUri, isRoot: false, targetName, fragment, noFolder, Context.Schema);
        _hoisted[index] = (name, copy);
        return LocalReference(name);
    }

    private static string Display(string fileName, string fragment) => fragment.Length == 0 ? fileName : fileName + "#" + fragment;

    private string LocalReference(string name) =>
        "#" + JsonPointer.Append(_swagger2 ? "/definitions" : "/components/schemas", name);

    /// <summary>
    /// The referring schema with its <c>$ref</c> pointing into the root document and every other
    /// keyword kept: the dialect decides whether they apply, exactly as for a reference within
    /// one document.
    /// </summary>
    private static JsonObject SchemaReference(JsonObject referrer, string localReference)
    {
        referrer["$ref"] = localReference;
        return referrer;
    }

    /// <summary>3.1 section 4.8.23.1: a Reference Object's summary and description override those of the target, when it has such a field.</summary>
    private static JsonNode? WithOverrides(JsonNode? copy, JsonObject referrer)
    {
        if (copy is not JsonObject target)
        {
            return copy;
        }

        foreach (var field in (string[])["summary", "description"])
        {
            if (referrer[field] is JsonValue value && target.ContainsKey(field))
            {
                target[field] = value.DeepClone();
            }
        }

        return target;
    }

    /// <summary>A readable, unused schema name for a file's schema: the last pointer token, else the file name without extension.</summary>
    private string NewName(string targetName, string fragment)
    {
        var tokens = fragment.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var raw = tokens.Length > 0
            ? Uri.UnescapeDataString(tokens[^1]).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)
            : Path.GetFileNameWithoutExtension(targetName);
        var builder = new StringBuilder("external.");
        foreach (var c in raw)
        {
            // the component name pattern of 3.1 section 4.8.7.1: ^[a-zA-Z0-9\.\-_]+$
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        var name = builder.ToString();
        for (var n = 2; !_takenNames.Add(name); n++)
        {
            name = builder.ToString() + "-" + n.ToString(CultureInfo.InvariantCulture);
        }

        return name;
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

    private static ContractLoadException Refuse(string fileName, string pointer, string message) =>
        new([new ContractProblem(fileName, pointer, message)]);
}
