namespace ApiFilter.Contract;

/// <summary>
/// Which JSON Schema rules a contract's schemas follow; the schema compiler reads keywords by it
/// (e.g. boolean <c>exclusiveMinimum</c> and <c>nullable</c> in 3.0, numeric bounds and type arrays in 3.1).
/// </summary>
public enum SchemaDialect : byte
{
    /// <summary>Swagger 2.0: the Schema Object, a subset of JSON Schema draft 4, plus <c>type: file</c> in responses and formData.</summary>
    Swagger20,
    /// <summary>OpenAPI 3.0: an extended subset of JSON Schema draft 4 (wright-00) with <c>nullable</c>, <c>discriminator</c>, <c>readOnly</c>/<c>writeOnly</c>.</summary>
    OpenApi30,
    /// <summary>OpenAPI 3.1: JSON Schema draft 2020-12 with the OAS base vocabulary (<c>discriminator</c>, <c>xml</c>, <c>example</c>).</summary>
    OpenApi31,
}
