namespace ApiFilter.Tokens;

/// <summary>
/// Size and shape limits for reading a compact JWS, checked before any cryptography runs. Every value is checked
/// when set, so no instance holds a limit the reader cannot honour.
/// </summary>
public sealed record JwsReaderLimits
{
    /// <summary>The most header members a reader tracks for duplicates; the upper bound of <see cref="MaxHeaderMembers"/>.</summary>
    public const int MaxTrackedHeaderMembers = JoseHeaderParser.MaxTrackedMembers;

    private readonly int _maxTokenBytes = 16 * 1024;
    private readonly int _maxHeaderBytes = 2048;
    private readonly int _maxHeaderDepth = 4;
    private readonly int _maxHeaderMembers = 32;

    /// <summary>
    /// Defaults: 16 KiB per token (access tokens are typically 1–2 KB, and most servers cap a request header
    /// at 8–16 KiB anyway), 2 KiB of decoded header, header depth 4 (an embedded "jwk" with "key_ops" is depth 3),
    /// 32 header members.
    /// </summary>
    public static JwsReaderLimits Default { get; } = new();

    /// <summary>Largest token accepted, in bytes of its compact form (1 to 1 MiB).</summary>
    public int MaxTokenBytes
    {
        get => _maxTokenBytes;
        init => _maxTokenBytes = InRange(value, 1, 1024 * 1024, nameof(MaxTokenBytes));
    }

    /// <summary>Largest decoded JOSE header, in bytes (1 to 64 KiB).</summary>
    public int MaxHeaderBytes
    {
        get => _maxHeaderBytes;
        init => _maxHeaderBytes = InRange(value, 1, 64 * 1024, nameof(MaxHeaderBytes));
    }

    /// <summary>Deepest nesting in the header; the header object itself is depth 1 (1 to 64).</summary>
    public int MaxHeaderDepth
    {
        get => _maxHeaderDepth;
        init => _maxHeaderDepth = InRange(value, 1, 64, nameof(MaxHeaderDepth));
    }

    /// <summary>Most members in the header object (1 to <see cref="MaxTrackedHeaderMembers"/>).</summary>
    public int MaxHeaderMembers
    {
        get => _maxHeaderMembers;
        init => _maxHeaderMembers = InRange(value, 1, MaxTrackedHeaderMembers, nameof(MaxHeaderMembers));
    }

    private static int InRange(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            ThrowHelper.ThrowArgumentOutOfRange(name, $"{name} must be between {min} and {max}, got {value}.");
        }

        return value;
    }
}
