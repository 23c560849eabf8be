using ApiFilter.Schema;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApiFilter.Parameters;
using Microsoft.OpenApi;

namespace ApiFilter.Contract;

/// <summary>
/// The work behind <see cref="ContractModelBuilder"/>: one pass over the document, collecting
/// problems instead of stopping at the first. Split by subject into partial files (operations and
/// paths here; parameters, bodies and responses, security and servers, reference checks).
/// </summary>
internal sealed partial class ContractModelReader
{
    /// <summary>OpenAPI 3.x Path Item Object fixed fields naming operations (3.1 section 4.8.9.1).</summary>
    private static readonly string[] Methods3 = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    /// <summary>Swagger 2.0 Path Item Object operation fields (no <c>trace</c>).</summary>
    private static readonly string[] Methods2 = ["get", "put", "post", "delete", "options", "head", "patch"];

    private readonly JsonNode _root;
    private readonly OpenApiSpecVersion _version;
    private readonly string _fileName;
    private readonly bool _swagger2;
    private readonly List<ContractProblem> _problems = [];
    private readonly HashSet<(string Pointer, string Message)> _reported = [];
    private Dictionary<string, SecuritySchemeModel> _schemes = new(StringComparer.Ordinal);

    public ContractModelReader(JsonNode root, OpenApiSpecVersion version, string fileName)
    {
        _root = root;
        _version = version;
        _fileName = fileName;
        _swagger2 = version == OpenApiSpecVersion.OpenApi2_0;
    }

