using System.Security.Cryptography;

namespace ApiFilter.Tokens;

// Key selection and digest verification for detached content verified in a stream
// (ApiFilter.Signatures.DetachedJwsBodyVerifier): the same rules as VerifyCore, split so the signing input can be
// hashed segment by segment before any key is used.
public sealed partial class JwsVerifier
{
    /// <summary>The most candidate keys a detached verification may hold (the configured maximum is capped here).</summary>
    internal const int MaxDetachedCandidates = 8;

    /// <summary>
    /// Chooses the keys a detached signature may be checked with, by the rules of <see cref="VerifyCore"/>: the
    /// algorithm must be supported and allowed; with a "kid", the keys carrying it that fit the algorithm; without,
    /// the fitting keys in set order. At most <c>min(MaxKeysTriedWithoutKeyId, MaxDetachedCandidates)</c> are returned.
    /// </summary>
    internal TokenValidationStatus SelectDetachedKeys(scoped in JoseHeader header, Span<JsonWebKey?> candidates, out int count)
    {
        count = 0;
        JwsAlgorithm algorithm = header.Algorithm;
        TokenValidationStatus gate = CheckAlgorithm(algorithm);
        if (gate != TokenValidationStatus.Valid)
        {
            return gate;
        }

        int limit = Math.Min(Math.Min(_maxKeysTried, MaxDetachedCandidates), candidates.Length);

        // One read of the source per message, as in VerifyCore: the whole selection uses this snapshot.
        JsonWebKeySet set = _keys ?? _source!.Current;
        if (!header.HasKeyId)
        {
            foreach (JsonWebKey key in set.KeySpan)
            {
                if (count == limit)
                {
                    break;
                }

                if (CheckKey(key, algorithm) == TokenValidationStatus.Valid)
                {
                    candidates[count++] = key;
                }
            }

            return count == 0 ? TokenValidationStatus.KeyNotFound : TokenValidationStatus.Valid;
        }

        TokenValidationStatus status = SelectByKeyId(set, header.KeyId, algorithm, candidates, limit, out count);
        if (status == TokenValidationStatus.KeyNotFound && _source is not null)
        {
            // Cold: an unknown kid may be a key the issuer has just rotated in (rate-limited in the source).
            JsonWebKeySet? fresh = _source.RefreshForUnknownKey(set);
            if (fresh is not null)
            {
                status = SelectByKeyId(fresh, header.KeyId, algorithm, candidates, limit, out count);
            }
        }

        return status;
    }

    private static TokenValidationStatus SelectByKeyId(
        JsonWebKeySet set, ReadOnlySpan<byte> keyId, JwsAlgorithm algorithm, Span<JsonWebKey?> candidates, int limit, out int count)
    {
        count = 0;
        ReadOnlySpan<JsonWebKey> keys = set.KeySpan;
        TokenValidationStatus failure = TokenValidationStatus.KeyNotFound;
        for (int i = set.IndexOfKeyId(keyId, 0); i >= 0 && count < limit; i = set.IndexOfKeyId(keyId, i + 1))
        {
            TokenValidationStatus fit = CheckKey(keys[i], algorithm);
            if (fit != TokenValidationStatus.Valid)
            {
                // Report the nearest miss: a usage refusal says more than a type mismatch.
                failure = failure == TokenValidationStatus.KeyUsageNotPermitted ? failure : fit;
                continue;
            }

            candidates[count++] = keys[i];
        }

        return count == 0 ? failure : TokenValidationStatus.Valid;
    }

    /// <summary>
    /// Checks a finished digest against <paramref name="signature"/>: for HMAC <paramref name="digest"/> is the
    /// key's MAC over the signing input (compared in constant time), for RSA and ECDSA the hash of the signing
    /// input (verified with the key). Lengths first, as in <see cref="VerifyWith"/>; never throws.
    /// </summary>
    internal static bool VerifyDigest(JsonWebKey key, JwsAlgorithm algorithm, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        try
        {
            switch (key.KeyType)
            {
                case JsonWebKeyType.Octet:
                    return signature.Length == digest.Length && CryptographicOperations.FixedTimeEquals(digest, signature);

                case JsonWebKeyType.Rsa:
                    if (signature.Length != (key.KeySizeInBits + 7) / 8)
                    {
                        return false;
                    }

                    return key.Rsa!.VerifyHash(
                        digest, signature, JwsAlgorithmInfo.GetHash(algorithm), JwsAlgorithmInfo.IsPss(algorithm) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);

                default:
                    // IEEE P1363 r || s, each the field size (RFC 7518 section 3.4).
                    return signature.Length == 2 * JwsAlgorithmInfo.GetFieldSize(key.Curve) && key.ECDsa!.VerifyHash(digest, signature);
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
