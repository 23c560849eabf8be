using ApiFilter.Schema;
using System.Collections.ObjectModel;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace ApiFilter.Contract;

/// <summary>
/// The operations, security schemes and extensions of an OpenAPI 2.0, 3.0 or 3.1 contract in one
/// version-independent shape, each element carrying the JSON Pointer (RFC 6901) of where it is
/// written. Built by <see cref="ContractModelBuilder"/>; cold data. Schemas are the document's own
/// JSON nodes (and synthesized ones for 2.0 parameters and form fields): treat them as read-only.
/// </summary>
public sealed record ContractModel
{
    /// <summary>An empty extension map.</summary>
    public static IReadOnlyDictionary<string, JsonNode?> NoExtensions { get; } = ReadOnlyDictionary<string, JsonNode?>.Empty;

    /// <summary>File name (or label) the contract was loaded from, used in problems.</summary>
    public required string FileName { get; init; }

    /// <summary>The declared specification family.</summary>
    public required OpenApiSpecVersion SpecVersion { get; init; }

    /// <summary>The rules the contract's schemas follow.</summary>
    public required SchemaDialect Dialect { get; init; }

    /// <summary>3.1 <c>jsonSchemaDialect</c> as written (the default <c>$schema</c> of the document's schemas), or null.</summary>
    public string? JsonSchemaDialect { get; init; }

    /// <summary>The document (external references inlined) that every pointer refers to and that schema <c>$ref</c>s resolve in.</summary>
    public required JsonNode Root { get; init; }

    /// <summary>The document-level base paths (root <c>servers</c> or 2.0 <c>basePath</c>); see <see cref="OperationModel.BasePaths"/>.</summary>
    public required IReadOnlyList<string> BasePaths { get; init; }

    /// <summary>Every operation, in document order.</summary>
    public required IReadOnlyList<OperationModel> Operations { get; init; }

    /// <summary>Declared security schemes by name.</summary>
    public required IReadOnlyDictionary<string, SecuritySchemeModel> SecuritySchemes { get; init; }

    /// <summary>The document's <c>x-apifilter-*</c> extensions, as written.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Extensions { get; init; } = NoExtensions;
}
