namespace ApiFilter.Multipart;

/// <summary>What a part's header block says, as ranges into the header buffer (no copies).</summary>
internal struct MultipartPartHeaders
{
    /// <summary>Start of the <c>name</c> parameter's value.</summary>
    public int NameStart;

    /// <summary>Length of the <c>name</c> parameter's value.</summary>
    public int NameLength;

    /// <summary>Whether <c>filename</c> or <c>filename*</c> is present (the part is a file).</summary>
    public bool HasFilename;

    /// <summary>Whether a <c>Content-Type</c> header is present (otherwise the part is <c>text/plain</c>, RFC 7578 section 4.4).</summary>
    public bool HasContentType;

    /// <summary>Start of the media type's type.</summary>
    public int TypeStart;

    /// <summary>Length of the media type's type.</summary>
    public int TypeLength;

    /// <summary>Start of the media type's subtype.</summary>
    public int SubtypeStart;

    /// <summary>Length of the media type's subtype.</summary>
    public int SubtypeLength;

    /// <summary>Start of the <c>charset</c> parameter's value, or -1 when there is none.</summary>
    public int CharsetStart;

    /// <summary>Length of the <c>charset</c> parameter's value.</summary>
    public int CharsetLength;
}
