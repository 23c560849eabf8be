using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace ApiFilter.Contract;

/// <summary>
/// Structural rules of the OpenAPI Specification that the reader does not check and whose breach
/// leaves the author's intent unclear: the contract is refused rather than enforced by a guess.
/// </summary>
internal sealed partial class ContractModelReader
{
    private const string AllowReservedOnlyForQuery = "allowReserved is only defined for in: query parameters (3.1 section 4.8.12.2)";

    /// <summary>
    /// 3.1 section 4.8.1: the OpenAPI Object needs at least one of <c>paths</c>, <c>components</c>
    /// or <c>webhooks</c>; without any it describes nothing, which is a broken file rather than an
    /// API that allows nothing.
    /// </summary>
    private void CheckContainers(JsonObject document)
    {
        if (_version == OpenApiSpecVersion.OpenApi3_1
            && !document.ContainsKey("paths") && !document.ContainsKey("components") && !document.ContainsKey("webhooks"))
        {
            Problem("", "an OpenAPI 3.1 document needs at least one of paths, components or webhooks (3.1 section 4.8.1)");
        }
    }

    /// <summary>
    /// <c>example</c> and <c>examples</c> are mutually exclusive on Parameter, Header and Media
    /// Type Objects (3.1 sections 4.8.12.4 and 4.8.14.1).
    /// </summary>
    private void CheckExampleFields(JsonObject obj, string pointer)
    {
        if (!_swagger2 && obj.ContainsKey("example") && obj.ContainsKey("examples"))
        {
            Problem(pointer, "'example' and 'examples' are mutually exclusive (3.1 section 4.8.12.4)");
        }
    }

    /// <summary>
    /// Every named schema is a schema: an object, or in 3.1 (JSON Schema 2020-12 section 4.3.2) a
    /// boolean. Checked whether or not an operation uses it, like the other components.
    /// </summary>
    private void CheckSchemaComponents(JsonObject document)
    {
        var (node, pointer) = _swagger2
            ? (document["definitions"], "/definitions")
            : ((document["components"] as JsonObject)?["schemas"], "/components/schemas");
        if (node is null)
        {
            return;
        }

        if (node is not JsonObject schemas)
        {
            Problem(pointer, $"{(_swagger2 ? "definitions" : "schemas")} must be an object");
            return;
        }

        foreach (var (name, schema) in schemas)
        {
            var isBoolean = schema is JsonValue value && value.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False;
            if (schema is JsonObject || (isBoolean && _version == OpenApiSpecVersion.OpenApi3_1))
            {
                continue;
            }

            Problem(JsonPointer.Append(pointer, name), _version == OpenApiSpecVersion.OpenApi3_1
                ? $"a schema must be an object or a boolean, found {Describe(schema)}"
                : $"a schema must be an object, found {Describe(schema)}");
        }
    }

    /// <summary>
    /// A Server Variable Object (3.1 section 4.8.6.1): an <c>enum</c> "MUST NOT be empty", and in
    /// 3.1 the <c>default</c> "MUST exist in the enum's values" (3.0 says SHOULD). The variables
    /// decide which base paths are routed, so a contradictory definition is refused.
    /// </summary>
    private void CheckServerVariables(JsonNode? node, string pointer)
    {
        if (node is null)
        {
            return;
        }

        if (node is not JsonObject variables)
        {
            Problem(pointer, "server variables must be an object");
            return;
        }

        foreach (var (name, value) in variables)
        {
            var variablePointer = JsonPointer.Append(pointer, name);
            if (value is not JsonObject variable)
            {
                Problem(variablePointer, $"server variable '{name}' must be an object");
                continue;
            }

            if (String(variable, "default") is not { } fallback)
            {
                Problem(variablePointer, $"server variable '{name}' needs a string default");
                continue;
            }

            switch (variable["enum"])
            {
                case null:
                    break;
                case JsonArray values when values.Count == 0:
                    Problem(variablePointer + "/enum", "a server variable's enum must not be empty");
                    break;
                case JsonArray values:
                    var found = false;
                    foreach (var entry in values)
                    {
                        if (entry is not JsonValue text || !text.TryGetValue<string>(out var option))
                        {
                            Problem(variablePointer + "/enum", $"the enum of server variable '{name}' must hold strings only");
                            found = true;
                            break;
                        }

                        found |= option == fallback;
                    }

                    if (!found && _version == OpenApiSpecVersion.OpenApi3_1)
                    {
                        Problem(variablePointer + "/default", $"the default '{fallback}' of server variable '{name}' is not one of its enum values");
                    }

                    break;
                default:
                    Problem(variablePointer + "/enum", $"the enum of server variable '{name}' must be an array");
                    break;
            }
        }
    }
}
