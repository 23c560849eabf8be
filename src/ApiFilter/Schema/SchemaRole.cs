namespace ApiFilter.Schema;

/// <summary>Why an evaluation runs: which keyword of its parent applied its schema.</summary>
internal enum SchemaRole : byte
{
    Root,

    // applied to a child value (the parent evaluates the container)
    Property,
    PatternProperty,
    AdditionalProperty,
    PropertyNames,
    PrefixItem,
    Item,
    Contains,
    UnevaluatedProperty,
    UnevaluatedItem,

    // applied in place (same value as the parent)
    Ref,
    AllOf,
    AnyOf,
    OneOf,
    Not,
    If,
    Then,
    Else,
    DependentSchema,
    Discriminator,
}
