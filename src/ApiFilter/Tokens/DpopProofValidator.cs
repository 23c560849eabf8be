using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ApiFilter.Tokens;

/// <summary>
/// Validates a DPoP proof (RFC 9449 section 4.3) for one request: a single compact JWS typed "dpop+jwt", signed with
/// an allowed asymmetric algorithm by the public key in its own "jwk" header (the one place this library uses a
/// header key, as RFC 9449 is designed), whose claims name this request's method ("htm") and target URI ("htu"), were
/// issued within the window ("iat"), hash the presented access token ("ath"), optionally carry an accepted "nonce",
/// and whose "jti" this key has not used before. On success it writes the key's RFC 7638 SHA-256 thumbprint, which
/// the caller compares with the access token's "cnf"."jkt" through <see cref="ThumbprintMatches"/>.
/// </summary>
/// <remarks>
/// <para>
/// Order: structure, header, claims and request binding are checked first (cheap, and most junk stops there), then
/// the key is read and the signature verified, then the nonce hook runs, and the "jti" is recorded last so that
/// proofs failing any check never occupy the replay cache.
/// </para>
/// <para>
/// Allocation: nothing on this layer's part. The platform key object for the proof's key is the exception: building
/// an ECDsa or RSA object from a JWK allocates inside .NET (the parameter arrays, the object, its native handle).
/// Imported keys are kept in a small cache by thumbprint (<see cref="DpopProofValidatorOptions.KeyCacheSize"/>),
/// because a client signs all its proofs with one key: a repeated key costs a lookup, and only the platform's own
/// verification allocation remains (about 1.2 KB per ECDSA verify on Linux, as for <see cref="JwsVerifier"/>).
/// </para>
/// <para>Thread-safe: one instance serves all requests.</para>
/// </remarks>
public sealed class DpopProofValidator
{
    /// <summary>The size of the thumbprint <see cref="Validate"/> writes: a SHA-256 value.</summary>
    public const int ThumbprintSize = 32;

    /// <summary>The length of a thumbprint in base64url ("jkt").</summary>
    public const int EncodedThumbprintLength = 43;

    // Claim payloads up to this size are unescaped on the stack; a typical proof payload is under 300 bytes.
    private const int StackClaimsLimit = 1024;

    // An "htu" longer than this is refused before normalising; request URIs of this length are already unusual.
    private const int MaxHtuLength = 2048;

    private readonly ReplayCache _replayCache;
    private readonly DpopProofValidatorOptions _options;
    private readonly DpopKeyCache _keys;
    private readonly uint _allowed;
    private readonly long _maxAgeSeconds;
    private readonly long _maxFutureSeconds;

    /// <summary>Creates a validator recording proof ids in <paramref name="replayCache"/>.</summary>
    /// <param name="replayCache">Where "jti" values are recorded; size it for (proofs per second) × <see cref="DpopProofValidatorOptions.MaxAge"/>.</param>
    /// <param name="options">What proofs may look like; the defaults follow RFC 9449.</param>
    public DpopProofValidator(ReplayCache replayCache, DpopProofValidatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(replayCache);
        _replayCache = replayCache;
        _options = options ?? new DpopProofValidatorOptions();
        ArgumentNullException.ThrowIfNull(_options.Limits);
        ArgumentNullException.ThrowIfNull(_options.TimeProvider);
        uint allowed = 0;
        foreach (JwsAlgorithm algorithm in _options.AllowedAlgorithms)
        {
            allowed |= 1u << (int)algorithm;
        }

        _allowed = allowed;
        _keys = new DpopKeyCache(_options.KeyCacheSize);
        _maxAgeSeconds = (long)_options.MaxAge.TotalSeconds;
        _maxFutureSeconds = (long)_options.MaxFutureSkew.TotalSeconds;
    }

    /// <summary>The options in force.</summary>
    public DpopProofValidatorOptions Options => _options;

