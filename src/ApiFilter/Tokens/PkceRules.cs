using System.Buffers;
using System.Security.Cryptography;

namespace ApiFilter.Tokens;

/// <summary>
/// PKCE (RFC 7636) as RFC 9700 section 2.1.1 wants it: every authorization request carries an S256
/// "code_challenge", "plain" is refused, and the token request's "code_verifier" must hash to the challenge.
/// All checks are allocation-free and take the decoded (not percent-encoded) parameter values.
/// </summary>
public static class PkceRules
{
    /// <summary>The length of an S256 challenge: base64url of 32 bytes without padding.</summary>
    public const int ChallengeLength = 43;

    /// <summary>The shortest verifier (RFC 7636 section 4.1): 32 random octets in base64url.</summary>
    public const int MinVerifierLength = 43;

    /// <summary>The longest verifier (RFC 7636 section 4.1).</summary>
    public const int MaxVerifierLength = 128;

    // unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~" (RFC 7636 section 4.1, RFC 3986 section 2.3).
    private static readonly SearchValues<char> Unreserved =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~");

    /// <summary>
    /// Checks an authorization request's "code_challenge" and "code_challenge_method" (empty when absent): the
    /// method must be exactly "S256" (case-sensitive, RFC 7636 section 4.2), and the challenge the base64url
    /// encoding of a SHA-256 value.
    /// </summary>
    public static PkceStatus CheckAuthorizationRequest(ReadOnlySpan<char> codeChallenge, ReadOnlySpan<char> codeChallengeMethod)
    {
        if (codeChallenge.IsEmpty)
        {
            return PkceStatus.MissingChallenge;
        }

        if (codeChallengeMethod.IsEmpty)
        {
            return PkceStatus.MissingChallengeMethod;
        }

        if (!codeChallengeMethod.SequenceEqual("S256"))
        {
            return PkceStatus.UnsupportedChallengeMethod;
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        return TryDecodeChallenge(codeChallenge, digest) ? PkceStatus.Valid : PkceStatus.InvalidChallenge;
    }

    /// <summary>Checks a token request's "code_verifier" (empty when absent): 43 to 128 unreserved characters.</summary>
    public static PkceStatus CheckTokenRequest(ReadOnlySpan<char> codeVerifier)
    {
        if (codeVerifier.IsEmpty)
        {
            return PkceStatus.MissingVerifier;
        }

        return IsValidVerifier(codeVerifier) ? PkceStatus.Valid : PkceStatus.InvalidVerifier;
    }

    /// <summary>
    /// Whether BASE64URL(SHA256(ASCII(<paramref name="codeVerifier"/>))) equals <paramref name="codeChallenge"/>
    /// (RFC 7636 section 4.6), after both are checked for shape. The digests are compared in constant time.
    /// </summary>
    public static PkceStatus VerifierMatchesChallenge(ReadOnlySpan<char> codeVerifier, ReadOnlySpan<char> codeChallenge)
    {
        PkceStatus status = CheckTokenRequest(codeVerifier);
        if (status != PkceStatus.Valid)
        {
            return status;
        }

        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        if (codeChallenge.IsEmpty)
        {
            return PkceStatus.MissingChallenge;
        }

        if (!TryDecodeChallenge(codeChallenge, expected))
        {
            return PkceStatus.InvalidChallenge;
        }

        // The verifier is ASCII (checked above), so narrowing each char is its ASCII encoding.
        Span<byte> ascii = stackalloc byte[MaxVerifierLength];
        for (int i = 0; i < codeVerifier.Length; i++)
        {
            ascii[i] = (byte)codeVerifier[i];
        }

        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(ascii[..codeVerifier.Length], actual);
        return CryptographicOperations.FixedTimeEquals(actual, expected) ? PkceStatus.Valid : PkceStatus.Mismatch;
    }

    private static bool IsValidVerifier(ReadOnlySpan<char> verifier) =>
        verifier.Length is >= MinVerifierLength and <= MaxVerifierLength && !verifier.ContainsAnyExcept(Unreserved);

    /// <summary>Decodes a 43-character strict base64url challenge into 32 bytes; false for any other shape.</summary>
    private static bool TryDecodeChallenge(ReadOnlySpan<char> challenge, Span<byte> digest)
    {
        if (challenge.Length != ChallengeLength)
        {
            return false;
        }

        Span<byte> ascii = stackalloc byte[ChallengeLength];
        for (int i = 0; i < ChallengeLength; i++)
        {
            char c = challenge[i];
            if (c > 0x7F)
            {
                return false;
            }

            ascii[i] = (byte)c;
        }

        // Strict decoding refuses padding, other alphabets and non-canonical trailing bits.
        return Base64Url.TryDecode(ascii, digest, out int written) == Base64UrlDecodeStatus.Done && written == SHA256.HashSizeInBytes;
    }
}
