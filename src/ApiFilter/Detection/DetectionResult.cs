namespace ApiFilter.Detection;

/// <summary>
/// What a detector concluded about one value: whether it matched, the construct that matched, and
/// the byte offset (in the form the detector judged, see <see cref="Normalized"/>) where that
/// construct starts.
/// </summary>
public readonly struct DetectionResult : IEquatable<DetectionResult>
{
    /// <summary>The result for a value in which nothing was found.</summary>
    public static DetectionResult Clean => default;

    /// <summary>Creates a result.</summary>
    /// <param name="reason">The construct that matched; <see cref="DetectionReason.None"/> for a clean value.</param>
    /// <param name="offset">Byte offset of the construct, or -1.</param>
    /// <param name="normalized">True when the construct was found only after decoding the value (see <see cref="ValueNormalizer"/>).</param>
    public DetectionResult(DetectionReason reason, int offset, bool normalized)
    {
        Reason = reason;
        offsetPlusOne = reason == DetectionReason.None ? 0 : offset + 1;
        Normalized = normalized;
    }

    // Stored one up, so the default value (a clean result) reads as offset -1.
    private readonly int offsetPlusOne;

    /// <summary>True when an attack construct was found.</summary>
    public bool Detected => Reason != DetectionReason.None;

    /// <summary>The construct that matched.</summary>
    public DetectionReason Reason { get; }

    /// <summary>Byte offset of the construct in the judged form of the value, or -1 (also for a clean value).</summary>
    public int Offset => offsetPlusOne - 1;

    /// <summary>
    /// True when the construct was found in the decoded form of the value (the offset then refers to
    /// that form), i.e. the attack was hidden behind percent-, entity- or escape-encoding.
    /// </summary>
    public bool Normalized { get; }

    /// <inheritdoc/>
    public bool Equals(DetectionResult other) => Reason == other.Reason && Offset == other.Offset && Normalized == other.Normalized;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DetectionResult other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Reason, Offset, Normalized);

    /// <summary>This result, marked as found in the decoded form of the value (a clean result stays clean).</summary>
    internal DetectionResult AsNormalized() => Detected ? new DetectionResult(Reason, Offset, normalized: true) : this;

    /// <inheritdoc/>
    public override string ToString() => Detected ? $"{Reason} at {Offset}{(Normalized ? " (decoded)" : string.Empty)}" : "clean";

    /// <summary>Equality of two results.</summary>
    public static bool operator ==(DetectionResult left, DetectionResult right) => left.Equals(right);

    /// <summary>Inequality of two results.</summary>
    public static bool operator !=(DetectionResult left, DetectionResult right) => !left.Equals(right);
}
