using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace ApiFilter.Contract;

internal sealed partial class ContractModelReader
{
    /// <summary>
    /// Resolves every reusable component that is not a schema, whether used or not, so a broken or
    /// cyclic <c>$ref</c> among them is reported even when no operation reaches it.
    /// </summary>
    private void CheckComponents(JsonObject document)
    {
        if (_swagger2)
        {
            CheckSection(document["parameters"], "/parameters", "parameter");
            CheckSection(document["responses"], "/responses", "response");
            return;
        }

        if (document["components"] is not JsonObject components)
        {
            return;
        }

        CheckSection(components["parameters"], "/components/parameters", "parameter");
        CheckSection(components["responses"], "/components/responses", "response");
        CheckSection(components["requestBodies"], "/components/requestBodies", "request body");
        CheckSection(components["headers"], "/components/headers", "header");
        CheckSection(components["pathItems"], "/components/pathItems", "path item");
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
