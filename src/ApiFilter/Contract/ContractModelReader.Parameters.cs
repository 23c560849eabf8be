using System.Text.Json.Nodes;
using ApiFilter.Parameters;

namespace ApiFilter.Contract;

internal sealed partial class ContractModelReader
{
    /// <summary>A parameter object after <c>$ref</c> resolution, before it is mapped.</summary>
    private sealed record RawParameter(JsonObject Node, string Pointer, string Name, string In)
    {
        /// <summary>Identity for merging and duplicates: name and location, header names case-insensitive (RFC 9110 section 5.1).</summary>
        public string Key => In + "\n" + (In == "header" ? Name.ToLowerInvariant() : Name);
    }

    /// <summary>Reads a <c>parameters</c> list, resolving references and reporting duplicates (3.1 section 4.8.10.1: unique by name and location).</summary>
    private List<RawParameter> ReadParameterList(JsonNode? node, string pointer)
    {
        var list = new List<RawParameter>();
        if (node is null)
        {
            return list;
        }

        if (node is not JsonArray array)
        {
            Problem(pointer, "parameters must be an array");
            return list;
        }

        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            if (!TryDeref(array[i], JsonPointer.Append(pointer, i), "parameter", out var obj, out var objPointer))
            {
                continue;
            }

            if (ReadRawParameter(obj, objPointer) is not { } raw)
            {
                continue;
            }

            var name = raw.Name;
            var location = raw.In;
            if (seen.TryGetValue(raw.Key, out var first))
            {
                Problem(JsonPointer.Append(pointer, i), $"duplicate parameter '{name}' in {location} (first at {first})");
                continue;
            }

            seen.Add(raw.Key, JsonPointer.Append(pointer, i));
            list.Add(raw);
        }

