using System.Text.Json.Nodes;

namespace ApiFilter.Contract;

/// <summary>
/// A declared header of a response or of a multipart encoding (OpenAPI 3.1 section 4.8.21; 2.0
/// Header Object mapped to a schema). Headers always use <c>simple</c> style.
/// </summary>
public sealed record HeaderModel
{
    /// <summary>The header name as written (compare case-insensitively, RFC 9110 section 5.1).</summary>
    public required string Name { get; init; }

    /// <summary>Whether the header must be present (always false in 2.0, which has no <c>required</c> for headers).</summary>
    public bool Required { get; init; }

    /// <summary>Whether array and object values are exploded (<c>simple</c> style).</summary>
    public bool Explode { get; init; }

    /// <summary>The header's schema as written (may contain local <c>$ref</c>s); for 2.0 a schema synthesized from the header's own keywords; null when none is declared.</summary>
    public JsonNode? Schema { get; init; }

    /// <summary>JSON Pointer of <see cref="Schema"/> (for 2.0, the header object itself).</summary>
    public string SchemaPointer { get; init; } = "";

    /// <summary>For a header declared with <c>content</c>: its one media type; the value is a document of that type.</summary>
    public string? ContentMediaType { get; init; }

    /// <summary>JSON Pointer of the header object in the contract document.</summary>
    public required string Pointer { get; init; }
}
