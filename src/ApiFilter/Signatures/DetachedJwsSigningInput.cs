using System.Security.Cryptography;
using ApiFilter.Tokens;

namespace ApiFilter.Signatures;

/// <summary>
/// Feeds the JWS Signing Input of detached content to one or more running hashes, segment by segment: first
/// ASCII(BASE64URL(header)) || '.', then the content as it arrives, either as is ("b64": false, RFC 7797 section 3)
/// or base64url-encoded on the fly (RFC 7515 section 5.1). Encoding works on whole 3-byte groups, so up to two bytes
/// of a segment are carried to the next; a stack chunk of 1 KiB of characters keeps every call allocation-free.
/// </summary>
internal sealed class DetachedJwsSigningInput
{
    // 768 bytes encode to exactly 1024 base64url characters.
    private const int ChunkBytes = 768;
    private const int ChunkChars = 1024;

    private readonly IncrementalHash[] _hashes;
    private readonly int _count;
    private readonly bool _encode;
    private byte _carry0;
    private byte _carry1;
    private int _carryLength;

    public DetachedJwsSigningInput(IncrementalHash[] hashes, int count, bool encode, ReadOnlySpan<byte> encodedHeader)
    {
        _hashes = hashes;
        _count = count;
        _encode = encode;
        AppendAll(encodedHeader);
        AppendAll("."u8);
    }

    /// <summary>Adds the next bytes of the content.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (!_encode)
        {
            AppendAll(data);
            return;
        }

        Span<byte> chars = stackalloc byte[ChunkChars];
        if (_carryLength > 0)
        {
            int need = 3 - _carryLength;
            if (data.Length < need)
            {
                // One carried byte plus one new: still short of a group.
                if (data.Length == 1)
                {
                    _carry1 = data[0];
                    _carryLength = 2;
                }

                return;
            }

            Span<byte> group = stackalloc byte[3];
            group[0] = _carry0;
            group[1] = _carryLength == 2 ? _carry1 : data[0];
            group[2] = data[need - 1];
            data = data[need..];
            _carryLength = 0;
            AppendAll(chars[..Base64Url.Encode(group, chars)]);
        }

        while (data.Length >= 3)
        {
            int take = Math.Min(data.Length - (data.Length % 3), ChunkBytes);
            AppendAll(chars[..Base64Url.Encode(data[..take], chars)]);
            data = data[take..];
        }

        if (data.Length > 0)
        {
            _carry0 = data[0];
            if (data.Length == 2)
            {
                _carry1 = data[1];
            }

            _carryLength = data.Length;
        }
    }

    /// <summary>Encodes the carried tail (two or three characters, no padding); call once, after the last segment.</summary>
    public void Complete()
    {
        if (_carryLength == 0)
        {
            return;
        }

        Span<byte> group = stackalloc byte[2];
        group[0] = _carry0;
        group[1] = _carry1;
        Span<byte> chars = stackalloc byte[4];
        AppendAll(chars[..Base64Url.Encode(group[.._carryLength], chars)]);
        _carryLength = 0;
    }

    private void AppendAll(ReadOnlySpan<byte> bytes)
    {
        for (int i = 0; i < _count; i++)
        {
            _hashes[i].AppendData(bytes);
        }
    }
}
