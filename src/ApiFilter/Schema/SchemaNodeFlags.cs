namespace ApiFilter.Schema;

/// <summary>Boolean facts about a <see cref="SchemaNode"/>.</summary>
[Flags]
internal enum SchemaNodeFlags
{
    None = 0,

    /// <summary>The <c>false</c> schema: nothing is valid.</summary>
    False = 1,

    /// <summary>A <c>type</c> keyword is present (<see cref="SchemaNode.Types"/> applies).</summary>
    HasType = 2,

    /// <summary><c>uniqueItems: true</c>.</summary>
    UniqueItems = 4,

    /// <summary><c>readOnly: true</c>.</summary>
    ReadOnly = 8,

    /// <summary><c>writeOnly: true</c>.</summary>
    WriteOnly = 16,

    /// <summary>Some keyword decides on the results of subschemas that may fail without failing it (anyOf, oneOf, not, if, dependentSchemas, discriminator, unevaluated*).</summary>
    Speculative = 32,

    /// <summary>Has <c>enum</c> or <c>const</c>: the value's canonical form is needed.</summary>
    NeedsCanonical = 64,

    /// <summary>Has keywords that read the name table of an object.</summary>
    HasNames = 128,

    /// <summary>An <c>enum</c> keyword is present (an empty one allows nothing).</summary>
    HasEnum = 512,

    /// <summary>The discriminator selects among <c>oneOf</c> (else <c>anyOf</c>).</summary>
    DiscriminatorOneOf = 256,

    /// <summary>
    /// Has an in-place applicator ($ref, $dynamicRef, allOf, anyOf, oneOf, not, if, dependentSchemas,
    /// a discriminator): set by <see cref="SchemaProgram"/> so a plain node skips the expansion.
    /// </summary>
    InPlace = 1024,

    /// <summary>
    /// At most 64 names, none with dependentRequired, no required one readOnly or writeOnly: the
    /// required check is one mask test (<see cref="SchemaNode.RequiredMask"/>). Set by <see cref="SchemaProgram"/>.
    /// </summary>
    PlainRequired = 2048,
}
