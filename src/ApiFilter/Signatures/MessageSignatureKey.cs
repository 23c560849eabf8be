using System.Security.Cryptography;

namespace ApiFilter.Signatures;

/// <summary>
/// A verification key bound to the one algorithm it may be used with (RFC 9421 section 3.3.7:
/// the verifier decides the algorithm from the key, never from the message alone).
/// Construction checks the key against the algorithm and throws on a configuration error;
/// verification never throws.
/// </summary>
public sealed class MessageSignatureKey : IDisposable
{
    // HMAC keys shorter than the hash output weaken it (RFC 2104 section 3); refuse them at configuration time
    private const int MinimumHmacKeyBytes = 32;

    private readonly RSA? _rsa;
    private readonly ECDsa? _ecdsa;
    private readonly byte[]? _secret;

    private MessageSignatureKey(MessageSignatureAlgorithm algorithm, RSA? rsa, ECDsa? ecdsa, byte[]? secret)
    {
        Algorithm = algorithm;
        _rsa = rsa;
        _ecdsa = ecdsa;
        _secret = secret;
    }

    /// <summary>The only algorithm this key verifies.</summary>
    public MessageSignatureAlgorithm Algorithm { get; }

    /// <summary>
    /// An RSA or ECDSA public key from PEM (<c>PUBLIC KEY</c> SubjectPublicKeyInfo, or
    /// <c>RSA PUBLIC KEY</c> PKCS#1) for <paramref name="algorithm"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The PEM does not hold a key of the algorithm's type or curve.</exception>
    /// <exception cref="PlatformNotSupportedException"><see cref="MessageSignatureAlgorithm.Ed25519"/>: .NET 10 has no Ed25519 API.</exception>
    public static MessageSignatureKey FromPublicKeyPem(MessageSignatureAlgorithm algorithm, ReadOnlySpan<char> pem)
    {
        switch (algorithm)
        {
            case MessageSignatureAlgorithm.RsaPssSha512:
            case MessageSignatureAlgorithm.RsaV15Sha256:
                RSA rsa = RSA.Create();
                try
                {
                    rsa.ImportFromPem(pem);
                }
                catch (CryptographicException e)
                {
                    rsa.Dispose();
                    throw new ArgumentException("The PEM does not hold an RSA public key.", nameof(pem), e);
                }

                return new MessageSignatureKey(algorithm, rsa, null, null);
            case MessageSignatureAlgorithm.EcdsaP256Sha256:
            case MessageSignatureAlgorithm.EcdsaP384Sha384:
                ECDsa ecdsa = ECDsa.Create();
                try
                {
                    ecdsa.ImportFromPem(pem);
                }
                catch (CryptographicException e)
                {
                    ecdsa.Dispose();
                    throw new ArgumentException("The PEM does not hold an EC public key.", nameof(pem), e);
                }

                int bits = algorithm == MessageSignatureAlgorithm.EcdsaP256Sha256 ? 256 : 384;
                if (ecdsa.KeySize != bits)
                {
                    ecdsa.Dispose();
                    throw new ArgumentException($"{algorithm} needs a P-{bits} key.", nameof(pem));
                }

                return new MessageSignatureKey(algorithm, null, ecdsa, null);
            case MessageSignatureAlgorithm.Ed25519:
                throw new PlatformNotSupportedException("ed25519: .NET 10 System.Security.Cryptography has no Ed25519 API.");
            default:
                throw new ArgumentException($"{algorithm} does not use a public key.", nameof(algorithm));
        }
    }

    /// <summary>A shared secret for <see cref="MessageSignatureAlgorithm.HmacSha256"/> (at least 32 bytes).</summary>
    /// <exception cref="ArgumentException">The secret is shorter than 32 bytes.</exception>
    public static MessageSignatureKey FromSharedSecret(ReadOnlySpan<byte> secret)
    {
        if (secret.Length < MinimumHmacKeyBytes)
        {
            throw new ArgumentException($"An hmac-sha256 secret needs at least {MinimumHmacKeyBytes} bytes.", nameof(secret));
        }

        return new MessageSignatureKey(MessageSignatureAlgorithm.HmacSha256, null, null, secret.ToArray());
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _rsa?.Dispose();
        _ecdsa?.Dispose();
        if (_secret is not null)
        {
            CryptographicOperations.ZeroMemory(_secret);
        }
    }

    /// <summary>True when <paramref name="signature"/> is this key's signature of <paramref name="data"/>; never throws.</summary>
    internal bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        try
        {
            switch (Algorithm)
            {
                case MessageSignatureAlgorithm.RsaPssSha512:
                    return _rsa!.VerifyData(data, signature, HashAlgorithmName.SHA512, RSASignaturePadding.Pss);
                case MessageSignatureAlgorithm.RsaV15Sha256:
                    return _rsa!.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                case MessageSignatureAlgorithm.EcdsaP256Sha256:
                    // raw r||s (IEEE P1363), the .NET default format; a DER signature has another length and fails.
                    // .NET's OpenSSL ECDSA path allocates about 1.2 KB per verify inside the runtime (measured
                    // 1,216 B on .NET 10.0.12; writing the DER form ourselves and calling VerifyHash measured 1,360 B)
                    return signature.Length == 64 && _ecdsa!.VerifyData(data, signature, HashAlgorithmName.SHA256);
                case MessageSignatureAlgorithm.EcdsaP384Sha384:
                    return signature.Length == 96 && _ecdsa!.VerifyData(data, signature, HashAlgorithmName.SHA384);
                case MessageSignatureAlgorithm.HmacSha256:
                    Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
                    HMACSHA256.HashData(_secret, data, mac);
                    // the length is public; the bytes are compared in constant time
                    return signature.Length == mac.Length && CryptographicOperations.FixedTimeEquals(mac, signature);
                default:
                    return false;
            }
        }
        catch (CryptographicException)
        {
            // a signature the provider cannot even parse is a bad signature, not a crash
            return false;
        }
    }
}
