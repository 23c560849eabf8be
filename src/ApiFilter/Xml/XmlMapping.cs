using System.Text;
using System.Text.Json.Nodes;
using ApiFilter.Parameters;

namespace ApiFilter.Xml;

/// <summary>
/// How an XML body represents the JSON value a schema describes, by the OpenAPI XML Object
/// (OAS 3.1 section 4.8.26, 3.0 section 4.7.26, 2.0 "XML Object"): element and attribute names,
/// attributes, wrapped and unwrapped arrays, namespaces. Compiled once per schema (cold); an
/// <see cref="XmlGuard"/> given a mapping and a token sink turns the body into JSON tokens as it reads it.
/// </summary>
/// <remarks>
/// <para>
/// <b>Root element.</b> Named by the schema's <c>xml.name</c>; else, when the body schema is a
/// <c>$ref</c> to <c>#/components/schemas/X</c> (or 2.0 <c>#/definitions/X</c>), by <c>X</c>, as the
/// specification's examples name the root after the component. A schema that is neither accepts
/// any root element name (<see cref="RootName"/> is null). The root is in the namespace of
/// <c>xml.namespace</c>, or in none.
/// </para>
/// <para>
/// <b>Members.</b> A property is an element named by its <c>xml.name</c> (else the property name),
/// or an attribute with <c>xml.attribute: true</c>. Namespaces are compared by URI, never by
/// prefix (<c>xml.prefix</c> only says how a writer would spell it). An element without
/// <c>xml.namespace</c> is in the namespace of its parent element, as in the specification's
/// "XML Namespace and Prefix" example where <c>id</c> and <c>name</c> take the prefix of
/// <c>Person</c>; an attribute without one is in no namespace (Namespaces in XML 1.0, section 6.2).
/// </para>
/// <para>
/// <b>Arrays.</b> With <c>xml.wrapped: true</c> the property's element (<c>xml.name</c>, else the
/// property name) wraps the items; without it the items are repeated sibling elements and the
/// property's own <c>xml.name</c> has no effect. Items are named by <c>items.xml.name</c>, else by
/// the property name. A root array is always a wrapper; its items are named by
/// <c>items.xml.name</c>, else by the component <c>items</c> refers to, else anything.
/// </para>
/// <para>
/// <b>Shape.</b> allOf/anyOf/oneOf branches contribute their properties (the first declaration of
/// a name wins) and their types. Recursive schemas compile to nodes that point back to each other.
/// Local <c>$ref</c>s only (<c>#/...</c>); an unresolvable one maps to anything.
/// </para>
/// </remarks>
public sealed class XmlMapping
{
    private const int MaxRefHops = 32;

    private XmlMapping(XmlMappingNode[] nodes, int root, byte[]? rootName, byte[]? rootNamespace)
    {
        Nodes = nodes;
        Root = root;
        RootNameBytes = rootName;
        RootNamespaceBytes = rootNamespace;
    }

    /// <summary>The root element's local name, or null when any name is accepted.</summary>
    public string? RootName => RootNameBytes is null ? null : Encoding.UTF8.GetString(RootNameBytes);

    /// <summary>The root element's namespace URI ("" for none), or null when it is not checked.</summary>
    public string? RootNamespace => RootNamespaceBytes is null ? null : Encoding.UTF8.GetString(RootNamespaceBytes);

    /// <summary>Node 0 maps anything (<see cref="XmlNodeKind.Lazy"/>, no members): elements the schema does not declare.</summary>
    internal XmlMappingNode[] Nodes { get; }

    internal int Root { get; }

    internal byte[]? RootNameBytes { get; }

    internal byte[]? RootNamespaceBytes { get; }

    /// <summary>Compiles the mapping of a body <paramref name="schema"/>.</summary>
    /// <param name="schema">
    /// The media type's schema as written in the contract (a <c>$ref</c> to a component is kept as
    /// such: it names the root element); null maps anything.
    /// </param>
    /// <param name="document">The contract document, to resolve local <c>$ref</c>s.</param>
    public static XmlMapping Compile(JsonNode? schema, JsonNode? document)
    {
        var compiler = new Compiler(document);
        var xml = XmlObjectOf(schema, document);
        string? name = StringOf(xml, "name") ?? ComponentName(schema);
        string? ns = StringOf(xml, "namespace");
        int root = compiler.NodeFor(schema, ns ?? "", defaultItemName: null);
        return new XmlMapping(
            compiler.Nodes.ToArray(),
            root,
            name is null ? null : Encoding.UTF8.GetBytes(name),
            name is null && ns is null ? null : Encoding.UTF8.GetBytes(ns ?? ""));
    }

