using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ApiFilter.Tokens;

/// <summary>
/// Certificate-bound access tokens (RFC 8705 section 3): the token's "cnf"."x5t#S256" is the base64url SHA-256
/// hash of the DER certificate the client presented in mutual TLS, and a request is accepted only when the
/// certificate of its own TLS connection hashes to the same value. Hashing happens on the stack and the comparison
/// takes the same time wherever the values differ; nothing allocates.
/// </summary>
public static class CertificateBinding
{
    /// <summary>The length of a SHA-256 thumbprint in base64url without padding.</summary>
    public const int EncodedThumbprintLength = 43;

    /// <summary>
    /// Whether <paramref name="certificate"/> is the one the token is bound to. <paramref name="confirmation"/> is the
    /// token's "x5t#S256" text (<see cref="JwtClaims.ConfirmationCertificateThumbprint"/>); empty, malformed or not
    /// 32 bytes never matches, nor does a missing certificate.
    /// </summary>
    public static bool Matches(X509Certificate2? certificate, ReadOnlySpan<byte> confirmation) =>
        certificate is not null && Matches(certificate.RawDataMemory.Span, confirmation);

    /// <summary>Whether the DER certificate <paramref name="derCertificate"/> hashes to the base64url <paramref name="confirmation"/>.</summary>
    public static bool Matches(ReadOnlySpan<byte> derCertificate, ReadOnlySpan<byte> confirmation)
    {
        if (derCertificate.IsEmpty || confirmation.Length != EncodedThumbprintLength)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        if (Base64Url.TryDecode(confirmation, expected, out int written) != Base64UrlDecodeStatus.Done || written != SHA256.HashSizeInBytes)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(derCertificate, actual);

        // The thumbprint is not secret, but a constant-time comparison costs nothing here and leaves no timing question.
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Writes the 32-byte SHA-256 hash of <paramref name="certificate"/>'s DER encoding to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public static void ComputeThumbprint(X509Certificate2 certificate, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        SHA256.HashData(certificate.RawDataMemory.Span, destination);
    }
}
