namespace ApiFilter.Multipart;

/// <summary>What <see cref="MultipartScanner.Next"/> found.</summary>
internal enum MultipartEvent : byte
{
    /// <summary>The span is used up; feed the next one.</summary>
    EndOfData,

    /// <summary>A delimiter line ended: a part's headers start here.</summary>
    PartStart,

    /// <summary>A part's header block is complete (in the header buffer, blank line included).</summary>
    HeadersComplete,

    /// <summary><see cref="MultipartScanner.Content"/> holds content bytes of the current part (possibly the start of a delimiter).</summary>
    Content,

    /// <summary>
    /// The delimiter ending the current part was found: <see cref="MultipartScanner.Content"/> holds the
    /// last content bytes, of which the final <see cref="MultipartScanner.Trim"/> (counted over the
    /// whole part) belong to the delimiter.
    /// </summary>
    PartEnd,

    /// <summary>The close delimiter <c>--boundary--</c> was read.</summary>
    Close,

    /// <summary>The body is malformed; the state's error fields say why.</summary>
    Error,
}
