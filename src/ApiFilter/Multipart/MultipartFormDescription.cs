namespace ApiFilter.Multipart;

/// <summary>
/// The fields a <c>multipart/form-data</c> body may carry, compiled once from the operation's
/// request body schema and its OpenAPI <c>encoding</c> map; immutable and shared by every
/// <see cref="MultipartGuard"/> judging that operation.
/// </summary>
/// <remarks>
/// Compiling from OpenAPI (done by the contract compiler): each property of the body schema is a
/// field; <c>type: string, format: binary</c> (or 3.1 <c>contentMediaType</c>) is
/// <see cref="MultipartFieldKind.Binary"/>, objects are <see cref="MultipartFieldKind.Json"/>,
/// primitives are <see cref="MultipartFieldKind.Text"/>; an array property is its item's kind with
/// <see cref="MultipartField.Repeated"/>; <c>encoding.{name}.contentType</c> becomes
/// <see cref="MultipartField.ContentTypes"/>; the schema's <c>required</c> list sets
/// <see cref="MultipartField.Required"/>; <c>additionalProperties: false</c> (or its absence of
/// effect) decides <see cref="AllowUnknownFields"/>.
/// </remarks>
public sealed class MultipartFormDescription
{
    private readonly MultipartCompiledField[] _fields;

    /// <summary>Compiles a description.</summary>
    /// <param name="fields">The declared fields; names must be distinct.</param>
    /// <param name="allowUnknownFields">
    /// Whether parts with a name no field declares are let through (as text, or as opaque octets
    /// when they carry a filename or a non-text content type). False refuses them (<c>multipart.unknownField</c>).
    /// </param>
    /// <exception cref="ArgumentException">Two fields share a name, or a content type is not a media range.</exception>
    public MultipartFormDescription(IEnumerable<MultipartField> fields, bool allowUnknownFields = false)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var compiled = new List<MultipartCompiledField>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (MultipartField field in fields)
        {
            ArgumentNullException.ThrowIfNull(field);
            if (!names.Add(field.Name))
            {
                throw new ArgumentException($"Field '{field.Name}' is declared twice.", nameof(fields));
            }

            compiled.Add(new MultipartCompiledField(field));
        }

        _fields = [.. compiled];
        Fields = [.. compiled.ConvertAll(c => c.Field)];
        AllowUnknownFields = allowUnknownFields;
    }

    /// <summary>A description that declares nothing and lets every field through: structure and size limits only.</summary>
    public static MultipartFormDescription Open { get; } = new([], allowUnknownFields: true);

    /// <summary>The declared fields, in declaration order.</summary>
    public IReadOnlyList<MultipartField> Fields { get; }

    /// <summary>Whether parts whose name no field declares are let through.</summary>
    public bool AllowUnknownFields { get; }

    internal int Count => _fields.Length;

    internal MultipartCompiledField this[int index] => _fields[index];

    /// <summary>The index of the field named <paramref name="utf8Name"/>, or -1.</summary>
    internal int Find(ReadOnlySpan<byte> utf8Name)
    {
        // Forms have a handful of fields: a linear scan over byte names beats hashing here.
        MultipartCompiledField[] fields = _fields;
        for (int i = 0; i < fields.Length; i++)
        {
            if (utf8Name.SequenceEqual(fields[i].Name))
            {
                return i;
            }
        }

        return -1;
    }
}
