using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace ApiFilter.Json;

/// <summary>
/// One vectorized UTF-8 check over all the data of a read, so that string tokens need no check of
/// their own. Outside strings the JSON grammar only allows ASCII (RFC 8259 §2), so when the whole
/// data is well-formed UTF-8 every complete string in it is too. When it is not (an attack or a
/// sequence cut by the end of the data), the caller falls back to checking each string, which
/// finds the exact spot.
/// </summary>
internal static class Utf8Prevalidation
{
    /// <summary>
    /// True when every segment of <paramref name="data"/>, joined, is well-formed UTF-8, ignoring an
    /// incomplete sequence at the very end (it belongs to a token the reader will not consume yet).
    /// </summary>
    public static bool IsValid(in ReadOnlySequence<byte> data)
    {
        if (data.IsSingleSegment)
        {
            ReadOnlySpan<byte> span = data.FirstSpan;
            return Utf8.IsValid(span[..^IncompleteTailLength(span)]);
        }

        return IsValidMultiSegment(data);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsValidMultiSegment(in ReadOnlySequence<byte> data)
    {
        // A sequence cut by a segment boundary is reassembled here (at most 4 bytes).
        Span<byte> carry = stackalloc byte[4];
        int carried = 0;
        int needed = 0;
        foreach (ReadOnlyMemory<byte> memory in data)
        {
            ReadOnlySpan<byte> span = memory.Span;
            if (carried > 0)
            {
                int take = Math.Min(needed - carried, span.Length);
                span[..take].CopyTo(carry[carried..]);
                carried += take;
                span = span[take..];
                if (carried < needed)
                {
                    continue;
                }

                if (!Utf8.IsValid(carry[..carried]))
                {
                    return false;
                }

                carried = 0;
            }

            int tail = IncompleteTailLength(span);
            if (!Utf8.IsValid(span[..^tail]))
            {
                return false;
            }

            if (tail > 0)
            {
                span[^tail..].CopyTo(carry);
                carried = tail;
                needed = SequenceLength(carry[0]);
            }
        }

        return true;
    }

    /// <summary>Length of a multi-byte sequence cut off at the end of <paramref name="span"/> (0 when none).</summary>
    private static int IncompleteTailLength(ReadOnlySpan<byte> span)
    {
        for (int i = 1; i <= 3 && i <= span.Length; i++)
        {
            byte b = span[^i];
            if (b < 0x80)
            {
                return 0;
            }

            if (b >= 0xC0)
            {
                // A lead byte: incomplete when it announces more bytes than are left.
                return SequenceLength(b) > i ? i : 0;
            }
        }

        return 0;
    }

    /// <summary>Bytes announced by a lead byte (RFC 3629 §3); 1 for bytes that cannot lead, so they fail validation.</summary>
    private static int SequenceLength(byte lead) => lead switch
    {
        >= 0xF0 and <= 0xF4 => 4,
        >= 0xE0 => lead < 0xF0 ? 3 : 1,
        >= 0xC2 => 2,
        _ => 1,
    };
}
