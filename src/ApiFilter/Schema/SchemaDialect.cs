namespace ApiFilter.Schema;

/// <summary>The schema language a <see cref="SchemaCompiler"/> reads.</summary>
public enum SchemaDialect
{
    /// <summary>JSON Schema draft 4 (draft-zyp-json-schema-04, draft-fge-json-schema-validation-00).</summary>
    Draft4,

    /// <summary>
    /// OpenAPI 2.0 (Swagger) Schema Object: the draft 4 subset OpenAPI 2.0 section "Schema Object" allows,
    /// boolean <c>exclusiveMinimum</c>/<c>exclusiveMaximum</c>, <c>readOnly</c>; <c>x-</c> keywords ignored.
    /// </summary>
    Swagger20,

    /// <summary>
    /// OpenAPI 3.0 Schema Object: draft 4 plus <c>nullable</c>, <c>discriminator</c>, <c>readOnly</c>,
    /// <c>writeOnly</c>; <c>x-</c> keywords ignored; <c>$ref</c> replaces its siblings.
    /// </summary>
    OpenApi30,

    /// <summary>JSON Schema 2020-12 (draft-bhutton-json-schema-01, draft-bhutton-json-schema-validation-01).</summary>
    Draft2020_12,

    /// <summary>OpenAPI 3.1 Schema Object: JSON Schema 2020-12 plus <c>discriminator</c>.</summary>
    OpenApi31,
}
