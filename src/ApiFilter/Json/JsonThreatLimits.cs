namespace ApiFilter.Json;

/// <summary>
/// Structural limits a JSON request body must respect. Every limit has a safe default; each one
/// maps to a stable violation code (see <see cref="Pipeline.ViolationCodes"/>).
/// </summary>
/// <remarks>Immutable once built: the compiled filter keeps a reference, the hot path never re-reads configuration.</remarks>
public sealed record JsonThreatLimits
{
    /// <summary>The defaults: safe for a typical public API.</summary>
    public static JsonThreatLimits Default { get; } = new();

    /// <summary>Maximum container nesting depth (<c>json.depth</c>). Default 64.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Maximum elements in one array (<c>json.arrayLength</c>). Default 10,000.</summary>
    public int MaxArrayLength { get; init; } = 10_000;

    /// <summary>Maximum members in one object (<c>json.objectEntries</c>). Default 1,000.</summary>
    public int MaxObjectEntries { get; init; } = 1_000;

    /// <summary>Maximum string value length in UTF-8 bytes after unescaping (<c>json.stringLength</c>). Default 65,536.</summary>
    public int MaxStringLength { get; init; } = 65_536;

    /// <summary>Maximum property name length in UTF-8 bytes after unescaping (<c>json.nameLength</c>). Default 256.</summary>
    public int MaxNameLength { get; init; } = 256;

    /// <summary>Maximum number literal length in characters (<c>json.numberLength</c>). Default 64.</summary>
    public int MaxNumberLength { get; init; } = 64;

    /// <summary>Refuse objects that repeat a property name (<c>json.duplicateName</c>). Default true.</summary>
    public bool RejectDuplicateNames { get; init; } = true;

    /// <summary>Maximum body size in bytes, checked as bytes arrive (<c>json.size</c>). Default 1 MiB.</summary>
    public long MaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first limit that is not positive.</summary>
    public void Validate()
    {
        ThrowHelper.ThrowIfNotPositive(MaxDepth, nameof(MaxDepth));
        ThrowHelper.ThrowIfNotPositive(MaxArrayLength, nameof(MaxArrayLength));
        ThrowHelper.ThrowIfNotPositive(MaxObjectEntries, nameof(MaxObjectEntries));
        ThrowHelper.ThrowIfNotPositive(MaxStringLength, nameof(MaxStringLength));
        ThrowHelper.ThrowIfNotPositive(MaxNameLength, nameof(MaxNameLength));
        ThrowHelper.ThrowIfNotPositive(MaxNumberLength, nameof(MaxNumberLength));
        ThrowHelper.ThrowIfNotPositive(MaxBodyBytes, nameof(MaxBodyBytes));
    }
}
