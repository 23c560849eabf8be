using ApiFilter.Parameters;

namespace ApiFilter.Xml;

/// <summary>How an element mapped by a <see cref="XmlMappingNode"/> becomes a JSON value.</summary>
internal enum XmlNodeKind : byte
{
    /// <summary>
    /// Decided by the element itself: an object when it has attributes or child elements, else its
    /// text as a scalar. Used when the schema allows objects and scalars, or states no type.
    /// </summary>
    Lazy,

    /// <summary>An object: attributes and child elements are its members.</summary>
    Object,

    /// <summary>An array whose element is the wrapper and whose child elements are the items.</summary>
    Array,

    /// <summary>A string, number or boolean: the element's text content.</summary>
    Scalar,
}

/// <summary>One compiled schema position of an <see cref="XmlMapping"/>: what an element there becomes.</summary>
internal sealed class XmlMappingNode
{
    public XmlNodeKind Kind { get; set; }

    /// <summary>The JSON types the schema allows here: how text is turned into a scalar token.</summary>
    public JsonTypes Types { get; set; } = JsonTypes.Any;

    /// <summary>Object members (attributes and elements), in declaration order.</summary>
    public XmlMappingProperty[] Properties { get; set; } = [];

    /// <summary>Array: the items' element local name; null accepts any name.</summary>
    public byte[]? ItemName { get; set; }

    /// <summary>Array: the items' namespace URI (empty: no namespace); only compared when <see cref="ItemName"/> is set.</summary>
    public byte[] ItemNamespace { get; set; } = [];

    /// <summary>Array: the node of each item.</summary>
    public int ItemNode { get; set; }
}
