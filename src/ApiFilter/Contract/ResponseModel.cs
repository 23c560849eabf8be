namespace ApiFilter.Contract;

/// <summary>One declared response of an operation (Response Object, OpenAPI 3.1 section 4.8.17).</summary>
public sealed record ResponseModel
{
    /// <summary>The key as written: <c>200</c>, <c>4XX</c> or <c>default</c>.</summary>
    public required string StatusKey { get; init; }

    /// <summary>What <see cref="StatusKey"/> names.</summary>
    public required ResponseStatusKind Kind { get; init; }

    /// <summary>For <see cref="ResponseStatusKind.Exact"/>, the code (100–599); for <see cref="ResponseStatusKind.Range"/>, the class digit (1–5); 0 for default.</summary>
    public required int Code { get; init; }

    /// <summary>The description (required by the spec; empty when missing).</summary>
    public string Description { get; init; } = "";

    /// <summary>Declared headers, without <c>Content-Type</c>, which the spec says to ignore here.</summary>
    public IReadOnlyList<HeaderModel> Headers { get; init; } = [];

    /// <summary>Declared bodies by media range; empty when the response has no body.</summary>
    public IReadOnlyList<MediaTypeModel> Content { get; init; } = [];

    /// <summary>JSON Pointer of the response object (the resolved target when it was a <c>$ref</c>).</summary>
    public required string Pointer { get; init; }

    /// <summary>Whether a status code falls under this key (ignores <c>default</c>, which matches only what nothing else does).</summary>
    public bool Matches(int statusCode) => Kind switch
    {
        ResponseStatusKind.Exact => statusCode == Code,
        ResponseStatusKind.Range => statusCode / 100 == Code,
        _ => false,
    };
}
