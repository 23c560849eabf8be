using System.Buffers;
using System.Text;
using ApiFilter.Pipeline;
using ApiFilter.Xml;

namespace ApiFilter.Tests.Xml;

/// <summary>The outcome of judging one body: final status and, for a refusal, code, pointer and offset.</summary>
internal readonly record struct Judgement(GuardStatus Status, string? Code, string? Pointer, long Offset)
{
    public bool Allowed => Status == GuardStatus.Allowed;

    public override string ToString() => Code is null ? Status.ToString() : $"{Status} {Code} at '{Pointer}' (byte {Offset})";
}

/// <summary>Ways of feeding a body to an <see cref="XmlGuard"/>: whole, in segments, or like a PipeReader.</summary>
internal static class XmlTestDriver
{
    /// <summary>UTF-8 bytes of <paramref name="text"/>, where "¤XX" (two hex digits) stands for the raw byte 0xXX.</summary>
    public static byte[] Bytes(string text)
    {
        var output = new List<byte>(text.Length);
        var utf8 = Encoding.UTF8;
        int i = 0;
        while (i < text.Length)
        {
            int mark = text.IndexOf('¤', i);
            int end = mark < 0 ? text.Length : mark;
            output.AddRange(utf8.GetBytes(text[i..end]));
            if (mark < 0)
            {
                break;
            }

            output.Add(Convert.ToByte(text.Substring(mark + 1, 2), 16));
            i = mark + 3;
        }

        return [.. output];
    }

    public static Judgement Judge(byte[] body, XmlThreatLimits? limits = null) =>
        Judge(new XmlGuard(limits ?? XmlThreatLimits.Default), new ReadOnlySequence<byte>(body));

    public static Judgement Judge(XmlGuard guard, ReadOnlySequence<byte> body)
    {
        var status = guard.Feed(body, isFinalBlock: true, out long consumed);
        return Outcome(guard, status, consumed == body.Length);
    }

    /// <summary>Feeds the body once, final, as a sequence whose segments end at <paramref name="cuts"/>.</summary>
    public static Judgement JudgeSegments(byte[] body, XmlThreatLimits? limits, params int[] cuts) =>
        Judge(new XmlGuard(limits ?? XmlThreatLimits.Default), Segments(body, cuts));

    /// <summary>
    /// Drives the guard the way a PipeReader does: bytes arrive <paramref name="chunk"/> at a time;
    /// each call presents the unconsumed tail plus what has arrived (as a multi-segment buffer split
    /// where the reads ended), and only the last call is final.
    /// </summary>
    public static Judgement JudgePipe(byte[] body, int chunk, XmlThreatLimits? limits = null, XmlGuard? guard = null)
    {
        guard ??= new XmlGuard(limits ?? XmlThreatLimits.Default);
        long consumed = 0;
        int arrived = 0;
        while (true)
        {
            arrived = Math.Min(body.Length, arrived + chunk);
            bool final = arrived == body.Length;
            var cuts = new List<int>();
            for (int c = (int)consumed - ((int)consumed % chunk) + chunk; c < arrived; c += chunk)
            {
                if (c > consumed)
                {
                    cuts.Add(c - (int)consumed);
                }
            }

            var data = Segments(body.AsSpan((int)consumed, arrived - (int)consumed).ToArray(), [.. cuts]);
            var status = guard.Feed(data, final, out long used);
            if (used < 0 || used > data.Length)
            {
                throw new InvalidOperationException($"consumed {used} of {data.Length}");
            }

            consumed += used;
            if (status != GuardStatus.NeedMoreData || final)
            {
                return Outcome(guard, status, consumed == body.Length);
            }
        }
    }

    private static Judgement Outcome(XmlGuard guard, GuardStatus status, bool allConsumed)
    {
        if (status == GuardStatus.Allowed && !allConsumed)
        {
            throw new InvalidOperationException("Allowed without consuming the whole body.");
        }

        var v = guard.Violation;
        return status == GuardStatus.Refused
            ? new Judgement(status, v!.Code, v.Pointer, v.Offset)
            : new Judgement(status, null, null, -1);
    }

    /// <summary>A sequence over <paramref name="body"/> with segment boundaries at <paramref name="cuts"/> (ascending offsets).</summary>
    public static ReadOnlySequence<byte> Segments(byte[] body, params int[] cuts)
    {
        if (cuts.Length == 0)
        {
            return new ReadOnlySequence<byte>(body);
        }

        Segment? first = null;
        Segment? last = null;
        int start = 0;
        foreach (int cut in cuts.Append(body.Length))
        {
            var piece = body.AsMemory(start, cut - start);
            if (first is null)
            {
                first = last = new Segment(piece, 0);
            }
            else
            {
                last = last!.Append(piece);
            }

            start = cut;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    /// <summary>Every <paramref name="size"/> bytes a new segment.</summary>
    public static ReadOnlySequence<byte> Chunked(byte[] body, int size)
    {
        var cuts = new List<int>();
        for (int c = size; c < body.Length; c += size)
        {
            cuts.Add(c);
        }

        return Segments(body, [.. cuts]);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
