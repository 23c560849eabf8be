using System.Text.Json.Nodes;
using ApiFilter.Parameters;

namespace ApiFilter.Forms;

/// <summary>
/// The fields of a form body, compiled from the body's object schema (cold): each property is a
/// form-style field decoded like a query parameter of that style, so the body can be handed to the
/// schema validator as one JSON object.
/// </summary>
public sealed class FormFields
{
    private FormFields(CompiledParameter[] fields, ObjectTypes others)
    {
        Fields = fields;
        Others = others;
    }

    internal CompiledParameter[] Fields { get; }

    /// <summary>What the schema says about fields it does not declare.</summary>
    internal ObjectTypes Others { get; }

    /// <summary>The declared field names, in schema order.</summary>
    public IReadOnlyList<string> Names
    {
        get
        {
            var names = new string[Fields.Length];
            for (int i = 0; i < names.Length; i++)
            {
                names[i] = Fields[i].Name;
            }

            return names;
        }
    }

    /// <summary>Compiles the fields of <paramref name="objectSchema"/>.</summary>
    /// <param name="objectSchema">The request body's schema (an object; may be or contain local <c>$ref</c>s).</param>
    /// <param name="documentRoot">The contract document for <c>$ref</c> resolution, or null.</param>
    /// <param name="encoding">Per-field style and explode from the media type's <c>encoding</c> map; missing fields use form, explode true.</param>
    /// <exception cref="ParameterContractException">A field style that form bodies cannot carry (simple, label, matrix).</exception>
    /// <remarks>
    /// An object field with style form and explode true would spread its members among the other
    /// fields, where nothing tells them apart; it is decoded as explode false (<c>f=k,v,k2,v2</c>).
    /// </remarks>
    public static FormFields Compile(JsonNode? objectSchema, JsonNode? documentRoot, IReadOnlyDictionary<string, FormFieldEncoding>? encoding = null)
    {
        var fields = new List<CompiledParameter>();
        foreach (var (name, schema) in SchemaInspector.PropertySchemasOf(objectSchema, documentRoot))
        {
            FormFieldEncoding how = encoding is not null && encoding.TryGetValue(name, out FormFieldEncoding declared)
                ? declared
                : new FormFieldEncoding(ParameterStyle.Form, true);
            var definition = new ParameterDefinition(name, ParameterLocation.Query) { Style = how.Style, Explode = how.Explode, Schema = schema, AllowReserved = true };
            CompiledParameter field = ParameterCompiler.CompileOne(fields.Count, definition, documentRoot, null, -1);
            if (field.Shape == ValueShape.Object && how.Style == ParameterStyle.Form && how.Explode)
            {
                field = ParameterCompiler.CompileOne(fields.Count, definition with { Explode = false }, documentRoot, null, -1);
            }

            fields.Add(field);
        }

        return new FormFields(fields.ToArray(), SchemaInspector.ObjectTypesOf(objectSchema, documentRoot));
    }
}