    /// <summary>
    /// Validates <paramref name="proof"/> (the <c>DPoP</c> header value; the caller has checked there is exactly one
    /// such field, RFC 9449 section 4.3 step 1) for a request with <paramref name="method"/> and target URI
    /// <paramref name="scheme"/>://<paramref name="authority"/><paramref name="path"/> (path as sent, percent-encoded;
    /// a query is ignored). When <paramref name="accessToken"/> is not empty (the DPoP-scheme credentials of a
    /// resource request), "ath" must be its hash. On <see cref="DpopStatus.Valid"/> the proof key's 32-byte RFC 7638
    /// thumbprint is in <paramref name="thumbprint"/>. Never throws for bad input.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="thumbprint"/> is shorter than <see cref="ThumbprintSize"/>.</exception>
    public DpopStatus Validate(
        ReadOnlySpan<byte> proof,
        ReadOnlySpan<char> method,
        ReadOnlySpan<char> scheme,
        ReadOnlySpan<char> authority,
        ReadOnlySpan<char> path,
        ReadOnlySpan<byte> accessToken,
        Span<byte> thumbprint)
    {
        if (thumbprint.Length < ThumbprintSize)
        {
            ThrowHelper.ThrowArgument(nameof(thumbprint), $"The thumbprint destination must hold {ThumbprintSize} bytes.");
        }

        if (proof.IsEmpty)
        {
            return DpopStatus.Missing;
        }

        Span<byte> buffer = stackalloc byte[JwsReader.StackBufferSize];
        TokenValidationStatus read = JwsReader.TryRead(proof, buffer, _options.Limits, out JwsReader jws);
        if (read != TokenValidationStatus.Valid)
        {
            return read == TokenValidationStatus.TokenTooLarge ? DpopStatus.TooLarge : DpopStatus.Malformed;
        }

        try
        {
            return ValidateRead(jws, method, scheme, authority, path, accessToken, thumbprint[..ThumbprintSize]);
        }
        finally
        {
            jws.Dispose();
        }
    }

    /// <summary>
    /// Whether <paramref name="thumbprint"/> (32 bytes from <see cref="Validate"/>) is the key an access token is bound
    /// to: <paramref name="confirmation"/> is its "cnf"."jkt" text (<see cref="JwtClaims.ConfirmationKeyThumbprint"/>,
    /// RFC 9449 section 6.1). Constant time in the contents; an empty, malformed or wrong-length "jkt" never matches.
    /// </summary>
    public static bool ThumbprintMatches(ReadOnlySpan<byte> thumbprint, ReadOnlySpan<byte> confirmation)
    {
        if (thumbprint.Length != ThumbprintSize || confirmation.Length != EncodedThumbprintLength)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[ThumbprintSize];
        return Base64Url.TryDecode(confirmation, expected, out int written) == Base64UrlDecodeStatus.Done &&
            written == ThumbprintSize &&
            CryptographicOperations.FixedTimeEquals(thumbprint, expected);
    }

