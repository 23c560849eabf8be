using System.Text;
using System.Text.Json.Nodes;

namespace ApiFilter.Parameters;

/// <summary>
/// Reads the shape of a parameter schema from the contract document (cold): which JSON types it
/// allows (union over <c>allOf</c>/<c>anyOf</c>/<c>oneOf</c>, 3.0 <c>nullable</c>, 3.1 type arrays),
/// its items' types, its members' types. Only what decoding needs; the schema validator does the rest.
/// </summary>
internal static class SchemaInspector
{
    private const int MaxDepth = 32;

    /// <summary>Follows local <c>$ref</c>s (<c>#/components/...</c>, <c>#/definitions/...</c>) to the schema they name.</summary>
    public static JsonNode? Resolve(JsonNode? schema, JsonNode? root)
    {
        for (int hops = 0; hops < MaxDepth && schema is JsonObject obj && obj["$ref"] is JsonValue reference; hops++)
        {
            if (root is null || !reference.TryGetValue(out string? target) || !target.StartsWith('#'))
            {
                return null;
            }

            schema = Navigate(root, Uri.UnescapeDataString(target[1..]));
            if (schema is null)
            {
                return null;
            }
        }

        return schema;
    }

    public static JsonTypes TypesOf(JsonNode? schema, JsonNode? root) => TypesOf(schema, root, 0);

    /// <summary>The types of an array's items (<c>items</c>); any type when <c>items</c> is absent.</summary>
    public static JsonTypes ItemTypesOf(JsonNode? schema, JsonNode? root)
    {
        JsonTypes types = JsonTypes.None;
        bool found = false;
        Visit(schema, root, 0, node =>
        {
            if (node["items"] is JsonObject items)
            {
                types |= TypesOf(items, root);
                found = true;
            }
        });
        return found ? types : JsonTypes.Any;
    }

    /// <summary>The members an object schema declares (over its branches) and what it says of others.</summary>
    public static ObjectTypes ObjectTypesOf(JsonNode? schema, JsonNode? root)
    {
        var properties = new Dictionary<string, JsonTypes>(StringComparer.Ordinal);
        bool closed = false;
        JsonTypes additional = JsonTypes.None;
        bool additionalSeen = false;
        Visit(schema, root, 0, node =>
        {
            if (node["properties"] is JsonObject declared)
            {
                foreach (var (name, value) in declared)
                {
                    properties[name] = (properties.TryGetValue(name, out JsonTypes t) ? t : JsonTypes.None) | TypesOf(value, root);
                }
            }

            switch (node["additionalProperties"])
            {
                case JsonValue v when v.TryGetValue(out bool allowed) && !allowed:
                    closed = true;
                    break;
                case JsonObject extra:
                    additional |= TypesOf(extra, root);
                    additionalSeen = true;
                    break;
            }
        });

        var table = new List<PropertyTypes>();
        foreach (var (name, types) in properties)
        {
            table.Add(new PropertyTypes(Encoding.UTF8.GetBytes(name), types == JsonTypes.None ? JsonTypes.Any : types));
        }

        return new ObjectTypes(table.ToArray(), !closed, additionalSeen ? additional : JsonTypes.Any);
    }

    /// <summary>The member schemas an object schema declares, over its branches (first declaration wins).</summary>
    public static List<KeyValuePair<string, JsonNode?>> PropertySchemasOf(JsonNode? schema, JsonNode? root)
    {
        var found = new List<KeyValuePair<string, JsonNode?>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Visit(schema, root, 0, node =>
        {
            if (node["properties"] is JsonObject declared)
            {
                foreach (var (name, value) in declared)
                {
                    if (seen.Add(name))
                    {
                        found.Add(new(name, value));
                    }
                }
            }
        });
        return found;
    }

    private static JsonTypes TypesOf(JsonNode? schema, JsonNode? root, int depth)
    {
        if (depth > MaxDepth)
        {
            return JsonTypes.Any;
        }

        JsonNode? resolved = Resolve(schema, root);
        if (resolved is not JsonObject obj)
        {
            // true, {} or an unresolvable reference: no constraint the decoder can use.
            return resolved is JsonValue v && v.TryGetValue(out bool b) && !b ? JsonTypes.None : JsonTypes.Any;
        }

        JsonTypes types = JsonTypes.None;
        bool typed = false;
        switch (obj["type"])
        {
            case JsonValue single when single.TryGetValue(out string? name):
                types = Named(name);
                typed = true;
                break;
            case JsonArray several:
                foreach (JsonNode? item in several)
                {
                    if (item is JsonValue v && v.TryGetValue(out string? name))
                    {
                        types |= Named(name);
                    }
                }

                typed = true;
                break;
        }

        if (!typed)
        {
            bool any = false;
            foreach (string keyword in (string[])["allOf", "anyOf", "oneOf"])
            {
                if (obj[keyword] is JsonArray branches)
                {
                    foreach (JsonNode? branch in branches)
                    {
                        types |= TypesOf(branch, root, depth + 1);
                        any = true;
                    }
                }
            }

            if (!any || (types & JsonTypes.Any) == JsonTypes.Any)
            {
                return JsonTypes.Any;
            }
        }

        if (obj["nullable"] is JsonValue nullable && nullable.TryGetValue(out bool isNullable) && isNullable)
        {
            types |= JsonTypes.Null;
        }

        return types == JsonTypes.None ? JsonTypes.Any : types;
    }

    private static JsonTypes Named(string? name) => name switch
    {
        "string" => JsonTypes.String,
        "number" => JsonTypes.Number,
        "integer" => JsonTypes.Integer,
        "boolean" => JsonTypes.Boolean,
        "null" => JsonTypes.Null,
        "array" => JsonTypes.Array,
        "object" => JsonTypes.Object,
        _ => JsonTypes.None,
    };

    /// <summary>Calls <paramref name="action"/> on the schema and every branch of its compositions, refs resolved.</summary>
    private static void Visit(JsonNode? schema, JsonNode? root, int depth, Action<JsonObject> action)
    {
        if (depth > MaxDepth || Resolve(schema, root) is not JsonObject obj)
        {
            return;
        }

        action(obj);
        foreach (string keyword in (string[])["allOf", "anyOf", "oneOf"])
        {
            if (obj[keyword] is JsonArray branches)
            {
                foreach (JsonNode? branch in branches)
                {
                    Visit(branch, root, depth + 1, action);
                }
            }
        }
    }

    /// <summary>RFC 6901 evaluation of <paramref name="pointer"/> on <paramref name="root"/>.</summary>
    private static JsonNode? Navigate(JsonNode root, string pointer)
    {
        if (pointer.Length == 0)
        {
            return root;
        }

        if (pointer[0] != '/')
        {
            return null;
        }

        JsonNode? node = root;
        foreach (string raw in pointer[1..].Split('/'))
        {
            string token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject obj => obj[token],
                JsonArray array when int.TryParse(token, out int index) && index >= 0 && index < array.Count => array[index],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }
}
