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
        : this(code, pointer, message, offset, location: null, schemaLocation: null)
    {
    }

    /// <summary>Creates a violation that names where in the request it is and which schema keyword refused it.</summary>
    /// <param name="code">Stable violation code, e.g. <c>schema.maxLength</c>.</param>
    /// <param name="pointer">
    /// RFC 6901 JSON Pointer to the offending value inside <paramref name="location"/>: into the body, or
    /// into a parameter's value (empty string for the parameter as a whole).
    /// </param>
    /// <param name="message">What is wrong, for a person reading the refusal.</param>
    /// <param name="offset">Byte offset in the body, or -1.</param>
    /// <param name="location">
    /// Where the value is: <c>body</c>, <c>path</c>, <c>query</c>, <c>header</c>, <c>cookie</c>, or null
    /// for the body or the message as a whole (the threat limits' refusals).
    /// </param>
    /// <param name="schemaLocation">
    /// The keyword that refused the value, as a JSON Pointer into the contract document
    /// (e.g. <c>/components/schemas/Pet/properties/name/maxLength</c>), or null.
    /// </param>
    public Violation(string code, string pointer, string message, long offset, string? location, string? schemaLocation)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(pointer);
        ArgumentNullException.ThrowIfNull(message);
        Code = code;
        Pointer = pointer;
        Message = message;
        Offset = offset;
        Location = location;
        SchemaLocation = schemaLocation;
    }

    /// <summary>Stable violation code, e.g. <c>json.depth</c>.</summary>
    public string Code { get; }

    /// <summary>RFC 6901 JSON Pointer to the offending value (empty string: the whole document).</summary>
    public string Pointer { get; }

    /// <summary>What is wrong, for a person reading the refusal.</summary>
    public string Message { get; }

    /// <summary>Byte offset in the body where the problem was found, or -1.</summary>
    public long Offset { get; }

    /// <summary>
    /// Where the value is: <c>body</c>, <c>path</c>, <c>query</c>, <c>header</c>, <c>cookie</c>, or null
    /// for the body or the message as a whole.
    /// </summary>
    public string? Location { get; }

    /// <summary>The contract keyword that refused the value, as a JSON Pointer into the contract, or null.</summary>
    public string? SchemaLocation { get; }

    /// <summary>The HTTP status this violation maps to (see <see cref="ViolationCodes.StatusFor"/>).</summary>
    public int Status => ViolationCodes.StatusFor(Code);

    /// <inheritdoc/>
    public override string ToString()
    {
        string where = Location is null ? $"'{Pointer}'" : $"{Location} '{Pointer}'";
        return Offset >= 0
            ? $"{Code} at {where} (byte {Offset}): {Message}"
            : $"{Code} at {where}: {Message}";
    }
}
