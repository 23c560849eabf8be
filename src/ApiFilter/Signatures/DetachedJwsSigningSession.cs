using System.Security.Cryptography;
using System.Text;
using ApiFilter.Tokens;

namespace ApiFilter.Signatures;

/// <summary>
/// Signs one body for a <see cref="DetachedJwsSigner"/>: feed the body with <see cref="Append"/> (allocation-free),
/// then write the detached JWS with <see cref="TryFinish"/>. One instance per body; not thread-safe; dispose it.
/// </summary>
public sealed class DetachedJwsSigningSession : IDisposable
{
    private readonly DetachedJwsSigner _signer;
    private readonly IncrementalHash _hash;
    private readonly DetachedJwsSigningInput _input;
    private bool _finished;

    internal DetachedJwsSigningSession(DetachedJwsSigner signer, IncrementalHash hash)
    {
        _signer = signer;
        _hash = hash;
        _input = new DetachedJwsSigningInput([hash], 1, signer.EncodesPayload, signer.EncodedHeader);
    }

    /// <summary>The longest output <see cref="TryFinish"/> writes.</summary>
    public int MaxOutputLength => _signer.MaxOutputLength;

    /// <summary>Feeds the next segment of the body.</summary>
    /// <exception cref="InvalidOperationException">After the session finished.</exception>
    public void Append(ReadOnlySpan<byte> segment)
    {
        if (_finished)
        {
            ThrowHelper.ThrowInvalidOperation("The body has already been signed.");
        }

        _input.Append(segment);
    }

    /// <summary>
    /// Writes <c>&lt;header&gt;..&lt;signature&gt;</c> (ASCII) to <paramref name="destination"/>. False, with nothing written
    /// and the session still open, when the destination is shorter than <see cref="MaxOutputLength"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The session already finished.</exception>
    public bool TryFinish(Span<byte> destination, out int written)
    {
        written = 0;
        if (_finished)
        {
            ThrowHelper.ThrowInvalidOperation("The body has already been signed.");
        }

        if (destination.Length < MaxOutputLength)
        {
            return false;
        }

        _finished = true;
        _input.Complete();
        Span<byte> digest = stackalloc byte[64];
        _hash.TryGetHashAndReset(digest, out int digestLength);
        Span<byte> signature = stackalloc byte[1024];
        int signatureLength = _signer.Sign(digest[..digestLength], signature);
        ReadOnlySpan<byte> header = _signer.EncodedHeader;
        header.CopyTo(destination);
        destination[header.Length] = (byte)'.';
        destination[header.Length + 1] = (byte)'.';
        written = header.Length + 2 + Base64Url.Encode(signature[..signatureLength], destination[(header.Length + 2)..]);
        CryptographicOperations.ZeroMemory(digest);
        return true;
    }

    /// <summary>Finishes and returns the detached JWS as a string (for header APIs that take strings).</summary>
    public string Finish()
    {
        byte[] buffer = new byte[MaxOutputLength];
        TryFinish(buffer, out int written);
        return Encoding.ASCII.GetString(buffer, 0, written);
    }

    /// <summary>Releases the hash object.</summary>
    public void Dispose()
    {
        _finished = true;
        _hash.Dispose();
    }
}
