using System.Buffers;

namespace ApiFilter.Tests.Json;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/> values over a byte array.</summary>
internal static class Segments
{
    /// <summary>
    /// The bytes <c>[start, end)</c> of <paramref name="body"/> as a sequence with a segment boundary
    /// at each cut inside that range (cuts outside it are ignored; equal cuts make empty segments).
    /// Each segment copies its bytes into its own array, as pipe buffers would.
    /// </summary>
    public static ReadOnlySequence<byte> Build(byte[] body, int start, int end, IReadOnlyList<int> cuts)
    {
        Chunk? first = null;
        Chunk? last = null;
        int from = start;
        foreach (int cut in cuts)
        {
            if (cut > start && cut < end)
            {
                Append(ref first, ref last, body.AsSpan(from, cut - from));
                from = cut;
            }
        }

        Append(ref first, ref last, body.AsSpan(from, end - from));
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    /// <summary>Splits <paramref name="body"/> into segments of <paramref name="size"/> bytes.</summary>
    public static ReadOnlySequence<byte> Chunked(byte[] body, int size)
    {
        var cuts = new List<int>();
        for (int k = size; k < body.Length; k += size)
        {
            cuts.Add(k);
        }

        return Build(body, 0, body.Length, cuts);
    }

    private static void Append(ref Chunk? first, ref Chunk? last, ReadOnlySpan<byte> bytes)
    {
        var chunk = new Chunk(bytes.ToArray(), last is null ? 0 : last.RunningIndex + last.Memory.Length);
        if (last is null)
        {
            first = chunk;
        }
        else
        {
            last.SetNext(chunk);
        }

        last = chunk;
    }

    private sealed class Chunk : ReadOnlySequenceSegment<byte>
    {
        public Chunk(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public void SetNext(Chunk next) => Next = next;
    }
}
