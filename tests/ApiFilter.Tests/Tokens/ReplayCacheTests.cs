using System.Text;
using ApiFilter.Tokens;
using Xunit.Abstractions;

namespace ApiFilter.Tests.Tokens;

public sealed class ReplayCacheTests(ITestOutputHelper output)
{
    private const long Now = 1_750_000_000;

    private static FixedTimeProvider Clock() => new(DateTimeOffset.FromUnixTimeSeconds(Now));

    [Fact]
    public void AddsOnceThenReportsReplays()
    {
        var cache = new ReplayCache(1024, Clock());
        Assert.Equal(ReplayCacheStatus.Added, cache.TryAdd("jti-1"u8, Now + 60));
        Assert.Equal(ReplayCacheStatus.Replayed, cache.TryAdd("jti-1"u8, Now + 60));
        Assert.Equal(ReplayCacheStatus.Replayed, cache.TryAdd("jti-1"u8, Now + 3600));
        Assert.Equal(ReplayCacheStatus.Added, cache.TryAdd("jti-2"u8, Now + 60));
        Assert.Equal(ReplayCacheStatus.Added, cache.TryAdd("JTI-1"u8, Now + 60));
        Assert.Equal(ReplayCacheStatus.Added, cache.TryAdd(ReadOnlySpan<byte>.Empty, Now + 60));
        Assert.Equal(ReplayCacheStatus.Replayed, cache.TryAdd(ReadOnlySpan<byte>.Empty, Now + 60));
    }

    [Fact]
    public void ForgetsAnIdOnceItExpires()
    {
        FixedTimeProvider clock = Clock();
        var cache = new ReplayCache(64, clock);
        Assert.Equal(ReplayCacheStatus.Added, cache.TryAdd("a"u8, Now + 10));
        clock.Now = DateTimeOffset.FromUnixTimeSeconds(Now + 9);
        Assert.Equal(ReplayCacheStatus.Replayed, cache.TryAdd("a"u8, Now + 10));
        clock.Now = DateTimeOffset.FromUnixTimeSeconds(Now + 10);
        Assert.Equal(ReplayCacheStatus.Added, cache.TryAdd("a"u8, Now + 20));
    }

    [Fact]
    public void KeepsAnAlreadyExpiredIdForOneSecond()
    {
        FixedTimeProvider clock = Clock();
        var cache = new ReplayCache(64, clock);
        Assert.Equal(ReplayCacheStatus.Added, cache.TryAdd("late"u8, Now - 100));
        Assert.Equal(ReplayCacheStatus.Replayed, cache.TryAdd("late"u8, Now - 100));
        clock.Now = DateTimeOffset.FromUnixTimeSeconds(Now + 1);
        Assert.Equal(ReplayCacheStatus.Added, cache.TryAdd("late"u8, Now - 100));
    }

    [Fact]
    public void LongIdsAreDistinguished()
    {
        var cache = new ReplayCache(64, Clock());
        byte[] a = new byte[1000];
        byte[] b = new byte[1000];
        b[999] = 1;
        Assert.Equal(ReplayCacheStatus.Added, cache.TryAdd(a, Now + 60));
        Assert.Equal(ReplayCacheStatus.Added, cache.TryAdd(b, Now + 60));
        Assert.Equal(ReplayCacheStatus.Replayed, cache.TryAdd(a, Now + 60));
    }

    [Fact]
    public void FailsClosedWhenFullOfUnexpiredIdsAndRecoversAfterExpiry()
    {
        // One bucket of 8 slots: both choices land in it, so exactly 8 ids fit.
        FixedTimeProvider clock = Clock();
        var cache = new ReplayCache(ReplayCache.SlotsPerBucket, clock);
        Assert.Equal(8, cache.Capacity);
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(ReplayCacheStatus.Added, cache.TryAdd(Encoding.ASCII.GetBytes($"id-{i}"), Now + 30));
        }

        Assert.Equal(ReplayCacheStatus.Full, cache.TryAdd("id-8"u8, Now + 30));

        // Full never evicts a live id: the earlier ones are still replays.
        Assert.Equal(ReplayCacheStatus.Replayed, cache.TryAdd("id-0"u8, Now + 30));
        clock.Now = DateTimeOffset.FromUnixTimeSeconds(Now + 30);
        Assert.Equal(ReplayCacheStatus.Added, cache.TryAdd("id-8"u8, Now + 60));
    }

    [Fact]
    public void TwoChoicesFillMostOfTheCapacityBeforeTheFirstRefusal()
    {
        var cache = new ReplayCache(1 << 14, Clock());
        Span<byte> id = stackalloc byte[8];
        int added = 0;
        while (true)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(id, added);
            if (cache.TryAdd(id, Now + 60) != ReplayCacheStatus.Added)
            {
                break;
            }

            added++;
        }

        double load = (double)added / cache.Capacity;
        output.WriteLine($"first Full after {added} of {cache.Capacity} slots ({load:P1})");
        // Measured about 78%; the key is random per instance, so the bound leaves room for an unlucky draw.
        Assert.True(load > 0.65, $"first Full at {load:P1}");
    }

    [Fact]
    public void TryAddAllocatesNothing()
    {
        var cache = new ReplayCache(4096, Clock());
        Span<byte> id = stackalloc byte[16];
        for (int i = 0; i < 10; i++)
        {
            id[0] = (byte)i;
            cache.TryAdd(id, Now + 60);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(id[4..], i);
            cache.TryAdd(id, Now + 60);
            cache.TryAdd(id, Now + 60);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ConcurrentCallersRecordEachIdExactlyOnce()
    {
        const int Threads = 4;
        const int Ids = 5000;
        var cache = new ReplayCache(1 << 14, Clock());
        int[] added = new int[Ids];
        int full = 0;
        using var start = new Barrier(Threads);
        var workers = new Thread[Threads];
        for (int t = 0; t < Threads; t++)
        {
            int offset = t;
            workers[t] = new Thread(() =>
            {
                Span<byte> id = stackalloc byte[4];
                start.SignalAndWait();
                for (int n = 0; n < Ids; n++)
                {
                    // Each thread walks the ids from a different starting point so they meet on every id.
                    int i = (n + (offset * Ids / Threads)) % Ids;
                    System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(id, i);
                    switch (cache.TryAdd(id, Now + 60))
                    {
                        case ReplayCacheStatus.Added:
                            Interlocked.Increment(ref added[i]);
                            break;
                        case ReplayCacheStatus.Full:
                            Interlocked.Increment(ref full);
                            break;
                    }
                }
            });
            workers[t].Start();
        }

        foreach (Thread worker in workers)
        {
            worker.Join();
        }

        Assert.Equal(0, full);
        Assert.All(added, count => Assert.Equal(1, count));
    }

    [Fact]
    public void RefusesCapacitiesOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplayCache(7));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplayCache(ReplayCache.MaxCapacity + 1));
        Assert.Equal(1024, new ReplayCache(1000).Capacity);
    }
}
