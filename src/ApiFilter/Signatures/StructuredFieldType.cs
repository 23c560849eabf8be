namespace ApiFilter.Signatures;

/// <summary>The top-level type of a structured field (RFC 8941 section 3): what the field's own specification says it is.</summary>
public enum StructuredFieldType : byte
{
    /// <summary>A single Item with Parameters (section 3.3).</summary>
    Item,

    /// <summary>A List of Items and Inner Lists (section 3.1).</summary>
    List,

    /// <summary>A Dictionary of keys to Items or Inner Lists (section 3.2).</summary>
    Dictionary,
}
