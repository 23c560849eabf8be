namespace ApiFilter.Contract;

/// <summary>An operation's request body: 3.x <c>requestBody</c>, or 2.0 <c>in: body</c> / <c>in: formData</c> parameters.</summary>
public sealed record RequestBodyModel
{
    /// <summary>Whether a request must carry a body (3.x default false; 2.0 body parameter's <c>required</c>; for formData, any required field).</summary>
    public bool Required { get; init; }

    /// <summary>The accepted media ranges with their schemas, in document order.</summary>
    public required IReadOnlyList<MediaTypeModel> Content { get; init; }

    /// <summary>JSON Pointer of the request body (2.0: the body parameter, or the operation's <c>parameters</c> for formData).</summary>
    public required string Pointer { get; init; }
}
