using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace ApiFilter.Contract;

/// <summary>
/// An OpenAPI description read by <see cref="ContractLoader"/>: the object model with every
/// external <c>$ref</c> resolved, and the specification version it declared.
/// </summary>
public sealed class LoadedContract
{
    internal LoadedContract(OpenApiDocument document, JsonNode root, OpenApiSpecVersion specVersion, string fileName, IReadOnlyList<ContractProblem> warnings)
    {
        Root = root;
        Document = document;
        SpecVersion = specVersion;
        FileName = fileName;
        Warnings = warnings;
    }

    /// <summary>The document; 2.0 descriptions are upgraded to the 3.x object model by the reader.</summary>
    public OpenApiDocument Document { get; }

    /// <summary>
    /// The document as JSON, exactly as written (YAML converted), with every external <c>$ref</c>
    /// inlined: what the contract compiler reads, so schemas keep every keyword and problems can
    /// point into the file the user wrote. In the version's own shape (2.0 is not upgraded here).
    /// </summary>
    public JsonNode Root { get; }

    /// <summary>The specification family declared by the document: 2.0, 3.0 or 3.1.</summary>
    public OpenApiSpecVersion SpecVersion { get; }

    /// <summary>File name (or other label) the contract was loaded from.</summary>
    public string FileName { get; }

    /// <summary>Things the reader noticed that do not stop the contract from being used.</summary>
    public IReadOnlyList<ContractProblem> Warnings { get; }
}
