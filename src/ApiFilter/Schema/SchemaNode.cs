namespace ApiFilter.Schema;

/// <summary>
/// One compiled schema location: every keyword as an index into the <see cref="SchemaProgram"/>'s
/// arrays, -1 (or a count of 0) when absent. Filled by <see cref="SchemaCompiler"/>, read by
/// <see cref="JsonSchemaValidator"/>.
/// </summary>
internal struct SchemaNode
{
    public SchemaNodeFlags Flags;
    public SchemaTypes Types;
    public int Resource;

    // in-place applicators (indices of nodes; lists are [start, start + count) of SchemaProgram.Lists)
    public int Ref;
    public int DynamicRef;
    public int DynamicAnchorName; // index into SchemaProgram.Strings, -1: $dynamicRef behaves as $ref
    public int AllOfStart, AllOfCount;
    public int AnyOfStart, AnyOfCount;
    public int OneOfStart, OneOfCount;
    public int Not, If, Then, Else;

    // objects: names from properties, required, dependentRequired/dependentSchemas and discriminator
    public int NamesStart, NamesCount;
    public int NameTableStart, NameTableMask; // the node's slots in SchemaProgram.NameSlots (see SchemaNameTable), -1: none
    public ulong RequiredMask; // with SchemaNodeFlags.PlainRequired: the required name entries as bits
    public int PatternPropertiesStart, PatternPropertiesCount; // pairs (pattern, node) in Lists
    public int AdditionalProperties, UnevaluatedProperties, PropertyNames;
    public int MinProperties, MaxProperties;
    public int DependentSchemasStart, DependentSchemasCount; // pairs (name entry, node) in Lists

    // arrays
    public int PrefixItemsStart, PrefixItemsCount;
    public int Items; // items after the prefix (2020-12 items, draft 4 additionalItems or single-schema items)
    public int Contains, MinContains, MaxContains;
    public int MinItems, MaxItems;
    public int UnevaluatedItems;

    // strings
    public int MinLength, MaxLength;
    public int Pattern;
    public SchemaFormat Format;

    // numbers (indices into SchemaProgram.Numbers)
    public int Minimum, Maximum, ExclusiveMinimum, ExclusiveMaximum, MultipleOf;

    // enum / const (indices into SchemaProgram.Values)
    public int EnumStart, EnumCount;
    public int Const;

    // discriminator (OpenAPI): mapping (value, target ordinal) pairs and the distinct targets
    public int DiscriminatorEntry; // name entry of the property, -1: none
    public int DiscriminatorMapStart, DiscriminatorMapCount;
    public int DiscriminatorTargetsStart, DiscriminatorTargetsCount;

    // x-apifilter-detect: the detectors (a ValueDetectors mask) chosen for string values here, -1: none chosen
    public int Detect;

    public static SchemaNode Empty => new()
    {
        Resource = 0,
        Ref = -1,
        DynamicRef = -1,
        DynamicAnchorName = -1,
        Not = -1,
        If = -1,
        Then = -1,
        Else = -1,
        AdditionalProperties = -1,
        UnevaluatedProperties = -1,
        PropertyNames = -1,
        MinProperties = -1,
        MaxProperties = -1,
        Items = -1,
        Contains = -1,
        MinContains = 1,
        MaxContains = -1,
        MinItems = -1,
        MaxItems = -1,
        UnevaluatedItems = -1,
        MinLength = -1,
        MaxLength = -1,
        Pattern = -1,
        Minimum = -1,
        Maximum = -1,
        ExclusiveMinimum = -1,
        ExclusiveMaximum = -1,
        MultipleOf = -1,
        Const = -1,
        DiscriminatorEntry = -1,
        Detect = -1,
    };
}
