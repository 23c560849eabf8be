using System.Buffers;
using System.Security.Cryptography;

namespace ApiFilter.Tokens;

/// <summary>
/// Verifies compact JWS signatures against one <see cref="JsonWebKeySet"/> snapshot, or the current snapshot of a
/// <see cref="JsonWebKeySource"/>, with an explicit algorithm
/// allow-list. Key selection uses the token's "kid" (or, without one, the keys compatible with "alg") and never
/// the token's own "jku", "jwk", "x5u" or "x5c". A key is used only for the algorithm family and curve it belongs
/// to, so HS256 naming an RSA key (the key-confusion attack) is <see cref="TokenValidationStatus.KeyTypeMismatch"/>,
/// and its own "alg", "use" and "key_ops" are respected. HMAC tags are compared in constant time.
/// </summary>
/// <remarks>
/// Thread safety: one instance serves all requests. The RSA and ECDsa objects are created once per key and shared.
/// Instance members of these types carry no documented thread-safety guarantee (dotnet/runtime#53320), but a key
/// imported once and then only used to verify is relied on to work in parallel (dotnet/corefx#9708, which made
/// RSAOpenSsl import thread-safe for exactly that use); on Linux every verify creates its own EVP_PKEY_CTX over the
/// shared, never-modified EVP_PKEY, which OpenSSL supports (openssl/openssl#16496). The key objects are internal,
/// so nothing can re-import or dispose them after load. A parallel test exercises this.
/// Over a source, each verification reads the source's current snapshot once (a volatile read) and uses only it;
/// a token whose "kid" is in no key of that snapshot asks the source for a rate-limited refresh and, when one
/// brings a newer snapshot within the source's wait, is looked up once more in it.
/// </remarks>
public sealed partial class JwsVerifier
{
    // HMAC inputs and detached signing inputs up to this size are assembled on the stack.
    private const int StackInputLimit = 1024;

    // Exactly one of the two is set: a fixed snapshot, or the source whose current snapshot is read per token.
    private readonly JsonWebKeySet? _keys;
    private readonly JsonWebKeySource? _source;
    private readonly uint _allowed;
    private readonly JwsReaderLimits _limits;
    private readonly int _maxKeysTried;

    /// <summary>Creates a verifier over <paramref name="keys"/>.</summary>
    /// <exception cref="ArgumentException">The allow-list is empty, names "none", an unknown or unavailable algorithm, or an HMAC algorithm with no shared secret in the set.</exception>
    public JwsVerifier(JsonWebKeySet keys, JwsVerifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _allowed = BuildAllowList(options, keys.HasSharedSecret ? null : "the key set holds no shared secret (kty \"oct\")");
        _keys = keys;
        _limits = options.Limits;
        _maxKeysTried = options.MaxKeysTriedWithoutKeyId;
    }

    /// <summary>
    /// Creates a verifier over the keys <paramref name="source"/> serves at the time of each verification (the source
    /// is not disposed with the verifier). HMAC algorithms are allowed only with a file source: a secret is never
    /// taken from the network.
    /// </summary>
    /// <exception cref="ArgumentException">The allow-list is empty, names "none", an unknown or unavailable algorithm, or an HMAC algorithm with a network source.</exception>
    public JwsVerifier(JsonWebKeySource source, JwsVerifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        _allowed = BuildAllowList(options, source.IsFile ? null : "the keys come from the network, where shared secrets are refused");
        _source = source;
        _limits = options.Limits;
        _maxKeysTried = options.MaxKeysTriedWithoutKeyId;
    }

