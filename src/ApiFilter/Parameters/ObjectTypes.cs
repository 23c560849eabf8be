namespace ApiFilter.Parameters;

/// <summary>What an object schema says about member values: declared members, and whether (and as what) others may appear.</summary>
internal sealed class ObjectTypes
{
    public ObjectTypes(PropertyTypes[] properties, bool additionalAllowed, JsonTypes additionalTypes)
    {
        Properties = properties;
        AdditionalAllowed = additionalAllowed;
        AdditionalTypes = additionalTypes;
    }

    public static ObjectTypes Open { get; } = new([], true, JsonTypes.Any);

    public PropertyTypes[] Properties { get; }

    public bool AdditionalAllowed { get; }

    public JsonTypes AdditionalTypes { get; }

    /// <summary>Whether <paramref name="name"/> is a declared member.</summary>
    public bool Declares(ReadOnlySpan<byte> name)
    {
        foreach (PropertyTypes property in Properties)
        {
            if (name.SequenceEqual(property.Name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The types allowed for member <paramref name="name"/>.</summary>
    public JsonTypes TypesOf(ReadOnlySpan<byte> name)
    {
        foreach (PropertyTypes property in Properties)
        {
            if (name.SequenceEqual(property.Name))
            {
                return property.Types;
            }
        }

        return AdditionalAllowed ? AdditionalTypes : JsonTypes.Any;
    }
}
