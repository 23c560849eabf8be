namespace ApiFilter.Xml;

/// <summary>
/// Where an <see cref="XmlScanner"/> stopped: everything it needs to resume on the next span, the way
/// <c>JsonReaderState</c> carries a <c>Utf8JsonReader</c> across reads. A plain value; copy it freely.
/// </summary>
public struct XmlScannerState
{
    internal long Offset;
    internal ScanMode Mode;
    internal bool SpaceInTag;
    internal int TextBytes;

    /// <summary>Absolute number of body bytes consumed so far.</summary>
    public readonly long BytesConsumed => Offset;

    /// <summary>True while between '&lt;name' and the '&gt;' or '/&gt;' that closes a start tag.</summary>
    public readonly bool InStartTag => Mode == ScanMode.StartTag;

    /// <summary>UTF-8 bytes of the character data run (text, references, CDATA) in progress.</summary>
    public readonly int TextLength => TextBytes;

    internal enum ScanMode : byte
    {
        /// <summary>Byte 0: byte order mark and encoding sniffing.</summary>
        Start,

        /// <summary>After an optional UTF-8 BOM: an XML declaration may follow.</summary>
        DeclarationAllowed,

        /// <summary>Prolog, content or epilog.</summary>
        Content,

        /// <summary>Inside a start tag.</summary>
        StartTag,

        /// <summary>Inside a CDATA section.</summary>
        CData,
    }
}
