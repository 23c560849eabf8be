using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApiFilter.Detection;

namespace ApiFilter.Schema;

/// <summary>
/// Compiles JSON Schemas (and OpenAPI Schema Objects) into a flat <see cref="SchemaProgram"/>.
/// Cold path: runs once when a contract is loaded.
/// </summary>
/// <remarks>
/// <para>
/// Register every document a schema may reference with <see cref="AddResource"/> (nothing is ever
/// fetched), add the entry points with <see cref="AddSchema(Uri, string)"/> or
/// <see cref="AddSchema(JsonNode, Uri?)"/>, then call <see cref="Compile"/> once. Each schema
/// location is compiled once, however many references lead to it; a reference cycle is a node
/// index pointing back.
/// </para>
/// <para>
/// Identifiers (<c>$id</c>, draft 4 <c>id</c>, <c>$anchor</c>, <c>$dynamicAnchor</c>) are found by
/// walking each document through the keywords that hold subschemas, so an <c>$id</c> inside an
/// <c>enum</c> value or under a property named <c>$id</c> is not mistaken for one (2020-12 core
/// section 9.2). References resolve against the base URI in effect where they are written
/// (RFC 3986 section 5); fragments are JSON Pointers (RFC 6901, after percent-decoding) or anchor names.
/// </para>
/// </remarks>
public sealed class SchemaCompiler
{
    private static readonly string[] MapKeywords = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
    private static readonly string[] SingleKeywords =
        ["additionalProperties", "additionalItems", "unevaluatedProperties", "unevaluatedItems", "not", "if", "then", "else", "contains", "propertyNames", "items"];
    private static readonly string[] ArrayKeywords = ["allOf", "anyOf", "oneOf", "prefixItems", "items"];

    private readonly SchemaDialect _dialect;
    private readonly SchemaCompilerOptions _options;
    private readonly bool _draft4;
    private readonly bool _assertFormat;
    private readonly Dictionary<string, Resource> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonNode> _anchors = new(StringComparer.Ordinal);
    private readonly Dictionary<JsonNode, NodeInfo> _info = new(ReferenceEqualityComparer.Instance);
    private readonly List<(int Resource, string Name, JsonNode Node)> _dynamicAnchorNodes = [];
    private readonly List<(Uri Uri, JsonNode Document)> _documents = [];
    private readonly List<(Uri Uri, string Pointer)> _entries = [];
    private readonly List<SchemaProblem> _problems = [];

    // output
    private readonly Dictionary<JsonNode, int> _compiled = new(ReferenceEqualityComparer.Instance);
    private readonly List<SchemaNode> _nodes = [];
    private readonly List<string> _locations = [];
    private readonly List<int> _lists = [];
    private readonly List<SchemaName> _names = [];
    private readonly List<byte[]> _numbers = [];
    private readonly List<SchemaValue> _values = [];
    private readonly List<SchemaPattern> _patterns = [];
    private readonly Dictionary<string, int> _patternIndex = new(StringComparer.Ordinal);
    private readonly List<string> _strings = [];
    private bool _usesDynamicRef;
    private string? _primaryDocument;
    private int _resourceCount;
    private int _anonymous;
    private bool _compiledOnce;

    /// <summary>Creates a compiler for schemas written in <paramref name="dialect"/>.</summary>
    public SchemaCompiler(SchemaDialect dialect, SchemaCompilerOptions? options = null)
    {
        _dialect = dialect;
        _options = options ?? SchemaCompilerOptions.Default;
        _draft4 = dialect is SchemaDialect.Draft4 or SchemaDialect.Swagger20 or SchemaDialect.OpenApi30;
        _assertFormat = _options.AssertsFormat(dialect);
    }

