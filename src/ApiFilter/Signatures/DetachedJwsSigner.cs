using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using ApiFilter.Tokens;

namespace ApiFilter.Signatures;

/// <summary>
/// Signs response bodies as detached compact JWS (<c>&lt;header&gt;..&lt;signature&gt;</c>, RFC 7515 appendix F) with one
/// configured private key: ES256/ES384/ES512, RS256/PS256 (and the 384/512 variants) or HS256/HS384/HS512. The body is
/// streamed through a <see cref="DetachedJwsSigningSession"/> (<see cref="BeginSigning"/>). With
/// <c>encodePayload: false</c> the header carries "b64": false and "crit": ["b64"] (RFC 7797 section 3), so the body is
/// signed as is, saving the base64url pass; recipients must understand RFC 7797, which is why the default is true.
/// </summary>
/// <remarks>Thread safety: one instance serves all responses; the key object is only used to sign (see <see cref="JwsVerifier"/>).</remarks>
public sealed class DetachedJwsSigner
{
    private readonly byte[] _encodedHeader;
    private readonly RSA? _rsa;
    private readonly ECDsa? _ecdsa;
    private readonly byte[]? _secret;

    private DetachedJwsSigner(JwsAlgorithm algorithm, string? keyId, bool encodePayload, int maxSignatureLength, RSA? rsa, ECDsa? ecdsa, byte[]? secret)
    {
        Algorithm = algorithm;
        KeyId = keyId;
        EncodesPayload = encodePayload;
        MaxSignatureLength = maxSignatureLength;
        _rsa = rsa;
        _ecdsa = ecdsa;
        _secret = secret;
        _encodedHeader = BuildHeader(algorithm, keyId, encodePayload);
    }

    /// <summary>The signing algorithm.</summary>
    public JwsAlgorithm Algorithm { get; }

    /// <summary>The "kid" written in the header, if any.</summary>
    public string? KeyId { get; }

    /// <summary>Whether the body is signed in base64url form (false: "b64": false, RFC 7797).</summary>
    public bool EncodesPayload { get; }

    /// <summary>The longest signature this key produces, in bytes.</summary>
    public int MaxSignatureLength { get; }

    /// <summary>The longest detached JWS this signer writes, in bytes.</summary>
    public int MaxOutputLength => _encodedHeader.Length + 2 + Base64Url.GetEncodedLength(MaxSignatureLength);

    internal ReadOnlySpan<byte> EncodedHeader => _encodedHeader;

    /// <summary>An ECDSA signer; the algorithm follows the curve (P-256: ES256, P-384: ES384, P-521: ES512). The caller keeps ownership of the key.</summary>
    /// <exception cref="ArgumentException">The key is on another curve.</exception>
    public static DetachedJwsSigner ForEcdsa(ECDsa privateKey, string? keyId = null, bool encodePayload = true)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        JwsAlgorithm algorithm = privateKey.KeySize switch
        {
            256 => JwsAlgorithm.ES256,
            384 => JwsAlgorithm.ES384,
            521 => JwsAlgorithm.ES512,
            _ => JwsAlgorithm.Unknown,
        };
        if (algorithm == JwsAlgorithm.Unknown)
        {
            ThrowHelper.ThrowArgument(nameof(privateKey), "Only P-256, P-384 and P-521 keys sign JWS (RFC 7518 section 3.4).");
        }

