namespace ApiFilter.Xml;

/// <summary>Why <see cref="XmlScanner"/> refused the input.</summary>
public enum XmlScanError : byte
{
    /// <summary>No error.</summary>
    None,

    /// <summary>The final block ended inside a construct.</summary>
    UnexpectedEnd,

    /// <summary>A byte sequence that is not UTF-8 for a [2] Char (C0 control, U+FFFE/U+FFFF, surrogate, malformed UTF-8).</summary>
    InvalidChar,

    /// <summary>A UTF-16 or UTF-32 byte order mark or byte pattern: only UTF-8 is accepted.</summary>
    NotUtf8,

    /// <summary>The XML declaration names an encoding other than UTF-8.</summary>
    DeclaredEncodingNotUtf8,

    /// <summary>The XML declaration does not follow [23]–[32].</summary>
    BadXmlDeclaration,

    /// <summary>A name was expected ([5] Name).</summary>
    NameExpected,

    /// <summary>An element or attribute name is not a [7] QName, or a PI target contains a colon (Namespaces in XML §7).</summary>
    NotQName,

    /// <summary>An unexpected character inside a start tag ([40], [44]).</summary>
    BadStartTag,

    /// <summary>Two attributes, or the name and the first attribute, not separated by whitespace ([40]).</summary>
    MissingSpaceBeforeAttribute,

    /// <summary>An attribute without '=' or without a quoted value ([41], [25], [10]).</summary>
    BadAttribute,

    /// <summary>'&lt;' inside an attribute value ([10]).</summary>
    LessThanInAttributeValue,

    /// <summary>A malformed end tag ([42]).</summary>
    BadEndTag,

    /// <summary>'&amp;' that does not start a well-formed reference ([67], [68]).</summary>
    BadReference,

    /// <summary>A malformed character reference ([66]).</summary>
    BadCharReference,

    /// <summary>A character reference to a code point that is not a [2] Char (WFC: Legal Character).</summary>
    IllegalCharReference,

    /// <summary>A reference to an entity other than lt, gt, amp, apos and quot.</summary>
    UndefinedEntity,

    /// <summary>"]]&gt;" in character data ([14]).</summary>
    CDataEndInText,

    /// <summary>"--" inside a comment ([15]).</summary>
    DoubleHyphenInComment,

    /// <summary>'&lt;!' not followed by a comment, CDATA section or DOCTYPE.</summary>
    BadMarkup,

    /// <summary>A processing instruction whose target is "xml" in any case ([17]): an XML declaration not at the start.</summary>
    ReservedPITarget,

    /// <summary>A malformed processing instruction ([16]).</summary>
    BadProcessingInstruction,

    /// <summary>A document type declaration could not be skipped within the text-length bound (only when DTDs are not rejected).</summary>
    BadDocType,

    /// <summary>
    /// More than <see cref="XmlScanner.MaxMarkupSpace"/> bytes of whitespace inside an attribute, an
    /// end tag or after a PI target: well-formed, but refused to bound the work spent on one token.
    /// </summary>
    ExcessiveWhitespace,

    /// <summary>Element local name longer than <see cref="XmlThreatLimits.MaxElementNameLength"/>.</summary>
    ElementNameLength,

    /// <summary>Attribute local name longer than <see cref="XmlThreatLimits.MaxAttributeNameLength"/>.</summary>
    AttributeNameLength,

    /// <summary>Namespace prefix longer than <see cref="XmlThreatLimits.MaxPrefixLength"/>.</summary>
    PrefixLength,

    /// <summary>Namespace URI longer than <see cref="XmlThreatLimits.MaxNamespaceUriLength"/>.</summary>
    NamespaceUriLength,

    /// <summary>Text node longer than <see cref="XmlThreatLimits.MaxTextLength"/>.</summary>
    TextLength,

    /// <summary>Attribute value longer than <see cref="XmlThreatLimits.MaxAttributeValueLength"/>.</summary>
    AttributeValueLength,

    /// <summary>Comment longer than <see cref="XmlThreatLimits.MaxCommentLength"/>.</summary>
    CommentLength,

    /// <summary>PI target longer than <see cref="XmlThreatLimits.MaxPITargetLength"/>.</summary>
    PITargetLength,

    /// <summary>PI data longer than <see cref="XmlThreatLimits.MaxPIDataLength"/>.</summary>
    PIDataLength,
}