    public ContractModel Read()
    {
        if (_version is not (OpenApiSpecVersion.OpenApi2_0 or OpenApiSpecVersion.OpenApi3_0 or OpenApiSpecVersion.OpenApi3_1))
        {
            throw new ContractLoadException([new ContractProblem(_fileName, "", $"OpenAPI version {_version} is not supported")]);
        }

        if (_root is not JsonObject document)
        {
            throw new ContractLoadException([new ContractProblem(_fileName, "", "the document is not a JSON object")]);
        }

        _schemes = ReadSecuritySchemes(document);
        var rootSecurity = document.TryGetPropertyValue("security", out var securityNode) && securityNode is not null
            ? ReadSecurity(securityNode, "/security")
            : [];
        var rootBases = _swagger2 ? Swagger2BasePath(document) : ServerBasePaths(document["servers"], "/servers", [""]);
        var operations = new List<OperationModel>();
        var shapes = new Dictionary<string, (string Template, string Pointer)>(StringComparer.Ordinal);

        switch (document["paths"])
        {
            case JsonObject paths:
                foreach (var (template, itemNode) in paths)
                {
                    if (template.StartsWith("x-", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    ReadPathItem(template, itemNode, rootBases, rootSecurity, operations, shapes);
                }

                break;
            case null:
                break;
            default:
                Problem("/paths", "paths must be an object");
                break;
        }

        CheckContainers(document);
        CheckComponents(document);
        CheckReferences(_root, "", parentKey: null);

        if (_problems.Count > 0)
        {
            throw new ContractLoadException(_problems);
        }

        return new ContractModel
        {
            FileName = _fileName,
            SpecVersion = _version,
            Dialect = _version switch
            {
                OpenApiSpecVersion.OpenApi2_0 => SchemaDialect.Swagger20,
                OpenApiSpecVersion.OpenApi3_0 => SchemaDialect.OpenApi30,
                _ => SchemaDialect.OpenApi31,
            },
            JsonSchemaDialect = _version == OpenApiSpecVersion.OpenApi3_1 ? String(document, "jsonSchemaDialect") : null,
            Root = _root,
            BasePaths = rootBases,
            Operations = operations,
            SecuritySchemes = _schemes,
            Extensions = Extensions(document),
        };
    }

    private void ReadPathItem(string template, JsonNode? itemNode, IReadOnlyList<string> rootBases,
        IReadOnlyList<SecurityRequirement> rootSecurity, List<OperationModel> operations,
        Dictionary<string, (string Template, string Pointer)> shapes)
    {
        var writtenPointer = JsonPointer.Append("/paths", template);
        // a 3.1 path item may be a $ref (to components/pathItems); fields beside it have undefined
        // behaviour (3.1 section 4.8.9.1), so the target alone is read
        if (!TryDeref(itemNode, writtenPointer, "path item", out var item, out var itemPointer))
        {
            return;
        }

        var names = ParseTemplate(template, writtenPointer);
        var pathExtensions = Extensions(item);
        var pathParameters = ReadParameterList(item["parameters"], itemPointer + "/parameters");
        var pathBases = _swagger2 || item["servers"] is null
            ? rootBases
            : ServerBasePaths(item["servers"], itemPointer + "/servers", rootBases);

        foreach (var method in _swagger2 ? Methods2 : Methods3)
        {
            if (!item.TryGetPropertyValue(method, out var operationNode) || operationNode is null)
            {
                continue;
            }

            var operationPointer = JsonPointer.Append(itemPointer, method);
            if (operationNode is not JsonObject operation)
            {
                Problem(operationPointer, "an operation must be an object");
                continue;
            }

            var model = ReadOperation(method.ToUpperInvariant(), template, names, operation, operationPointer,
                pathParameters, pathBases, rootSecurity, pathExtensions);
            operations.Add(model);

            if (names is not null)
            {
                var shape = model.Method + " " + Shape(template);
                if (shapes.TryGetValue(shape, out var other))
                {
                    if (!string.Equals(other.Template, template, StringComparison.Ordinal))
                    {
                        Problem(operationPointer,
                            $"{model.Method} {template} and {model.Method} {other.Template} ({other.Pointer}) differ only in parameter names, so no request can tell them apart");
                    }
                }
                else
                {
                    shapes.Add(shape, (template, operationPointer));
                }
            }
        }
    }

    private OperationModel ReadOperation(string method, string template, IReadOnlyList<string>? names, JsonObject operation,
        string pointer, List<RawParameter> pathParameters, IReadOnlyList<string> pathBases,
        IReadOnlyList<SecurityRequirement> rootSecurity, IReadOnlyDictionary<string, JsonNode?> pathExtensions)
    {
        var operationParameters = ReadParameterList(operation["parameters"], pointer + "/parameters");
        var merged = Merge(pathParameters, operationParameters);
        if (names is not null)
        {
            CheckPathParameters(template, names, merged, pointer);
        }

        IReadOnlyList<ParameterDefinition> parameters;
        RequestBodyModel? body;
        if (_swagger2)
        {
            (parameters, body) = Swagger2Parameters(merged, operation, pointer);
        }
        else
        {
            var list = new List<ParameterDefinition>(merged.Count);
            foreach (var raw in merged)
            {
                if (ReadParameter3(raw) is { } parameter)
                {
                    list.Add(parameter);
                }
            }

            parameters = list;
            body = operation.TryGetPropertyValue("requestBody", out var bodyNode) && bodyNode is not null
                ? ReadRequestBody(bodyNode, pointer + "/requestBody")
                : null;
        }

        var security = operation.TryGetPropertyValue("security", out var securityNode) && securityNode is not null
            ? ReadSecurity(securityNode, pointer + "/security")
            : rootSecurity;
        var bases = _swagger2 || operation["servers"] is null
            ? pathBases
            : ServerBasePaths(operation["servers"], pointer + "/servers", pathBases);

        return new OperationModel
        {
            Method = method,
            PathTemplate = template,
            PathParameterNames = names ?? [],
            OperationId = String(operation, "operationId"),
            BasePaths = bases,
            Parameters = parameters,
            RequestBody = body,
            Responses = ReadResponses(operation, pointer),
            Security = security,
            Extensions = Extensions(operation),
            PathExtensions = pathExtensions,
            Pointer = pointer,
        };
    }

    /// <summary>
    /// The parameter names of a path template (<c>/a/{x}/b.{y}</c>), or null when the template is
    /// malformed (reported). OpenAPI 3.1 section 4.8.8: a field name begins with <c>/</c> and
    /// template expressions are delimited by curly braces.
    /// </summary>
    private List<string>? ParseTemplate(string template, string pointer)
    {
        if (!template.StartsWith('/'))
        {
            Problem(pointer, $"path template '{template}' must begin with '/'");
            return null;
        }

        var names = new List<string>();
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c == '}')
            {
                Problem(pointer, $"path template '{template}' has a '}}' without '{{' at offset {i}");
                return null;
            }

            if (c != '{')
            {
                i++;
                continue;
            }

            var end = template.IndexOf('}', i + 1);
            var name = end < 0 ? "" : template[(i + 1)..end];
            if (end < 0 || name.Length == 0 || name.AsSpan().IndexOfAny("{/") >= 0)
            {
                Problem(pointer, $"path template '{template}' has a malformed parameter expression at offset {i}");
                return null;
            }

            if (names.Contains(name))
            {
                Problem(pointer, $"path template '{template}' names parameter '{name}' twice");
                return null;
            }

            names.Add(name);
            i = end + 1;
        }

        return names;
    }