    /// <summary>The <c>xml</c> object of a schema: on the schema itself (a 3.1 <c>$ref</c> sibling), on what it refers to, or on an allOf branch.</summary>
    private static JsonObject? XmlObjectOf(JsonNode? schema, JsonNode? document)
    {
        if (schema is JsonObject own && own["xml"] is JsonObject direct)
        {
            return direct;
        }

        if (SchemaInspector.Resolve(schema, document) is not JsonObject resolved)
        {
            return null;
        }

        if (resolved["xml"] is JsonObject referenced)
        {
            return referenced;
        }

        if (resolved["allOf"] is JsonArray branches)
        {
            foreach (JsonNode? branch in branches)
            {
                if (SchemaInspector.Resolve(branch, document) is JsonObject b && b["xml"] is JsonObject inherited)
                {
                    return inherited;
                }
            }
        }

        return null;
    }

    private static string? StringOf(JsonObject? xml, string key) =>
        xml?[key] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    private static bool FlagOf(JsonObject? xml, string key) =>
        xml?[key] is JsonValue v && v.TryGetValue(out bool b) && b;

    /// <summary>X of a <c>$ref</c> to <c>#/components/schemas/X</c> or <c>#/definitions/X</c>.</summary>
    private static string? ComponentName(JsonNode? schema)
    {
        if (schema is not JsonObject obj || obj["$ref"] is not JsonValue r || !r.TryGetValue(out string? target))
        {
            return null;
        }

        foreach (string prefix in (string[])["#/components/schemas/", "#/definitions/"])
        {
            if (target.StartsWith(prefix, StringComparison.Ordinal) && target.IndexOf('/', prefix.Length) < 0)
            {
                // RFC 6901 section 4 after the URI fragment's percent-decoding (RFC 3986 section 2.1).
                return Uri.UnescapeDataString(target[prefix.Length..]).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            }
        }

        return null;
    }

    /// <summary>The <c>items</c> schema of an array schema (over its branches); null when absent.</summary>
    private static JsonNode? ItemsOf(JsonNode? schema, JsonNode? document, int depth = 0)
    {
        if (depth > MaxRefHops || SchemaInspector.Resolve(schema, document) is not JsonObject obj)
        {
            return null;
        }

        if (obj["items"] is JsonObject items)
        {
            return items;
        }

        foreach (string keyword in (string[])["allOf", "anyOf", "oneOf"])
        {
            if (obj[keyword] is JsonArray branches)
            {
                foreach (JsonNode? branch in branches)
                {
                    if (ItemsOf(branch, document, depth + 1) is { } found)
                    {
                        return found;
                    }
                }
            }
        }

        return null;
    }

    private sealed class Compiler
    {
        private readonly JsonNode? _document;
        private readonly Dictionary<(JsonNode?, string, string?), int> _memo = [];

        public Compiler(JsonNode? document)
        {
            _document = document;
            Nodes.Add(new XmlMappingNode { Kind = XmlNodeKind.Lazy, Types = JsonTypes.Any });
        }

        public List<XmlMappingNode> Nodes { get; } = [];