    /// <summary>The allow-list as a bit set, after refusing what may never be allowed; <paramref name="noSecret"/> says why HMAC cannot work, if it cannot.</summary>
    private static uint BuildAllowList(JwsVerifierOptions options, string? noSecret)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.AllowedAlgorithms);
        ArgumentNullException.ThrowIfNull(options.Limits);
        ThrowHelper.ThrowIfNotPositive(options.MaxKeysTriedWithoutKeyId, nameof(options.MaxKeysTriedWithoutKeyId));
        if (options.AllowedAlgorithms.Count == 0)
        {
            ThrowHelper.ThrowArgument(nameof(options), "The algorithm allow-list must name at least one algorithm.");
        }

        uint allowed = 0;
        foreach (JwsAlgorithm algorithm in options.AllowedAlgorithms)
        {
            switch (algorithm)
            {
                case JwsAlgorithm.None:
                    ThrowHelper.ThrowArgument(nameof(options), "\"none\" is never allowed: unsecured tokens are always refused (RFC 8725 section 3.1).");
                    break;
                case JwsAlgorithm.EdDsa:
                    ThrowHelper.ThrowArgument(nameof(options), "EdDSA is not available on this platform: .NET 10 has no public Ed25519 API.");
                    break;
                case JwsAlgorithm.Unknown:
                    ThrowHelper.ThrowArgument(nameof(options), "The allow-list names an unknown algorithm.");
                    break;
                case >= JwsAlgorithm.HS256 and <= JwsAlgorithm.HS512 when noSecret is not null:
                    ThrowHelper.ThrowArgument(nameof(options), $"{JwsAlgorithmInfo.GetName(algorithm)} is allowed but {noSecret}.");
                    break;
                case > JwsAlgorithm.EdDsa:
                    ThrowHelper.ThrowArgument(nameof(options), "The allow-list names an unknown algorithm.");
                    break;
            }

            allowed |= 1u << (int)algorithm;
        }

        return allowed;
    }

    /// <summary>The key set snapshot this verifier uses: the fixed one, or the source's current one.</summary>
    public JsonWebKeySet Keys => _keys ?? _source!.Current;

    /// <summary>The source the keys come from; null for a verifier over a fixed set.</summary>
    public JsonWebKeySource? Source => _source;

    /// <summary>The reading limits, for callers that read tokens themselves with <see cref="JwsReader.TryRead"/>.</summary>
    public JwsReaderLimits Limits => _limits;

    /// <summary>Whether <paramref name="algorithm"/> is in the allow-list.</summary>
    public bool IsAllowed(JwsAlgorithm algorithm) => (uint)algorithm < 32 && (_allowed & (1u << (int)algorithm)) != 0;

    /// <summary>Reads <paramref name="token"/> and verifies its signature (no claims checks). Never throws for bad input.</summary>
    public TokenValidationStatus Verify(ReadOnlySpan<byte> token)
    {
        Span<byte> buffer = stackalloc byte[JwsReader.StackBufferSize];
        TokenValidationStatus status = JwsReader.TryRead(token, buffer, _limits, out JwsReader jws);
        if (status != TokenValidationStatus.Valid)
        {
            return status;
        }

        try
        {
            return Verify(jws);
        }
        finally
        {
            jws.Dispose();
        }
    }

    /// <summary>Verifies the signature of a token already read, over its own signing input.</summary>
    public TokenValidationStatus Verify(scoped in JwsReader jws) => VerifyCore(jws.Header, jws.SigningInput, jws.Signature);

    /// <summary>
    /// Verifies a token with detached content (RFC 7515 appendix F; RFC 7797 section 5 for "b64": false): the
    /// payload segment must be empty, and <paramref name="detachedPayload"/> is the content it stands for.
    /// </summary>
    public TokenValidationStatus VerifyDetached(scoped in JwsReader jws, ReadOnlySpan<byte> detachedPayload)
    {
        if (!jws.IsPayloadDetached)
        {
            return TokenValidationStatus.Malformed;
        }

        ReadOnlySpan<byte> header = jws.EncodedHeader;
        bool encode = jws.Header.IsPayloadEncoded;
        int payloadLength = encode ? Base64Url.GetEncodedLength(detachedPayload.Length) : detachedPayload.Length;
        int length = header.Length + 1 + payloadLength;
        byte[]? rented = null;
        Span<byte> input = length <= StackInputLimit ? stackalloc byte[StackInputLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            header.CopyTo(input);
            input[header.Length] = (byte)'.';
            Span<byte> payload = input.Slice(header.Length + 1, payloadLength);
            if (encode)
            {
                Base64Url.Encode(detachedPayload, payload);
            }
            else
            {
                detachedPayload.CopyTo(payload);
            }

            return VerifyCore(jws.Header, input[..length], jws.Signature);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The gate every verification passes first (RFC 8725 section 3.1): never <c>none</c>, an algorithm this platform
    /// supports, and one of the allow-list; the token's <c>alg</c> only ever selects among these.
    /// </summary>
    private TokenValidationStatus CheckAlgorithm(JwsAlgorithm algorithm) =>
        algorithm == JwsAlgorithm.None ? TokenValidationStatus.AlgorithmNone
        : !JwsAlgorithmInfo.IsSupported(algorithm) ? TokenValidationStatus.UnsupportedAlgorithm
        : !IsAllowed(algorithm) ? TokenValidationStatus.AlgorithmNotAllowed
        : TokenValidationStatus.Valid;

    private TokenValidationStatus VerifyCore(scoped in JoseHeader header, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        JwsAlgorithm algorithm = header.Algorithm;
        TokenValidationStatus gate = CheckAlgorithm(algorithm);
        if (gate != TokenValidationStatus.Valid)
        {
            return gate;
        }

        // One read of the source per token: the whole verification uses this snapshot.
        JsonWebKeySet set = _keys ?? _source!.Current;
        if (header.HasKeyId)
        {
            TokenValidationStatus status = VerifyByKeyId(set, header.KeyId, algorithm, signingInput, signature);
            if (status == TokenValidationStatus.KeyNotFound && _source is not null)
            {
                // Cold: an unknown kid may be a key the issuer has just rotated in (rate-limited in the source).
                JsonWebKeySet? fresh = _source.RefreshForUnknownKey(set);
                if (fresh is not null)
                {
                    status = VerifyByKeyId(fresh, header.KeyId, algorithm, signingInput, signature);
                }
            }

            return status;
        }

        int attempts = 0;
        foreach (JsonWebKey key in set.KeySpan)
        {
            if (CheckKey(key, algorithm) != TokenValidationStatus.Valid)
            {
                continue;
            }

            if (VerifyWith(key, algorithm, signingInput, signature))
            {
                return TokenValidationStatus.Valid;
            }

            if (++attempts == _maxKeysTried)
            {
                break;
            }
        }

        return attempts == 0 ? TokenValidationStatus.KeyNotFound : TokenValidationStatus.BadSignature;
    }

    private TokenValidationStatus VerifyByKeyId(JsonWebKeySet set, ReadOnlySpan<byte> keyId, JwsAlgorithm algorithm, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        ReadOnlySpan<JsonWebKey> keys = set.KeySpan;

        // The named key, and only it (several keys may share a kid when their types differ, RFC 7517 section 4.5).
        TokenValidationStatus failure = TokenValidationStatus.KeyNotFound;
        int tried = 0;
        for (int i = set.IndexOfKeyId(keyId, 0); i >= 0; i = set.IndexOfKeyId(keyId, i + 1))
        {
            TokenValidationStatus fit = CheckKey(keys[i], algorithm);
            if (fit != TokenValidationStatus.Valid)
            {
                // Report the nearest miss: a usage refusal says more than a type mismatch.
                failure = failure == TokenValidationStatus.KeyUsageNotPermitted ? failure : fit;
                continue;
            }

            if (VerifyWith(keys[i], algorithm, signingInput, signature))
            {
                return TokenValidationStatus.Valid;
            }

            failure = TokenValidationStatus.BadSignature;
            if (++tried == _maxKeysTried)
            {
                break;
            }
        }

        return failure;
    }

    /// <summary>Whether <paramref name="key"/> may verify <paramref name="algorithm"/>: type and curve first, then the key's own restrictions.</summary>
    private static TokenValidationStatus CheckKey(JsonWebKey key, JwsAlgorithm algorithm)
    {
        if (key.KeyType != JwsAlgorithmInfo.GetKeyType(algorithm))
        {
            return TokenValidationStatus.KeyTypeMismatch;
        }

        if (key.KeyType == JsonWebKeyType.EllipticCurve && key.Curve != JwsAlgorithmInfo.GetCurve(algorithm))
        {
            return TokenValidationStatus.KeyTypeMismatch;
        }

        if (!key.CanVerify || (key.Algorithm is { } restricted && restricted != algorithm))
        {
            return TokenValidationStatus.KeyUsageNotPermitted;
        }

        // RFC 7518 section 3.2: an HMAC key at least as long as the hash output.
        if (key.KeyType == JsonWebKeyType.Octet && key.Secret.Length < JwsAlgorithmInfo.GetHashSize(algorithm))
        {
            return TokenValidationStatus.KeyUsageNotPermitted;
        }

        return TokenValidationStatus.Valid;
    }

    private static bool VerifyWith(JsonWebKey key, JwsAlgorithm algorithm, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        try
        {
            switch (key.KeyType)
            {
                case JsonWebKeyType.Octet:
                    {
                        Span<byte> mac = stackalloc byte[64];
                        int length = algorithm switch
                        {
                            JwsAlgorithm.HS256 => HMACSHA256.HashData(key.Secret, signingInput, mac),
                            JwsAlgorithm.HS384 => HMACSHA384.HashData(key.Secret, signingInput, mac),
                            _ => HMACSHA512.HashData(key.Secret, signingInput, mac),
                        };

                        // Lengths are public; the contents are compared in constant time. A truncated tag is refused.
                        return signature.Length == length && CryptographicOperations.FixedTimeEquals(mac[..length], signature);
                    }

                case JsonWebKeyType.Rsa:
                    {
                        // RFC 8017 section 8.2.2 step 1: the signature is exactly as long as the modulus.
                        if (signature.Length != (key.KeySizeInBits + 7) / 8)
                        {
                            return false;
                        }

                        RSASignaturePadding padding = JwsAlgorithmInfo.IsPss(algorithm) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;

                        // RSASignaturePadding.Pss uses a salt as long as the hash, which RFC 7518 section 3.5 requires.
                        return key.Rsa!.VerifyData(signingInput, signature, JwsAlgorithmInfo.GetHash(algorithm), padding);
                    }

                default:
                    {
                        // RFC 7518 section 3.4: R and S, each the field size, concatenated (IEEE P1363), not DER.
                        if (signature.Length != 2 * JwsAlgorithmInfo.GetFieldSize(key.Curve))
                        {
                            return false;
                        }

                        // This overload takes IEEE P1363; the platform's ECDSA verify allocates about 1.2 KB of its own
                        // per call on Linux (measured; DER input costs more, not less), which this layer cannot avoid.
                        return key.ECDsa!.VerifyData(signingInput, signature, JwsAlgorithmInfo.GetHash(algorithm));
                    }
            }
        }
        catch (CryptographicException)
        {
            // A platform refusal of odd input is a failed verification, never an accepted one.
            return false;
        }
    }
}
