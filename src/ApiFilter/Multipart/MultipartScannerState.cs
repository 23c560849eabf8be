namespace ApiFilter.Multipart;

/// <summary>
/// Everything a <see cref="MultipartScanner"/> needs to resume on the next span: a plain struct the
/// guard keeps between reads, as <c>JsonReaderState</c> is for <c>Utf8JsonReader</c>.
/// </summary>
internal struct MultipartScannerState
{
    /// <summary>Where in the grammar the next byte is.</summary>
    public MultipartPhase Phase;

    /// <summary>How many bytes of <c>LF "--" boundary</c> the bytes just before the next one match.</summary>
    public int Matched;

    /// <summary>Whether the LF that started the current match follows a CR.</summary>
    public bool MatchAfterCr;

    /// <summary>The last byte of the previous span (what precedes a span's first byte).</summary>
    public byte LastByte;

    /// <summary>Body offset of the LF that started the current match.</summary>
    public long MatchStart;

    /// <summary>Body offset of the first byte of the next span.</summary>
    public long Offset;

    /// <summary>Body offset of the current part's first header byte.</summary>
    public long PartStart;

    /// <summary>Body offset of the current part's first content byte.</summary>
    public long ContentStart;

    /// <summary>Bytes of the current header block copied to the header buffer.</summary>
    public int HeaderLength;

    /// <summary>Where the current header line starts in the header buffer.</summary>
    public int HeaderLineStart;

    /// <summary>Bytes looked at, counting a byte looked at twice twice: linear in the body size.</summary>
    public long Examined;

    /// <summary>The violation code of a malformed body, or null.</summary>
    public string? ErrorCode;

    /// <summary>What is malformed.</summary>
    public string? ErrorMessage;

    /// <summary>Body offset of the malformation.</summary>
    public long ErrorOffset;

    /// <summary>The state before the first byte of a body.</summary>
    public static MultipartScannerState Initial =>
        // The body is read as if a CRLF preceded it, so "--boundary" at offset 0 is the first
        // delimiter (RFC 2046 section 5.1.1: the preamble and its CRLF are optional).
        new() { Phase = MultipartPhase.Preamble, Matched = 1, MatchAfterCr = true, MatchStart = -1 };

    /// <summary>Starts a phase that begins at a line start (content, epilogue): a delimiter may follow at once.</summary>
    public void EnterAtLineStart(MultipartPhase phase, long offset)
    {
        Phase = phase;
        Matched = 1;
        MatchAfterCr = true;
        MatchStart = offset - 1;
    }
}