    /// <summary>
    /// Registers <paramref name="document"/> under the absolute <paramref name="uri"/> it is retrieved
    /// from, so references to it (and to the <c>$id</c>s inside it) resolve. The first document
    /// registered is the primary one: schema locations in it are reported as bare JSON Pointers.
    /// </summary>
    public void AddResource(Uri uri, JsonNode document)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(document);
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException("a resource URI must be absolute", nameof(uri));
        }

        _documents.Add((uri, document));
        _primaryDocument ??= Key(uri);
        Scan(document, uri, Key(uri), "", NewResource(uri, document, Key(uri), ""));
    }

    /// <summary>Adds the schema at <paramref name="jsonPointer"/> (RFC 6901) in a registered document as an entry point.</summary>
    /// <returns>The entry index to pass to <see cref="JsonSchemaValidator.Reset"/>.</returns>
    public int AddSchema(Uri documentUri, string jsonPointer)
    {
        ArgumentNullException.ThrowIfNull(documentUri);
        ArgumentNullException.ThrowIfNull(jsonPointer);
        _entries.Add((documentUri, jsonPointer));
        return _entries.Count - 1;
    }

    /// <summary>Adds a standalone schema as an entry point, registered under <paramref name="baseUri"/> (or a generated URN).</summary>
    /// <returns>The entry index to pass to <see cref="JsonSchemaValidator.Reset"/>.</returns>
    public int AddSchema(JsonNode schema, Uri? baseUri = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        baseUri ??= new Uri("urn:apifilter:schema:" + (++_anonymous).ToString(CultureInfo.InvariantCulture));
        AddResource(baseUri, schema);
        return AddSchema(baseUri, "");
    }

    /// <summary>
    /// Compiles every entry point and everything it references.
    /// </summary>
    /// <exception cref="SchemaCompileException">Every problem found: bad keyword values, unresolvable references, patterns that cannot be compiled exactly.</exception>
    public SchemaProgram Compile()
    {
        if (_compiledOnce)
        {
            throw new InvalidOperationException("Compile may be called once per compiler");
        }

        _compiledOnce = true;

        // An entry inside a document that is not itself a schema (an OpenAPI contract's
        // /components/schemas/Pet) was not reached by the scan from the document's root: scan it
        // now, before any reference is resolved, so its $id and $anchor are known.
        var targets = new (JsonNode? Node, NodeInfo Info)[_entries.Count];
        for (int e = 0; e < _entries.Count; e++)
        {
            var (uri, pointer) = _entries[e];
            string reference = pointer.Length == 0 ? "#" : "#" + EscapeFragment(pointer);
            if (!TryResolve(uri, reference, out JsonNode? target, out NodeInfo info) || target is null)
            {
                _problems.Add(new SchemaProblem(uri + "#" + pointer, "no schema at this location"));
                continue;
            }

            if (!_info.ContainsKey(target))
            {
                Scan(target, info.Base, info.Document, info.Pointer, info.Resource);
                info = _info.GetValueOrDefault(target, info);
            }

            targets[e] = (target, info);
        }

        var entries = new int[_entries.Count];
        for (int e = 0; e < _entries.Count; e++)
        {
            entries[e] = targets[e].Node is null ? -1 : CompileNode(targets[e].Node, targets[e].Info);
        }

        // A "$dynamicAnchor" matters only in a resource that can be in the dynamic scope, i.e. one
        // with a compiled node, and only for names some "$dynamicRef" uses. Compiling an anchor can
        // bring more resources in: repeat until nothing changes.
        var anchors = new List<SchemaDynamicAnchor>();
        if (_usesDynamicRef)
        {
            var done = new bool[_dynamicAnchorNodes.Count];
            bool changed = true;
            while (changed)
            {
                changed = false;
                var resources = new HashSet<int>();
                foreach (SchemaNode compiled in _nodes)
                {
                    resources.Add(compiled.Resource);
                }

                for (int i = 0; i < _dynamicAnchorNodes.Count; i++)
                {
                    var (resource, name, node) = _dynamicAnchorNodes[i];
                    if (!done[i] && resources.Contains(resource) && _strings.Contains(name))
                    {
                        done[i] = true;
                        changed = true;
                        anchors.Add(new SchemaDynamicAnchor(resource, name, CompileNode(node, _info[node])));
                    }
                }
            }
        }

        FixNameFlags();
        if (_problems.Count > 0)
        {
            throw new SchemaCompileException(_problems.ToArray());
        }

        return new SchemaProgram(
            _dialect,
            [.. _nodes],
            [.. _locations],
            entries,
            [.. _lists],
            [.. _names],
            [.. _numbers],
            [.. _values],
            [.. _patterns],
            [.. _strings],
            [.. anchors]);
    }

    // ---------------------------------------------------------------- identifiers

    private int NewResource(Uri uri, JsonNode root, string document, string pointer)
    {
        int id = _resourceCount++;
        _resources.TryAdd(Key(uri), new Resource(root, uri, document, pointer, id));
        return id;
    }

    /// <summary>Walks a schema through its subschema keywords, recording base URIs, resources and anchors.</summary>
    private void Scan(JsonNode? node, Uri baseUri, string document, string pointer, int resource)
    {
        if (node is not JsonObject obj)
        {
            if (node is JsonValue)
            {
                _info.TryAdd(node, new NodeInfo(baseUri, document, pointer, resource));
            }

            return;
        }

        // Draft 4: "$ref" replaces the whole schema, so an "id" beside it does not change the base.
        bool refReplaces = _draft4 && obj.ContainsKey("$ref");
        if (!refReplaces && obj[_draft4 ? "id" : "$id"] is JsonValue idValue && idValue.TryGetValue(out string? id))
        {
            if (_draft4 && id.StartsWith('#'))
            {
                // Draft 4 section 7.2.2: a fragment-only id is a location-independent name.
                _anchors.TryAdd(Key(baseUri) + id, obj);
            }
            else if (TryResolveUri(baseUri, id, out Uri? resolved))
            {
                baseUri = resolved;
                resource = NewResource(resolved, obj, document, pointer);
                string fragment = Fragment(resolved);
                if (fragment.Length > 0 && !fragment.StartsWith('/'))
                {
                    _anchors.TryAdd(Key(resolved) + "#" + fragment, obj);
                }
            }
        }

        if (!_draft4)
        {
            if (obj["$anchor"] is JsonValue anchor && anchor.TryGetValue(out string? anchorName))
            {
                _anchors.TryAdd(Key(baseUri) + "#" + anchorName, obj);
            }

            if (obj["$dynamicAnchor"] is JsonValue dynamicAnchor && dynamicAnchor.TryGetValue(out string? dynamicName))
            {
                _anchors.TryAdd(Key(baseUri) + "#" + dynamicName, obj);
                _dynamicAnchorNodes.Add((resource, dynamicName, obj));
            }
        }

        _info[obj] = new NodeInfo(baseUri, document, pointer, resource);
        foreach (string keyword in MapKeywords)
        {
            if (obj[keyword] is JsonObject map)
            {
                foreach (var member in map)
                {
                    Scan(member.Value, baseUri, document, pointer + "/" + keyword + "/" + EscapeToken(member.Key), resource);
                }
            }
        }

        if (_draft4 && obj["dependencies"] is JsonObject dependencies)
        {
            foreach (var member in dependencies)
            {
                Scan(member.Value, baseUri, document, pointer + "/dependencies/" + EscapeToken(member.Key), resource);
            }
        }

        foreach (string keyword in SingleKeywords)
        {
            if (obj[keyword] is JsonNode single and not JsonArray)
            {
                Scan(single, baseUri, document, pointer + "/" + keyword, resource);
            }
        }

        foreach (string keyword in ArrayKeywords)
        {
            if (obj[keyword] is JsonArray array)
            {
                for (int i = 0; i < array.Count; i++)
                {
                    Scan(array[i], baseUri, document, pointer + "/" + keyword + "/" + i.ToString(CultureInfo.InvariantCulture), resource);
                }
            }
        }
    }

    /// <summary>Resolves <paramref name="reference"/> (a URI reference) against <paramref name="baseUri"/> to a schema.</summary>
    private bool TryResolve(Uri baseUri, string reference, out JsonNode? target, out NodeInfo info)
    {
        target = null;
        info = default;
        if (!TryResolveUri(baseUri, reference, out Uri? uri))
        {
            return false;
        }

        string key = Key(uri);
        string fragment = Fragment(uri);
        if (!_resources.TryGetValue(key, out Resource? resource) && TryLoadKnown(key))
        {
            _resources.TryGetValue(key, out resource);
        }

        if (fragment.Length > 0 && fragment[0] != '/')
        {
            if (!_anchors.TryGetValue(key + "#" + fragment, out JsonNode? anchored))
            {
                return false;
            }

            target = anchored;
            info = _info[anchored];
            return true;
        }

        if (resource is null)
        {
            return false;
        }

        JsonNode? node = resource.Root;
        Uri nodeBase = resource.Uri;
        int resourceId = resource.Id;
        if (fragment.Length > 0)
        {
            foreach (string raw in fragment[1..].Split('/'))
            {
                // RFC 6901 section 4: "~1" before "~0", so "~01" becomes "~1".
                string token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                if (node is JsonObject obj && obj.TryGetPropertyValue(token, out JsonNode? child))
                {
                    node = child;
                }
                else if (node is JsonArray array && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < array.Count
                         && (token.Length == 1 || token[0] != '0'))
                {
                    node = array[index];
                }
                else
                {
                    return false;
                }

                if (node is not null && _info.TryGetValue(node, out NodeInfo known))
                {
                    nodeBase = known.Base;
                    resourceId = known.Resource;
                }
            }
        }

        if (node is null)
        {
            return false;
        }

        target = node;
        info = _info.TryGetValue(node, out NodeInfo scanned)
            ? scanned
            : new NodeInfo(nodeBase, resource.Document, resource.Pointer + fragment, resourceId);
        return true;
    }

    private bool TryLoadKnown(string key)
    {
        string? text = key switch
        {
            "http://json-schema.org/draft-04/schema" => MetaSchemas.Draft4,
            _ => null,
        };
        if (text is null)
        {
            return false;
        }

        var uri = new Uri(key);
        var document = JsonNode.Parse(text)!;
        _documents.Add((uri, document));
        Scan(document, uri, key, "", NewResource(uri, document, key, ""));
        return true;
    }

    private static bool TryResolveUri(Uri baseUri, string reference, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? resolved)
    {
        if (reference.StartsWith('#'))
        {
            // Fragment-only: same document, whatever the scheme (URNs have no relative resolution).
            return Uri.TryCreate(Key(baseUri) + reference, UriKind.Absolute, out resolved);
        }

        if (Uri.TryCreate(reference, UriKind.Absolute, out resolved) && !(reference.StartsWith('/') && resolved.IsFile && !baseUri.IsFile))
        {
            return true;
        }

        return Uri.TryCreate(baseUri, reference, out resolved);
    }

    private static string Key(Uri uri)
    {
        string text = uri.AbsoluteUri;
        int hash = text.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? text : text[..hash];
    }

    private static string Fragment(Uri uri)
    {
        string text = uri.OriginalString;
        int hash = text.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? "" : Uri.UnescapeDataString(text[(hash + 1)..]);
    }

    private static string EscapeToken(string token) =>
        token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string EscapeFragment(string pointer) => Uri.EscapeDataString(pointer).Replace("%2F", "/", StringComparison.Ordinal);

    // ---------------------------------------------------------------- nodes

    private int CompileNode(JsonNode? node, NodeInfo info)
    {
        if (node is null)
        {
            _problems.Add(new SchemaProblem(Where(info), "a schema must be an object or a boolean, not null"));
            return AddNode(SchemaNode.Empty, info);
        }

        if (_compiled.TryGetValue(node, out int existing))
        {
            return existing;
        }

        if (_info.TryGetValue(node, out NodeInfo scanned))
        {
            info = scanned;
        }

        int index = AddNode(SchemaNode.Empty, info);
        _compiled[node] = index;
        SchemaNode compiled = SchemaNode.Empty;
        compiled.Resource = info.Resource;
        if (node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            if (value.GetValueKind() == JsonValueKind.False)
            {
                compiled.Flags = SchemaNodeFlags.False;
            }
        }
        else if (node is JsonObject obj)
        {
            new NodeBuilder(this, obj, info).Build(ref compiled);
        }
        else
        {
            _problems.Add(new SchemaProblem(Where(info), $"a schema must be an object or a boolean, not {node.GetValueKind()}"));
        }

        _nodes[index] = compiled;
        return index;
    }

    private int AddNode(SchemaNode node, NodeInfo info)
    {
        _nodes.Add(node);
        _locations.Add(info.Document == _primaryDocument ? info.Pointer : info.Document + "#" + info.Pointer);
        return _nodes.Count - 1;
    }

    private string Where(NodeInfo info) => info.Document + "#" + info.Pointer;

    /// <summary>readOnly / writeOnly of each property's schema, once every node is compiled (references may point forward).</summary>
    private void FixNameFlags()
    {
        for (int i = 0; i < _names.Count; i++)
        {
            SchemaName name = _names[i];
            if (name.Child < 0)
            {
                continue;
            }

            int node = name.Child;
            for (int hops = 0; hops < 8 && node >= 0; hops++)
            {
                SchemaNodeFlags flags = _nodes[node].Flags;
                name.ReadOnly |= (flags & SchemaNodeFlags.ReadOnly) != 0;
                name.WriteOnly |= (flags & SchemaNodeFlags.WriteOnly) != 0;
                node = _nodes[node].Ref;
            }

            _names[i] = name;
        }
    }

    private int AddPattern(string source, string where)
    {
        if (_patternIndex.TryGetValue(source, out int index))
        {
            return index;
        }

        if (!SchemaPattern.TryCreate(source, _options.PatternOptions, out SchemaPattern? pattern, out string? error) || pattern is null)
        {
            _problems.Add(new SchemaProblem(where, $"pattern '{source}' cannot be compiled exactly: {error}"));
            return -1;
        }

        _patterns.Add(pattern);
        _patternIndex[source] = _patterns.Count - 1;
        return _patterns.Count - 1;
    }

    private readonly record struct NodeInfo(Uri Base, string Document, string Pointer, int Resource);

    private sealed record Resource(JsonNode Root, Uri Uri, string Document, string Pointer, int Id);

    /// <summary>Reads the keywords of one schema object into a <see cref="SchemaNode"/>.</summary>
    private sealed class NodeBuilder
    {
        private readonly SchemaCompiler _c;
        private readonly JsonObject _obj;
        private readonly NodeInfo _info;

        public NodeBuilder(SchemaCompiler compiler, JsonObject obj, NodeInfo info)
        {
            _c = compiler;
            _obj = obj;
            _info = info;
        }

        private bool Draft4 => _c._draft4;

        private bool OpenApi => _c._dialect is SchemaDialect.OpenApi30 or SchemaDialect.OpenApi31 or SchemaDialect.Swagger20;

        public void Build(ref SchemaNode n)
        {
            // Our own extension, read even beside a draft 4 "$ref" (which hides every other keyword):
            // an author who writes it there means it.
            Detection(ref n);
            if (Draft4 && _obj["$ref"] is JsonNode draft4Ref)
            {
                // Draft 4 section 7 / OpenAPI 3.0 Reference Object: "$ref" replaces the whole schema.
                n.Ref = Reference(draft4Ref, "$ref", out _);
                return;
            }

            Applicators(ref n);
            Objects(ref n);
            Arrays(ref n);
            Scalars(ref n);
            Annotations(ref n);
            if (n.AnyOfCount > 0 || n.OneOfCount > 0 || n.Not >= 0 || n.If >= 0 || n.DependentSchemasCount > 0
                || n.UnevaluatedItems >= 0 || n.UnevaluatedProperties >= 0 || n.DiscriminatorEntry >= 0)
            {
                n.Flags |= SchemaNodeFlags.Speculative;
            }

            if ((n.Flags & SchemaNodeFlags.HasEnum) != 0 || n.Const >= 0)
            {
                n.Flags |= SchemaNodeFlags.NeedsCanonical;
            }

            if (n.NamesCount > 0)
            {
                n.Flags |= SchemaNodeFlags.HasNames;
            }
        }

        private void Detection(ref SchemaNode n)
        {
            if (_obj.TryGetPropertyValue(ValueDetectorNames.Extension, out JsonNode? value))
            {
                if (ValueDetectorNames.TryParse(value, out int choice, out string? error))
                {
                    n.Detect = choice;
                }
                else
                {
                    Problem(ValueDetectorNames.Extension, error!);
                }
            }
        }

        private string Path(string keyword) => _info.Pointer + "/" + EscapeToken(keyword);

        private string Where(string keyword) => _info.Document + "#" + Path(keyword);

        private void Problem(string keyword, string message) => _c._problems.Add(new SchemaProblem(Where(keyword), message));

        private NodeInfo ChildInfo(string path) => new(_info.Base, _info.Document, path, _info.Resource);

        private int Sub(string keyword)
        {
            JsonNode? value = _obj[keyword];
            return value is null && !_obj.ContainsKey(keyword) ? -1 : SubAt(value, Path(keyword));
        }

        private int SubAt(JsonNode? value, string path) => _c.CompileNode(value, ChildInfo(path));

        private (int Start, int Count) SubList(string keyword)
        {
            if (!_obj.TryGetPropertyValue(keyword, out JsonNode? value))
            {
                return (0, 0);
            }

            if (value is not JsonArray array || array.Count == 0)
            {
                Problem(keyword, "must be a non-empty array of schemas");
                return (0, 0);
            }

            var nodes = new int[array.Count];
            for (int i = 0; i < array.Count; i++)
            {
                nodes[i] = SubAt(array[i], Path(keyword) + "/" + i.ToString(CultureInfo.InvariantCulture));
            }

            int start = _c._lists.Count;
            _c._lists.AddRange(nodes);
            return (start, nodes.Length);
        }

        private int Reference(JsonNode value, string keyword, out JsonNode? target)
        {
            target = null;
            if (value is not JsonValue text || !text.TryGetValue(out string? reference))
            {
                Problem(keyword, "must be a string (a URI reference)");
                return -1;
            }

            if (!_c.TryResolve(_info.Base, reference, out target, out NodeInfo info))
            {
                Problem(keyword, $"cannot resolve '{reference}' (base URI {_info.Base}): no such registered document, anchor or JSON Pointer target");
                return -1;
            }

            return _c.CompileNode(target, info);
        }

        private void Applicators(ref SchemaNode n)
        {
            if (_obj["$ref"] is JsonNode reference)
            {
                n.Ref = Reference(reference, "$ref", out _);
            }

            if (!Draft4 && _obj["$dynamicRef"] is JsonNode dynamicReference)
            {
                n.DynamicRef = Reference(dynamicReference, "$dynamicRef", out JsonNode? target);
                string text = dynamicReference.GetValue<string>();
                int hash = text.IndexOf('#', StringComparison.Ordinal);
                string name = hash < 0 ? "" : text[(hash + 1)..];

                // 2020-12 core section 8.2.3.2: dynamic only when the initially resolved target
                // carries a matching "$dynamicAnchor" (the "bookend"); otherwise it acts as "$ref".
                if (name.Length > 0 && !name.StartsWith('/') && target is JsonObject targetObject
                    && targetObject["$dynamicAnchor"] is JsonValue anchor && anchor.TryGetValue(out string? anchorName) && anchorName == name)
                {
                    n.DynamicAnchorName = _c._strings.Count;
                    _c._strings.Add(name);
                    _c._usesDynamicRef = true;
                }
            }

            (n.AllOfStart, n.AllOfCount) = SubList("allOf");
            (n.AnyOfStart, n.AnyOfCount) = SubList("anyOf");
            (n.OneOfStart, n.OneOfCount) = SubList("oneOf");
            n.Not = Sub("not");
            if (!Draft4)
            {
                n.If = Sub("if");
                if (n.If >= 0)
                {
                    n.Then = Sub("then");
                    n.Else = Sub("else");
                }
            }
        }

        private void Objects(ref SchemaNode n)
        {
            var names = new List<SchemaName>();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            int NameEntry(string name)
            {
                if (!index.TryGetValue(name, out int at))
                {
                    at = names.Count;
                    index[name] = at;
                    names.Add(new SchemaName { Utf8 = Encoding.UTF8.GetBytes(name), Text = name, Child = -1, DependentSchema = -1 });
                }

                return at;
            }

            if (_obj.TryGetPropertyValue("properties", out JsonNode? properties))
            {
                if (properties is JsonObject map)
                {
                    foreach (var member in map)
                    {
                        int at = NameEntry(member.Key);
                        SchemaName entry = names[at];
                        entry.Child = SubAt(member.Value, Path("properties") + "/" + EscapeToken(member.Key));
                        names[at] = entry;
                    }
                }
                else
                {
                    Problem("properties", "must be an object whose values are schemas");
                }
            }

            if (_obj.TryGetPropertyValue("required", out JsonNode? required))
            {
                if (required is JsonArray list && AllStrings(list))
                {
                    foreach (JsonNode? item in list)
                    {
                        int at = NameEntry(item!.GetValue<string>());
                        SchemaName entry = names[at];
                        entry.Required = true;
                        names[at] = entry;
                    }
                }
                else if (!(OpenApi && required is JsonValue))
                {
                    // (an OpenAPI 2.0/3.0 boolean "required" belongs to a Parameter Object, not a schema)
                    Problem("required", "must be an array of strings");
                }
            }

            var dependentRequired = new List<(int Entry, List<int> Needs)>();
            var dependentSchemas = new List<(int Entry, int Node)>();
            void DependentRequired(string keyword, string name, JsonNode? value)
            {
                if (value is JsonArray needs && AllStrings(needs))
                {
                    int owner = NameEntry(name);
                    var list = new List<int>();
                    foreach (JsonNode? need in needs)
                    {
                        list.Add(NameEntry(need!.GetValue<string>()));
                    }

                    dependentRequired.Add((owner, list));
                }
                else
                {
                    Problem(keyword, $"the value for '{name}' must be an array of strings");
                }
            }

            if (!Draft4 && _obj["dependentRequired"] is JsonNode dependentRequiredNode)
            {
                if (dependentRequiredNode is JsonObject map)
                {
                    foreach (var member in map)
                    {
                        DependentRequired("dependentRequired", member.Key, member.Value);
                    }
                }
                else
                {
                    Problem("dependentRequired", "must be an object");
                }
            }

            if (!Draft4 && _obj["dependentSchemas"] is JsonNode dependentSchemasNode)
            {
                if (dependentSchemasNode is JsonObject map)
                {
                    foreach (var member in map)
                    {
                        dependentSchemas.Add((NameEntry(member.Key), SubAt(member.Value, Path("dependentSchemas") + "/" + EscapeToken(member.Key))));
                    }
                }
                else
                {
                    Problem("dependentSchemas", "must be an object whose values are schemas");
                }
            }

            if (Draft4 && _obj["dependencies"] is JsonNode dependencies)
            {
                if (dependencies is JsonObject map)
                {
                    foreach (var member in map)
                    {
                        if (member.Value is JsonArray)
                        {
                            DependentRequired("dependencies", member.Key, member.Value);
                        }
                        else
                        {
                            dependentSchemas.Add((NameEntry(member.Key), SubAt(member.Value, Path("dependencies") + "/" + EscapeToken(member.Key))));
                        }
                    }
                }
                else
                {
                    Problem("dependencies", "must be an object");
                }
            }

            Discriminator(ref n, NameEntry);

            n.AdditionalProperties = Sub("additionalProperties");
            n.PropertyNames = Draft4 ? -1 : Sub("propertyNames");
            n.UnevaluatedProperties = Draft4 ? -1 : Sub("unevaluatedProperties");
            n.MinProperties = Count("minProperties");
            n.MaxProperties = Count("maxProperties");

            if (_obj.TryGetPropertyValue("patternProperties", out JsonNode? patternProperties))
            {
                if (patternProperties is JsonObject map)
                {
                    var pairs = new List<int>();
                    foreach (var member in map)
                    {
                        string path = Path("patternProperties") + "/" + EscapeToken(member.Key);
                        int pattern = _c.AddPattern(member.Key, _info.Document + "#" + path);
                        int child = SubAt(member.Value, path);
                        pairs.Add(pattern);
                        pairs.Add(child);
                    }

                    n.PatternPropertiesStart = _c._lists.Count;
                    n.PatternPropertiesCount = map.Count;
                    _c._lists.AddRange(pairs);
                }
                else
                {
                    Problem("patternProperties", "must be an object whose values are schemas");
                }
            }

            // Lay the name table out: dependent lists point at entries relative to the node's first.
            for (int d = 0; d < dependentSchemas.Count; d++)
            {
                SchemaName entry = names[dependentSchemas[d].Entry];
                entry.DependentSchema = d;
                names[dependentSchemas[d].Entry] = entry;
            }

            foreach (var (entryIndex, needs) in dependentRequired)
            {
                SchemaName entry = names[entryIndex];
                entry.DependentRequiredStart = _c._lists.Count;
                entry.DependentRequiredCount = needs.Count;
                _c._lists.AddRange(needs);
                names[entryIndex] = entry;
            }

            if (dependentSchemas.Count > 64)
            {
                Problem(Draft4 ? "dependencies" : "dependentSchemas", "more than 64 dependent schemas in one schema are not supported");
            }

            n.DependentSchemasStart = _c._lists.Count;
            n.DependentSchemasCount = dependentSchemas.Count;
            foreach (var (entry, node) in dependentSchemas)
            {
                _c._lists.Add(entry);
                _c._lists.Add(node);
            }

            n.NamesStart = _c._names.Count;
            n.NamesCount = names.Count;
            _c._names.AddRange(names);
        }

        private void Discriminator(ref SchemaNode n, Func<string, int> nameEntry)
        {
            if (_c._dialect is not (SchemaDialect.OpenApi30 or SchemaDialect.OpenApi31) || _obj["discriminator"] is not JsonNode discriminator)
            {
                return; // Swagger 2.0's string discriminator works through allOf inheritance: an annotation here
            }

            if (discriminator is not JsonObject d || d["propertyName"] is not JsonValue propertyValue || !propertyValue.TryGetValue(out string? property))
            {
                Problem("discriminator", "must be an object with a string 'propertyName'");
                return;
            }

            string branchesKeyword = _obj["oneOf"] is JsonArray ? "oneOf" : _obj["anyOf"] is JsonArray ? "anyOf" : "";
            if (branchesKeyword.Length == 0)
            {
                // Discriminator beside allOf inheritance only: the branches are unknown here, so it
                // stays an annotation and the schema's own keywords decide.
                return;
            }

            var branches = (JsonArray)_obj[branchesKeyword]!;
            var targets = new List<JsonNode>();
            var targetNodes = new List<int>();
            var mapping = new List<(byte[] Value, int Target)>();
            var seenValues = new HashSet<string>(StringComparer.Ordinal);
            int TargetOf(JsonNode resolved, int compiled)
            {
                for (int t = 0; t < targets.Count; t++)
                {
                    if (ReferenceEquals(targets[t], resolved))
                    {
                        return t;
                    }
                }

                targets.Add(resolved);
                targetNodes.Add(compiled);
                return targets.Count - 1;
            }

            // The branches themselves, by their resolved targets (a branch that is a "$ref" stands for its target).
            var implicitNames = new List<(string Name, int Target)>();
            for (int b = 0; b < branches.Count; b++)
            {
                JsonNode? branch = branches[b];
                if (branch is JsonObject branchObject && branchObject["$ref"] is JsonValue refValue && refValue.TryGetValue(out string? reference)
                    && _c.TryResolve(_info.Base, reference, out JsonNode? resolved, out NodeInfo resolvedInfo) && resolved is not null)
                {
                    int target = TargetOf(resolved, _c.CompileNode(resolved, resolvedInfo));
                    int slash = reference.LastIndexOf('/');
                    implicitNames.Add((Uri.UnescapeDataString(reference[(slash + 1)..]), target));
                }
                else if (branch is not null)
                {
                    TargetOf(branch, SubAt(branch, Path(branchesKeyword) + "/" + b.ToString(CultureInfo.InvariantCulture)));
                }
            }

            if (d["mapping"] is JsonObject map)
            {
                foreach (var member in map)
                {
                    if (member.Value is not JsonValue v || !v.TryGetValue(out string? reference))
                    {
                        Problem("discriminator", $"mapping value for '{member.Key}' must be a string");
                        continue;
                    }

                    // OpenAPI 3.x Discriminator Object: a mapping value is a schema name or a reference.
                    string target = reference.Contains('/', StringComparison.Ordinal) || reference.Contains('#', StringComparison.Ordinal)
                        ? reference
                        : "#/components/schemas/" + reference;
                    if (!_c.TryResolve(_info.Base, target, out JsonNode? resolved, out NodeInfo resolvedInfo) || resolved is null)
                    {
                        Problem("discriminator", $"mapping '{member.Key}' → '{reference}' cannot be resolved");
                        continue;
                    }

                    mapping.Add((Encoding.UTF8.GetBytes(member.Key), TargetOf(resolved, _c.CompileNode(resolved, resolvedInfo))));
                    seenValues.Add(member.Key);
                }
            }
            else if (d["mapping"] is not null)
            {
                Problem("discriminator", "mapping must be an object");
            }

            foreach (var (name, target) in implicitNames)
            {
                if (seenValues.Add(name))
                {
                    mapping.Add((Encoding.UTF8.GetBytes(name), target));
                }
            }

            if (targets.Count > 64)
            {
                Problem("discriminator", "more than 64 discriminator targets are not supported");
                return;
            }

            n.DiscriminatorEntry = nameEntry(property);
            n.DiscriminatorTargetsStart = _c._lists.Count;
            n.DiscriminatorTargetsCount = targetNodes.Count;
            _c._lists.AddRange(targetNodes);
            n.DiscriminatorMapStart = _c._lists.Count;
            n.DiscriminatorMapCount = mapping.Count;
            foreach (var (value, target) in mapping)
            {
                _c._lists.Add(_c._strings.Count);
                _c._strings.Add(Encoding.UTF8.GetString(value));
                _c._lists.Add(target);
            }

            if (branchesKeyword == "oneOf")
            {
                n.Flags |= SchemaNodeFlags.DiscriminatorOneOf;
            }
        }

        private void Arrays(ref SchemaNode n)
        {
            if (Draft4)
            {
                if (_obj["items"] is JsonArray tuple)
                {
                    (n.PrefixItemsStart, n.PrefixItemsCount) = SubList("items");
                    n.Items = Sub("additionalItems");
                }
                else
                {
                    n.Items = Sub("items");
                }
            }
            else
            {
                if (_obj.ContainsKey("prefixItems"))
                {
                    (n.PrefixItemsStart, n.PrefixItemsCount) = SubList("prefixItems");
                }

                if (_obj["items"] is JsonArray)
                {
                    Problem("items", "must be a schema (2020-12: use prefixItems for tuples)");
                }
                else
                {
                    n.Items = Sub("items");
                }

                n.Contains = Sub("contains");
                if (n.Contains >= 0)
                {
                    int min = Count("minContains");
                    n.MinContains = min < 0 ? 1 : min;
                    n.MaxContains = Count("maxContains");
                }

                n.UnevaluatedItems = Sub("unevaluatedItems");
            }

            n.MinItems = Count("minItems");
            n.MaxItems = Count("maxItems");
            if (_obj["uniqueItems"] is JsonNode unique)
            {
                if (unique.GetValueKind() == JsonValueKind.True)
                {
                    n.Flags |= SchemaNodeFlags.UniqueItems;
                }
                else if (unique.GetValueKind() != JsonValueKind.False)
                {
                    Problem("uniqueItems", "must be a boolean");
                }
            }
        }

        private void Scalars(ref SchemaNode n)
        {
            if (_obj.TryGetPropertyValue("type", out JsonNode? type))
            {
                n.Flags |= SchemaNodeFlags.HasType;
                if (type is JsonArray types)
                {
                    foreach (JsonNode? item in types)
                    {
                        n.Types |= TypeName(item);
                    }
                }
                else
                {
                    n.Types = TypeName(type);
                }

                if (_c._dialect == SchemaDialect.OpenApi30 && _obj["nullable"]?.GetValueKind() == JsonValueKind.True)
                {
                    // OpenAPI 3.0.3 Schema Object: "nullable: true" adds "null" to the allowed types.
                    n.Types |= SchemaTypes.Null;
                }
            }

            n.MinLength = Count("minLength");
            n.MaxLength = Count("maxLength");
            if (_obj.TryGetPropertyValue("pattern", out JsonNode? pattern))
            {
                if (pattern is JsonValue p && p.TryGetValue(out string? source))
                {
                    n.Pattern = _c.AddPattern(source, Where("pattern"));
                }
                else
                {
                    Problem("pattern", "must be a string");
                }
            }

            if (_c._assertFormat && _obj["format"] is JsonValue formatValue && formatValue.TryGetValue(out string? formatName)
                && SchemaFormats.TryParse(formatName, out SchemaFormat format))
            {
                n.Format = format;
            }

            n.Minimum = Number("minimum");
            n.Maximum = Number("maximum");
            if (Draft4)
            {
                // Draft 4 validation section 5.1.2 / OpenAPI 2.0 and 3.0: boolean modifiers of maximum/minimum.
                if (Flag("exclusiveMinimum") && n.Minimum >= 0)
                {
                    n.ExclusiveMinimum = n.Minimum;
                    n.Minimum = -1;
                }

                if (Flag("exclusiveMaximum") && n.Maximum >= 0)
                {
                    n.ExclusiveMaximum = n.Maximum;
                    n.Maximum = -1;
                }
            }
            else
            {
                n.ExclusiveMinimum = Number("exclusiveMinimum");
                n.ExclusiveMaximum = Number("exclusiveMaximum");
            }

            n.MultipleOf = Number("multipleOf");
            if (n.MultipleOf >= 0 && CanonicalSign(_c._numbers[n.MultipleOf]) <= 0)
            {
                Problem("multipleOf", "must be greater than 0");
                n.MultipleOf = -1;
            }

            if (_obj.TryGetPropertyValue("enum", out JsonNode? enumValue))
            {
                if (enumValue is JsonArray values)
                {
                    n.Flags |= SchemaNodeFlags.HasEnum;
                    n.EnumStart = _c._values.Count;
                    n.EnumCount = values.Count;
                    foreach (JsonNode? item in values)
                    {
                        _c._values.Add(Value(item));
                    }
                }
                else
                {
                    Problem("enum", "must be an array");
                }
            }

            if (!Draft4 && _obj.TryGetPropertyValue("const", out JsonNode? constValue))
            {
                n.Const = _c._values.Count;
                _c._values.Add(Value(constValue));
            }
        }

        private void Annotations(ref SchemaNode n)
        {
            if (_obj["readOnly"]?.GetValueKind() == JsonValueKind.True)
            {
                n.Flags |= SchemaNodeFlags.ReadOnly;
            }

            if (_obj["writeOnly"]?.GetValueKind() == JsonValueKind.True)
            {
                n.Flags |= SchemaNodeFlags.WriteOnly;
            }
        }

        private static SchemaValue Value(JsonNode? node)
        {
            byte[] canonical = CanonicalJson.FromNode(node);
            return new SchemaValue(CanonicalJson.Hash(canonical), canonical, node?.ToJsonString() ?? "null");
        }

        private static int CanonicalSign(byte[] literal)
        {
            byte[] buffer = new byte[CanonicalJson.NumberRoom(literal.Length)];
            CanonicalJson.WriteNumber(literal, buffer, out _);
            return buffer[1] == '0' ? 0 : buffer[1] == '-' ? -1 : 1;
        }

        private SchemaTypes TypeName(JsonNode? item)
        {
            string? name = item is JsonValue v && v.TryGetValue(out string? s) ? s : null;
            switch (name)
            {
                case "null": return SchemaTypes.Null;
                case "boolean": return SchemaTypes.Boolean;
                case "object": return SchemaTypes.Object;
                case "array": return SchemaTypes.Array;
                case "number": return SchemaTypes.Number;
                case "string": return SchemaTypes.String;
                case "integer": return SchemaTypes.Integer;
                case "file" when _c._dialect == SchemaDialect.Swagger20: return SchemaTypes.String;
                default:
                    Problem("type", $"unknown type {item?.ToJsonString() ?? "null"}");
                    return SchemaTypes.None;
            }
        }

        private int Count(string keyword)
        {
            if (!_obj.TryGetPropertyValue(keyword, out JsonNode? value))
            {
                return -1;
            }

            if (value is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
            {
                byte[] literal = Encoding.UTF8.GetBytes(v.ToJsonString());
                byte[] buffer = new byte[CanonicalJson.NumberRoom(literal.Length)];
                int length = CanonicalJson.WriteNumber(literal, buffer, out bool integral);
                if (integral && buffer[1] != '-')
                {
                    if (decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal d))
                    {
                        return d > int.MaxValue ? int.MaxValue : (int)d;
                    }

                    return int.MaxValue;
                }

                _ = length;
            }

            Problem(keyword, "must be a non-negative integer");
            return -1;
        }

        private int Number(string keyword)
        {
            if (!_obj.TryGetPropertyValue(keyword, out JsonNode? value))
            {
                return -1;
            }

            if (value is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
            {
                _c._numbers.Add(Encoding.UTF8.GetBytes(v.ToJsonString()));
                return _c._numbers.Count - 1;
            }

            if (Draft4 && keyword is "exclusiveMinimum" or "exclusiveMaximum")
            {
                return -1;
            }

            Problem(keyword, "must be a number");
            return -1;
        }

        private bool Flag(string keyword)
        {
            if (!_obj.TryGetPropertyValue(keyword, out JsonNode? value))
            {
                return false;
            }

            JsonValueKind kind = value?.GetValueKind() ?? JsonValueKind.Null;
            if (kind is JsonValueKind.True or JsonValueKind.False)
            {
                return kind == JsonValueKind.True;
            }

            Problem(keyword, "must be a boolean in this dialect");
            return false;
        }

        private static bool AllStrings(JsonArray array)
        {
            foreach (JsonNode? item in array)
            {
                if (item is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
