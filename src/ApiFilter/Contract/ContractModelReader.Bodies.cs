using System.Globalization;
using System.Text.Json.Nodes;
using ApiFilter.Parameters;

namespace ApiFilter.Contract;

internal sealed partial class ContractModelReader
{
    private const string FormUrlEncoded = "application/x-www-form-urlencoded";
    private const string MultipartFormData = "multipart/form-data";

    /// <summary>An OpenAPI 3.x Request Body Object (3.1 section 4.8.13), possibly a <c>$ref</c> to components/requestBodies.</summary>
    private RequestBodyModel? ReadRequestBody(JsonNode node, string pointer)
    {
        if (!TryDeref(node, pointer, "request body", out var body, out var bodyPointer))
        {
            return null;
        }

        if (!body.TryGetPropertyValue("content", out var content) || content is null)
        {
            Problem(bodyPointer, "a request body needs content");
            return null;
        }

        return new RequestBodyModel
        {
            Required = Bool(body, "required", bodyPointer) ?? false,
            Content = ReadContent(content, bodyPointer + "/content", withEncoding: true),
            Pointer = bodyPointer,
        };
    }

    /// <summary>A <c>content</c> map: media range → Media Type Object (3.1 section 4.8.14).</summary>
    private List<MediaTypeModel> ReadContent(JsonNode? node, string pointer, bool withEncoding)
    {
        var list = new List<MediaTypeModel>();
        if (node is null)
        {
            return list;
        }

        if (node is not JsonObject content)
        {
            Problem(pointer, "content must be an object");
            return list;
        }

        foreach (var (range, value) in content)
        {
            var entryPointer = JsonPointer.Append(pointer, range);
            if (!MediaRange.TryParse(range, out var type, out var subtype))
            {
                Problem(entryPointer, $"media type '{range}' does not parse as type/subtype (RFC 9110 section 8.3.1)");
                continue;
            }

            if (value is not JsonObject mediaType)
            {
                Problem(entryPointer, $"the media type object for '{range}' must be an object");
                continue;
            }

            CheckExampleFields(mediaType, entryPointer);
            var encoding = new List<EncodingModel>();
            if (withEncoding && mediaType.TryGetPropertyValue("encoding", out var encodingNode) && encodingNode is not null)
            {
                if (encodingNode is JsonObject encodingMap)
                {
                    foreach (var (property, entry) in encodingMap)
                    {
                        if (ReadEncoding(property, entry, JsonPointer.Append(entryPointer + "/encoding", property)) is { } model)
                        {
                            encoding.Add(model);
                        }
                    }
                }
                else
                {
                    Problem(entryPointer + "/encoding", "encoding must be an object");
                }
            }

            var hasSchema = mediaType.TryGetPropertyValue("schema", out var schema);
            list.Add(new MediaTypeModel
            {
                MediaRange = range,
                Type = type,
                Subtype = subtype,
                Schema = hasSchema ? schema : null,
                SchemaPointer = hasSchema ? entryPointer + "/schema" : "",
                Encoding = encoding,
                Pointer = entryPointer,
            });
        }

        return list;
    }

