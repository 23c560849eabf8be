using System.Buffers;
using ApiFilter.Pipeline;
using ApiFilter.Xml;

using ApiFilter.Tests.Pipeline;

namespace ApiFilter.Tests.Xml;

/// <summary>Once warm, judging an acceptable document allocates nothing (no timing assertions).</summary>
public class XmlAllocationTests
{
    private static readonly byte[] Document = OrdersFeed.Create(64 * 1024);

    [Fact]
    public void Single_segment_feed_allocates_nothing_when_warm()
    {
        var guard = new XmlGuard(XmlThreatLimits.Default);
        var body = new ReadOnlySequence<byte>(Document);
        Assert.Equal(0, GuardAllocation.Measure(guard, body));
    }

    [Fact]
    public void Multi_segment_feed_allocates_nothing_when_warm()
    {
        var guard = new XmlGuard(XmlThreatLimits.Default);
        Assert.Equal(0, GuardAllocation.Measure(guard, XmlTestDriver.Chunked(Document, 4096)));
        Assert.Equal(0, GuardAllocation.Measure(guard, XmlTestDriver.Chunked(Document, 37)));
    }

    [Fact]
    public void Pipe_style_feeding_allocates_nothing_when_warm()
    {
        var guard = new XmlGuard(XmlThreatLimits.Default);
        var body = XmlTestDriver.Chunked(Document, 4096);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(GuardStatus.Allowed, FeedInReads(guard, body));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        var status = FeedInReads(guard, body);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(GuardStatus.Allowed, status);
        Assert.Equal(0, allocated);
    }

    /// <summary>Presents growing prefixes (unconsumed tail plus one more 4 KB read), final only at the end.</summary>
    private static GuardStatus FeedInReads(XmlGuard guard, ReadOnlySequence<byte> body)
    {
        guard.Reset();
        long consumed = 0;
        long arrived = 0;
        while (true)
        {
            arrived = Math.Min(body.Length, arrived + 4096);
            bool final = arrived == body.Length;
            var status = guard.Feed(body.Slice(consumed, arrived - consumed), final, out long used);
            consumed += used;
            if (status != GuardStatus.NeedMoreData || final)
            {
                return status;
            }
        }
    }

}
