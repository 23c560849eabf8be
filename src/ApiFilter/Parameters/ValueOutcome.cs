namespace ApiFilter.Parameters;

/// <summary>What decoding one styled value found.</summary>
internal enum ValueOutcome : byte
{
    /// <summary>Decoded and delivered.</summary>
    Ok,

    /// <summary>The token sink refused the value and wants no more tokens.</summary>
    Stopped,

    /// <summary>The text does not follow the style (<c>param.style</c>).</summary>
    Style,

    /// <summary>A member name repeats (<c>param.duplicate</c>).</summary>
    Duplicate,

    /// <summary>More items than allowed (<c>param.count</c>).</summary>
    TooMany,
}