    /// <summary>An Encoding Object (3.1 section 4.8.15): style, explode and allowReserved as for query parameters.</summary>
    private EncodingModel? ReadEncoding(string property, JsonNode? node, string pointer)
    {
        if (node is not JsonObject encoding)
        {
            Problem(pointer, $"the encoding of '{property}' must be an object");
            return null;
        }

        var contentType = String(encoding, "contentType");
        if (contentType is not null)
        {
            foreach (var part in contentType.Split(','))
            {
                if (!MediaRange.TryParse(part, out _, out _))
                {
                    Problem(pointer + "/contentType", $"media type '{part.Trim()}' does not parse as type/subtype (RFC 9110 section 8.3.1)");
                }
            }
        }

        ParameterStyle? style = null;
        if (String(encoding, "style") is { } styleText)
        {
            style = ParseStyle(styleText);
            if (style is null || !StyleAllowed(style.Value, ParameterLocation.Query))
            {
                Problem(pointer + "/style", $"style '{styleText}' is not allowed in an encoding (allowed: {AllowedStyles(ParameterLocation.Query)})");
                return null;
            }
        }

        var explode = Bool(encoding, "explode", pointer);
        var allowReserved = Bool(encoding, "allowReserved", pointer);
        if (style is null && (explode is not null || allowReserved is not null))
        {
            style = ParameterStyle.Form;
        }

        return new EncodingModel
        {
            PropertyName = property,
            ContentType = contentType,
            Style = style,
            Explode = explode ?? style is null or ParameterStyle.Form,
            AllowReserved = allowReserved ?? false,
            Headers = ReadHeaders(encoding["headers"], pointer + "/headers"),
            Pointer = pointer,
        };
    }

    /// <summary>A <c>headers</c> map of a response or an encoding; <c>Content-Type</c> is ignored in 3.x (3.1 sections 4.8.15.1 and 4.8.17.1).</summary>
    private List<HeaderModel> ReadHeaders(JsonNode? node, string pointer)
    {
        var list = new List<HeaderModel>();
        if (node is null)
        {
            return list;
        }

        if (node is not JsonObject headers)
        {
            Problem(pointer, "headers must be an object");
            return list;
        }

        foreach (var (name, value) in headers)
        {
            if (!_swagger2 && name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!TryDeref(value, JsonPointer.Append(pointer, name), "header", out var header, out var headerPointer))
            {
                continue;
            }

            if (ReadHeader(name, header, headerPointer) is { } model)
            {
                list.Add(model);
            }
        }

        return list;
    }

    /// <summary>One resolved Header Object (3.1 section 4.8.21; Swagger 2.0 Header Object); null when it is broken (reported).</summary>
    private HeaderModel? ReadHeader(string name, JsonObject header, string headerPointer)
    {
        if (_swagger2)
        {
            return new HeaderModel
            {
                Name = name,
                Schema = Swagger2Schema(header),
                SchemaPointer = headerPointer,
                Pointer = headerPointer,
            };
        }

        // 3.1 section 4.8.21.1: a header follows the Parameter Object less name and in, with
        // style simple; allowReserved is a query-only field (section 4.8.12.2)
        if (header.ContainsKey("allowReserved"))
        {
            Problem(headerPointer + "/allowReserved", AllowReservedOnlyForQuery);
        }

        CheckExampleFields(header, headerPointer);
        if (String(header, "style") is { } style && style != "simple")
        {
            Problem(headerPointer + "/style", $"header '{name}' has style '{style}'; headers use simple");
            return null;
        }

        JsonNode? schema = null;
        var schemaPointer = "";
        string? contentType = null;
        if (header.TryGetPropertyValue("schema", out var schemaNode))
        {
            schema = schemaNode;
            schemaPointer = headerPointer + "/schema";
        }
        else if (header.TryGetPropertyValue("content", out var contentNode))
        {
            var content = ReadContent(contentNode, headerPointer + "/content", withEncoding: false);
            if (content.Count != 1)
            {
                Problem(headerPointer + "/content", $"the content of header '{name}' must have exactly one media type");
                return null;
            }

            contentType = content[0].MediaRange;
            schema = content[0].Schema;
            schemaPointer = content[0].SchemaPointer;
        }

        return new HeaderModel
        {
            Name = name,
            Required = Bool(header, "required", headerPointer) ?? false,
            Explode = Bool(header, "explode", headerPointer) ?? false,
            Schema = schema,
            SchemaPointer = schemaPointer,
            ContentMediaType = contentType,
            Pointer = headerPointer,
        };
    }

