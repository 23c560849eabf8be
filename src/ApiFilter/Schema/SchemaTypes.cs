namespace ApiFilter.Schema;

/// <summary>The JSON types a <c>type</c> keyword allows.</summary>
[Flags]
internal enum SchemaTypes : byte
{
    None = 0,
    Null = 1,
    Boolean = 2,
    Object = 4,
    Array = 8,
    Number = 16,
    String = 32,
    Integer = 64,
}
