using ApiFilter.Pipeline;

namespace ApiFilter.Tests.Parameters;

/// <summary>Header fields for tests: name (case-insensitive) to field lines.</summary>
internal sealed class TestHeaders : IRequestHeaders
{
    private readonly Dictionary<string, string[]> _fields = new(StringComparer.OrdinalIgnoreCase);

    public TestHeaders Add(string name, params string[] lines)
    {
        _fields[name] = lines;
        return this;
    }

    public int GetValueCount(string name) => _fields.TryGetValue(name, out string[]? lines) ? lines.Length : 0;

    public ReadOnlySpan<char> GetValue(string name, int index) => _fields[name][index];
}
