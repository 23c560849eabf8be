using System.Buffers;
using ApiFilter.Json;
using ApiFilter.Pipeline;

namespace ApiFilter.Tests.Json;

/// <summary>The outcome of judging one body: the final status and, when refused, the violation.</summary>
internal sealed record GuardOutcome(GuardStatus Status, Violation? Violation)
{
    public string? Code => Violation?.Code;

    public string? Pointer => Violation?.Pointer;

    public override string ToString() => Violation is null ? Status.ToString() : $"{Status}: {Violation}";
}

/// <summary>
/// Ways of presenting a body to a <see cref="JsonGuard"/>: as one span, as one multi-segment
/// sequence, and the way a <c>PipeReader</c> loop would (growing buffers, unconsumed tail re-presented).
/// </summary>
internal static class GuardRun
{
    /// <summary>Whole body in one contiguous segment, one final call.</summary>
    public static GuardOutcome Single(JsonGuard guard, ReadOnlySpan<byte> body)
    {
        guard.Reset();
        GuardStatus status = guard.Feed(new ReadOnlySequence<byte>(body.ToArray()), isFinalBlock: true, out _);
        return new GuardOutcome(status, guard.Violation);
    }

    /// <summary>Convenience: a fresh guard with <paramref name="limits"/> (default limits when null).</summary>
    public static GuardOutcome Single(ReadOnlySpan<byte> body, JsonThreatLimits? limits = null) =>
        Single(new JsonGuard(limits ?? JsonThreatLimits.Default), body);

    /// <summary>Whole body in one final call, as a sequence split into segments at <paramref name="cuts"/>.</summary>
    public static GuardOutcome Segmented(JsonGuard guard, byte[] body, params int[] cuts)
    {
        guard.Reset();
        GuardStatus status = guard.Feed(Segments.Build(body, 0, body.Length, cuts), isFinalBlock: true, out _);
        return new GuardOutcome(status, guard.Violation);
    }

    /// <summary>
    /// Drives the guard like a PipeReader loop: bytes arrive in chunks ending at <paramref name="arrivals"/>
    /// (ascending; the body's end is added), each call presents the unconsumed tail plus everything
    /// that has arrived, in the segments it arrived in, and only the last call is final.
    /// </summary>
    public static GuardOutcome Piped(JsonGuard guard, byte[] body, params int[] arrivals)
    {
        guard.Reset();
        int start = 0;
        for (int a = 0; a <= arrivals.Length; a++)
        {
            int end = a < arrivals.Length ? arrivals[a] : body.Length;
            bool final = a == arrivals.Length;
            ReadOnlySequence<byte> data = Segments.Build(body, start, end, arrivals);
            GuardStatus status = guard.Feed(data, final, out long consumed);
            Assert.InRange(consumed, 0, end - start);
            if (status == GuardStatus.Refused)
            {
                Assert.Equal(0, consumed);
                return new GuardOutcome(status, guard.Violation);
            }

            Assert.Equal(final ? GuardStatus.Allowed : GuardStatus.NeedMoreData, status);
            start += (int)consumed;
        }

        return new GuardOutcome(GuardStatus.Allowed, guard.Violation);
    }

    /// <summary>Split positions to try: every byte for small bodies, a dense sample for larger ones.</summary>
    public static IEnumerable<int> SplitPoints(int length)
    {
        int step = length <= 4096 ? 1 : Math.Max(1, length / 1500);
        for (int k = 0; k <= length; k += step)
        {
            yield return k;
        }

        if (length % step != 0)
        {
            yield return length;
        }
    }

    /// <summary>
    /// Judges <paramref name="body"/> whole, then split at every position both as a two-segment
    /// sequence and as two pipe arrivals, and asserts every run reaches the same verdict, code and
    /// pointer (and offset, except for grammar errors whose reported position depends on where the
    /// reader was when it gave up). Returns the single-segment outcome.
    /// </summary>
    public static GuardOutcome AssertSameAtEverySplit(byte[] body, JsonThreatLimits? limits = null)
    {
        var guard = new JsonGuard(limits ?? JsonThreatLimits.Default);
        GuardOutcome whole = Single(guard, body);
        foreach (int k in SplitPoints(body.Length))
        {
            AssertSame(whole, Segmented(guard, body, k), body, k, "segmented");
            AssertSame(whole, Piped(guard, body, k), body, k, "piped");
        }

        // Several small arrivals at once: a token can span three or more segments.
        int third = body.Length / 3;
        int[] arrivals = new[] { third, third + 1, (2 * third) + 1 }.Where(k => k < body.Length).Distinct().Order().ToArray();
        AssertSame(whole, Piped(guard, body, arrivals), body, third, "piped in several arrivals");
        return whole;
    }

    private static void AssertSame(GuardOutcome expected, GuardOutcome actual, byte[] body, int split, string how)
    {
        string where = $"{how} at {split} of {body.Length}";
        Assert.True(expected.Status == actual.Status, $"{where}: {actual} instead of {expected}");
        Assert.True(expected.Code == actual.Code, $"{where}: {actual} instead of {expected}");
        Assert.True(expected.Pointer == actual.Pointer, $"{where}: {actual} instead of {expected}");
        if (expected.Code is not null and not ViolationCodes.JsonSyntax)
        {
            Assert.True(expected.Violation!.Offset == actual.Violation!.Offset, $"{where}: {actual} instead of {expected}");
        }
    }
}
