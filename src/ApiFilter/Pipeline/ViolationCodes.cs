namespace ApiFilter.Pipeline;

/// <summary>
/// Every stable violation code the filter can emit. The same strings appear in problem+json
/// bodies, audit events and metrics; the README's violation table lists them all.
/// </summary>
public static class ViolationCodes
{
    // ---- JSON threat limits (JsonGuard) ----

    /// <summary>Container nesting deeper than <c>JsonThreatLimits.MaxDepth</c>.</summary>
    public const string JsonDepth = "json.depth";

    /// <summary>An array with more elements than <c>JsonThreatLimits.MaxArrayLength</c>.</summary>
    public const string JsonArrayLength = "json.arrayLength";

    /// <summary>An object with more members than <c>JsonThreatLimits.MaxObjectEntries</c>.</summary>
    public const string JsonObjectEntries = "json.objectEntries";

    /// <summary>A string value longer (UTF-8 bytes, unescaped) than <c>JsonThreatLimits.MaxStringLength</c>.</summary>
    public const string JsonStringLength = "json.stringLength";

    /// <summary>A property name longer (UTF-8 bytes, unescaped) than <c>JsonThreatLimits.MaxNameLength</c>.</summary>
    public const string JsonNameLength = "json.nameLength";

    /// <summary>A number literal longer than <c>JsonThreatLimits.MaxNumberLength</c> characters.</summary>
    public const string JsonNumberLength = "json.numberLength";

    /// <summary>The same property name twice in one object (a request smuggling vector).</summary>
    public const string JsonDuplicateName = "json.duplicateName";

    /// <summary>The body is larger than <c>JsonThreatLimits.MaxBodyBytes</c>.</summary>
    public const string JsonSize = "json.size";

    /// <summary>The body is not strict RFC 8259 JSON.</summary>
    public const string JsonSyntax = "json.syntax";

    // ---- XML threat limits (XmlGuard) ----

    /// <summary>The body is not well-formed XML 1.0.</summary>
    public const string XmlSyntax = "xml.syntax";

    /// <summary>A document type declaration (DTD): refused by default; closes entity expansion and XXE.</summary>
    public const string XmlDtd = "xml.dtd";

    /// <summary>A reference to an entity other than the five predefined ones.</summary>
    public const string XmlEntity = "xml.entity";

    /// <summary>The declared or detected encoding is not UTF-8.</summary>
    public const string XmlEncoding = "xml.encoding";

    /// <summary>Element nesting deeper than <c>XmlThreatLimits.MaxDepth</c>.</summary>
    public const string XmlDepth = "xml.depth";

    /// <summary>An element with more children than <c>XmlThreatLimits.MaxChildCount</c>.</summary>
    public const string XmlChildCount = "xml.childCount";

    /// <summary>An element with more attributes than <c>XmlThreatLimits.MaxAttributeCount</c>.</summary>
    public const string XmlAttributeCount = "xml.attributeCount";

    /// <summary>An element with more namespace declarations than <c>XmlThreatLimits.MaxNamespaceDeclarations</c>.</summary>
    public const string XmlNamespaceCount = "xml.namespaceCount";

    /// <summary>An element name longer than <c>XmlThreatLimits.MaxElementNameLength</c>.</summary>
    public const string XmlElementNameLength = "xml.elementNameLength";

    /// <summary>An attribute name longer than <c>XmlThreatLimits.MaxAttributeNameLength</c>.</summary>
    public const string XmlAttributeNameLength = "xml.attributeNameLength";

    /// <summary>A namespace prefix longer than <c>XmlThreatLimits.MaxPrefixLength</c>.</summary>
    public const string XmlPrefixLength = "xml.prefixLength";

    /// <summary>A namespace URI longer than <c>XmlThreatLimits.MaxNamespaceUriLength</c>.</summary>
    public const string XmlNamespaceUriLength = "xml.namespaceUriLength";

    /// <summary>A text node longer than <c>XmlThreatLimits.MaxTextLength</c>.</summary>
    public const string XmlTextLength = "xml.textLength";

    /// <summary>An attribute value longer than <c>XmlThreatLimits.MaxAttributeValueLength</c>.</summary>
    public const string XmlAttributeValueLength = "xml.attributeValueLength";

    /// <summary>A comment longer than <c>XmlThreatLimits.MaxCommentLength</c>.</summary>
    public const string XmlCommentLength = "xml.commentLength";

    /// <summary>A processing-instruction target longer than <c>XmlThreatLimits.MaxPITargetLength</c>.</summary>
    public const string XmlPITargetLength = "xml.piTargetLength";

    /// <summary>Processing-instruction data longer than <c>XmlThreatLimits.MaxPIDataLength</c>.</summary>
    public const string XmlPIDataLength = "xml.piDataLength";

    /// <summary>The body is larger than <c>XmlThreatLimits.MaxBodyBytes</c>.</summary>
    public const string XmlSize = "xml.size";

    // ---- body handling (RequestFilter) ----

    /// <summary>A <c>Content-Encoding</c> the policy does not allow, or one that cannot be decoded.</summary>
    public const string BodyEncoding = "body.encoding";

    /// <summary>A compressed body that expands beyond the policy's decompression ratio cap.</summary>
    public const string BodyCompressionRatio = "body.compressionRatio";

    /// <summary>The body could not be read completely (client aborted, framing error, timeout).</summary>
    public const string BodyIncomplete = "body.incomplete";

    /// <summary>
    /// A JSON or XML body declared with a <c>charset</c> parameter other than UTF-8. The guards judge
    /// UTF-8 only (RFC 8259 section 8.1 requires UTF-8 for JSON exchanged between systems); a body in
    /// another charset would be judged on bytes the upstream reads differently.
    /// </summary>
    public const string BodyCharset = "body.charset";

    /// <summary>A body larger than the size limit of a guard that has no format-specific size code.</summary>
    public const string BodySize = "body.size";

    // ---- upstream ----

    /// <summary>The upstream could not be reached or failed to answer.</summary>
    public const string UpstreamUnavailable = "upstream.unavailable";

    /// <summary>
    /// The HTTP status a refusal with this code carries: 413 for size limits, 415 for encodings
    /// the policy refuses, 502 for upstream failures, 400 for everything else.
    /// </summary>
    public static int StatusFor(string code) => code switch
    {
        JsonSize or XmlSize or BodySize or BodyCompressionRatio => 413,
        BodyEncoding or BodyCharset or XmlEncoding => 415,
        UpstreamUnavailable => 502,
        _ => 400,
    };

    /// <summary>A short title for a problem+json document with this code.</summary>
    public static string TitleFor(string code) => StatusFor(code) switch
    {
        413 => "Request body too large",
        415 => "Unsupported request body encoding",
        502 => "Upstream unavailable",
        _ => "Request refused by API filter",
    };
}
