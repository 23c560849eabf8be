namespace ApiFilter.Tokens;

/// <summary>Size and shape limits for reading a compact JWS, checked before any cryptography runs.</summary>
public sealed record JwsReaderLimits
{
    /// <summary>
    /// Defaults: 16 KiB per token (access tokens are typically 1–2 KB, and most servers cap a request header
    /// at 8–16 KiB anyway), 2 KiB of decoded header, header depth 4 (an embedded "jwk" with "key_ops" is depth 3),
    /// 32 header members.
    /// </summary>
    public static JwsReaderLimits Default { get; } = new();

    /// <summary>Largest token accepted, in bytes of its compact form.</summary>
    public int MaxTokenBytes { get; init; } = 16 * 1024;

    /// <summary>Largest decoded JOSE header, in bytes.</summary>
    public int MaxHeaderBytes { get; init; } = 2048;

    /// <summary>Deepest nesting in the header (the header object itself is depth 1).</summary>
    public int MaxHeaderDepth { get; init; } = 4;

    /// <summary>Most members in the header object.</summary>
    public int MaxHeaderMembers { get; init; } = 32;

    /// <summary>Checks the limits are usable.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is not positive, or the member count is over 64.</exception>
    public void Validate()
    {
        ThrowHelper.ThrowIfNotPositive(MaxTokenBytes, nameof(MaxTokenBytes));
        ThrowHelper.ThrowIfNotPositive(MaxHeaderBytes, nameof(MaxHeaderBytes));
        ThrowHelper.ThrowIfNotPositive(MaxHeaderDepth, nameof(MaxHeaderDepth));
        ThrowHelper.ThrowIfNotPositive(MaxHeaderMembers, nameof(MaxHeaderMembers));
        if (MaxHeaderMembers > JoseHeaderParser.MaxTrackedMembers)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(MaxHeaderMembers), $"MaxHeaderMembers is at most {JoseHeaderParser.MaxTrackedMembers}.");
        }
    }
}
