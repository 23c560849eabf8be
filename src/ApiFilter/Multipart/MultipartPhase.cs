namespace ApiFilter.Multipart;

/// <summary>Where a <see cref="MultipartScanner"/> is in the RFC 2046 section 5.1.1 grammar.</summary>
internal enum MultipartPhase : byte
{
    /// <summary>Before the first delimiter: the preamble (ignored, but searched for bare-LF delimiters).</summary>
    Preamble,

    /// <summary>Just after <c>--boundary</c>: <c>--</c> (close), transport padding or CRLF must follow.</summary>
    DelimiterTail,

    /// <summary>Inside transport padding (spaces and tabs) after a delimiter.</summary>
    Padding,

    /// <summary>Saw the CR that ends a delimiter line; LF must follow.</summary>
    PaddingLf,

    /// <summary>Saw <c>--boundary-</c>; the second dash of the close delimiter must follow.</summary>
    CloseDash,

    /// <summary>After the close delimiter: transport padding, then CRLF or the end of the body.</summary>
    ClosePadding,

    /// <summary>Saw the CR after the close delimiter; LF must follow.</summary>
    CloseLf,

    /// <summary>Inside a part's header block.</summary>
    Headers,

    /// <summary>Inside a part's content.</summary>
    Content,

    /// <summary>After the close delimiter line: the epilogue (ignored, but must not hold another delimiter).</summary>
    Epilogue,
}
