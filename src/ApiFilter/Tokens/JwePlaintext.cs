using System.Buffers;
using System.Security.Cryptography;

namespace ApiFilter.Tokens;

/// <summary>
/// Decrypted content in a pooled buffer, from <see cref="JweDecryptor.Decrypt(ReadOnlySpan{byte}, out JwePlaintext)"/>.
/// Dispose it once: the buffer is cleared (the plaintext may be secret) and returned to <see cref="ArrayPool{T}.Shared"/>.
/// </summary>
public struct JwePlaintext : IDisposable
{
    private byte[]? _rented;
    private readonly int _length;

    internal JwePlaintext(byte[] rented, int length)
    {
        _rented = rented;
        _length = length;
    }

    /// <summary>The plaintext; empty after <see cref="Dispose"/> or for a default instance.</summary>
    public readonly ReadOnlySpan<byte> Span => _rented is null ? default : _rented.AsSpan(0, _length);

    /// <summary>The plaintext length in bytes.</summary>
    public readonly int Length => _rented is null ? 0 : _length;

    /// <summary>Clears and returns the pooled buffer.</summary>
    public void Dispose()
    {
        byte[]? rented = _rented;
        if (rented is not null)
        {
            _rented = null;
            CryptographicOperations.ZeroMemory(rented.AsSpan(0, _length));
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
