using System.Buffers;
using ApiFilter.Json;
using ApiFilter.Pipeline;

namespace ApiFilter.Tests.Json;

/// <summary><c>json.size</c>: refused as soon as the bytes that have arrived exceed the limit.</summary>
public sealed class JsonGuardSizeTests
{
    [Fact]
    public void BodyOfExactlyMaxBodyBytes_Allowed_OneMoreRefused()
    {
        var limits = new JsonThreatLimits { MaxBodyBytes = 10 };
        GuardOutcome atLimit = GuardRun.AssertSameAtEverySplit("[1,2,3,45]"u8.ToArray(), limits);
        Assert.Equal(GuardStatus.Allowed, atLimit.Status);

        GuardOutcome past = GuardRun.AssertSameAtEverySplit("[1,2,3,456]"u8.ToArray(), limits);
        Assert.Equal(ViolationCodes.JsonSize, past.Code);
        Assert.Equal("", past.Pointer);
        Assert.Equal(10, past.Violation!.Offset);
        Assert.Equal(413, past.Violation.Status);
        Assert.Contains("json.size = 10", past.Violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SizeIsCheckedBeforeAnythingElse()
    {
        // Trailing garbage that would be a syntax error: the size is known first and wins.
        GuardOutcome outcome = GuardRun.Single(new JsonGuard(new JsonThreatLimits { MaxBodyBytes = 4 }), "[1] x"u8);
        Assert.Equal(ViolationCodes.JsonSize, outcome.Code);
    }

    [Fact]
    public void EndlessBody_RefusedOnTheFirstChunkThatCrossesTheLimit()
    {
        // A client announces gigabytes. Only the first MaxBodyBytes + one chunk ever arrive:
        // one 64 KiB chunk of "0," is presented over and over as the pipe would deliver it.
        const int ChunkSize = 64 * 1024;
        var limits = new JsonThreatLimits { MaxArrayLength = int.MaxValue }; // 1 MiB body limit
        byte[] chunk = new byte[ChunkSize];
        for (int i = 0; i < ChunkSize; i += 2)
        {
            chunk[i] = (byte)'0';
            chunk[i + 1] = (byte)',';
        }

        var guard = new JsonGuard(limits);
        Assert.Equal(GuardStatus.NeedMoreData, guard.Feed(new ReadOnlySequence<byte>("["u8.ToArray()), false, out long consumed));
        long arrived = 1;
        long offset = consumed;
        byte[] tail = [];
        for (int n = 0; n < 100; n++)
        {
            // Present the unconsumed tail followed by the new chunk.
            byte[] data = [.. tail, .. chunk];
            arrived += ChunkSize;
            GuardStatus status = guard.Feed(new ReadOnlySequence<byte>(data), false, out consumed);
            if (arrived > limits.MaxBodyBytes)
            {
                Assert.Equal(GuardStatus.Refused, status);
                Assert.Equal(ViolationCodes.JsonSize, guard.Violation!.Code);
                Assert.Equal(limits.MaxBodyBytes, guard.Violation.Offset);
                Assert.Equal(16, n + 1); // 1 + 16 * 64 KiB = 1 MiB + 1 bytes: the 16th chunk crosses the limit
                return;
            }

            Assert.Equal(GuardStatus.NeedMoreData, status);
            offset += consumed;
            tail = data[(int)consumed..];
        }

        Assert.Fail("never refused");
    }
}
