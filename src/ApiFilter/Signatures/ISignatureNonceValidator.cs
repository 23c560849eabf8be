namespace ApiFilter.Signatures;

/// <summary>
/// The application's replay check for the RFC 9421 <c>nonce</c> parameter (section 7.2.2): the
/// verifier asks it only after a signature verified, so forged requests cannot use up nonces.
/// Implementations keep nonces for at least the policy's maximum age plus clock skew.
/// </summary>
public interface ISignatureNonceValidator
{
    /// <summary>
    /// Records <paramref name="nonce"/> for <paramref name="keyId"/> and returns true when it was
    /// not seen before; false for a replay. Both are the parameters' text as written between the
    /// quotes (escapes not removed). Must be thread-safe.
    /// </summary>
    bool TryAccept(ReadOnlySpan<char> keyId, ReadOnlySpan<char> nonce, long? created);
}
