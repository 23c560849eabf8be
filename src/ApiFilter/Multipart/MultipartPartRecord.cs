namespace ApiFilter.Multipart;

/// <summary>One part kept for the schema hook: which field, and where its name and value sit in the value buffer.</summary>
internal struct MultipartPartRecord
{
    /// <summary>Index of the declared field, or -1 for an unknown (allowed) field.</summary>
    public int Field;

    /// <summary>For an unknown field, where its name starts in the value buffer.</summary>
    public int NameStart;

    /// <summary>For an unknown field, its name's length.</summary>
    public int NameLength;

    /// <summary>Where the part's content starts in the value buffer (unused for binary parts).</summary>
    public int ValueStart;

    /// <summary>The content length in the value buffer (0 for binary parts, which are not kept).</summary>
    public int ValueLength;

    /// <summary>How the value reaches the sink.</summary>
    public MultipartFieldKind Kind;

    /// <summary>Whether the value was already written to the sink (as part of its field's array).</summary>
    public bool Emitted;
}
