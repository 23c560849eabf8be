namespace ApiFilter.Schema;

/// <summary>
/// Checks of <c>format</c> values on UTF-8 strings and number literals. Pure functions over spans;
/// no allocation.
/// </summary>
public static class SchemaFormats
{
    /// <summary>Maps a <c>format</c> name to the format it asserts; false for a name the validator does not know.</summary>
    public static bool TryParse(string name, out SchemaFormat format) => throw new NotSupportedException("pending");

    /// <summary>True when <paramref name="format"/> constrains string values.</summary>
    public static bool AppliesToStrings(SchemaFormat format) => throw new NotSupportedException("pending");

    /// <summary>True when <paramref name="format"/> constrains number values (int32, int64, float, double).</summary>
    public static bool AppliesToNumbers(SchemaFormat format) => throw new NotSupportedException("pending");

    /// <summary>True when the unescaped UTF-8 string <paramref name="utf8"/> is valid for <paramref name="format"/>.</summary>
    public static bool IsValidString(SchemaFormat format, ReadOnlySpan<byte> utf8) => throw new NotSupportedException("pending");

    /// <summary>True when the RFC 8259 number literal <paramref name="literal"/> is valid for <paramref name="format"/>.</summary>
    public static bool IsValidNumber(SchemaFormat format, ReadOnlySpan<byte> literal) => throw new NotSupportedException("pending");
}
