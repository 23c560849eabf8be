using System.Text.Json.Nodes;

namespace ApiFilter.Parameters;

/// <summary>
/// One parameter of an operation as the contract declares it, after path-level and
/// operation-level parameters are merged and Swagger 2.0 is mapped to 3.x terms
/// (<c>collectionFormat</c> → style/explode, a parameter's own <c>type</c>/<c>items</c> → its schema).
/// Cold data: the input of the parameter compiler.
/// </summary>
public sealed record ParameterDefinition
{
    /// <summary>Creates a definition with the defaults of OpenAPI 3.1 section 4.8.12.4 for <paramref name="location"/>.</summary>
    public ParameterDefinition(string name, ParameterLocation location)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        Location = location;
        Style = location is ParameterLocation.Path or ParameterLocation.Header ? ParameterStyle.Simple : ParameterStyle.Form;
        Explode = Style == ParameterStyle.Form;
        Required = location == ParameterLocation.Path;
    }

    /// <summary>The parameter name (case-insensitive for headers, RFC 9110 section 5.1).</summary>
    public string Name { get; }

    /// <summary>Where the parameter travels.</summary>
    public ParameterLocation Location { get; }

    /// <summary>Serialization style.</summary>
    public ParameterStyle Style { get; init; }

    /// <summary>Whether arrays and objects are exploded into separate parameters / pairs.</summary>
    public bool Explode { get; init; }

    /// <summary>Whether the request must carry the parameter (always true for path parameters).</summary>
    public bool Required { get; init; }

    /// <summary>Whether an empty value (<c>?flag=</c> or <c>?flag</c>) is allowed (query only).</summary>
    public bool AllowEmptyValue { get; init; }

    /// <summary>Whether RFC 3986 reserved characters may appear unencoded in a query value.</summary>
    public bool AllowReserved { get; init; }

    /// <summary>
    /// The parameter's schema as written in the document (may be or contain local <c>$ref</c>s), or
    /// null when the parameter declares none (then any value is allowed).
    /// </summary>
    public JsonNode? Schema { get; init; }

    /// <summary>JSON Pointer of <see cref="Schema"/> in the contract document (for errors and schema locations).</summary>
    public string SchemaPointer { get; init; } = "";

    /// <summary>
    /// For a parameter declared with <c>content</c> instead of <c>schema</c> (3.x), its one media
    /// type, e.g. <c>application/json</c>: the value is a document of that type, not a styled value.
    /// </summary>
    public string? ContentMediaType { get; init; }

    /// <summary>JSON Pointer of the parameter object in the contract document.</summary>
    public string Pointer { get; init; } = "";

    /// <summary>The parameter's <c>x-apifilter-*</c> extensions, as written (empty when none).</summary>
    public IReadOnlyDictionary<string, JsonNode?> Extensions { get; init; } = System.Collections.ObjectModel.ReadOnlyDictionary<string, JsonNode?>.Empty;
}
