namespace ApiFilter.Parameters;

/// <summary>One parameter ready for the hot path: everything decoding needs, precomputed.</summary>
internal sealed class CompiledParameter
{
    public required int Index { get; init; }

    public required ParameterDefinition Definition { get; init; }

    public required byte[] NameUtf8 { get; init; }

    /// <summary><c>path</c>, <c>query</c>, <c>header</c> or <c>cookie</c>: the violation location.</summary>
    public required string LocationName { get; init; }

    public required ValueShape Shape { get; init; }

    /// <summary>Types of the value (primitive shape).</summary>
    public required JsonTypes Types { get; init; }

    /// <summary>Types of the items (array shape).</summary>
    public required JsonTypes ItemTypes { get; init; }

    /// <summary>Members (object shape).</summary>
    public required ObjectTypes Members { get; init; }

    /// <summary>Separator of items (or of alternating names and values) inside one text value.</summary>
    public required byte Delimiter { get; init; }

    /// <summary>
    /// The value is spread over several name=value pairs (query or cookie): an exploded form (or
    /// space/pipe-delimited) array, an exploded form object, or a deepObject.
    /// </summary>
    public required bool MultiPair { get; init; }

    /// <summary>Header parameters OpenAPI says to ignore (Accept, Content-Type, Authorization, section 4.8.12.2).</summary>
    public required bool Ignored { get; init; }

    /// <summary>For a path parameter, its capture index in the route.</summary>
    public required int CaptureIndex { get; init; }

    public string Name => Definition.Name;

    public ParameterLocation Location => Definition.Location;

    public ParameterStyle Style => Definition.Style;

    public bool Explode => Definition.Explode;

    public bool IsContent => Definition.ContentMediaType is not null;
}
