namespace ApiFilter.Parameters;

/// <summary>The JSON types a schema allows (union over its branches), as bits.</summary>
[Flags]
internal enum JsonTypes : byte
{
    None = 0,
    String = 1,
    Number = 2,
    Integer = 4,
    Boolean = 8,
    Null = 16,
    Array = 32,
    Object = 64,

    /// <summary>No type constraint could be read: any value.</summary>
    Any = String | Number | Integer | Boolean | Null | Array | Object,
}
