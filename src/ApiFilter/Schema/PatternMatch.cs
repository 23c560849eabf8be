namespace ApiFilter.Schema;

/// <summary>The outcome of matching a <see cref="SchemaPattern"/>.</summary>
public enum PatternMatch : byte
{
    /// <summary>The pattern matches somewhere in the string (patterns are not anchored unless they say so).</summary>
    Match,
    /// <summary>The pattern does not match.</summary>
    NoMatch,
    /// <summary>A backtracking match did not finish within the time limit: the caller refuses.</summary>
    Timeout,
    /// <summary>The string is longer than the backtracking engine's input cap: the caller refuses.</summary>
    InputTooLong,
}
