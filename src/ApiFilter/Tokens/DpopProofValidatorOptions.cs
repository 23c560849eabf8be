namespace ApiFilter.Tokens;

/// <summary>What a <see cref="DpopProofValidator"/> accepts (RFC 9449 sections 4.3 and 11.1).</summary>
public sealed record DpopProofValidatorOptions
{
    private readonly IReadOnlyList<JwsAlgorithm> _allowedAlgorithms =
    [
        JwsAlgorithm.ES256, JwsAlgorithm.ES384, JwsAlgorithm.ES512,
        JwsAlgorithm.PS256, JwsAlgorithm.PS384, JwsAlgorithm.PS512,
        JwsAlgorithm.RS256, JwsAlgorithm.RS384, JwsAlgorithm.RS512,
    ];

    private readonly TimeSpan _maxAge = TimeSpan.FromSeconds(60);
    private readonly TimeSpan _maxFutureSkew = TimeSpan.FromSeconds(5);
    private readonly int _maxJtiLength = 128;
    private readonly int _keyCacheSize = 256;

    /// <summary>
    /// The asymmetric algorithms a proof may use (RFC 9449 section 4.2: never "none" or a MAC). Default: ES256/384/512,
    /// PS256/384/512, RS256/384/512. "none", HS*, EdDSA (not available on this platform) and unknown values are refused
    /// when set.
    /// </summary>
    public IReadOnlyList<JwsAlgorithm> AllowedAlgorithms
    {
        get => _allowedAlgorithms;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Count == 0)
            {
                ThrowHelper.ThrowArgument(nameof(AllowedAlgorithms), "The DPoP algorithm allow-list must name at least one algorithm.");
            }

            foreach (JwsAlgorithm algorithm in value)
            {
                if (algorithm is < JwsAlgorithm.RS256 or > JwsAlgorithm.ES512)
                {
                    ThrowHelper.ThrowArgument(nameof(AllowedAlgorithms), $"{JwsAlgorithmInfo.GetName(algorithm)} is not an asymmetric algorithm this platform verifies (RFC 9449 section 4.2).");
                }
            }

            _allowedAlgorithms = [.. value];
        }
    }

    /// <summary>
    /// How old a proof's "iat" may be. Default 60 seconds, 1 second to 10 minutes: RFC 9449 section 11.1 asks for a
    /// short window, and the replay cache must hold every "jti" this long.
    /// </summary>
    public TimeSpan MaxAge
    {
        get => _maxAge;
        init => _maxAge = InRange(value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10), nameof(MaxAge));
    }

    /// <summary>How far in the future "iat" may be, for clients whose clocks run fast. Default 5 seconds, 0 to 5 minutes.</summary>
    public TimeSpan MaxFutureSkew
    {
        get => _maxFutureSkew;
        init => _maxFutureSkew = InRange(value, TimeSpan.Zero, TimeSpan.FromMinutes(5), nameof(MaxFutureSkew));
    }

    /// <summary>
    /// Longest "jti" in bytes. Default 128 (a UUID is 36 characters; RFC 9449 section 4.2 asks for 96 random bits,
    /// 16 base64url characters); 16 to 1024.
    /// </summary>
    public int MaxJtiLength
    {
        get => _maxJtiLength;
        init => _maxJtiLength = (int)InRange(value, 16, 1024, nameof(MaxJtiLength));
    }

    /// <summary>
    /// How many imported proof keys to keep, by RFC 7638 thumbprint, so a client's repeated proofs do not import the
    /// same public key again each time. Default 256; 0 imports (and disposes) a key per proof.
    /// </summary>
    public int KeyCacheSize
    {
        get => _keyCacheSize;
        init => _keyCacheSize = (int)InRange(value, 0, 65536, nameof(KeyCacheSize));
    }

    /// <summary>
    /// When set, every proof must carry a "nonce" this check accepts (RFC 9449 sections 8 and 9); a proof without one
    /// is <see cref="DpopStatus.NonceRequired"/>. When null, "nonce" is not looked at.
    /// </summary>
    public DpopNonceCheck? NonceCheck { get; init; }

    /// <summary>Size and shape limits for reading the proof. Default: 8 KiB proofs (an RSA-4096 "jwk" header is under 1 KiB).</summary>
    public JwsReaderLimits Limits { get; init; } = new() { MaxTokenBytes = 8 * 1024 };

    /// <summary>The clock "iat" and replay expiries are compared with.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    private static TimeSpan InRange(TimeSpan value, TimeSpan min, TimeSpan max, string name)
    {
        if (value < min || value > max)
        {
            ThrowHelper.ThrowArgumentOutOfRange(name, $"{name} must be between {min} and {max}, got {value}.");
        }

        return value;
    }

    private static long InRange(long value, long min, long max, string name)
    {
        if (value < min || value > max)
        {
            ThrowHelper.ThrowArgumentOutOfRange(name, $"{name} must be between {min} and {max}, got {value}.");
        }

        return value;
    }
}
