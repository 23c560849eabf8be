using ApiFilter.Signatures;

namespace ApiFilter.Tests.Signatures;

public sealed class BoundedNonceSetTests
{
    private sealed class ManualClock(long unixSeconds) : TimeProvider
    {
        public long Now { get; set; } = unixSeconds;

        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(Now);
    }

    [Fact]
    public void A_nonce_is_accepted_once_per_key_until_its_window_passes()
    {
        var clock = new ManualClock(1_000);
        var set = new BoundedNonceSet(10, TimeSpan.FromSeconds(60), clock);
        Assert.True(set.TryAccept("k1", "n1", 1_000));
        Assert.False(set.TryAccept("k1", "n1", 1_000));
        Assert.True(set.TryAccept("k2", "n1", 1_000));

        clock.Now = 1_060;
        Assert.False(set.TryAccept("k1", "n1", 1_000));
        clock.Now = 1_061;
        Assert.True(set.TryAccept("k1", "n1", 1_061));
    }

    [Fact]
    public void When_full_new_nonces_are_refused_rather_than_old_ones_forgotten()
    {
        var clock = new ManualClock(1_000);
        var set = new BoundedNonceSet(2, TimeSpan.FromSeconds(60), clock);
        Assert.True(set.TryAccept("k", "a", 1_000));
        Assert.True(set.TryAccept("k", "b", 1_000));
        Assert.False(set.TryAccept("k", "c", 1_000));
        Assert.False(set.TryAccept("k", "a", 1_000));

        clock.Now = 1_061;
        Assert.True(set.TryAccept("k", "c", 1_061));
    }
}
