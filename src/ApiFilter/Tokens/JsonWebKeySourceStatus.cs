namespace ApiFilter.Tokens;

/// <summary>An immutable report of a <see cref="JsonWebKeySource"/>'s state after its latest refresh attempt.</summary>
public sealed record JsonWebKeySourceStatus
{
    /// <summary>How many keys the set now served holds (0 when failed closed or never loaded).</summary>
    public int KeyCount { get; init; }

    /// <summary>How many refreshes (fetches or file checks) have been attempted.</summary>
    public long Attempts { get; init; }

    /// <summary>When the latest attempt finished; null before the first.</summary>
    public DateTimeOffset? LastAttempt { get; init; }

    /// <summary>When a document was last read and accepted (or a file found unchanged); null before the first.</summary>
    public DateTimeOffset? LastSuccess { get; init; }

    /// <summary>When the served set expires and, failing refreshes, goes stale; null for file sources and before the first success.</summary>
    public DateTimeOffset? FreshUntil { get; init; }

    /// <summary>When a stale set stops being served (fail closed); null for file sources and before the first success.</summary>
    public DateTimeOffset? StaleUntil { get; init; }

    /// <summary>When the next background refresh is scheduled.</summary>
    public DateTimeOffset? NextRefresh { get; init; }

    /// <summary>Failed attempts since the last success.</summary>
    public int ConsecutiveFailures { get; init; }

    /// <summary>Why the latest attempt failed; null when it succeeded.</summary>
    public string? LastError { get; init; }

    /// <summary>Whether the source serves no keys because it never loaded any or its last good set went past <see cref="StaleUntil"/>.</summary>
    public bool FailedClosed { get; init; }
}
