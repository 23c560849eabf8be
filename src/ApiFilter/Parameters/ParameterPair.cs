namespace ApiFilter.Parameters;

/// <summary>One name=value pair of a query string or Cookie header, located and classified (hot, pooled).</summary>
internal struct ParameterPair
{
    /// <summary>Which text holds the pair: 0 for the query, the field line for cookies.</summary>
    public int Line;

    /// <summary>Raw name range in the line.</summary>
    public int NameStart;

    public int NameLength;

    /// <summary>Raw value range in the line; <see cref="ValueStart"/> is -1 when there is no '='.</summary>
    public int ValueStart;

    public int ValueLength;

    /// <summary>Decoded name range in the names buffer.</summary>
    public int Decoded;

    public int DecodedLength;

    /// <summary>Decoded member name (deepObject key or exploded property) in the names buffer; -1 if none.</summary>
    public int KeyStart;

    public int KeyLength;

    /// <summary>The parameter that claimed the pair, or -1.</summary>
    public int Parameter;
}
