namespace ApiFilter.Schema;

/// <summary>A <c>$dynamicAnchor</c> of a schema resource: where a <c>$dynamicRef</c> to its name may land.</summary>
internal readonly record struct SchemaDynamicAnchor(int Resource, string Name, int Node);
