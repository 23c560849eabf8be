using System.Buffers;
using ApiFilter.Pipeline;

namespace ApiFilter.Tests.Pipeline;

/// <summary>Counts what one warm, whole-body <see cref="IBodyGuard.Feed"/> allocates on this thread.</summary>
internal static class GuardAllocation
{
    /// <summary>
    /// Warms the guard up (JIT, pooled buffers), then measures one more judgement of
    /// <paramref name="body"/>, which must be allowed and consumed whole.
    /// </summary>
    public static long Measure(IBodyGuard guard, ReadOnlySequence<byte> body)
    {
        for (int warm = 0; warm < 3; warm++)
        {
            guard.Reset();
            Assert.Equal(GuardStatus.Allowed, guard.Feed(body, true, out _));
        }

        guard.Reset();
        long before = GC.GetAllocatedBytesForCurrentThread();
        GuardStatus status = guard.Feed(body, true, out long consumed);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(GuardStatus.Allowed, status);
        Assert.Equal(body.Length, consumed);
        return allocated;
    }
}
