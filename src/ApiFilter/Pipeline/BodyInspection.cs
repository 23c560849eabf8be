using System.Buffers;

namespace ApiFilter.Pipeline;

/// <summary>
/// The outcome of <see cref="RequestFilter.InspectBodyAsync(System.IO.Pipelines.PipeReader, BodyPlan, IBodyGuard, CancellationToken)"/>:
/// the verdict and, when allowed, the whole body still buffered in the reader.
/// </summary>
/// <remarks>
/// When <see cref="Verdict"/> allows, <see cref="Body"/> is the exact bytes received (still encoded
/// if the request had a <c>Content-Encoding</c>) and the reader has an outstanding read: forward
/// <see cref="Body"/>, then call <c>AdvanceTo(Body.End)</c> on the reader. When it refuses, the
/// reader has already been advanced and <see cref="Body"/> is empty.
/// </remarks>
public readonly struct BodyInspection
{
    internal BodyInspection(Verdict verdict, ReadOnlySequence<byte> body, long decodedBytes)
    {
        Verdict = verdict;
        Body = body;
        DecodedBytes = decodedBytes;
    }

    /// <summary>Allow, or the refusal with its violations.</summary>
    public Verdict Verdict { get; }

    /// <summary>The buffered body as received; empty after a refusal.</summary>
    public ReadOnlySequence<byte> Body { get; }

    /// <summary>How many bytes were handed to the guard: the decoded size for an encoded body (bounded by the caps).</summary>
    public long DecodedBytes { get; }
}
