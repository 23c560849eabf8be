namespace ApiFilter.Multipart;

/// <summary>
/// One field of a <c>multipart/form-data</c> form as the contract declares it: a property of the
/// request body schema together with its OpenAPI <c>encoding</c> entry. Cold data, the input of
/// <see cref="MultipartFormDescription"/>.
/// </summary>
public sealed record MultipartField
{
    /// <summary>Creates a field whose part content types default by <paramref name="kind"/>.</summary>
    /// <param name="name">The <c>name</c> parameter of the part's <c>Content-Disposition</c> (RFC 7578 section 4.2).</param>
    /// <param name="kind">How the field's parts are judged.</param>
    public MultipartField(string name, MultipartFieldKind kind)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        Kind = kind;
        ContentTypes = [DefaultContentType(kind)];
        ValueTypes = kind == MultipartFieldKind.Text ? MultipartValueTypes.String : MultipartValueTypes.None;
    }

    /// <summary>The field name, compared byte for byte (UTF-8) with the part's <c>name</c> parameter.</summary>
    public string Name { get; }

    /// <summary>How the field's parts are judged.</summary>
    public MultipartFieldKind Kind { get; }

    /// <summary>
    /// Media ranges a part of this field may declare (<c>type/subtype</c>, <c>type/*</c> or <c>*/*</c>;
    /// parameters ignored; an entry may list several separated by commas, as the OpenAPI
    /// <c>encoding.contentType</c> does). A part without <c>Content-Type</c> is <c>text/plain</c>
    /// (RFC 7578 section 4.4). Default: <c>text/plain</c>, <c>application/json</c> or
    /// <c>application/octet-stream</c> by <see cref="Kind"/>, as the OpenAPI 3.x encoding object
    /// defaults them.
    /// </summary>
    public IReadOnlyList<string> ContentTypes { get; init; }

    /// <summary>
    /// Largest content of one part of this field in bytes, or 0 for the limits' default
    /// (<see cref="MultipartLimits.MaxFileBytes"/> for binary fields, <see cref="MultipartLimits.MaxFieldBytes"/> otherwise).
    /// </summary>
    public long MaxBytes { get; init; }

    /// <summary>
    /// True when the field may be sent more than once (an array property): its values reach the
    /// schema validator as an array. A single-valued field sent twice is refused
    /// (<c>multipart.duplicateField</c>: parameter pollution).
    /// </summary>
    public bool Repeated { get; init; }

    /// <summary>True when the form must carry the field (<c>multipart.missingField</c>).</summary>
    public bool Required { get; init; }

    /// <summary>
    /// For a <see cref="MultipartFieldKind.Text"/> field, the JSON types its schema allows, which
    /// decide how a value reaches the schema validator. Default <see cref="MultipartValueTypes.String"/>.
    /// </summary>
    public MultipartValueTypes ValueTypes { get; init; }

    /// <summary>The OpenAPI 3.x default part content type for a field of <paramref name="kind"/>.</summary>
    public static string DefaultContentType(MultipartFieldKind kind) => kind switch
    {
        MultipartFieldKind.Json => "application/json",
        MultipartFieldKind.Binary => "application/octet-stream",
        _ => "text/plain",
    };
}
