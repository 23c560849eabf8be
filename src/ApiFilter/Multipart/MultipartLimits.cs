namespace ApiFilter.Multipart;

/// <summary>
/// Structural limits a <c>multipart/form-data</c> request body must respect. Every limit has a safe
/// default; each one maps to a stable violation code (see <see cref="Pipeline.ViolationCodes"/>).
/// </summary>
/// <remarks>
/// A field of the form description may set its own, tighter or wider, part size
/// (<see cref="MultipartField.MaxBytes"/>); the body limit bounds everything.
/// Immutable once built: the compiled filter keeps a reference, the hot path never re-reads configuration.
/// </remarks>
public sealed record MultipartLimits
{
    /// <summary>The defaults: safe for a typical API that takes form posts and modest uploads.</summary>
    public static MultipartLimits Default { get; } = new();

    /// <summary>Maximum body size in bytes, preamble and epilogue included (<c>body.size</c>). Default 10 MiB.</summary>
    public long MaxBodyBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Maximum number of parts (<c>multipart.parts</c>). Default 64.</summary>
    public int MaxParts { get; init; } = 64;

    /// <summary>
    /// Maximum size of one part's header block, its terminating empty line included
    /// (<c>multipart.partHeaders</c>). Default 8 KiB.
    /// </summary>
    public int MaxPartHeaderBytes { get; init; } = 8 * 1024;

    /// <summary>
    /// Maximum content size of a text or JSON part (a field value rather than a file), unless its
    /// field sets <see cref="MultipartField.MaxBytes"/> (<c>multipart.partSize</c>). Default 64 KiB.
    /// </summary>
    public long MaxFieldBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// Maximum content size of a binary part (a file), unless its field sets
    /// <see cref="MultipartField.MaxBytes"/> (<c>multipart.partSize</c>). Default 10 MiB.
    /// </summary>
    public long MaxFileBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first limit that is not positive.</summary>
    public void Validate()
    {
        ThrowHelper.ThrowIfNotPositive(MaxBodyBytes, nameof(MaxBodyBytes));
        ThrowHelper.ThrowIfNotPositive(MaxParts, nameof(MaxParts));
        ThrowHelper.ThrowIfNotPositive(MaxPartHeaderBytes, nameof(MaxPartHeaderBytes));
        ThrowHelper.ThrowIfNotPositive(MaxFieldBytes, nameof(MaxFieldBytes));
        ThrowHelper.ThrowIfNotPositive(MaxFileBytes, nameof(MaxFileBytes));
    }
}
