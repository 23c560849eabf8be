namespace ApiFilter.Tokens;

/// <summary>Outcome of <see cref="ReplayCache.TryAdd"/>.</summary>
public enum ReplayCacheStatus
{
    /// <summary>The id was not seen (or its earlier entry expired) and is now recorded until its expiry.</summary>
    Added = 0,

    /// <summary>The id is already recorded and not expired: the request is a replay and must be refused.</summary>
    Replayed,

    /// <summary>
    /// No room: every slot the id may occupy holds an unexpired entry. The id was not recorded, so the cache cannot
    /// tell a replay from a first use; callers refuse the request (fail closed) and raise the capacity.
    /// </summary>
    Full,
}
