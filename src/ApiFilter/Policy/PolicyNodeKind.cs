namespace ApiFilter.Policy;

/// <summary>The shape of a <see cref="PolicyNode"/>.</summary>
internal enum PolicyNodeKind
{
    Mapping,
    Sequence,

    /// <summary>A scalar written without quotes: numbers, booleans, null, YAML plain text.</summary>
    PlainScalar,

    /// <summary>A quoted scalar: always a string, never a number or boolean.</summary>
    QuotedScalar,
}