    /// <summary>The template with every parameter name removed: <c>/a/{x}</c> and <c>/a/{y}</c> share the shape <c>/a/{}</c>.</summary>
    private static string Shape(string template)
    {
        var shape = new StringBuilder(template.Length);
        var inside = false;
        foreach (var c in template)
        {
            if (c == '{')
            {
                inside = true;
                shape.Append("{}");
            }
            else if (c == '}')
            {
                inside = false;
            }
            else if (!inside)
            {
                shape.Append(c);
            }
        }

        return shape.ToString();
    }

    /// <summary>
    /// Follows local <c>$ref</c>s from <paramref name="node"/> to the object they name. Reports a
    /// reference that does not resolve, that leaves the document, or that comes back to itself
    /// (naming the cycle); returns false then.
    /// </summary>
    private bool TryDeref(JsonNode? node, string pointer, string what, out JsonObject result, out string resultPointer)
    {
        result = null!;
        resultPointer = pointer;
        var chain = new List<string>();
        var current = node;
        var currentPointer = pointer;
        while (true)
        {
            if (current is not JsonObject obj)
            {
                Problem(currentPointer, $"expected a {what} object, found {Describe(current)}");
                return false;
            }

            if (!obj.TryGetPropertyValue("$ref", out var refNode))
            {
                result = obj;
                resultPointer = currentPointer;
                return true;
            }

            if (refNode is not JsonValue refValue || !refValue.TryGetValue<string>(out var reference))
            {
                Problem(currentPointer + "/$ref", "$ref must be a string");
                return false;
            }

            var target = JsonPointer.FromLocalReference(reference);
            if (target is null)
            {
                Problem(currentPointer + "/$ref", $"$ref '{reference}' does not point into this document");
                return false;
            }

            chain.Add(currentPointer);
            var seen = chain.IndexOf(target);
            if (seen >= 0)
            {
                var cycle = string.Join(" -> ", chain.Skip(seen).Append(target));
                Problem(chain[seen] + "/$ref", $"$ref cycle: {cycle}");
                return false;
            }

            if (!JsonPointer.TryResolve(_root, target, out var next))
            {
                Problem(currentPointer + "/$ref", $"$ref '{reference}' does not resolve: nothing at {target}");
                return false;
            }

            current = next;
            currentPointer = target;
        }
    }

    private static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "an array",
        JsonObject => "an object",
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            _ => "a boolean",
        },
        _ => "a value",
    };

    /// <summary>The <c>x-apifilter-*</c> entries of an object, as written.</summary>
    private static IReadOnlyDictionary<string, JsonNode?> Extensions(JsonObject obj)
    {
        Dictionary<string, JsonNode?>? found = null;
        foreach (var (key, value) in obj)
        {
            if (key.StartsWith("x-apifilter-", StringComparison.Ordinal))
            {
                found ??= new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
                found[key] = value;
            }
        }

        return found ?? ContractModel.NoExtensions;
    }

    private static string? String(JsonObject obj, string key) =>
        obj.TryGetPropertyValue(key, out var node) && node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private bool? Bool(JsonObject obj, string key, string pointer)
    {
        if (!obj.TryGetPropertyValue(key, out var node) || node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.TryGetValue<bool>(out var flag))
        {
            return flag;
        }

        Problem(JsonPointer.Append(pointer, key), $"{key} must be true or false");
        return null;
    }

    private void Problem(string pointer, string message)
    {
        if (_reported.Add((pointer, message)))
        {
            _problems.Add(new ContractProblem(_fileName, pointer, message));
        }
    }
}