    private DpopStatus ValidateRead(
        scoped in JwsReader jws,
        ReadOnlySpan<char> method,
        ReadOnlySpan<char> scheme,
        ReadOnlySpan<char> authority,
        ReadOnlySpan<char> path,
        ReadOnlySpan<byte> accessToken,
        Span<byte> thumbprint)
    {
        JoseHeader header = jws.Header;

        // A proof is a JWT: its payload is the base64url claims set in the token itself (no RFC 7797, no detached content).
        if (!header.IsPayloadEncoded || jws.IsPayloadDetached)
        {
            return DpopStatus.Malformed;
        }

        if (!IsProofType(header.Type))
        {
            return DpopStatus.InvalidType;
        }

        JwsAlgorithm algorithm = header.Algorithm;
        if (algorithm == JwsAlgorithm.None)
        {
            return DpopStatus.AlgorithmNone;
        }

        if ((uint)algorithm >= 32 || (_allowed & (1u << (int)algorithm)) == 0)
        {
            return DpopStatus.AlgorithmNotAllowed;
        }

        if (header.EmbeddedKeyJson.IsEmpty)
        {
            return DpopStatus.MissingKey;
        }

        ReadOnlySpan<byte> payload = jws.Payload;
        byte[]? rented = null;
        Span<byte> scratch = payload.Length <= StackClaimsLimit
            ? stackalloc byte[StackClaimsLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(payload.Length));
        try
        {
            DpopStatus status = CheckClaims(payload, scratch, method, scheme, authority, path, accessToken, out long issuedAt, out int jtiStart, out int jtiLength, out int nonceStart, out int nonceLength);
            if (status != DpopStatus.Valid)
            {
                return status;
            }

            status = VerifySignature(jws, algorithm, thumbprint);
            if (status != DpopStatus.Valid)
            {
                return status;
            }

            if (_options.NonceCheck is { } nonceCheck)
            {
                if (nonceLength < 0)
                {
                    return DpopStatus.NonceRequired;
                }

                if (!nonceCheck(scratch.Slice(nonceStart, nonceLength)))
                {
                    return DpopStatus.InvalidNonce;
                }
            }

            // The replay key is the proof key's thumbprint and the jti: ids are unique per client (RFC 9449 section
            // 11.1), so one client's choice of jti can never collide with, or pre-empt, another's.
            Span<byte> replayId = stackalloc byte[ThumbprintSize + 1024];
            thumbprint.CopyTo(replayId);
            scratch.Slice(jtiStart, jtiLength).CopyTo(replayId[ThumbprintSize..]);

            // The proof is acceptable until iat + MaxAge; the id must be remembered until then.
            return _replayCache.TryAdd(replayId[..(ThumbprintSize + jtiLength)], issuedAt + _maxAgeSeconds + 1) switch
            {
                ReplayCacheStatus.Added => DpopStatus.Valid,
                ReplayCacheStatus.Replayed => DpopStatus.Replayed,
                _ => DpopStatus.ReplayCacheFull,
            };
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>"dpop+jwt", or the full media type "application/dpop+jwt", without case (RFC 7515 section 4.1.9, RFC 8725 section 3.11).</summary>
    private static bool IsProofType(ReadOnlySpan<byte> type) =>
        Ascii.EqualsIgnoreCase(type, "dpop+jwt"u8) || Ascii.EqualsIgnoreCase(type, "application/dpop+jwt"u8);

    private DpopStatus CheckClaims(
        ReadOnlySpan<byte> payload,
        Span<byte> scratch,
        ReadOnlySpan<char> method,
        ReadOnlySpan<char> scheme,
        ReadOnlySpan<char> authority,
        ReadOnlySpan<char> path,
        ReadOnlySpan<byte> accessToken,
        out long issuedAt,
        out int jtiStart,
        out int jtiLength,
        out int nonceStart,
        out int nonceLength)
    {
        issuedAt = 0;
        jtiStart = 0;
        jtiLength = -1;
        nonceStart = 0;
        nonceLength = -1;
        Span<int> starts = stackalloc int[ClaimCount];
        Span<int> lengths = stackalloc int[ClaimCount];
        lengths.Fill(-1);
        DpopStatus status;
        bool hasIssuedAt;
        try
        {
            status = ReadClaims(payload, scratch, starts, lengths, out issuedAt, out hasIssuedAt);
        }
        catch (JsonException)
        {
            return DpopStatus.InvalidClaims;
        }
        catch (InvalidOperationException)
        {
            // CopyString throws this for escapes that decode to invalid UTF-8.
            return DpopStatus.InvalidClaims;
        }

        if (status != DpopStatus.Valid)
        {
            return status;
        }

        // Step 3: every required claim is present.
        if (lengths[Jti] < 0 || lengths[Htm] < 0 || lengths[Htu] < 0 || !hasIssuedAt)
        {
            return DpopStatus.MissingClaim;
        }

        if (lengths[Jti] == 0 || lengths[Jti] > _options.MaxJtiLength)
        {
            return DpopStatus.InvalidJti;
        }

        // Step 8: methods are case-sensitive tokens (RFC 9110 section 9.1), compared exactly.
        if (!Ascii.Equals(scratch.Slice(starts[Htm], lengths[Htm]), method))
        {
            return DpopStatus.MethodMismatch;
        }

        if (lengths[Htu] > MaxHtuLength || !DpopTargetUri.Matches(scratch.Slice(starts[Htu], lengths[Htu]), scheme, authority, path))
        {
            return DpopStatus.UriMismatch;
        }

        // Step 11 with RFC 9449 section 11.1's window: not older than MaxAge, not newer than the allowed skew.
        long now = _options.TimeProvider.GetUtcNow().ToUnixTimeSeconds();
        if (issuedAt < now - _maxAgeSeconds)
        {
            return DpopStatus.Expired;
        }

        if (issuedAt > now + _maxFutureSeconds)
        {
            return DpopStatus.IssuedInFuture;
        }

        if (!accessToken.IsEmpty)
        {
            if (lengths[Ath] < 0)
            {
                return DpopStatus.MissingClaim;
            }

            if (!AccessTokenHashMatches(scratch.Slice(starts[Ath], lengths[Ath]), accessToken))
            {
                return DpopStatus.AccessTokenHashMismatch;
            }
        }

        (jtiStart, jtiLength) = (starts[Jti], lengths[Jti]);
        (nonceStart, nonceLength) = (starts[Nonce], lengths[Nonce]);
        return DpopStatus.Valid;
    }

    // Claim indexes into starts/lengths.
    private const int Jti = 0;
    private const int Htm = 1;
    private const int Htu = 2;
    private const int Ath = 3;
    private const int Nonce = 4;
    private const int ClaimCount = 5;

    // Proof payloads are small; more members than this is not a proof.
    private const int MaxClaims = 32;

    private static DpopStatus ReadClaims(ReadOnlySpan<byte> payload, Span<byte> scratch, Span<int> starts, Span<int> lengths, out long issuedAt, out bool hasIssuedAt)
    {
        issuedAt = 0;
        hasIssuedAt = false;
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 9, CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return DpopStatus.InvalidClaims;
        }

        Span<int> nameStarts = stackalloc int[MaxClaims];
        Span<int> nameLengths = stackalloc int[MaxClaims];
        int members = 0;
        int used = 0;
        while (true)
        {
            if (!reader.Read())
            {
                return DpopStatus.InvalidClaims;
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            if (members == MaxClaims)
            {
                return DpopStatus.InvalidClaims;
            }

            int nameLength = reader.CopyString(scratch[used..]);
            ReadOnlySpan<byte> name = scratch.Slice(used, nameLength);
            for (int i = 0; i < members; i++)
            {
                // RFC 7519 section 4: claim names are unique; a second "htu" must not pick which one counts.
                if (nameLengths[i] == nameLength && name.SequenceEqual(scratch.Slice(nameStarts[i], nameLength)))
                {
                    return DpopStatus.InvalidClaims;
                }
            }

            nameStarts[members] = used;
            nameLengths[members] = nameLength;
            members++;
            used += nameLength;
            if (!reader.Read())
            {
                return DpopStatus.InvalidClaims;
            }

            if (name.SequenceEqual("iat"u8))
            {
                if (reader.TokenType != JsonTokenType.Number || !TryReadSeconds(ref reader, out issuedAt))
                {
                    return DpopStatus.InvalidClaims;
                }

                hasIssuedAt = true;
                continue;
            }

            int index = name.SequenceEqual("jti"u8) ? Jti
                : name.SequenceEqual("htm"u8) ? Htm
                : name.SequenceEqual("htu"u8) ? Htu
                : name.SequenceEqual("ath"u8) ? Ath
                : name.SequenceEqual("nonce"u8) ? Nonce
                : -1;
            if (index < 0)
            {
                if (!JoseHeaderParser.SkipValue(ref reader, 8))
                {
                    return DpopStatus.InvalidClaims;
                }

                continue;
            }

            if (reader.TokenType != JsonTokenType.String)
            {
                return DpopStatus.InvalidClaims;
            }

            starts[index] = used;
            lengths[index] = reader.CopyString(scratch[used..]);
            used += lengths[index];
        }

        return reader.Read() ? DpopStatus.InvalidClaims : DpopStatus.Valid;
    }

    /// <summary>A NumericDate (RFC 7519 section 2), fractions rounded down, clamped far beyond any clock so arithmetic cannot overflow.</summary>
    private static bool TryReadSeconds(ref Utf8JsonReader reader, out long seconds)
    {
        if (reader.TryGetInt64(out seconds))
        {
            seconds = Math.Clamp(seconds, -(1L << 62), 1L << 62);
            return true;
        }

        if (!reader.TryGetDouble(out double value) || !double.IsFinite(value))
        {
            return false;
        }

        const double Limit = 4.6e18;
        value = Math.Floor(value);
        seconds = value >= Limit ? (long)Limit : value <= -Limit ? -(long)Limit : (long)value;
        return true;
    }

    /// <summary>"ath" = base64url(SHA-256(ASCII(access token))) (RFC 9449 section 4.2), compared in constant time.</summary>
    private static bool AccessTokenHashMatches(ReadOnlySpan<byte> ath, ReadOnlySpan<byte> accessToken)
    {
        if (ath.Length != EncodedThumbprintLength)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        if (Base64Url.TryDecode(ath, expected, out int written) != Base64UrlDecodeStatus.Done || written != SHA256.HashSizeInBytes)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(accessToken, actual);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private DpopStatus VerifySignature(scoped in JwsReader jws, JwsAlgorithm algorithm, Span<byte> thumbprint)
    {
        Span<byte> keyScratch = stackalloc byte[DpopKeyReader.ScratchSize];
        DpopStatus status = DpopKeyReader.Read(jws.Header.EmbeddedKeyJson, algorithm, keyScratch, thumbprint, out JsonWebKeyType keyType, out ReadOnlySpan<byte> first, out ReadOnlySpan<byte> second);
        if (status != DpopStatus.Valid)
        {
            return status;
        }

        AsymmetricAlgorithm? key = _keys.Find(thumbprint);
        bool owned = false;
        if (key is null)
        {
            key = Import(keyType, JwsAlgorithmInfo.GetCurve(algorithm), first, second);
            if (key is null)
            {
                return DpopStatus.InvalidKey;
            }

            if (_keys.Enabled)
            {
                _keys.Add(thumbprint, key);
            }
            else
            {
                owned = true;
            }
        }

        try
        {
            // RSA: the signature is as long as the modulus (RFC 8017 section 8.2.2); ECDSA: R ‖ S, each the field size (RFC 7518 section 3.4).
            int expectedLength = keyType == JsonWebKeyType.Rsa ? first.Length : 2 * first.Length;
            return jws.Signature.Length == expectedLength && Verify(key, algorithm, jws.SigningInput, jws.Signature)
                ? DpopStatus.Valid
                : DpopStatus.BadSignature;
        }
        finally
        {
            if (owned)
            {
                key.Dispose();
            }
        }
    }

    private static AsymmetricAlgorithm? Import(JsonWebKeyType keyType, JsonWebKeyCurve curve, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        try
        {
            if (keyType == JsonWebKeyType.EllipticCurve)
            {
                ECCurve named = curve switch
                {
                    JsonWebKeyCurve.P256 => ECCurve.NamedCurves.nistP256,
                    JsonWebKeyCurve.P384 => ECCurve.NamedCurves.nistP384,
                    _ => ECCurve.NamedCurves.nistP521,
                };

                // Import checks the point is on the curve, so an invalid-curve point is refused here.
                return ECDsa.Create(new ECParameters { Curve = named, Q = new ECPoint { X = first.ToArray(), Y = second.ToArray() } });
            }

            RSA rsa = RSA.Create();
            try
            {
                rsa.ImportParameters(new RSAParameters { Modulus = first.ToArray(), Exponent = second.ToArray() });
                return rsa;
            }
            catch (CryptographicException)
            {
                rsa.Dispose();
                return null;
            }
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static bool Verify(AsymmetricAlgorithm key, JwsAlgorithm algorithm, ReadOnlySpan<byte> input, ReadOnlySpan<byte> signature)
    {
        try
        {
            HashAlgorithmName hash = JwsAlgorithmInfo.GetHash(algorithm);
            return key switch
            {
                // P1363 (R ‖ S) is this overload's format, as JWS uses.
                ECDsa ecdsa => ecdsa.VerifyData(input, signature, hash),

                // RSASignaturePadding.Pss salts with the hash length, as RFC 7518 section 3.5 requires.
                RSA rsa => rsa.VerifyData(input, signature, hash, JwsAlgorithmInfo.IsPss(algorithm) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1),
                _ => false,
            };
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
