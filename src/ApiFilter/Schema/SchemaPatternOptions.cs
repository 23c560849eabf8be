namespace ApiFilter.Schema;

/// <summary>Limits for patterns that need the backtracking engine (lookaround, backreferences).</summary>
public sealed record SchemaPatternOptions
{
    /// <summary>Default options: 50 ms per match, strings up to 4096 UTF-8 bytes.</summary>
    public static SchemaPatternOptions Default { get; } = new();

    /// <summary>Longest a backtracking match may run; a timeout refuses the value.</summary>
    public TimeSpan MatchTimeout { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Longest string (UTF-8 bytes) a backtracking pattern is run on; a longer one is refused.</summary>
    public int MaxBacktrackingInputLength { get; init; } = 4096;
}
