namespace ApiFilter.Parameters;

/// <summary>How a parameter value is structured, which decides how its text is split (OpenAPI 3.1 section 4.8.12.4.1).</summary>
internal enum ValueShape : byte
{
    /// <summary>One scalar.</summary>
    Primitive,

    /// <summary>An array of scalars.</summary>
    Array,

    /// <summary>An object whose members are scalars.</summary>
    Object,
}
