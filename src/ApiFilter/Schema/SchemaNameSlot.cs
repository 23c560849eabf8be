namespace ApiFilter.Schema;

/// <summary>One slot of a node's property-name table (see <see cref="SchemaNameTable"/>).</summary>
internal struct SchemaNameSlot
{
    public int Entry; // the name's entry relative to the node's first, plus one; 0: empty
    public int Length;
    public ulong A, B;
}
