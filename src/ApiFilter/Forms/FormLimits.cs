namespace ApiFilter.Forms;

/// <summary>Limits for <c>application/x-www-form-urlencoded</c> bodies. Lengths are of the encoded bytes.</summary>
public sealed record FormLimits
{
    /// <summary>Safe defaults: 1 MiB body, 1,000 pairs, 1 KiB names, 64 KiB values.</summary>
    public static FormLimits Default { get; } = new();

    /// <summary>Largest body in bytes (<c>body.size</c>).</summary>
    public long MaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>Most name=value pairs (<c>form.pairs</c>).</summary>
    public int MaxPairs { get; init; } = 1000;

    /// <summary>Longest field name, encoded bytes (<c>form.nameLength</c>).</summary>
    public int MaxNameLength { get; init; } = 1024;

    /// <summary>Longest field value, encoded bytes (<c>form.valueLength</c>).</summary>
    public int MaxValueLength { get; init; } = 64 * 1024;

    /// <summary>Most items or members in one field value decoded by its style.</summary>
    public int MaxItems { get; init; } = 256;

    /// <summary>Throws when a limit is not positive.</summary>
    public void Validate()
    {
        ThrowHelper.ThrowIfNotPositive(MaxBodyBytes, nameof(MaxBodyBytes));
        ThrowHelper.ThrowIfNotPositive(MaxPairs, nameof(MaxPairs));
        ThrowHelper.ThrowIfNotPositive(MaxNameLength, nameof(MaxNameLength));
        ThrowHelper.ThrowIfNotPositive(MaxValueLength, nameof(MaxValueLength));
        ThrowHelper.ThrowIfNotPositive(MaxItems, nameof(MaxItems));
    }
}
