namespace ApiFilter.Xml;

/// <summary>One member of an object node: the JSON property and the XML attribute or element that carries it.</summary>
internal sealed class XmlMappingProperty
{
    public XmlMappingProperty(byte[] jsonName, byte[] xmlName, byte[] ns, bool isAttribute, bool unwrapped, int node)
    {
        JsonName = jsonName;
        XmlName = xmlName;
        Namespace = ns;
        IsAttribute = isAttribute;
        Unwrapped = unwrapped;
        Node = node;
    }

    /// <summary>The property name in the schema (what the validator sees).</summary>
    public byte[] JsonName { get; }

    /// <summary>The local name of the attribute or element (<c>xml.name</c>, else the property name).</summary>
    public byte[] XmlName { get; }

    /// <summary>The namespace URI the attribute or element must be in; empty for none.</summary>
    public byte[] Namespace { get; }

    /// <summary><c>xml.attribute: true</c>.</summary>
    public bool IsAttribute { get; }

    /// <summary>An array without <c>xml.wrapped</c>: each repeated element is one item (<see cref="Node"/> is the item node).</summary>
    public bool Unwrapped { get; }

    /// <summary>The node of the value (of each item when <see cref="Unwrapped"/>).</summary>
    public int Node { get; }
}