        /// <summary>
        /// The node of <paramref name="schema"/> for an element in namespace <paramref name="ns"/>
        /// (which its child elements inherit). Memoized by resolved schema, so a recursive schema
        /// compiles to a node that refers back to itself instead of unrolling.
        /// </summary>
        public int NodeFor(JsonNode? schema, string ns, string? defaultItemName)
        {
            JsonNode? resolved = SchemaInspector.Resolve(schema, _document);
            if (resolved is not JsonObject)
            {
                // true, {}-less shapes, false or an unresolvable reference: anything (the validator judges it).
                return 0;
            }

            var key = (resolved, ns, defaultItemName);
            if (_memo.TryGetValue(key, out int existing))
            {
                return existing;
            }

            var node = new XmlMappingNode();
            int index = Nodes.Count;
            Nodes.Add(node);
            _memo[key] = index;

            JsonTypes types = SchemaInspector.TypesOf(schema, _document);
            node.Types = types;
            const JsonTypes Scalars = JsonTypes.String | JsonTypes.Number | JsonTypes.Integer | JsonTypes.Boolean;
            bool hasObject = (types & JsonTypes.Object) != 0;
            bool hasArray = (types & JsonTypes.Array) != 0;
            bool hasScalar = (types & Scalars) != 0;
            if (hasArray && !hasObject && !hasScalar)
            {
                node.Kind = XmlNodeKind.Array;
                FillItems(node, schema, ns, defaultItemName);
                return index;
            }

            node.Kind = hasObject && !hasScalar && !hasArray ? XmlNodeKind.Object
                : !hasObject && !hasArray ? XmlNodeKind.Scalar
                : XmlNodeKind.Lazy;
            if (node.Kind != XmlNodeKind.Scalar)
            {
                node.Properties = PropertiesOf(schema, ns);
            }

            return index;
        }

        private void FillItems(XmlMappingNode node, JsonNode? schema, string ns, string? defaultItemName)
        {
            JsonNode? items = ItemsOf(schema, _document);
            var itemsXml = XmlObjectOf(items, _document);
            string? itemName = StringOf(itemsXml, "name") ?? defaultItemName ?? ComponentName(items);
            string itemNs = StringOf(itemsXml, "namespace") ?? ns;
            node.ItemName = itemName is null ? null : Encoding.UTF8.GetBytes(itemName);
            node.ItemNamespace = Encoding.UTF8.GetBytes(itemNs);
            node.ItemNode = NodeFor(items, itemNs, defaultItemName: null);
        }

        private XmlMappingProperty[] PropertiesOf(JsonNode? schema, string ns)
        {
            var list = new List<XmlMappingProperty>();
            foreach (var (name, propertySchema) in SchemaInspector.PropertySchemasOf(schema, _document))
            {
                var xml = XmlObjectOf(propertySchema, _document);
                string xmlName = StringOf(xml, "name") ?? name;
                byte[] jsonName = Encoding.UTF8.GetBytes(name);
                if (FlagOf(xml, "attribute"))
                {
                    string attributeNs = StringOf(xml, "namespace") ?? "";
                    list.Add(new XmlMappingProperty(jsonName, Encoding.UTF8.GetBytes(xmlName), Encoding.UTF8.GetBytes(attributeNs), isAttribute: true, unwrapped: false,
                        NodeFor(propertySchema, attributeNs, defaultItemName: null)));
                    continue;
                }

                string elementNs = StringOf(xml, "namespace") ?? ns;
                JsonTypes types = SchemaInspector.TypesOf(propertySchema, _document);
                bool isArray = (types & JsonTypes.Array) != 0 && (types & ~(JsonTypes.Array | JsonTypes.Null)) == 0;
                if (isArray && !FlagOf(xml, "wrapped"))
                {
                    // Unwrapped: the items are the property's elements; the array's own xml.name is ignored.
                    JsonNode? items = ItemsOf(propertySchema, _document);
                    var itemsXml = XmlObjectOf(items, _document);
                    string itemName = StringOf(itemsXml, "name") ?? name;
                    string itemNs = StringOf(itemsXml, "namespace") ?? elementNs;
                    list.Add(new XmlMappingProperty(jsonName, Encoding.UTF8.GetBytes(itemName), Encoding.UTF8.GetBytes(itemNs), isAttribute: false, unwrapped: true,
                        NodeFor(items, itemNs, defaultItemName: null)));
                    continue;
                }

                list.Add(new XmlMappingProperty(jsonName, Encoding.UTF8.GetBytes(xmlName), Encoding.UTF8.GetBytes(elementNs), isAttribute: false, unwrapped: false,
                    NodeFor(propertySchema, elementNs, isArray ? name : null)));
            }

            return [.. list];
        }
    }
}
