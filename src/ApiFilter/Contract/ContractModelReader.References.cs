using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace ApiFilter.Contract;

internal sealed partial class ContractModelReader
{
    /// <summary>
    /// Resolves and checks every reusable component, whether used or not, so a broken or cyclic
    /// <c>$ref</c> or an invalid parameter, header or body among them is reported even when no
    /// operation reaches it. Problems found again through an operation are reported once.
    /// </summary>
    private void CheckComponents(JsonObject document)
    {
        CheckSchemaComponents(document);
        if (_swagger2)
        {
            CheckParameters(document["parameters"], "/parameters");
            CheckSection(document["responses"], "/responses", "response");
            return;
        }

        if (document["components"] is not JsonObject components)
        {
            return;
        }

        CheckParameters(components["parameters"], "/components/parameters");
        CheckSection(components["pathItems"], "/components/pathItems", "path item");
        if (components["headers"] is JsonObject headers)
        {
            foreach (var (name, value) in headers)
            {
                if (TryDeref(value, JsonPointer.Append("/components/headers", name), "header", out var header, out var headerPointer))
                {
                    ReadHeader(name, header, headerPointer);
                }
            }
        }

        if (components["requestBodies"] is JsonObject bodies)
        {
            foreach (var (name, value) in bodies)
            {
                ReadRequestBody(value!, JsonPointer.Append("/components/requestBodies", name));
            }
        }

        if (components["responses"] is JsonObject responses)
        {
            foreach (var (name, value) in responses)
            {
                if (TryDeref(value, JsonPointer.Append("/components/responses", name), "response", out var response, out var responsePointer))
                {
                    ReadHeaders(response["headers"], responsePointer + "/headers");
                    ReadContent(response["content"], responsePointer + "/content", withEncoding: false);
                }
            }
        }
    }

    private void CheckParameters(JsonNode? node, string pointer)
    {
        if (node is not JsonObject section)
        {
            return;
        }

        foreach (var (name, value) in section)
        {
            if (TryDeref(value, JsonPointer.Append(pointer, name), "parameter", out var obj, out var objPointer)
                && ReadRawParameter(obj, objPointer) is { } raw && !_swagger2)
            {
                ReadParameter3(raw);
            }
        }
    }

    private void CheckSection(JsonNode? node, string pointer, string what)
    {
        if (node is not JsonObject section)
        {
            return;
        }

        foreach (var (name, value) in section)
        {
            TryDeref(value, JsonPointer.Append(pointer, name), what, out _, out _);
        }
    }

    /// <summary>
    /// Every local <c>$ref</c> in the document must name something that exists. Schema references
    /// may form cycles (recursive schemas); they only have to resolve. Skipped: example and
    /// enumerated values (data, not references), extensions, and 3.1 schemas with their own
    /// <c>$id</c>, whose references resolve against that identifier.
    /// </summary>
    private void CheckReferences(JsonNode? node, string pointer, string? parentKey)
    {
        switch (node)
        {
            case JsonObject obj:
                if (_version == OpenApiSpecVersion.OpenApi3_1 && pointer.Length > 0 && obj["$id"] is JsonValue)
                {
                    return;
                }

                if (obj["$ref"] is JsonValue refValue && refValue.TryGetValue<string>(out var reference)
                    && JsonPointer.FromLocalReference(reference) is { } target && !JsonPointer.TryResolve(_root, target, out _))
                {
                    Problem(pointer + "/$ref", $"$ref '{reference}' does not resolve: nothing at {target}");
                }

                foreach (var (key, child) in obj)
                {
                    if (key is "example" or "examples" or "enum" or "const" || key.StartsWith("x-", StringComparison.Ordinal)
                        || (key == "default" && parentKey != "responses"))
                    {
                        continue;
                    }

                    if (child is JsonObject or JsonArray)
                    {
                        CheckReferences(child, JsonPointer.Append(pointer, key), key);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonObject or JsonArray)
                    {
                        CheckReferences(array[i], JsonPointer.Append(pointer, i), parentKey: null);
                    }
                }

                break;
        }
    }
}
