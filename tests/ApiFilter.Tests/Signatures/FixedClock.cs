namespace ApiFilter.Tests.Signatures;

/// <summary>A clock stopped at one UNIX second, for the created/expires checks.</summary>
internal sealed class FixedClock(long unixSeconds) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
}
