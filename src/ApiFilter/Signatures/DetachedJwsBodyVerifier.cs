using System.Security.Cryptography;
using ApiFilter.Tokens;

namespace ApiFilter.Signatures;

/// <summary>
/// Verifies a detached compact JWS (<c>&lt;header&gt;..&lt;signature&gt;</c>, RFC 7515 appendix F; RFC 7797 for "b64": false),
/// carried apart from the body it signs (an <c>x-jws-signature</c> header, say), over the body streamed in segments.
/// Key selection, allow-list and key rules are those of <see cref="JwsVerifier"/>. HS* keep an HMAC per candidate
/// key; RS*/PS*/ES* hash the signing input once and verify the digest with each candidate key. Feeding the body
/// allocates nothing (<see cref="Append"/> is 0 B); creating one allocates the hash objects and a copy of the signature.
/// </summary>
/// <remarks>One instance per message; not thread-safe. <see cref="Verify"/> finishes it. Dispose it to release the hashes.</remarks>
public sealed class DetachedJwsBodyVerifier : IDisposable
{
    private readonly JsonWebKey[] _keys;
    private readonly IncrementalHash[] _hashes;
    private readonly JwsAlgorithm _algorithm;
    private readonly byte[] _signature;
    private readonly DetachedJwsSigningInput _input;
    private bool _finished;

    private DetachedJwsBodyVerifier(JsonWebKey[] keys, IncrementalHash[] hashes, JwsAlgorithm algorithm, byte[] signature, bool encodesPayload, ReadOnlySpan<byte> encodedHeader)
    {
        _keys = keys;
        _hashes = hashes;
        _algorithm = algorithm;
        _signature = signature;
        EncodesPayload = encodesPayload;
        _input = new DetachedJwsSigningInput(hashes, hashes.Length, encodesPayload, encodedHeader);
    }

    /// <summary>The signature's algorithm.</summary>
    public JwsAlgorithm Algorithm => _algorithm;

    /// <summary>False when the header says "b64": false: the body is signed as is, not its base64url form.</summary>
    public bool EncodesPayload { get; }

    /// <summary>
    /// Reads <paramref name="detachedJws"/> and prepares to verify the body against it. The payload segment must be
    /// empty. On anything but <see cref="TokenValidationStatus.Valid"/>, <paramref name="bodyVerifier"/> is null.
    /// Never throws for bad input.
    /// </summary>
    public static TokenValidationStatus TryCreate(JwsVerifier verifier, ReadOnlySpan<byte> detachedJws, out DetachedJwsBodyVerifier? bodyVerifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        bodyVerifier = null;
        Span<byte> buffer = stackalloc byte[JwsReader.StackBufferSize];
        TokenValidationStatus status = JwsReader.TryRead(detachedJws, buffer, verifier.Limits, out JwsReader jws);
        if (status != TokenValidationStatus.Valid)
        {
            return status;
        }

        try
        {
            if (!jws.IsPayloadDetached)
            {
                return TokenValidationStatus.Malformed;
            }

            var candidates = new JsonWebKey?[JwsVerifier.MaxDetachedCandidates];
            status = verifier.SelectDetachedKeys(jws.Header, candidates, out int count);
            if (status != TokenValidationStatus.Valid)
            {
                return status;
            }

            JwsAlgorithm algorithm = jws.Header.Algorithm;
            HashAlgorithmName hash = JwsAlgorithmInfo.GetHash(algorithm);
            var keys = new JsonWebKey[count];
            bool hmac = JwsAlgorithmInfo.GetKeyType(algorithm) == JsonWebKeyType.Octet;
            var hashes = new IncrementalHash[hmac ? count : 1];
            for (int i = 0; i < count; i++)
            {
                keys[i] = candidates[i]!;
            }

            if (hmac)
            {
                for (int i = 0; i < count; i++)
                {
                    hashes[i] = IncrementalHash.CreateHMAC(hash, keys[i].Secret);
                }
            }
            else
            {
                hashes[0] = IncrementalHash.CreateHash(hash);
            }

            bodyVerifier = new DetachedJwsBodyVerifier(keys, hashes, algorithm, jws.Signature.ToArray(), jws.Header.IsPayloadEncoded, jws.EncodedHeader);
            return TokenValidationStatus.Valid;
        }
        finally
        {
            jws.Dispose();
        }
    }

    /// <summary>Feeds the next segment of the body. Allocation-free.</summary>
    /// <exception cref="InvalidOperationException">After <see cref="Verify"/>.</exception>
    public void Append(ReadOnlySpan<byte> segment)
    {
        if (_finished)
        {
            ThrowHelper.ThrowInvalidOperation("The body has already been verified.");
        }

        _input.Append(segment);
    }

    /// <summary>
    /// Finishes the signing input and checks the signature: <see cref="TokenValidationStatus.Valid"/> or
    /// <see cref="TokenValidationStatus.BadSignature"/>. Call once, after the last segment.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called twice.</exception>
    public TokenValidationStatus Verify()
    {
        if (_finished)
        {
            ThrowHelper.ThrowInvalidOperation("The body has already been verified.");
        }

        _finished = true;
        _input.Complete();
        Span<byte> digest = stackalloc byte[64];
        if (_hashes.Length == _keys.Length && JwsAlgorithmInfo.GetKeyType(_algorithm) == JsonWebKeyType.Octet)
        {
            for (int i = 0; i < _keys.Length; i++)
            {
                _hashes[i].TryGetHashAndReset(digest, out int length);
                if (JwsVerifier.VerifyDigest(_keys[i], _algorithm, digest[..length], _signature))
                {
                    return TokenValidationStatus.Valid;
                }
            }

            return TokenValidationStatus.BadSignature;
        }

        _hashes[0].TryGetHashAndReset(digest, out int hashLength);
        foreach (JsonWebKey key in _keys)
        {
            if (JwsVerifier.VerifyDigest(key, _algorithm, digest[..hashLength], _signature))
            {
                return TokenValidationStatus.Valid;
            }
        }

        return TokenValidationStatus.BadSignature;
    }

    /// <summary>Releases the hash objects.</summary>
    public void Dispose()
    {
        _finished = true;
        foreach (IncrementalHash hash in _hashes)
        {
            hash.Dispose();
        }
    }
}
