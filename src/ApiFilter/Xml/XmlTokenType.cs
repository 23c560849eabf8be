namespace ApiFilter.Xml;

/// <summary>The lexical tokens <see cref="XmlScanner"/> reports, each named after its XML 1.0 production.</summary>
public enum XmlTokenType : byte
{
    /// <summary>No token yet.</summary>
    None,

    /// <summary>[23] XMLDecl at the very start of the document.</summary>
    XmlDeclaration,

    /// <summary>[28] doctypedecl: the start of a document type declaration.</summary>
    DocType,

    /// <summary>'&lt;' and the element's QName ([40] STag / [44] EmptyElemTag); attributes follow.</summary>
    StartTagOpen,

    /// <summary>One [41] Attribute of the open start tag.</summary>
    Attribute,

    /// <summary>'&gt;' closing a start tag: the element has content.</summary>
    StartTagEnd,

    /// <summary>'/&gt;' closing an empty-element tag.</summary>
    EmptyElementEnd,

    /// <summary>[42] ETag.</summary>
    EndTag,

    /// <summary>A run of [14] CharData and [67] References (possibly part of a longer text node).</summary>
    Text,

    /// <summary>[18] CDSect: first its opening (empty <see cref="XmlScanner.Value"/>), then its content in one or more runs.</summary>
    CData,

    /// <summary>[15] Comment.</summary>
    Comment,

    /// <summary>[16] PI.</summary>
    ProcessingInstruction,
}
