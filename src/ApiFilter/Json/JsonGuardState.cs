using System.Text.Json;

namespace ApiFilter.Json;

/// <summary>
/// What <see cref="JsonGuardCursor"/> needs to resume on the next read: the reader's own state
/// (inside a string, after a comma, …) and where in the body the next unconsumed byte is.
/// </summary>
internal struct JsonGuardState
{
    /// <summary>The tokenizer state carried across reads (the documented partial-read pattern).</summary>
    public JsonReaderState ReaderState;

    /// <summary>Absolute body offset of the first byte of the next <c>data</c> the caller presents.</summary>
    public long BodyOffset;

    /// <summary>True once any token was read: an empty or whitespace-only body is not a JSON text.</summary>
    public bool SawToken;

    /// <summary>What the unconsumed tail of the last read holds (see <see cref="PendingTokenScanner"/>).</summary>
    public PendingToken Pending;

    /// <summary>Length of the unconsumed tail already looked at; the caller presents it again first.</summary>
    public long PendingLength;

    /// <summary>The pending string's last examined byte was an unpaired backslash.</summary>
    public bool PendingEscape;
}
