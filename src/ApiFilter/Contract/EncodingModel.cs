using ApiFilter.Parameters;

namespace ApiFilter.Contract;

/// <summary>
/// How one property of a form or multipart body is encoded (Encoding Object, OpenAPI 3.1
/// section 4.8.15). Swagger 2.0 <c>formData</c> arrays produce one from their <c>collectionFormat</c>.
/// </summary>
public sealed record EncodingModel
{
    /// <summary>The body property the entry applies to.</summary>
    public required string PropertyName { get; init; }

    /// <summary>The declared <c>contentType</c> (a comma-separated list of media ranges), or null for the type's default.</summary>
    public string? ContentType { get; init; }

    /// <summary>
    /// The declared style for <c>application/x-www-form-urlencoded</c> bodies; null when none of
    /// <c>style</c>, <c>explode</c> and <c>allowReserved</c> is given (then the property uses
    /// <see cref="ContentType"/>, or <c>form</c> with explode for plain values).
    /// </summary>
    public ParameterStyle? Style { get; init; }

    /// <summary>Whether arrays and objects are exploded; defaults to true for <c>form</c>.</summary>
    public bool Explode { get; init; }

    /// <summary>Whether RFC 3986 reserved characters may appear unencoded.</summary>
    public bool AllowReserved { get; init; }

    /// <summary>Part headers (multipart only), without <c>Content-Type</c>, which the spec says to ignore here.</summary>
    public IReadOnlyList<HeaderModel> Headers { get; init; } = [];

    /// <summary>JSON Pointer of the encoding object (for 2.0, the formData parameter).</summary>
    public required string Pointer { get; init; }
}
