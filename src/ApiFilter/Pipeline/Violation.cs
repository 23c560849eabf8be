namespace ApiFilter.Pipeline;

/// <summary>
/// One reason a message was refused: a stable <see cref="Code"/> (see <see cref="ViolationCodes"/>),
/// an RFC 6901 JSON Pointer to the offending spot, a human-readable message and, where known, the
/// byte offset in the (decoded) body.
/// </summary>
/// <remarks>Only refusals build a <see cref="Violation"/>; the allow path never allocates one.</remarks>
public sealed class Violation
{
    /// <summary>Creates a violation.</summary>
    /// <param name="code">Stable violation code, e.g. <c>json.depth</c>.</param>
    /// <param name="pointer">RFC 6901 JSON Pointer to the offending value; empty string for the whole document.</param>
    /// <param name="message">What is wrong, for a person reading the refusal.</param>
    /// <param name="offset">Byte offset in the body where the problem was found, or -1 when not applicable.</param>
    public Violation(string code, string pointer, string message, long offset = -1)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(pointer);
        ArgumentNullException.ThrowIfNull(message);
        Code = code;
        Pointer = pointer;
        Message = message;
        Offset = offset;
    }

    /// <summary>Stable violation code, e.g. <c>json.depth</c>.</summary>
    public string Code { get; }

    /// <summary>RFC 6901 JSON Pointer to the offending value (empty string: the whole document).</summary>
    public string Pointer { get; }

    /// <summary>What is wrong, for a person reading the refusal.</summary>
    public string Message { get; }

    /// <summary>Byte offset in the body where the problem was found, or -1.</summary>
    public long Offset { get; }

    /// <summary>The HTTP status this violation maps to (see <see cref="ViolationCodes.StatusFor"/>).</summary>
    public int Status => ViolationCodes.StatusFor(Code);

    /// <inheritdoc/>
    public override string ToString() => Offset >= 0
        ? $"{Code} at '{Pointer}' (byte {Offset}): {Message}"
        : $"{Code} at '{Pointer}': {Message}";
}
