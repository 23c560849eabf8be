using ApiFilter.Tokens;

namespace ApiFilter.Policy;

/// <summary>
/// <c>jose.decrypt</c>: request bodies sent as <c>Content-Type: application/jose</c> (a compact JWE, RFC 7516
/// section 9) are decrypted and the plaintext is judged as the media type its <c>cty</c> names.
/// </summary>
public sealed record JweDecryptSettings
{
    /// <summary>Off.</summary>
    public static JweDecryptSettings Default { get; } = new();

    /// <summary>Off (default) or Block. Report makes no sense: an undecryptable body cannot be judged.</summary>
    public EnforcementMode Mode { get; init; } = EnforcementMode.Off;

    /// <summary>The private keys; required when on.</summary>
    public IReadOnlyList<JweDecryptionKey> Keys { get; init; } = [];

    /// <summary>The key management allow-list (RSA1_5 and PBES2 are never accepted).</summary>
    public IReadOnlyList<JweKeyManagementAlgorithm> KeyManagement { get; init; } =
        [JweKeyManagementAlgorithm.RsaOaep256, JweKeyManagementAlgorithm.EcdhEs, JweKeyManagementAlgorithm.EcdhEsA256KW, JweKeyManagementAlgorithm.Direct];

    /// <summary>The content encryption allow-list.</summary>
    public IReadOnlyList<JweContentEncryption> ContentEncryption { get; init; } = [JweContentEncryption.A256Gcm, JweContentEncryption.A128CbcHs256];

    /// <summary>Plaintext (default): the upstream gets the validated plaintext; Original: the ciphertext as received.</summary>
    public JweForwarding Forward { get; init; } = JweForwarding.Plaintext;

    /// <summary>Throws <see cref="ArgumentException"/> when decryption is on without keys, or in report mode.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Keys);
        ArgumentNullException.ThrowIfNull(KeyManagement);
        ArgumentNullException.ThrowIfNull(ContentEncryption);
        if (Mode == EnforcementMode.Report)
        {
            ThrowHelper.ThrowArgument(nameof(Mode), "jose.decrypt is off or block: a body that cannot be decrypted cannot be judged.");
        }

        if (Mode == EnforcementMode.Block && Keys.Count == 0)
        {
            ThrowHelper.ThrowArgument(nameof(Keys), "jose.decrypt is on but has no keys.");
        }
    }
}
