namespace ApiFilter.Multipart;

/// <summary>
/// How a form field's parts are judged and how they reach the schema validator, chosen from the
/// property's schema when the form description is compiled.
/// </summary>
public enum MultipartFieldKind : byte
{
    /// <summary>
    /// A primitive value (string, number, integer, boolean) sent as text; default part content type
    /// <c>text/plain</c> (OpenAPI 3.x encoding object, RFC 7578 section 4.4).
    /// </summary>
    Text,

    /// <summary>
    /// An object or array sent as a JSON document; default part content type <c>application/json</c>.
    /// JSON parts run through a <see cref="Json.JsonGuard"/> with the configured threat limits.
    /// </summary>
    Json,

    /// <summary>
    /// Opaque octets (<c>format: binary</c>, a file); default part content type
    /// <c>application/octet-stream</c>. Only size and content type are judged.
    /// </summary>
    Binary,
}
