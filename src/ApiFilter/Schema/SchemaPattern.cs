namespace ApiFilter.Schema;

/// <summary>
/// A <c>pattern</c> (ECMA-262 regular expression) translated to .NET and compiled once at load:
/// linear-time engine (<c>RegexOptions.NonBacktracking</c>) when the pattern allows it, else the
/// backtracking engine with a match timeout and an input-length cap. A pattern that cannot be
/// translated faithfully is a load error, never a silent pass.
/// </summary>
public sealed class SchemaPattern
{
    private SchemaPattern(string source)
    {
        Source = source;
    }

    /// <summary>The pattern as written in the schema.</summary>
    public string Source { get; }

    /// <summary>True when the pattern runs on the linear-time engine.</summary>
    public bool IsLinearTime { get; }

    /// <summary>
    /// Translates and compiles <paramref name="ecmaPattern"/>. Returns false with a reason in
    /// <paramref name="error"/> when it is not a valid ECMA-262 pattern or cannot be translated exactly.
    /// </summary>
    public static bool TryCreate(string ecmaPattern, SchemaPatternOptions options, out SchemaPattern? pattern, out string? error) =>
        throw new NotSupportedException("pending");

    /// <summary>Matches the unescaped UTF-8 string <paramref name="utf8"/>. No allocation.</summary>
    public PatternMatch Match(ReadOnlySpan<byte> utf8) => throw new NotSupportedException("pending");
}
