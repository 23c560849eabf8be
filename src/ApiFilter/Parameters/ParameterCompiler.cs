using System.Text;
using System.Text.Json.Nodes;

namespace ApiFilter.Parameters;

/// <summary>Compiles an operation's parameter declarations into an <see cref="OperationParameters"/> (cold).</summary>
public static class ParameterCompiler
{
    /// <summary>Compiles <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The operation's parameters (path-level and operation-level merged); indexes are kept.</param>
    /// <param name="documentRoot">The contract document, to resolve local <c>$ref</c>s in schemas; null when schemas have none.</param>
    /// <param name="pathTemplateParameters">The route template's parameter names in capture order (<c>RouteDefinition.ParameterNames</c>).</param>
    /// <param name="options">Limits and policy switches; <see cref="ParameterOptions.Default"/> when null.</param>
    /// <exception cref="ParameterContractException">A parameter cannot be enforced: a style its location does not allow, a path parameter the template lacks, a duplicate declaration.</exception>
    public static OperationParameters Compile(
        IReadOnlyList<ParameterDefinition> parameters,
        JsonNode? documentRoot,
        IReadOnlyList<string>? pathTemplateParameters = null,
        ParameterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        options ??= ParameterOptions.Default;
        options.Validate();
        var compiled = new CompiledParameter[parameters.Count];
        int pathSeen = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            ParameterDefinition definition = parameters[i] ?? throw new ArgumentException("A parameter definition is null.", nameof(parameters));
            for (int j = 0; j < i; j++)
            {
                ParameterDefinition other = parameters[j];
                bool sameName = definition.Location == ParameterLocation.Header
                    ? string.Equals(other.Name, definition.Name, StringComparison.OrdinalIgnoreCase)
                    : string.Equals(other.Name, definition.Name, StringComparison.Ordinal);
                if (other.Location == definition.Location && sameName)
                {
                    throw new ParameterContractException(definition.Pointer, $"Parameter '{definition.Name}' in {LocationName(definition.Location)} is declared twice.");
                }
            }

            compiled[i] = CompileOne(i, definition, documentRoot, pathTemplateParameters, definition.Location == ParameterLocation.Path ? pathSeen++ : -1);
        }

        return new OperationParameters(compiled, parameters, options);
    }

    internal static CompiledParameter CompileOne(int index, ParameterDefinition definition, JsonNode? root, IReadOnlyList<string>? pathNames, int pathOrdinal)
    {
        ParameterStyle style = definition.Style;
        bool styleFits = definition.Location switch
        {
            ParameterLocation.Path => style is ParameterStyle.Simple or ParameterStyle.Label or ParameterStyle.Matrix,
            ParameterLocation.Query => style is ParameterStyle.Form or ParameterStyle.SpaceDelimited or ParameterStyle.PipeDelimited
                or ParameterStyle.DeepObject or ParameterStyle.TabDelimited,
            ParameterLocation.Header => style is ParameterStyle.Simple,
            _ => style is ParameterStyle.Form,
        };
        if (!styleFits)
        {
            throw new ParameterContractException(definition.Pointer,
                $"Parameter '{definition.Name}': style {style} is not defined for {LocationName(definition.Location)} parameters (OpenAPI 3.1 section 4.8.12.4).");
        }

        // Without the template's names, path parameters are taken to be declared in template order.
        int capture = pathNames is null ? pathOrdinal : -1;
        if (definition.Location == ParameterLocation.Path && pathNames is not null)
        {
            for (int k = 0; k < pathNames.Count; k++)
            {
                if (pathNames[k] == definition.Name)
                {
                    capture = k;
                }
            }

            if (capture < 0)
            {
                throw new ParameterContractException(definition.Pointer,
                    $"Path parameter '{definition.Name}' does not appear in the path template.");
            }
        }

        JsonTypes types = definition.ContentMediaType is null ? SchemaInspector.TypesOf(definition.Schema, root) : JsonTypes.Any;

        // deepObject only describes objects (section 4.8.12.4.1); it is decoded as one whatever the schema says.
        ValueShape shape = style == ParameterStyle.DeepObject ? ValueShape.Object
            : types != JsonTypes.Any && (types & JsonTypes.Array) != 0 ? ValueShape.Array
            : types != JsonTypes.Any && (types & JsonTypes.Object) != 0 ? ValueShape.Object
            : ValueShape.Primitive;
        if (definition.ContentMediaType is not null)
        {
            shape = ValueShape.Primitive;
        }

        bool pairs = definition.Location is ParameterLocation.Query or ParameterLocation.Cookie;
        bool multiPair = definition.ContentMediaType is null && pairs
            && (style == ParameterStyle.DeepObject || (definition.Explode && shape != ValueShape.Primitive));
        bool ignored = definition.Location == ParameterLocation.Header
            && (string.Equals(definition.Name, "Accept", StringComparison.OrdinalIgnoreCase)
                || string.Equals(definition.Name, "Content-Type", StringComparison.OrdinalIgnoreCase)
                || string.Equals(definition.Name, "Authorization", StringComparison.OrdinalIgnoreCase));

        return new CompiledParameter
        {
            Index = index,
            Definition = definition,
            NameUtf8 = Encoding.UTF8.GetBytes(definition.Name),
            LocationName = LocationName(definition.Location),
            Shape = shape,
            Types = types,
            ItemTypes = shape == ValueShape.Array ? SchemaInspector.ItemTypesOf(definition.Schema, root) : JsonTypes.Any,
            Members = shape == ValueShape.Object ? SchemaInspector.ObjectTypesOf(definition.Schema, root) : ObjectTypes.Open,
            Delimiter = style switch
            {
                ParameterStyle.SpaceDelimited => (byte)' ',
                ParameterStyle.PipeDelimited => (byte)'|',
                ParameterStyle.TabDelimited => (byte)'\t',
                ParameterStyle.Label when definition.Explode => (byte)'.',
                ParameterStyle.Matrix when definition.Explode => (byte)';',
                _ => (byte)',',
            },
            MultiPair = multiPair,
            Ignored = ignored,
            CaptureIndex = capture,
        };
    }

    internal static string LocationName(ParameterLocation location) => location switch
    {
        ParameterLocation.Path => "path",
        ParameterLocation.Query => "query",
        ParameterLocation.Header => "header",
        _ => "cookie",
    };
}
