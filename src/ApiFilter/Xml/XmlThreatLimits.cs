namespace ApiFilter.Xml;

/// <summary>
/// Structural limits an XML request body must respect (the set API gateways commonly enforce).
/// Every limit has a safe default and maps to a stable violation code (see <see cref="Pipeline.ViolationCodes"/>).
/// Lengths are in UTF-8 bytes.
/// </summary>
public sealed record XmlThreatLimits
{
    /// <summary>The defaults: safe for a typical public API.</summary>
    public static XmlThreatLimits Default { get; } = new();

    /// <summary>Refuse any document type declaration (<c>xml.dtd</c>). Default true; there is no DTD processing either way.</summary>
    public bool RejectDtd { get; init; } = true;

    /// <summary>Maximum element nesting depth (<c>xml.depth</c>). Default 64.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Maximum child nodes (elements, text, comments, PIs) of one element (<c>xml.childCount</c>). Default 10,000.</summary>
    public int MaxChildCount { get; init; } = 10_000;

    /// <summary>Maximum attributes on one element, namespace declarations excluded (<c>xml.attributeCount</c>). Default 64.</summary>
    public int MaxAttributeCount { get; init; } = 64;

    /// <summary>Maximum namespace declarations on one element (<c>xml.namespaceCount</c>). Default 16.</summary>
    public int MaxNamespaceDeclarations { get; init; } = 16;

    /// <summary>Maximum element local name length (<c>xml.elementNameLength</c>). Default 256.</summary>
    public int MaxElementNameLength { get; init; } = 256;

    /// <summary>Maximum attribute local name length (<c>xml.attributeNameLength</c>). Default 256.</summary>
    public int MaxAttributeNameLength { get; init; } = 256;

    /// <summary>Maximum namespace prefix length (<c>xml.prefixLength</c>). Default 64.</summary>
    public int MaxPrefixLength { get; init; } = 64;

    /// <summary>Maximum namespace URI length (<c>xml.namespaceUriLength</c>). Default 1,024.</summary>
    public int MaxNamespaceUriLength { get; init; } = 1_024;

    /// <summary>Maximum text node length, CDATA included (<c>xml.textLength</c>). Default 65,536.</summary>
    public int MaxTextLength { get; init; } = 65_536;

    /// <summary>Maximum attribute value length (<c>xml.attributeValueLength</c>). Default 4,096.</summary>
    public int MaxAttributeValueLength { get; init; } = 4_096;

    /// <summary>Maximum comment length (<c>xml.commentLength</c>). Default 4,096.</summary>
    public int MaxCommentLength { get; init; } = 4_096;

    /// <summary>Maximum processing-instruction target length (<c>xml.piTargetLength</c>). Default 256.</summary>
    public int MaxPITargetLength { get; init; } = 256;

    /// <summary>Maximum processing-instruction data length (<c>xml.piDataLength</c>). Default 4,096.</summary>
    public int MaxPIDataLength { get; init; } = 4_096;

    /// <summary>Maximum body size in bytes, checked as bytes arrive (<c>xml.size</c>). Default 1 MiB.</summary>
    public long MaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first limit that is not positive.</summary>
    public void Validate()
    {
        ThrowHelper.ThrowIfNotPositive(MaxDepth, nameof(MaxDepth));
        ThrowHelper.ThrowIfNotPositive(MaxChildCount, nameof(MaxChildCount));
        ThrowHelper.ThrowIfNotPositive(MaxAttributeCount, nameof(MaxAttributeCount));
        ThrowHelper.ThrowIfNotPositive(MaxNamespaceDeclarations, nameof(MaxNamespaceDeclarations));
        ThrowHelper.ThrowIfNotPositive(MaxElementNameLength, nameof(MaxElementNameLength));
        ThrowHelper.ThrowIfNotPositive(MaxAttributeNameLength, nameof(MaxAttributeNameLength));
        ThrowHelper.ThrowIfNotPositive(MaxPrefixLength, nameof(MaxPrefixLength));
        ThrowHelper.ThrowIfNotPositive(MaxNamespaceUriLength, nameof(MaxNamespaceUriLength));
        ThrowHelper.ThrowIfNotPositive(MaxTextLength, nameof(MaxTextLength));
        ThrowHelper.ThrowIfNotPositive(MaxAttributeValueLength, nameof(MaxAttributeValueLength));
        ThrowHelper.ThrowIfNotPositive(MaxCommentLength, nameof(MaxCommentLength));
        ThrowHelper.ThrowIfNotPositive(MaxPITargetLength, nameof(MaxPITargetLength));
        ThrowHelper.ThrowIfNotPositive(MaxPIDataLength, nameof(MaxPIDataLength));
        ThrowHelper.ThrowIfNotPositive(MaxBodyBytes, nameof(MaxBodyBytes));
    }
}
