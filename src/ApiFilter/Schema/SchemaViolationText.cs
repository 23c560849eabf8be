using System.Globalization;
using System.Text;
using ApiFilter.Pipeline;

namespace ApiFilter.Schema;

/// <summary>Turns a validation record into a violation code, the keyword that refused, and a message naming the limit. Refusal path only.</summary>
internal static class SchemaViolationText
{
    public static (string Code, string? Keyword, string Message) Describe(SchemaProgram program, SchemaViolationKind kind, int node, long actual)
    {
        ref SchemaNode n = ref program.Nodes[node];
        bool draft4 = program.Dialect is SchemaDialect.Draft4 or SchemaDialect.Swagger20 or SchemaDialect.OpenApi30;
        return kind switch
        {
            SchemaViolationKind.Type => (ViolationCodes.SchemaType, "type", $"expected {Types(n.Types)}, got {KindName(actual)}"),
            SchemaViolationKind.Enum => (ViolationCodes.SchemaEnum, "enum", $"value is not one of the enum values {Values(program, n.EnumStart, n.EnumCount)}"),
            SchemaViolationKind.Const => (ViolationCodes.SchemaConst, "const", $"value is not the const value {Clip(program.Values[n.Const].Text)}"),
            SchemaViolationKind.Format => (ViolationCodes.SchemaFormat, "format", $"value is not a valid {FormatName(n.Format)}"),
            SchemaViolationKind.Minimum => (ViolationCodes.SchemaMinimum, "minimum", $"number is less than minimum {Number(program, n.Minimum)}"),
            SchemaViolationKind.Maximum => (ViolationCodes.SchemaMaximum, "maximum", $"number is greater than maximum {Number(program, n.Maximum)}"),
            SchemaViolationKind.ExclusiveMinimum => (ViolationCodes.SchemaExclusiveMinimum, draft4 ? "exclusiveMinimum" : "exclusiveMinimum",
                $"number is not greater than exclusive minimum {Number(program, n.ExclusiveMinimum)}"),
            SchemaViolationKind.ExclusiveMaximum => (ViolationCodes.SchemaExclusiveMaximum, "exclusiveMaximum",
                $"number is not less than exclusive maximum {Number(program, n.ExclusiveMaximum)}"),
            SchemaViolationKind.MultipleOf => (ViolationCodes.SchemaMultipleOf, "multipleOf", $"number is not a multiple of {Number(program, n.MultipleOf)}"),
            SchemaViolationKind.MinLength => (ViolationCodes.SchemaMinLength, "minLength", $"string has {actual} code points, fewer than minLength {n.MinLength}"),
            SchemaViolationKind.MaxLength => (ViolationCodes.SchemaMaxLength, "maxLength", $"string has {actual} code points, more than maxLength {n.MaxLength}"),
            SchemaViolationKind.Pattern => (ViolationCodes.SchemaPattern, "pattern", PatternMessage(program, n.Pattern, actual)),
            SchemaViolationKind.MinItems => (ViolationCodes.SchemaMinItems, "minItems", $"array has {actual} items, fewer than minItems {n.MinItems}"),
            SchemaViolationKind.MaxItems => (ViolationCodes.SchemaMaxItems, "maxItems", $"array has {actual} items, more than maxItems {n.MaxItems}"),
            SchemaViolationKind.UniqueItems => (ViolationCodes.SchemaUniqueItems, "uniqueItems", $"array item {actual} equals an earlier item (uniqueItems)"),
            SchemaViolationKind.Items => (ViolationCodes.SchemaItems, null, "no item is allowed at this position (items/additionalItems: false)"),
            SchemaViolationKind.Contains => (ViolationCodes.SchemaContains, "contains", ContainsMessage(ref n, actual)),
            SchemaViolationKind.Required => (ViolationCodes.SchemaRequired, "required", $"required property '{program.Names[actual].Text}' is missing"),
            SchemaViolationKind.AdditionalProperties => (ViolationCodes.SchemaAdditionalProperties, null, "property is not declared and additionalProperties does not allow it"),
            SchemaViolationKind.PropertyNames => (ViolationCodes.SchemaPropertyNames, null, "property name is not allowed (propertyNames: false)"),
            SchemaViolationKind.MinProperties => (ViolationCodes.SchemaMinProperties, "minProperties", $"object has {actual} properties, fewer than minProperties {n.MinProperties}"),
            SchemaViolationKind.MaxProperties => (ViolationCodes.SchemaMaxProperties, "maxProperties", $"object has {actual} properties, more than maxProperties {n.MaxProperties}"),
            SchemaViolationKind.DependentRequired => (ViolationCodes.SchemaDependentRequired, draft4 ? "dependencies" : "dependentRequired",
                $"property '{program.Names[actual >> 32].Text}' requires property '{program.Names[(int)actual].Text}', which is missing"),
            SchemaViolationKind.DependentSchemas => (ViolationCodes.SchemaDependentSchemas, draft4 ? "dependencies" : "dependentSchemas",
                $"property '{program.Names[actual].Text}' is present and the object fails the schema it requires"),
            SchemaViolationKind.AnyOf => (ViolationCodes.SchemaAnyOf, "anyOf", $"value matches none of the {n.AnyOfCount} anyOf schemas"),
            SchemaViolationKind.OneOf => (ViolationCodes.SchemaOneOf, "oneOf", actual == 0
                ? $"value matches none of the {n.OneOfCount} oneOf schemas"
                : $"value matches {actual} of the oneOf schemas; exactly one is allowed"),
            SchemaViolationKind.Not => (ViolationCodes.SchemaNot, "not", "value matches the schema under not"),
            SchemaViolationKind.If => (ViolationCodes.SchemaIf, actual == 1 ? "then" : "else", actual == 1
                ? "value matches if and fails then"
                : "value does not match if and fails else"),
            SchemaViolationKind.False => (ViolationCodes.SchemaFalse, null, "no value is allowed here (schema false)"),
            SchemaViolationKind.UnevaluatedProperties => (ViolationCodes.SchemaUnevaluatedProperties, "unevaluatedProperties",
                "property is not evaluated by any other keyword and unevaluatedProperties does not allow it"),
            SchemaViolationKind.UnevaluatedItems => (ViolationCodes.SchemaUnevaluatedItems, "unevaluatedItems",
                "item is not evaluated by any other keyword and unevaluatedItems does not allow it"),
            SchemaViolationKind.Discriminator => (ViolationCodes.SchemaDiscriminator, "discriminator", DiscriminatorMessage(program, ref n, actual)),
            SchemaViolationKind.ReadOnly => (ViolationCodes.SchemaReadOnly, "readOnly", "property is readOnly and must not be sent in a request"),
            SchemaViolationKind.WriteOnly => (ViolationCodes.SchemaWriteOnly, "writeOnly", "property is writeOnly and must not be returned in a response"),
            SchemaViolationKind.Recursion => (ViolationCodes.SchemaFalse, "$ref", "references nest too deeply without consuming the value (a reference loop)"),
            _ => (ViolationCodes.SchemaFalse, null, "value does not match the schema"),
        };
    }

