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
/// <para>A JWE body (<c>jose.decrypt</c> with <c>forward: plaintext</c>) is the exception: <see cref="Body"/> is then
/// the decrypted plaintext in a pooled buffer, <see cref="ForwardedContentType"/> the media type its <c>cty</c> names,
/// and the reader must be advanced to <see cref="ReceivedEnd"/>. Hosts should always forward <see cref="Body"/>
/// (with <see cref="ForwardedContentType"/> and its length when that is set), advance to <see cref="ReceivedEnd"/>,
/// then call <see cref="Release"/>; for every other body these are <c>Body.End</c> and a no-op.</para>
/// </remarks>
public readonly struct BodyInspection
{
    internal BodyInspection(Verdict verdict, ReadOnlySequence<byte> body, long decodedBytes)
    {
        Verdict = verdict;
        Body = body;
        DecodedBytes = decodedBytes;
        ReceivedEnd = body.End;
    }

    internal BodyInspection(ReadOnlySequence<byte> received, DecryptedBody plaintext, string contentType, long decodedBytes)
    {
        Verdict = Verdict.Allow;
        Body = plaintext.Sequence;
        DecodedBytes = decodedBytes;
        ReceivedEnd = received.End;
        ForwardedContentType = contentType;
        _plaintext = plaintext;
    }

    private readonly DecryptedBody? _plaintext;

    /// <summary>Allow, or the refusal with its violations.</summary>
    public Verdict Verdict { get; }

    /// <summary>The buffered body as received; empty after a refusal.</summary>
    public ReadOnlySequence<byte> Body { get; }

    /// <summary>Where the reader is advanced to once <see cref="Body"/> was forwarded: <c>Body.End</c>, except for a decrypted JWE body.</summary>
    public SequencePosition ReceivedEnd { get; }

    /// <summary>The Content-Type to forward <see cref="Body"/> with when it is not the request's own (a decrypted JWE body); null otherwise.</summary>
    public string? ForwardedContentType { get; }

    /// <summary>Gives back the buffer of a decrypted body (cleared first) once it was forwarded; no-op for other bodies. Idempotent.</summary>
    public void Release() => _plaintext?.Release();

    /// <summary>How many bytes were handed to the guard: the decoded size for an encoded body (bounded by the caps).</summary>
    public long DecodedBytes { get; }
}
