namespace ApiFilter.Tokens;

/// <summary>What a <see cref="JweDecryptor"/> accepts: explicit allow-lists for "alg" and "enc" (RFC 8725 section 3.1) and size limits.</summary>
public sealed record JweDecryptorOptions
{
    private readonly int _maxTokenBytes = 1024 * 1024;
    private readonly int _maxKeysTriedWithoutKeyId = 3;

    /// <summary>
    /// The key management algorithms tokens may use. Required and explicit. "RSA1_5" and "PBES2-*" are refused at
    /// construction; "RSA-OAEP" (SHA-1) also needs <see cref="AllowRsaOaepSha1"/>.
    /// </summary>
    public required IReadOnlyList<JweKeyManagementAlgorithm> AllowedKeyManagementAlgorithms { get; init; }

    /// <summary>The content encryptions tokens may use. Required and explicit.</summary>
    public required IReadOnlyList<JweContentEncryption> AllowedContentEncryptions { get; init; }

    /// <summary>Opt-in for "RSA-OAEP" (OAEP with SHA-1), off by default: allowed only when also in the allow-list.</summary>
    public bool AllowRsaOaepSha1 { get; init; }

    /// <summary>Limits for the protected header (its <see cref="JwsReaderLimits.MaxTokenBytes"/> is not used; see <see cref="MaxTokenBytes"/>).</summary>
    public JwsReaderLimits HeaderLimits { get; init; } = JwsReaderLimits.Default;

    /// <summary>Largest compact JWE accepted, in bytes (1 to 1 GiB; default 1 MiB). A body-sized limit, unlike a JWS access token's.</summary>
    public int MaxTokenBytes
    {
        get => _maxTokenBytes;
        init
        {
            if (value is < 1 or > 1024 * 1024 * 1024)
            {
                ThrowHelper.ThrowArgumentOutOfRange(nameof(MaxTokenBytes), $"MaxTokenBytes must be between 1 and 1 GiB, got {value}.");
            }

            _maxTokenBytes = value;
        }
    }

    /// <summary>Without a "kid", at most this many compatible keys are tried, in order (default 3), so one token cannot cost a decryption per key.</summary>
    public int MaxKeysTriedWithoutKeyId
    {
        get => _maxKeysTriedWithoutKeyId;
        init
        {
            ThrowHelper.ThrowIfNotPositive(value, nameof(MaxKeysTriedWithoutKeyId));
            _maxKeysTriedWithoutKeyId = value;
        }
    }
}
