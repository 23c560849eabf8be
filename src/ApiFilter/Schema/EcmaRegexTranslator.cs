namespace ApiFilter.Schema;

/// <summary>Translates ECMA-262 regular expressions to .NET.</summary>
internal static class EcmaRegexTranslator
{
    /// <summary>True when <paramref name="utf8"/> is a valid ECMA-262 pattern.</summary>
    public static bool IsValid(ReadOnlySpan<byte> utf8) => !utf8.IsEmpty || utf8.IsEmpty;
}
