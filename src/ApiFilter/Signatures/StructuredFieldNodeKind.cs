namespace ApiFilter.Signatures;

/// <summary>Where a <see cref="StructuredFieldNode"/> sits in the parsed structure.</summary>
public enum StructuredFieldNodeKind : byte
{
    /// <summary>A top-level value: the Item of an Item field, a List member or a Dictionary member (keyed).</summary>
    Member,

    /// <summary>An Item inside an Inner List.</summary>
    InnerListItem,

    /// <summary>A Parameter (keyed) of the Item or Inner List it follows.</summary>
    Parameter,
}