        int fieldSize = JwsAlgorithmInfo.GetFieldSize(JwsAlgorithmInfo.GetCurve(algorithm));
        return new DetachedJwsSigner(algorithm, keyId, encodePayload, 2 * fieldSize, null, privateKey, null);
    }

    /// <summary>An RSA signer for RS256/RS384/RS512 or PS256/PS384/PS512. The caller keeps ownership of the key.</summary>
    /// <exception cref="ArgumentException">The algorithm is not RSA, or the key is shorter than 2048 bits (RFC 7518 section 3.3).</exception>
    public static DetachedJwsSigner ForRsa(RSA privateKey, JwsAlgorithm algorithm, string? keyId = null, bool encodePayload = true)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        if (JwsAlgorithmInfo.GetKeyType(algorithm) != JsonWebKeyType.Rsa)
        {
            ThrowHelper.ThrowArgument(nameof(algorithm), "An RSA key signs RS256/RS384/RS512 or PS256/PS384/PS512.");
        }

        if (privateKey.KeySize < JsonWebKey.MinimumRsaKeySizeInBits)
        {
            ThrowHelper.ThrowArgument(nameof(privateKey), $"The RSA key has {privateKey.KeySize} bits; at least {JsonWebKey.MinimumRsaKeySizeInBits} are required.");
        }

        return new DetachedJwsSigner(algorithm, keyId, encodePayload, (privateKey.KeySize + 7) / 8, privateKey, null, null);
    }

    /// <summary>An HMAC signer for HS256/HS384/HS512.</summary>
    /// <exception cref="ArgumentException">The algorithm is not HMAC, or the secret is shorter than the hash output (RFC 7518 section 3.2).</exception>
    public static DetachedJwsSigner ForHmac(ReadOnlySpan<byte> secret, JwsAlgorithm algorithm = JwsAlgorithm.HS256, string? keyId = null, bool encodePayload = true)
    {
        if (JwsAlgorithmInfo.GetKeyType(algorithm) != JsonWebKeyType.Octet)
        {
            ThrowHelper.ThrowArgument(nameof(algorithm), "A shared secret signs HS256, HS384 or HS512.");
        }

        int size = JwsAlgorithmInfo.GetHashSize(algorithm);
        if (secret.Length < size)
        {
            ThrowHelper.ThrowArgument(nameof(secret), $"{JwsAlgorithmInfo.GetName(algorithm)} needs a secret of at least {size} bytes (RFC 7518 section 3.2).");
        }

        return new DetachedJwsSigner(algorithm, keyId, encodePayload, size, null, null, secret.ToArray());
    }

    /// <summary>Starts signing one body; feed it with <see cref="DetachedJwsSigningSession.Append"/>.</summary>
    public DetachedJwsSigningSession BeginSigning()
    {
        HashAlgorithmName hash = JwsAlgorithmInfo.GetHash(Algorithm);
        IncrementalHash incremental = _secret is not null ? IncrementalHash.CreateHMAC(hash, _secret) : IncrementalHash.CreateHash(hash);
        return new DetachedJwsSigningSession(this, incremental);
    }

    /// <summary>Signs a finished digest (for HMAC, the MAC is the signature); returns the signature length.</summary>
    internal int Sign(ReadOnlySpan<byte> digest, Span<byte> signature)
    {
        if (_secret is not null)
        {
            digest.CopyTo(signature);
            return digest.Length;
        }

        int written;
        bool signed = _rsa is not null
            ? _rsa.TrySignHash(digest, signature, JwsAlgorithmInfo.GetHash(Algorithm), JwsAlgorithmInfo.IsPss(Algorithm) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1, out written)
            : _ecdsa!.TrySignHash(digest, signature, out written);

        // IEEE P1363 (r || s) is the default format of TrySignHash, which RFC 7518 section 3.4 requires.
        if (!signed)
        {
            ThrowHelper.ThrowInvalidOperation("The signature did not fit its buffer.");
        }

        return written;
    }

    private static byte[] BuildHeader(JwsAlgorithm algorithm, string? keyId, bool encodePayload)
    {
        var json = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteString("alg"u8, JwsAlgorithmInfo.GetName(algorithm));
            if (keyId is not null)
            {
                writer.WriteString("kid"u8, keyId);
            }

            if (!encodePayload)
            {
                // RFC 7797 section 6: "b64" must be understood, so it is listed in "crit".
                writer.WriteBoolean("b64"u8, false);
                writer.WriteStartArray("crit"u8);
                writer.WriteStringValue("b64"u8);
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        byte[] encoded = new byte[Base64Url.GetEncodedLength(json.WrittenCount)];
        Base64Url.Encode(json.WrittenSpan, encoded);
        return encoded;
    }
}