    /// <summary>The Responses Object of an operation (3.1 section 4.8.16; Swagger 2.0 Responses Object).</summary>
    private List<ResponseModel> ReadResponses(JsonObject operation, string operationPointer)
    {
        var list = new List<ResponseModel>();
        var pointer = operationPointer + "/responses";
        switch (operation["responses"])
        {
            case null:
                return list;
            case JsonObject responses:
                foreach (var (key, value) in responses)
                {
                    if (key.StartsWith("x-", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var entryPointer = JsonPointer.Append(pointer, key);
                    if (!TryParseStatus(key, out var kind, out var code))
                    {
                        Problem(entryPointer, $"response key '{key}' is not a status code (100-599), a range 1XX-5XX or default");
                        continue;
                    }

                    if (!TryDeref(value, entryPointer, "response", out var response, out var responsePointer))
                    {
                        continue;
                    }

                    list.Add(new ResponseModel
                    {
                        StatusKey = key,
                        Kind = kind,
                        Code = code,
                        Description = String(response, "description") ?? "",
                        Headers = ReadHeaders(response["headers"], responsePointer + "/headers"),
                        Content = _swagger2
                            ? Swagger2ResponseContent(response, responsePointer, operation, operationPointer)
                            : ReadContent(response["content"], responsePointer + "/content", withEncoding: false),
                        Pointer = responsePointer,
                    });
                }

                return list;
            default:
                Problem(pointer, "responses must be an object");
                return list;
        }
    }

    /// <summary><c>200</c>…, <c>1XX</c>–<c>5XX</c> (3.1 section 4.8.16.2 names the upper-case X; lower case is read the same), or <c>default</c>.</summary>
    private static bool TryParseStatus(string key, out ResponseStatusKind kind, out int code)
    {
        kind = ResponseStatusKind.Default;
        code = 0;
        if (key == "default")
        {
            return true;
        }

        if (key.Length != 3 || key[0] is < '1' or > '5')
        {
            return false;
        }

        if (key[1] is 'X' or 'x' && key[2] is 'X' or 'x')
        {
            kind = ResponseStatusKind.Range;
            code = key[0] - '0';
            return true;
        }

        if (char.IsAsciiDigit(key[1]) && char.IsAsciiDigit(key[2]))
        {
            kind = ResponseStatusKind.Exact;
            code = int.Parse(key, NumberStyles.None, CultureInfo.InvariantCulture);
            return true;
        }

        return false;
    }

    /// <summary>Swagger 2.0: a response's <c>schema</c> applies to every type the operation (else the document) <c>produces</c>.</summary>
    private List<MediaTypeModel> Swagger2ResponseContent(JsonObject response, string responsePointer, JsonObject operation, string operationPointer)
    {
        var list = new List<MediaTypeModel>();
        if (!response.TryGetPropertyValue("schema", out var schema))
        {
            return list;
        }

        foreach (var (range, type, subtype, pointer) in Swagger2MediaTypes(operation, operationPointer, "produces"))
        {
            list.Add(new MediaTypeModel
            {
                MediaRange = range,
                Type = type,
                Subtype = subtype,
                Schema = schema,
                SchemaPointer = responsePointer + "/schema",
                Pointer = pointer,
            });
        }

        return list;
    }

    /// <summary>
    /// Swagger 2.0 <c>consumes</c> or <c>produces</c>: the operation's list overrides the document's;
    /// with neither, <c>application/json</c> (the pointer is then the operation's).
    /// </summary>
    private List<(string Range, string Type, string Subtype, string Pointer)> Swagger2MediaTypes(JsonObject operation, string operationPointer, string key)
    {
        var (node, pointer) = operation[key] is JsonArray { Count: > 0 } own
            ? (own, JsonPointer.Append(operationPointer, key))
            : (_root[key] as JsonArray, "/" + key);
        var list = new List<(string, string, string, string)>();
        if (node is null || node.Count == 0)
        {
            list.Add(("application/json", "application", "json", operationPointer));
            return list;
        }

        for (var i = 0; i < node.Count; i++)
        {
            var entryPointer = JsonPointer.Append(pointer, i);
            if (node[i] is not JsonValue value || !value.TryGetValue<string>(out var range))
            {
                Problem(entryPointer, $"{key} entries must be strings");
                continue;
            }

            if (!MediaRange.TryParse(range, out var type, out var subtype))
            {
                Problem(entryPointer, $"media type '{range}' does not parse as type/subtype (RFC 9110 section 8.3.1)");
                continue;
            }

            list.Add((range, type, subtype, entryPointer));
        }

        return list;
    }

    /// <summary>Swagger 2.0 <c>in: body</c>: its schema for every type the operation (else the document) <c>consumes</c>.</summary>
    private RequestBodyModel Swagger2Body(RawParameter body, JsonObject operation, string operationPointer)
    {
        var content = new List<MediaTypeModel>();
        foreach (var (range, type, subtype, pointer) in Swagger2MediaTypes(operation, operationPointer, "consumes"))
        {
            content.Add(new MediaTypeModel
            {
                MediaRange = range,
                Type = type,
                Subtype = subtype,
                Schema = body.Node["schema"],
                SchemaPointer = body.Pointer + "/schema",
                Pointer = pointer,
            });
        }

        return new RequestBodyModel
        {
            Required = Bool(body.Node, "required", body.Pointer) ?? false,
            Content = content,
            Pointer = body.Pointer,
        };
    }

    /// <summary>
    /// Swagger 2.0 <c>in: formData</c> parameters as one object schema (each field's own keywords
    /// as its property schema, <c>type: file</c> a binary string) for the form types the operation
    /// consumes; without either form type declared, multipart when a field is a file, else
    /// URL-encoded. Array fields carry their <c>collectionFormat</c> as an encoding entry.
    /// </summary>
    private RequestBodyModel Swagger2Form(List<RawParameter> fields, JsonObject operation, string operationPointer)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        var encoding = new List<EncodingModel>();
        var hasFile = false;
        foreach (var field in fields)
        {
            properties[field.Name] = Swagger2Schema(field.Node);
            hasFile |= String(field.Node, "type") == "file";
            if (Bool(field.Node, "required", field.Pointer) == true)
            {
                required.Add((JsonNode)JsonValue.Create(field.Name));
            }

            if (String(field.Node, "type") == "array" && Swagger2CollectionFormat(field, location: null) is { } format)
            {
                encoding.Add(new EncodingModel
                {
                    PropertyName = field.Name,
                    Style = format.Style,
                    Explode = format.Explode,
                    Pointer = field.Pointer,
                });
            }
        }

        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (required.Count > 0)
        {
            schema["required"] = required;
        }

        var schemaPointer = operationPointer + "/parameters";
        var content = new List<MediaTypeModel>();
        foreach (var (range, type, subtype, pointer) in Swagger2MediaTypes(operation, operationPointer, "consumes"))
        {
            var essence = type + "/" + subtype;
            if (essence is FormUrlEncoded or MultipartFormData)
            {
                content.Add(FormMediaType(range, type, subtype, schema, schemaPointer, essence == FormUrlEncoded ? encoding : [], pointer));
            }
        }

        if (content.Count == 0)
        {
            content.Add(hasFile
                ? FormMediaType(MultipartFormData, "multipart", "form-data", schema, schemaPointer, [], schemaPointer)
                : FormMediaType(FormUrlEncoded, "application", "x-www-form-urlencoded", schema, schemaPointer, encoding, schemaPointer));
        }

        return new RequestBodyModel { Required = required.Count > 0, Content = content, Pointer = schemaPointer };
    }

    private static MediaTypeModel FormMediaType(string range, string type, string subtype, JsonObject schema, string schemaPointer,
        List<EncodingModel> encoding, string pointer) => new()
    {
        MediaRange = range,
        Type = type,
        Subtype = subtype,
        Schema = schema,
        SchemaPointer = schemaPointer,
        Encoding = encoding,
        Pointer = pointer,
    };
}