    private static string Types(SchemaTypes types)
    {
        var names = new List<string>();
        if ((types & SchemaTypes.Object) != 0) names.Add("object");
        if ((types & SchemaTypes.Array) != 0) names.Add("array");
        if ((types & SchemaTypes.String) != 0) names.Add("string");
        if ((types & SchemaTypes.Number) != 0) names.Add("number");
        if ((types & SchemaTypes.Integer) != 0) names.Add("integer");
        if ((types & SchemaTypes.Boolean) != 0) names.Add("boolean");
        if ((types & SchemaTypes.Null) != 0) names.Add("null");
        return names.Count == 0 ? "no type" : string.Join(" or ", names);
    }

    private static string KindName(long kind) => (JsonSchemaValidator.ValueKind)kind switch
    {
        JsonSchemaValidator.ValueKind.Null => "null",
        JsonSchemaValidator.ValueKind.True or JsonSchemaValidator.ValueKind.False => "boolean",
        JsonSchemaValidator.ValueKind.Number => "number",
        JsonSchemaValidator.ValueKind.String => "string",
        JsonSchemaValidator.ValueKind.Object => "object",
        _ => "array",
    };

    private static string Values(SchemaProgram program, int start, int count)
    {
        var text = new StringBuilder("[");
        for (int k = 0; k < count && k < 10; k++)
        {
            text.Append(k == 0 ? "" : ", ").Append(Clip(program.Values[start + k].Text));
        }

        return text.Append(count > 10 ? ", …]" : "]").ToString();
    }

    private static string Clip(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");

    private static string Number(SchemaProgram program, int index) => Encoding.UTF8.GetString(program.Numbers[index]);

    private static string FormatName(SchemaFormat format)
    {
        string name = format.ToString();
        var text = new StringBuilder();
        foreach (char c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }

    private static string PatternMessage(SchemaProgram program, int pattern, long actual)
    {
        string source = pattern >= 0 ? program.Patterns[pattern].Source : "?";
        return actual switch
        {
            1 => $"matching pattern '{source}' did not finish within its time limit; the value is refused",
            2 => $"string is too long to be matched against pattern '{source}' (it needs the backtracking engine); the value is refused",
            _ => $"string does not match pattern '{source}'",
        };
    }

    private static string ContainsMessage(ref SchemaNode n, long actual)
    {
        string max = n.MaxContains >= 0 ? string.Create(CultureInfo.InvariantCulture, $" and at most {n.MaxContains}") : "";
        return $"array has {actual} items matching contains; at least {n.MinContains}{max} required";
    }

    private static string DiscriminatorMessage(SchemaProgram program, ref SchemaNode n, long actual)
    {
        string property = program.Names[n.NamesStart + n.DiscriminatorEntry].Text;
        return actual switch
        {
            -1 => $"discriminator property '{property}' is missing",
            -2 => $"discriminator property '{property}' has a value that selects no schema",
            -3 => $"discriminator property '{property}' is not a string",
            _ => $"value fails the schema its discriminator '{property}' selects",
        };
    }
}
