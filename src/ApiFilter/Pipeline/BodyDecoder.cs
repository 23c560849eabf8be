using System.Buffers;
using System.IO.Compression;
using ApiFilter.Policy;

namespace ApiFilter.Pipeline;

/// <summary>
/// Undoes the content codings of a buffered body chunk by chunk and feeds the decoded bytes to a
/// guard. The decoded size is capped twice: by the guard's own size limit and by the policy's
/// decompression ratio, and decoding stops the moment either is passed — a compression bomb costs
/// the cap, never its expanded size. The encoded bytes stay untouched for forwarding.
/// </summary>
internal static class BodyDecoder
{
    private const int ChunkSize = 16 * 1024;

    public static Verdict DecodeAndJudge(ReadOnlySequence<byte> encoded, string contentEncoding, IBodyGuard guard, int maxRatio, out long decoded)
    {
        decoded = 0;
        var ratioCap = encoded.Length * (long)maxRatio;
        var sizeCap = guard.MaxBodyBytes;
        Stream? stream = null;
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            stream = OpenDecoders(encoded, contentEncoding);
            var carry = 0;
            while (true)
            {
                if (carry == buffer.Length)
                {
                    // the guard holds an unfinished token as long as the whole buffer: grow, bounded by the caps below
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, carry).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read;
                try
                {
                    // at most one chunk per read, so the caps are passed by less than a chunk
                    read = stream.Read(buffer, carry, Math.Min(ChunkSize, buffer.Length - carry));
                }
                catch (InvalidDataException e)
                {
                    return Verdict.Refuse(new Violation(ViolationCodes.BodyEncoding, "", $"The body is not valid '{contentEncoding}' data: {e.Message}", decoded));
                }

                decoded += read;
                var ratioPassed = decoded > ratioCap;
                var sizePassed = decoded > sizeCap;
                if (ratioPassed && (!sizePassed || ratioCap < sizeCap))
                {
                    return Verdict.Refuse(new Violation(ViolationCodes.BodyCompressionRatio, "",
                        $"The body expands more than {maxRatio} times its encoded size of {encoded.Length} bytes.", ratioCap));
                }

                var final = read == 0;
                var status = guard.Feed(new ReadOnlySequence<byte>(buffer, 0, carry + read), final, out var consumed);
                if (status == GuardStatus.Refused)
                {
                    return RequestFilter.RefusalOf(guard);
                }

                if (sizePassed)
                {
                    // a guard that did not count the bytes itself still gets the size refusal
                    return Verdict.Refuse(RequestFilter.SizeViolation(guard));
                }

                if (final)
                {
                    return status == GuardStatus.Allowed
                        ? RequestFilter.Completed(guard)
                        : Verdict.Refuse(new Violation(ViolationCodes.BodyIncomplete, "", "The decoded body ended in the middle of a value.", decoded));
                }

                carry = carry + read - (int)consumed;
                if (consumed > 0 && carry > 0)
                {
                    buffer.AsSpan((int)consumed, carry).CopyTo(buffer);
                }
            }
        }
        finally
        {
            stream?.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Chains one decompressor per coding; the last coding applied is undone first (RFC 9110 section 8.4).</summary>
    private static Stream OpenDecoders(ReadOnlySequence<byte> encoded, string contentEncoding)
    {
        Stream stream = new ReadOnlySequenceStream(encoded);
        var header = contentEncoding.AsSpan();
        Span<Range> ranges = stackalloc Range[ContentCodingList.MaxListMembers];
        var count = header.Split(ranges, ',');
        for (var i = count - 1; i >= 0; i--)
        {
            var coding = ContentCodingList.Parse(header[ranges[i]].Trim());
            stream = coding switch
            {
                ContentCodings.Gzip => new GZipStream(stream, CompressionMode.Decompress),
                ContentCodings.Deflate => new ZLibStream(stream, CompressionMode.Decompress),
                ContentCodings.Brotli => new BrotliStream(stream, CompressionMode.Decompress),
                _ => stream, // identity and empty list members
            };
        }

        return stream;
    }
}
