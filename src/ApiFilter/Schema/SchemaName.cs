namespace ApiFilter.Schema;

/// <summary>
/// One member name an object schema knows about, with everything the keywords say about it: the
/// subschema under <c>properties</c>, whether it is <c>required</c>, the names it requires
/// (<c>dependentRequired</c>), its <c>dependentSchemas</c> subschema.
/// </summary>
internal struct SchemaName
{
    public byte[] Utf8;
    public string Text;
    public int Child; // node under properties, -1
    public bool Required;
    public bool ReadOnly;
    public bool WriteOnly;
    public int DependentRequiredStart, DependentRequiredCount; // name entries (relative to the node's first) in Lists
    public int DependentSchema; // ordinal in the node's dependentSchemas, -1
}
