namespace ApiFilter.Tests.Schema.Primitives;

/// <summary>Suite format cases our checks decide differently, each with the reason.</summary>
internal static class FormatKnownFailures
{
    public static readonly Dictionary<string, string> Cases = new(StringComparer.Ordinal)
    {
    };
}
