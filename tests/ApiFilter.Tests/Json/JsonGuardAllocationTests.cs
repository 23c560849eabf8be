using System.Buffers;
using ApiFilter.Json;
using ApiFilter.Pipeline;

using ApiFilter.Tests.Pipeline;

namespace ApiFilter.Tests.Json;

/// <summary>The allow path allocates nothing once a guard instance is warm.</summary>
public sealed class JsonGuardAllocationTests
{
    private static readonly JsonThreatLimits Limits = JsonThreatLimits.Default;

    [Fact]
    public void SingleSegment_64KB_ZeroBytesAfterWarmUp()
    {
        byte[] body = OrdersDocument.Create(64 * 1024);
        var data = new ReadOnlySequence<byte>(body);
        Assert.Equal(0, GuardAllocation.Measure(new JsonGuard(Limits), data));
    }

    [Fact]
    public void MultiSegment_4KBSegments_ZeroBytesAfterWarmUp()
    {
        // Tokens straddle the segments, so this covers the slow (copying) path as well.
        byte[] body = OrdersDocument.Create(64 * 1024);
        ReadOnlySequence<byte> data = Segments.Chunked(body, 4096);
        Assert.Equal(0, GuardAllocation.Measure(new JsonGuard(Limits), data));
    }

    [Fact]
    public void PipedFeeds_ZeroBytesAfterWarmUp()
    {
        // Drive the guard like a pipe, 4 KB arrivals with re-presented tails; sequences are built up front.
        byte[] body = OrdersDocument.Create(64 * 1024);
        var guard = new JsonGuard(Limits);
        List<int> cuts = [];
        for (int k = 4096; k < body.Length; k += 4096)
        {
            cuts.Add(k);
        }

        // First pass: learn where each feed starts, and build the sequences it will be given.
        List<ReadOnlySequence<byte>> feeds = [];
        int start = 0;
        for (int a = 0; a <= cuts.Count; a++)
        {
            int end = a < cuts.Count ? cuts[a] : body.Length;
            ReadOnlySequence<byte> data = Segments.Build(body, start, end, cuts);
            feeds.Add(data);
            GuardStatus status = guard.Feed(data, a == cuts.Count, out long consumed);
            Assert.NotEqual(GuardStatus.Refused, status);
            start += (int)consumed;
        }

        for (int warm = 0; warm < 3; warm++)
        {
            RunFeeds(guard, feeds);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        GuardStatus last = RunFeeds(guard, feeds);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(GuardStatus.Allowed, last);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void DuplicateTrackingOff_ZeroBytesAfterWarmUp()
    {
        byte[] body = OrdersDocument.Create(64 * 1024);
        var guard = new JsonGuard(Limits with { RejectDuplicateNames = false });
        Assert.Equal(0, GuardAllocation.Measure(guard, Segments.Chunked(body, 4096)));
    }

    private static GuardStatus RunFeeds(JsonGuard guard, List<ReadOnlySequence<byte>> feeds)
    {
        guard.Reset();
        GuardStatus status = GuardStatus.NeedMoreData;
        for (int i = 0; i < feeds.Count; i++)
        {
            status = guard.Feed(feeds[i], i == feeds.Count - 1, out _);
        }

        return status;
    }

}
