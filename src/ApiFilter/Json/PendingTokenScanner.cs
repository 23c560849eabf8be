using System.Buffers;
using System.Runtime.CompilerServices;

namespace ApiFilter.Json;

/// <summary>
/// Keeps a token that arrives in many small pieces from being re-read from its start on every
/// read. <see cref="System.Text.Json.Utf8JsonReader"/> does not consume an incomplete token, so the
/// caller presents it again with the new bytes and the reader scans it again: a string of n bytes
/// arriving in chunks of c bytes would cost n²/2c. Instead, after a read that ends inside a
/// string, a number or whitespace, only the newly arrived bytes are looked at, and the reader runs
/// again only once they can end the token (or make it malformed). Work stays linear in the body.
/// </summary>
/// <remarks>
/// Skipping cannot change a verdict: it only postpones a read over the same bytes, the final block
/// is always read, and the size limit is checked before any skip. A wrong "still pending" would
/// only delay the judgement; a wrong "may have ended" only costs a re-read.
/// </remarks>
internal static class PendingTokenScanner
{
    // Bytes that can end or break an open string: the quote, the escape and the control characters
    // RFC 8259 §7 forbids unescaped.
    private static readonly SearchValues<byte> StringStops = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F"u8);

    // Characters of a number literal (RFC 8259 §6).
    private static readonly SearchValues<byte> NumberBytes = SearchValues.Create("0123456789+-.eE"u8);

    // RFC 8259 §2 whitespace.
    private static readonly SearchValues<byte> Whitespace = SearchValues.Create(" \t\r\n"u8);

    /// <summary>Classifies the unconsumed tail after a read that needs more data.</summary>
    public static PendingToken Classify(in ReadOnlySequence<byte> tail, out bool escapePending)
    {
        escapePending = false;
        if (tail.IsEmpty)
        {
            return PendingToken.None;
        }

        // The reader may leave the separator before the incomplete token unconsumed as well.
        SequenceReader<byte> reader = new(tail);
        reader.AdvancePastAny((byte)' ', (byte)'\t', (byte)'\r', (byte)'\n');
        if (reader.IsNext((byte)',', advancePast: true) || reader.IsNext((byte)':', advancePast: true))
        {
            reader.AdvancePastAny((byte)' ', (byte)'\t', (byte)'\r', (byte)'\n');
        }

        if (!reader.TryPeek(out byte first))
        {
            return PendingToken.Blank;
        }

        if (first == (byte)'"')
        {
            reader.Advance(1);
            return IsStillOpenString(reader.UnreadSequence, ref escapePending) ? PendingToken.String : PendingToken.None;
        }

        if (first == (byte)'-' || (first >= (byte)'0' && first <= (byte)'9'))
        {
            return ContainsOnly(reader.UnreadSequence, NumberBytes) ? PendingToken.Number : PendingToken.None;
        }

        return PendingToken.None;
    }

    /// <summary>
    /// True when <paramref name="fresh"/>, the bytes that arrived after a pending token, cannot
    /// complete it or make it malformed, so reading can wait for more.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsStillPending(PendingToken kind, in ReadOnlySequence<byte> fresh, ref bool escapePending) => kind switch
    {
        PendingToken.String => IsStillOpenString(fresh, ref escapePending),
        PendingToken.Number => ContainsOnly(fresh, NumberBytes),
        PendingToken.Blank => ContainsOnly(fresh, Whitespace),
        _ => false,
    };

    /// <summary>Scans string content for an unescaped quote or a control character.</summary>
    private static bool IsStillOpenString(in ReadOnlySequence<byte> content, ref bool escapePending)
    {
        foreach (ReadOnlyMemory<byte> memory in content)
        {
            ReadOnlySpan<byte> span = memory.Span;
            while (!span.IsEmpty)
            {
                if (escapePending)
                {
                    // The byte after a backslash never ends the string; the reader checks the escape later.
                    escapePending = false;
                    span = span[1..];
                    continue;
                }

                int stop = span.IndexOfAny(StringStops);
                if (stop < 0)
                {
                    break;
                }

                if (span[stop] != (byte)'\\')
                {
                    return false; // a closing quote or a control character: let the reader judge
                }

                escapePending = true;
                span = span[(stop + 1)..];
            }
        }

        return true;
    }

    private static bool ContainsOnly(in ReadOnlySequence<byte> bytes, SearchValues<byte> allowed)
    {
        foreach (ReadOnlyMemory<byte> memory in bytes)
        {
            if (memory.Span.IndexOfAnyExcept(allowed) >= 0)
            {
                return false;
            }
        }

        return true;
    }
}
