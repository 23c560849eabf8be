using System.Buffers;
using ApiFilter.Multipart;
using ApiFilter.Pipeline;
using ApiFilter.Tests.Json;
using static ApiFilter.Tests.Multipart.MultipartRun;

namespace ApiFilter.Tests.Multipart;

/// <summary>The allow path allocates nothing once a guard instance is warm, with or without the schema hook.</summary>
public sealed class MultipartAllocationTests
{
    private static readonly byte[] Body = Lines(
        "preamble",
        "--AaB03x",
        "Content-Disposition: form-data; name=\"tags\"", "", "a",
        "--AaB03x", "Content-Disposition: form-data; name=\"title\"", "Content-Type: text/plain; charset=utf-8", "", "T\u00e9",
        "--AaB03x", "Content-Disposition: form-data; name=\"count\"", "", "12",
        "--AaB03x", "Content-Disposition: form-data; name=\"tags\"", "", "b",
        "--AaB03x", "Content-Disposition: form-data; name=\"meta\"", "Content-Type: application/json", "", "{\"k\":[1,\"x\\\"y\"]}",
        "--AaB03x", "Content-Disposition: form-data; name=\"avatar\"; filename=\"a.png\"", "Content-Type: image/png", "", "\u0089PNG\r\n--AaB0",
        "--AaB03x--", "epilogue");

    public static TheoryData<string> Shapes => ["single", "7-byte segments", "7-byte arrivals"];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Zero_bytes_after_warm_up_with_sink(string shape)
    {
        var sink = new CountingSink();
        Assert.Equal(0, Measure(TestForms.ProfileGuard(), shape, sink));
        Assert.True(sink.Tokens > 10);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Zero_bytes_after_warm_up_without_sink(string shape)
    {
        Assert.Equal(0, Measure(TestForms.ProfileGuard(), shape, sink: null));
    }

    private static long Measure(MultipartGuard guard, string shape, CountingSink? sink)
    {
        // Build the feeds up front; the guard consumes everything, so each arrival is fed as it is.
        var cuts = new List<int>();
        for (int k = 7; k < Body.Length; k += 7)
        {
            cuts.Add(k);
        }

        List<ReadOnlySequence<byte>> feeds = shape switch
        {
            "single" => [new ReadOnlySequence<byte>(Body)],
            "7-byte segments" => [Segments.Build(Body, 0, Body.Length, cuts)],
            _ => [.. cuts.Prepend(0).Zip(cuts.Append(Body.Length), (from, to) => Segments.Build(Body, from, to, []))],
        };

        for (int warm = 0; warm < 3; warm++)
        {
            Assert.Equal(GuardStatus.Allowed, Run(guard, feeds, sink));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        GuardStatus status = Run(guard, feeds, sink);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(GuardStatus.Allowed, status);
        return allocated;
    }

    private static GuardStatus Run(MultipartGuard guard, List<ReadOnlySequence<byte>> feeds, CountingSink? sink)
    {
        sink?.Clear();
        GuardStatus status = guard.Begin(ContentType, sink);
        for (int i = 0; i < feeds.Count && status == GuardStatus.NeedMoreData; i++)
        {
            status = guard.Feed(feeds[i], i == feeds.Count - 1, out _);
        }

        return status;
    }
}
