using System.Text.Json.Nodes;
using ApiFilter.Multipart;
using ApiFilter.Parameters;

namespace ApiFilter.Contract;

/// <summary>
/// Reads a <c>multipart/form-data</c> body's object schema and <c>encoding</c> map into the field
/// description the multipart guard enforces (OAS 3.1 section 4.8.14.4, "Special Considerations for
/// multipart Content"). Cold code.
/// </summary>
internal static class MultipartDescriptionCompiler
{
    public static MultipartFormDescription Compile(MediaTypeModel media, JsonNode root)
    {
        if (media.Schema is null)
        {
            return MultipartFormDescription.Open;
        }

        var encodings = new Dictionary<string, EncodingModel>(StringComparer.Ordinal);
        foreach (var encoding in media.Encoding)
        {
            encodings[encoding.PropertyName] = encoding;
        }

        var required = RequiredOf(SchemaInspector.Resolve(media.Schema, root));
        var fields = new List<MultipartField>();
        foreach (var (name, schema) in SchemaInspector.PropertySchemasOf(media.Schema, root))
        {
            var resolved = SchemaInspector.Resolve(schema, root);
            var types = SchemaInspector.TypesOf(schema, root);
            var repeated = types == JsonTypes.Array;
            var valueSchema = repeated ? SchemaInspector.Resolve(resolved?["items"], root) : resolved;
            var valueTypes = repeated ? SchemaInspector.ItemTypesOf(schema, root) : types;
            var kind = KindOf(valueSchema, valueTypes);
            var field = new MultipartField(name, kind)
            {
                Repeated = repeated,
                Required = required.Contains(name),
                ValueTypes = ValueTypesOf(valueTypes),
            };
            if (encodings.TryGetValue(name, out var declared) && declared.ContentType is { } contentType)
            {
                field = field with { ContentTypes = contentType.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) };
            }
            else if (kind == MultipartFieldKind.Binary)
            {
                // OAS: binary parts default to application/octet-stream, but browsers label a file
                // by its own type (image/png); with no encoding entry any type is accepted and the
                // part is treated as opaque octets.
                field = field with { ContentTypes = ["*/*"] };
            }

            fields.Add(field);
        }

        var open = SchemaInspector.ObjectTypesOf(media.Schema, root).AdditionalAllowed;
        return new MultipartFormDescription(fields, open);
    }

    private static HashSet<string> RequiredOf(JsonNode? schema)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (schema?["required"] is JsonArray list)
        {
            foreach (var item in list)
            {
                if (item is JsonValue value && value.TryGetValue(out string? name))
                {
                    names.Add(name);
                }
            }
        }

        return names;
    }

    private static MultipartFieldKind KindOf(JsonNode? schema, JsonTypes types)
    {
        if (schema is JsonObject obj)
        {
            var format = obj["format"] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
            if (format == "binary" || obj["contentMediaType"] is not null && format != "byte")
            {
                return MultipartFieldKind.Binary;
            }
        }

        return (types & (JsonTypes.Object | JsonTypes.Array)) != 0 && (types & (JsonTypes.String | JsonTypes.Number | JsonTypes.Integer | JsonTypes.Boolean)) == 0
            ? MultipartFieldKind.Json
            : MultipartFieldKind.Text;
    }

    private static MultipartValueTypes ValueTypesOf(JsonTypes types)
    {
        var result = MultipartValueTypes.None;
        if ((types & JsonTypes.String) != 0)
        {
            result |= MultipartValueTypes.String;
        }

        if ((types & JsonTypes.Number) != 0)
        {
            result |= MultipartValueTypes.Number;
        }

        if ((types & JsonTypes.Integer) != 0)
        {
            result |= MultipartValueTypes.Integer;
        }

        if ((types & JsonTypes.Boolean) != 0)
        {
            result |= MultipartValueTypes.Boolean;
        }

        return result;
    }
}
