using System.Buffers;
using System.Security.Cryptography;

namespace ApiFilter.Pipeline;

/// <summary>
/// The plaintext of a JWE request body in a pooled buffer, kept until the host has forwarded it
/// (<see cref="BodyInspection.Release"/>). Cleared on release: the plaintext was secret on the wire.
/// </summary>
internal sealed class DecryptedBody
{
    private byte[]? _buffer;
    private readonly int _length;

    public DecryptedBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
        Sequence = new ReadOnlySequence<byte>(buffer, 0, length);
    }

    /// <summary>The plaintext.</summary>
    public ReadOnlySequence<byte> Sequence { get; }

    /// <summary>Clears the buffer and gives it back; safe to call more than once.</summary>
    public void Release()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, _length));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
