using System.Buffers;

namespace ApiFilter.Tokens;

/// <summary>
/// A compact JWS (RFC 7515 section 7.1) taken apart over the token's own bytes: exactly three segments
/// (five is a JWE and is reported as <see cref="TokenValidationStatus.EncryptedTokenNotSupported"/>), the
/// header and payload decoded with strict base64url into the caller's buffer (stack memory, usually) or a
/// pooled array that <see cref="Dispose"/> returns, and the JOSE header parsed under <see cref="JwsReaderLimits"/>.
/// Reading checks structure only; <see cref="JwsVerifier"/> checks the signature.
/// </summary>
public ref struct JwsReader
{
    /// <summary>A stack buffer of this size holds a token of about 1.3 KB without renting.</summary>
    public const int StackBufferSize = 2048;

    private byte[]? _rented;

    private JwsReader(ReadOnlySpan<byte> token, int headerEnd, int payloadEnd, JoseHeader header, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> signature, byte[]? rented)
    {
        Token = token;
        HeaderSegmentLength = headerEnd;
        PayloadSegmentEnd = payloadEnd;
        Header = header;
        Payload = payload;
        Signature = signature;
        _rented = rented;
    }

    /// <summary>The whole compact token.</summary>
    public ReadOnlySpan<byte> Token { get; }

    /// <summary>The parsed JOSE header.</summary>
    public JoseHeader Header { get; }

    /// <summary>The payload: decoded from base64url, or the segment itself when "b64" is false (RFC 7797). Empty when detached.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>The decoded signature; empty when the third segment is empty.</summary>
    public ReadOnlySpan<byte> Signature { get; }

    /// <summary>Whether the payload segment is empty, so the content travels apart (RFC 7515 appendix F).</summary>
    public readonly bool IsPayloadDetached => PayloadSegmentEnd == HeaderSegmentLength + 1;

    /// <summary>The JWS Signing Input as it appears in the token: header segment, '.', payload segment (RFC 7515 section 5.2 step 8).</summary>
    public readonly ReadOnlySpan<byte> SigningInput => Token[..PayloadSegmentEnd];

    /// <summary>The base64url header segment, without the dot.</summary>
    public readonly ReadOnlySpan<byte> EncodedHeader => Token[..HeaderSegmentLength];

    internal int HeaderSegmentLength { get; }

    internal int PayloadSegmentEnd { get; }

    /// <summary>
    /// Takes <paramref name="token"/> apart. Decoded parts go to <paramref name="buffer"/> when it is large enough
    /// (<see cref="GetBufferSize"/>), else to a pooled array; dispose the reader to return it. Never throws for bad input.
    /// </summary>
    public static TokenValidationStatus TryRead(ReadOnlySpan<byte> token, Span<byte> buffer, JwsReaderLimits limits, out JwsReader reader)
    {
        ArgumentNullException.ThrowIfNull(limits);
        reader = default;
        if (token.Length > limits.MaxTokenBytes)
        {
            return TokenValidationStatus.TokenTooLarge;
        }

        int firstDot = token.IndexOf((byte)'.');
        if (firstDot < 0)
        {
            return TokenValidationStatus.Malformed;
        }

        int secondDot = token[(firstDot + 1)..].IndexOf((byte)'.');
        if (secondDot < 0)
        {
            return TokenValidationStatus.Malformed;
        }

        secondDot += firstDot + 1;
        int extraDots = token[(secondDot + 1)..].Count((byte)'.');
        if (extraDots != 0)
        {
            // A JWE compact serialization has five segments (RFC 7516 section 7.1); anything else is not JOSE.
            return extraDots == 2 ? TokenValidationStatus.EncryptedTokenNotSupported : TokenValidationStatus.Malformed;
        }

        ReadOnlySpan<byte> headerSegment = token[..firstDot];
        ReadOnlySpan<byte> payloadSegment = token[(firstDot + 1)..secondDot];
        ReadOnlySpan<byte> signatureSegment = token[(secondDot + 1)..];

        int headerLength = Base64Url.GetDecodedLength(headerSegment.Length);
        int signatureLength = Base64Url.GetDecodedLength(signatureSegment.Length);
        if (headerLength <= 0 || signatureLength < 0)
        {
            return TokenValidationStatus.Malformed;
        }

        if (headerLength > limits.MaxHeaderBytes)
        {
            return TokenValidationStatus.TokenTooLarge;
        }

        // Payload room is reserved for the base64url case; an unencoded payload needs none.
        int payloadRoom = Math.Max(0, Base64Url.GetDecodedLength(payloadSegment.Length));
        int needed = 2 * headerLength + payloadRoom + signatureLength;
        byte[]? rented = null;
        Span<byte> work = needed <= buffer.Length ? buffer : (rented = ArrayPool<byte>.Shared.Rent(needed));

        TokenValidationStatus status = ReadParts(token, firstDot, secondDot, work, headerLength, payloadRoom, limits, out reader);
        if (status != TokenValidationStatus.Valid)
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }

            reader = default;
            return status;
        }

        reader._rented = rented;
        return TokenValidationStatus.Valid;
    }

    /// <summary>The buffer size that lets <see cref="TryRead"/> decode <paramref name="token"/> without renting.</summary>
    public static int GetBufferSize(ReadOnlySpan<byte> token) => token.Length * 2;

    /// <summary>Returns the pooled array, if one was rented. The spans of this reader are invalid afterwards.</summary>
    public void Dispose()
    {
        byte[]? rented = _rented;
        if (rented is not null)
        {
            _rented = null;
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static TokenValidationStatus ReadParts(
        ReadOnlySpan<byte> token,
        int firstDot,
        int secondDot,
        Span<byte> work,
        int headerLength,
        int payloadRoom,
        JwsReaderLimits limits,
        out JwsReader reader)
    {
        reader = default;
        Span<byte> headerBytes = work[..headerLength];
        Span<byte> headerScratch = work.Slice(headerLength, headerLength);
        Span<byte> rest = work[(2 * headerLength)..];

        if (Base64Url.TryDecode(token[..firstDot], headerBytes, out _) != Base64UrlDecodeStatus.Done)
        {
            return TokenValidationStatus.Malformed;
        }

        TokenValidationStatus status = JoseHeaderParser.Parse(headerBytes, headerScratch, limits, out JoseHeader header);
        if (status != TokenValidationStatus.Valid)
        {
            return status;
        }

        ReadOnlySpan<byte> payloadSegment = token[(firstDot + 1)..secondDot];
        ReadOnlySpan<byte> payload;
        if (header.IsPayloadEncoded)
        {
            Span<byte> payloadBytes = rest[..payloadRoom];
            if (payloadSegment.Length != 0 && Base64Url.TryDecode(payloadSegment, payloadBytes, out _) != Base64UrlDecodeStatus.Done)
            {
                return TokenValidationStatus.Malformed;
            }

            payload = payloadBytes;
            rest = rest[payloadRoom..];
        }
        else
        {
            // RFC 7797 section 5.2: the unencoded payload is the segment itself (it cannot hold a '.', checked by the segment count).
            payload = payloadSegment;
        }

        ReadOnlySpan<byte> signatureSegment = token[(secondDot + 1)..];
        if (Base64Url.TryDecode(signatureSegment, rest, out int signatureLength) != Base64UrlDecodeStatus.Done)
        {
            return TokenValidationStatus.Malformed;
        }

        reader = new JwsReader(token, firstDot, secondDot, header, payload, rest[..signatureLength], rented: null);
        return TokenValidationStatus.Valid;
    }
}
