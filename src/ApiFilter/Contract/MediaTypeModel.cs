using System.Text.Json.Nodes;

namespace ApiFilter.Contract;

/// <summary>
/// One entry of a <c>content</c> map (request body or response): a media range and the schema of
/// documents of that type (OpenAPI 3.1 section 4.8.14; 2.0 <c>consumes</c>/<c>produces</c> × <c>schema</c>).
/// </summary>
public sealed record MediaTypeModel
{
    /// <summary>The key as written, e.g. <c>application/json; charset=utf-8</c>, <c>text/*</c> or <c>*/*</c>.</summary>
    public required string MediaRange { get; init; }

    /// <summary>The type, lower-cased (RFC 9110 section 8.3.1: case-insensitive); <c>*</c> for any.</summary>
    public required string Type { get; init; }

    /// <summary>The subtype, lower-cased; <c>*</c> for any.</summary>
    public required string Subtype { get; init; }

    /// <summary>The schema as written (may contain local <c>$ref</c>s); null when none is declared (then any document of the type is allowed).</summary>
    public JsonNode? Schema { get; init; }

    /// <summary>JSON Pointer of <see cref="Schema"/> in the contract document.</summary>
    public string SchemaPointer { get; init; } = "";

    /// <summary>Encoding entries by property, for form and multipart bodies.</summary>
    public IReadOnlyList<EncodingModel> Encoding { get; init; } = [];

    /// <summary>JSON Pointer of the media type object (for 2.0, of the entry of <c>consumes</c>/<c>produces</c> that named it).</summary>
    public required string Pointer { get; init; }
}
