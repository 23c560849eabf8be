using System.Text.Json.Nodes;
using ApiFilter.Parameters;

namespace ApiFilter.Contract;

/// <summary>
/// One operation (path template × method) as the contract declares it, version-independent: the
/// input from which routes, parameter decoders and body validators are compiled.
/// </summary>
public sealed record OperationModel
{
    /// <summary>The HTTP method, upper-case (<c>GET</c>, <c>POST</c>, …).</summary>
    public required string Method { get; init; }

    /// <summary>The path template as written, e.g. <c>/products/{productId}</c>, relative to <see cref="BasePaths"/>.</summary>
    public required string PathTemplate { get; init; }

    /// <summary>The names of the template's parameters, in order of appearance.</summary>
    public required IReadOnlyList<string> PathParameterNames { get; init; }

    /// <summary>The declared <c>operationId</c>, if any.</summary>
    public string? OperationId { get; init; }

    /// <summary>
    /// Path prefixes the template is served under, from the effective <c>servers</c> (operation,
    /// else path item, else document) or 2.0 <c>basePath</c>: without a trailing slash, <c>""</c>
    /// for the root. Server variables are substituted with their default and every enum value.
    /// </summary>
    public required IReadOnlyList<string> BasePaths { get; init; }

    /// <summary>Path, query, header and cookie parameters: path-item and operation lists merged (the operation wins by name and location), <c>$ref</c>s resolved.</summary>
    public required IReadOnlyList<ParameterDefinition> Parameters { get; init; }

    /// <summary>The request body, or null when the operation declares none (then a request must not carry one).</summary>
    public RequestBodyModel? RequestBody { get; init; }

    /// <summary>The declared responses, in document order.</summary>
    public required IReadOnlyList<ResponseModel> Responses { get; init; }

    /// <summary>
    /// The effective security requirements (the operation's <c>security</c>, else the document's):
    /// a request must satisfy one of them. Empty when the operation needs no authentication.
    /// </summary>
    public required IReadOnlyList<SecurityRequirement> Security { get; init; }

    /// <summary>The operation's <c>x-apifilter-*</c> extensions, as written.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Extensions { get; init; } = ContractModel.NoExtensions;

    /// <summary>The path item's <c>x-apifilter-*</c> extensions, as written.</summary>
    public IReadOnlyDictionary<string, JsonNode?> PathExtensions { get; init; } = ContractModel.NoExtensions;

    /// <summary>JSON Pointer of the operation object, e.g. <c>/paths/~1products~1{productId}/get</c>.</summary>
    public required string Pointer { get; init; }
}
