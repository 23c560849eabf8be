namespace ApiFilter.Tests.Schema.Primitives;

/// <summary>Suite pattern cases decided differently from the suite, each with the reason.</summary>
internal static class PatternKnownFailures
{
    public static readonly Dictionary<string, string> Cases = new(StringComparer.Ordinal)
    {
    };
}