        return list;
    }

    /// <summary>A resolved parameter object's name and location, or null when either is missing or unknown (reported).</summary>
    private RawParameter? ReadRawParameter(JsonObject obj, string objPointer)
    {
        var name = String(obj, "name");
        var location = String(obj, "in");
        if (name is null)
        {
            Problem(objPointer, "a parameter needs a name");
            return null;
        }

        if (location is null)
        {
            Problem(objPointer, $"parameter '{name}' needs 'in'");
            return null;
        }

        var known = _swagger2
            ? location is "path" or "query" or "header" or "body" or "formData"
            : location is "path" or "query" or "header" or "cookie";
        if (!known)
        {
            Problem(objPointer + "/in", $"parameter '{name}' has unknown location '{location}'; expected "
                + (_swagger2 ? "path, query, header, body or formData" : "path, query, header or cookie"));
            return null;
        }

        return new RawParameter(obj, objPointer, name, location);
    }

    /// <summary>Path-item parameters overridden by operation parameters of the same name and location (3.1 section 4.8.10.1).</summary>
    private static List<RawParameter> Merge(List<RawParameter> pathLevel, List<RawParameter> operationLevel)
    {
        if (pathLevel.Count == 0)
        {
            return operationLevel;
        }

        var merged = new List<RawParameter>(pathLevel.Count + operationLevel.Count);
        var overridden = new HashSet<string>(StringComparer.Ordinal);
        foreach (var parameter in operationLevel)
        {
            overridden.Add(parameter.Key);
        }

        foreach (var parameter in pathLevel)
        {
            if (!overridden.Contains(parameter.Key))
            {
                merged.Add(parameter);
            }
        }

        merged.AddRange(operationLevel);
        return merged;
    }

    /// <summary>Every template expression has an <c>in: path</c> parameter and every such parameter appears in the template (3.1 section 4.8.12.1).</summary>
    private void CheckPathParameters(string template, IReadOnlyList<string> names, List<RawParameter> parameters, string pointer)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            if (parameter.In != "path")
            {
                continue;
            }

            declared.Add(parameter.Name);
            if (!names.Contains(parameter.Name))
            {
                Problem(parameter.Pointer, $"in: path parameter '{parameter.Name}' does not appear in the path template {template}");
            }
        }

        foreach (var name in names)
        {
            if (!declared.Contains(name))
            {
                Problem(pointer, $"path template {template} has {{{name}}}, but no in: path parameter '{name}' is declared");
            }
        }
    }

    private static ParameterLocation Location(string location) => location switch
    {
        "path" => ParameterLocation.Path,
        "query" => ParameterLocation.Query,
        "header" => ParameterLocation.Header,
        _ => ParameterLocation.Cookie,
    };

    /// <summary>An OpenAPI 3.x parameter object; null when it is ignored or broken (reported).</summary>
    private ParameterDefinition? ReadParameter3(RawParameter raw)
    {
        var location = Location(raw.In);
        // 3.1 section 4.8.12.1: header parameters named Accept, Content-Type or Authorization SHALL be
        // ignored; those headers are governed by content negotiation and security schemes instead
        if (location == ParameterLocation.Header
            && (raw.Name.Equals("Accept", StringComparison.OrdinalIgnoreCase)
                || raw.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
                || raw.Name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var node = raw.Node;
        // 3.1 section 4.8.12.2: allowReserved "only applies to parameters with an in value of query";
        // the 3.1 schema refuses it elsewhere. Honouring it on a path or header would let reserved
        // characters through where the contract's author cannot have meant to
        if (location != ParameterLocation.Query && node.ContainsKey("allowReserved"))
        {
            Problem(raw.Pointer + "/allowReserved", AllowReservedOnlyForQuery);
        }

        CheckExampleFields(node, raw.Pointer);
        var definition = new ParameterDefinition(raw.Name, location);
        var style = definition.Style;
        if (String(node, "style") is { } styleText)
        {
            if (ParseStyle(styleText) is not { } parsed)
            {
                Problem(raw.Pointer + "/style", $"parameter '{raw.Name}' has unknown style '{styleText}'");
                return null;
            }

            if (!StyleAllowed(parsed, location))
            {
                Problem(raw.Pointer + "/style", $"style '{styleText}' is not allowed for an in: {raw.In} parameter (allowed: {AllowedStyles(location)})");
                return null;
            }

            style = parsed;
        }

        JsonNode? schema = null;
        var schemaPointer = "";
        string? contentType = null;
        var hasSchema = node.TryGetPropertyValue("schema", out var schemaNode);
        var hasContent = node.TryGetPropertyValue("content", out var contentNode);
        if (hasSchema && hasContent)
        {
            Problem(raw.Pointer, $"parameter '{raw.Name}' declares both schema and content; it must declare one");
            return null;
        }

        if (hasSchema)
        {
            schema = schemaNode;
            schemaPointer = raw.Pointer + "/schema";
        }
        else if (hasContent)
        {
            if (contentNode is not JsonObject content || content.Count != 1)
            {
                Problem(raw.Pointer + "/content", $"the content of parameter '{raw.Name}' must have exactly one media type");
                return null;
            }

            var (mediaType, entry) = content.First();
            var entryPointer = JsonPointer.Append(raw.Pointer + "/content", mediaType);
            if (!MediaRange.TryParse(mediaType, out _, out _))
            {
                Problem(entryPointer, $"media type '{mediaType}' does not parse as type/subtype (RFC 9110 section 8.3.1)");
                return null;
            }

            contentType = mediaType;
            if (entry is JsonObject entryObject && entryObject.TryGetPropertyValue("schema", out var contentSchema))
            {
                schema = contentSchema;
                schemaPointer = entryPointer + "/schema";
            }
        }
        else
        {
            Problem(raw.Pointer, $"parameter '{raw.Name}' declares neither schema nor content; it must declare one");
            return null;
        }

        return definition with
        {
            Style = style,
            Explode = Bool(node, "explode", raw.Pointer) ?? style == ParameterStyle.Form,
            Required = location == ParameterLocation.Path || (Bool(node, "required", raw.Pointer) ?? false),
            AllowEmptyValue = Bool(node, "allowEmptyValue", raw.Pointer) ?? false,
            AllowReserved = Bool(node, "allowReserved", raw.Pointer) ?? false,
            Schema = schema,
            SchemaPointer = schemaPointer,
            ContentMediaType = contentType,
            Pointer = raw.Pointer,
            Extensions = Extensions(node),
        };
    }

    private static ParameterStyle? ParseStyle(string style) => style switch
    {
        "simple" => ParameterStyle.Simple,
        "label" => ParameterStyle.Label,
        "matrix" => ParameterStyle.Matrix,
        "form" => ParameterStyle.Form,
        "spaceDelimited" => ParameterStyle.SpaceDelimited,
        "pipeDelimited" => ParameterStyle.PipeDelimited,
        "deepObject" => ParameterStyle.DeepObject,
        _ => null,
    };

    /// <summary>The style table of OpenAPI 3.1 section 4.8.12.4 (the same in 3.0.3 section 4.7.12.4).</summary>
    private static bool StyleAllowed(ParameterStyle style, ParameterLocation location) => style switch
    {
        ParameterStyle.Matrix or ParameterStyle.Label => location == ParameterLocation.Path,
        ParameterStyle.Simple => location is ParameterLocation.Path or ParameterLocation.Header,
        ParameterStyle.Form => location is ParameterLocation.Query or ParameterLocation.Cookie,
        ParameterStyle.SpaceDelimited or ParameterStyle.PipeDelimited or ParameterStyle.DeepObject => location == ParameterLocation.Query,
        _ => false,
    };

    private static string AllowedStyles(ParameterLocation location) => location switch
    {
        ParameterLocation.Path => "simple, label, matrix",
        ParameterLocation.Query => "form, spaceDelimited, pipeDelimited, deepObject",
        ParameterLocation.Header => "simple",
        _ => "form",
    };

    /// <summary>
    /// Swagger 2.0 parameters: path/query/header mapped to 3.x definitions with a synthesized schema;
    /// the body parameter and formData parameters become the request body.
    /// </summary>
    private (IReadOnlyList<ParameterDefinition> Parameters, RequestBodyModel? Body) Swagger2Parameters(
        List<RawParameter> merged, JsonObject operation, string pointer)
    {
        var parameters = new List<ParameterDefinition>();
        RawParameter? body = null;
        var form = new List<RawParameter>();
        foreach (var raw in merged)
        {
            switch (raw.In)
            {
                case "body":
                    if (body is not null)
                    {
                        Problem(raw.Pointer, $"a second in: body parameter '{raw.Name}'; an operation has at most one body (Swagger 2.0 Parameter Object)");
                        continue;
                    }

                    if (!raw.Node.ContainsKey("schema"))
                    {
                        Problem(raw.Pointer, $"in: body parameter '{raw.Name}' has no schema");
                        continue;
                    }

                    body = raw;
                    break;
                case "formData":
                    if (Swagger2Schema(raw, isFormData: true) is not null)
                    {
                        form.Add(raw);
                    }

                    break;
                default:
                    if (Swagger2Parameter(raw) is { } parameter)
                    {
                        parameters.Add(parameter);
                    }

                    break;
            }
        }

        if (body is not null && form.Count > 0)
        {
            Problem(pointer + "/parameters", "in: body and in: formData parameters cannot both be declared for one operation (Swagger 2.0 Parameter Object)");
            return (parameters, null);
        }

        if (body is not null)
        {
            return (parameters, Swagger2Body(body, operation, pointer));
        }

        return (parameters, form.Count > 0 ? Swagger2Form(form, operation, pointer) : null);
    }

    private ParameterDefinition? Swagger2Parameter(RawParameter raw)
    {
        var schema = Swagger2Schema(raw, isFormData: false);
        if (schema is null)
        {
            return null;
        }

        var location = Location(raw.In);
        var definition = new ParameterDefinition(raw.Name, location);
        var style = definition.Style;
        var explode = definition.Explode;
        if (String(raw.Node, "type") == "array" && Swagger2CollectionFormat(raw, location) is { } format)
        {
            (style, explode) = format;
        }

        return definition with
        {
            Style = style,
            Explode = explode,
            Required = location == ParameterLocation.Path || (Bool(raw.Node, "required", raw.Pointer) ?? false),
            AllowEmptyValue = Bool(raw.Node, "allowEmptyValue", raw.Pointer) ?? false,
            Schema = schema,
            // the synthesized schema's keywords sit on the parameter object itself
            SchemaPointer = raw.Pointer,
            Pointer = raw.Pointer,
            Extensions = Extensions(raw.Node),
        };
    }

    /// <summary>
    /// Swagger 2.0 <c>collectionFormat</c> (default csv) as a 3.x style: csv is <c>simple</c> in
    /// path and header and non-exploded <c>form</c> in query and form data; multi is exploded
    /// <c>form</c>, allowed only in query and form data.
    /// </summary>
    private (ParameterStyle Style, bool Explode)? Swagger2CollectionFormat(RawParameter raw, ParameterLocation? location)
    {
        var format = String(raw.Node, "collectionFormat") ?? "csv";
        var inQueryOrForm = location is null or ParameterLocation.Query;
        switch (format)
        {
            case "csv":
                return inQueryOrForm ? (ParameterStyle.Form, false) : (ParameterStyle.Simple, false);
            case "ssv":
                return (ParameterStyle.SpaceDelimited, false);
            case "tsv":
                return (ParameterStyle.TabDelimited, false);
            case "pipes":
                return (ParameterStyle.PipeDelimited, false);
            case "multi":
                if (!inQueryOrForm)
                {
                    Problem(raw.Pointer + "/collectionFormat", $"collectionFormat multi is only valid for in: query or formData, not in: {raw.In}");
                    return null;
                }

                return (ParameterStyle.Form, true);
            default:
                Problem(raw.Pointer + "/collectionFormat", $"unknown collectionFormat '{format}'; expected csv, ssv, tsv, pipes or multi");
                return null;
        }
    }

    /// <summary>Keywords a Swagger 2.0 parameter, items or header object shares with JSON Schema (Swagger 2.0 Parameter Object fixed fields).</summary>
    private static readonly string[] Swagger2SchemaKeywords =
    [
        "format", "default", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength",
        "pattern", "maxItems", "minItems", "uniqueItems", "enum", "multipleOf",
    ];

    /// <summary>
    /// The JSON Schema a Swagger 2.0 non-body parameter (or header) describes with its own keywords;
    /// <c>type: file</c> (form data only) is a binary string. Null when broken (reported).
    /// </summary>
    private JsonObject? Swagger2Schema(RawParameter raw, bool isFormData)
    {
        var type = String(raw.Node, "type");
        if (type is null)
        {
            Problem(raw.Pointer, $"parameter '{raw.Name}' has no type (required for a Swagger 2.0 non-body parameter)");
            return null;
        }

        if (type == "file" && !isFormData)
        {
            Problem(raw.Pointer + "/type", $"type: file is only valid for in: formData, not for in: {raw.In}");
            return null;
        }

        return Swagger2Schema(raw.Node);
    }

    private static JsonObject Swagger2Schema(JsonObject source)
    {
        var schema = new JsonObject();
        var type = String(source, "type");
        if (type == "file")
        {
            schema["type"] = "string";
            schema["format"] = "binary";
            return schema;
        }

        if (source.TryGetPropertyValue("type", out var typeNode))
        {
            schema["type"] = typeNode?.DeepClone();
        }

        foreach (var keyword in Swagger2SchemaKeywords)
        {
            if (source.TryGetPropertyValue(keyword, out var value))
            {
                schema[keyword] = value?.DeepClone();
            }
        }

        if (source.TryGetPropertyValue("items", out var items))
        {
            // an Items Object has the same keywords; a $ref there (not allowed by 2.0, common in practice) names a schema
            schema["items"] = items is JsonObject itemsObject && !itemsObject.ContainsKey("$ref")
                ? Swagger2Schema(itemsObject)
                : items?.DeepClone();
        }

        return schema;
    }
}
