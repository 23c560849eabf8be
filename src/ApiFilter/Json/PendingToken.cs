namespace ApiFilter.Json;

/// <summary>What the unconsumed tail of the last read holds, as far as skipping a re-read goes.</summary>
internal enum PendingToken : byte
{
    /// <summary>Nothing known: the next read runs the reader over the tail again.</summary>
    None,

    /// <summary>An unterminated string (value or member name).</summary>
    String,

    /// <summary>A number whose literal may still continue.</summary>
    Number,

    /// <summary>Only whitespace and separators.</summary>
    Blank,
}
