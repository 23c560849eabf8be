namespace ApiFilter.Pipeline;

/// <summary>
/// A streaming, single-pass judge of one body format (JSON, XML, …). The caller keeps the body
/// buffered and feeds the guard the part it has not consumed yet, as it arrives.
/// </summary>
/// <remarks>
/// Protocol: call <see cref="Feed"/> with <c>data</c> starting at the first byte the guard has not
/// consumed. The guard reports how many bytes of <c>data</c> it consumed; the rest (a token that
/// straddles the end of the data) must be presented again, followed by new bytes, on the next call.
/// On the last call pass <c>isFinalBlock: true</c>. After <see cref="GuardStatus.Refused"/>, stop.
/// A guard is reusable after <see cref="Reset"/>; one instance is not thread-safe.
/// </remarks>
public interface IBodyGuard
{
    /// <summary>Largest body, in bytes, this guard accepts (its size limit). Callers stop buffering past it.</summary>
    long MaxBodyBytes { get; }

    /// <summary>Judges the next chunk of the body.</summary>
    /// <param name="data">The body from the first unconsumed byte to the last byte that has arrived.</param>
    /// <param name="isFinalBlock">True when no more bytes will follow.</param>
    /// <param name="consumed">How many bytes of <paramref name="data"/> were consumed.</param>
    GuardStatus Feed(System.Buffers.ReadOnlySequence<byte> data, bool isFinalBlock, out long consumed);

    /// <summary>Why the body was refused; null unless <see cref="Feed"/> returned <see cref="GuardStatus.Refused"/>.</summary>
    Violation? Violation { get; }

    /// <summary>Forgets the body seen so far so the instance can judge another one.</summary>
    void Reset();
}
