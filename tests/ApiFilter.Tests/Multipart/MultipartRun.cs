using System.Text;
using ApiFilter.Multipart;
using ApiFilter.Pipeline;
using ApiFilter.Tests.Json;

namespace ApiFilter.Tests.Multipart;

/// <summary>The outcome of judging one multipart body.</summary>
internal sealed record MultipartOutcome(GuardStatus Status, Violation? Violation, string? Emitted, long Examined)
{
    public string? Code => Violation?.Code;

    public string? Pointer => Violation?.Pointer;

    public override string ToString() => Violation is null ? $"{Status} {Emitted}" : $"{Status}: {Violation}";
}

/// <summary>
/// Ways of presenting a multipart body to a <see cref="MultipartGuard"/> (as for the JSON guard:
/// whole, as a multi-segment sequence, as pipe arrivals with the unconsumed tail re-presented).
/// </summary>
internal static class MultipartRun
{
    public const string Boundary = "AaB03x";

    public const string ContentType = "multipart/form-data; boundary=AaB03x";

    /// <summary>Lines joined with CRLF (no CRLF after the last one).</summary>
    public static byte[] Lines(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines));

    /// <summary>Whole body as one final call, split into segments at <paramref name="cuts"/>.</summary>
    public static MultipartOutcome Segmented(MultipartGuard guard, string contentType, byte[] body, bool withSink, params int[] cuts)
    {
        RecordingSink? sink = withSink ? new RecordingSink() : null;
        GuardStatus status = guard.Begin(contentType, sink);
        if (status == GuardStatus.Refused)
        {
            return new MultipartOutcome(status, guard.Violation, null, 0);
        }

        status = guard.Feed(Segments.Build(body, 0, body.Length, cuts), isFinalBlock: true, out long consumed);
        if (status != GuardStatus.Refused)
        {
            Assert.Equal(body.Length, consumed);
        }

        return new MultipartOutcome(status, guard.Violation, Emitted(status, sink), guard.BytesExamined);
    }

    /// <summary>
    /// Like a PipeReader loop: bytes arrive in chunks ending at <paramref name="arrivals"/>; each call
    /// presents the unconsumed tail plus the new bytes; only the last call is final.
    /// </summary>
    public static MultipartOutcome Piped(MultipartGuard guard, string contentType, byte[] body, bool withSink, params int[] arrivals)
    {
        RecordingSink? sink = withSink ? new RecordingSink() : null;
        GuardStatus status = guard.Begin(contentType, sink);
        if (status == GuardStatus.Refused)
        {
            return new MultipartOutcome(status, guard.Violation, null, 0);
        }

        int start = 0;
        for (int a = 0; a <= arrivals.Length; a++)
        {
            int end = a < arrivals.Length ? arrivals[a] : body.Length;
            bool final = a == arrivals.Length;
            status = guard.Feed(Segments.Build(body, start, end, arrivals), final, out long consumed);
            Assert.InRange(consumed, 0, end - start);
            if (status == GuardStatus.Refused)
            {
                Assert.Equal(0, consumed);
                return new MultipartOutcome(status, guard.Violation, null, guard.BytesExamined);
            }

            Assert.Equal(final ? GuardStatus.Allowed : GuardStatus.NeedMoreData, status);
            start += (int)consumed;
        }

        return new MultipartOutcome(status, guard.Violation, Emitted(status, sink), guard.BytesExamined);
    }

    /// <summary>
    /// Judges <paramref name="body"/> whole, then split at every position as two segments and as two
    /// arrivals, and in several small arrivals; asserts every run reaches the same verdict, code,
    /// pointer, offset and emitted form, and that no run looks at more than twice the body. Returns
    /// the whole-body outcome.
    /// </summary>
    public static MultipartOutcome AssertSameAtEverySplit(MultipartGuard guard, byte[] body, string contentType = ContentType, bool withSink = true)
    {
        MultipartOutcome whole = Segmented(guard, contentType, body, withSink);
        Assert.InRange(whole.Examined, 0, 2L * body.Length);
        foreach (int k in GuardRun.SplitPoints(body.Length))
        {
            AssertSame(whole, Segmented(guard, contentType, body, withSink, k), k, "segmented");
            AssertSame(whole, Piped(guard, contentType, body, withSink, k), k, "piped");
        }

        int[] everyThird = Enumerable.Range(1, body.Length / 3).Select(k => k * 3).Where(k => k < body.Length).ToArray();
        AssertSame(whole, Piped(guard, contentType, body, withSink, everyThird), 3, "piped in 3-byte arrivals");
        AssertSame(whole, Segmented(guard, contentType, body, withSink, [.. Enumerable.Range(1, Math.Max(0, body.Length - 1))]), 1, "one segment per byte");
        return whole;
    }

    private static void AssertSame(MultipartOutcome expected, MultipartOutcome actual, int split, string how)
    {
        string where = $"{how} at {split}";
        Assert.True(expected.Status == actual.Status, $"{where}: {actual} instead of {expected}");
        Assert.True(expected.Code == actual.Code, $"{where}: {actual} instead of {expected}");
        Assert.True(expected.Pointer == actual.Pointer, $"{where}: {actual} instead of {expected}");
        Assert.True(expected.Violation?.Offset == actual.Violation?.Offset, $"{where}: {actual} instead of {expected}");
        Assert.True(expected.Emitted == actual.Emitted, $"{where}: {actual} instead of {expected}");
        if (expected.Status == GuardStatus.Allowed)
        {
            // However the body arrives, each byte is looked at no more than twice as often as when whole.
            Assert.True(actual.Examined <= 2L * expected.Examined, $"{where}: looked at {actual.Examined} bytes, {expected.Examined} when whole");
        }
    }

    private static string? Emitted(GuardStatus status, RecordingSink? sink) => status == GuardStatus.Allowed ? sink?.Text : null;
}
