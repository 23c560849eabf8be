namespace ApiFilter.Parameters;

/// <summary>A declared object member: its UTF-8 name and the JSON types its schema allows.</summary>
internal readonly record struct PropertyTypes(byte[] Name, JsonTypes Types);
