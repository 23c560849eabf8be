using ApiFilter.Pipeline;

namespace ApiFilter.Tests.Signatures;

/// <summary>Header field lines in arrival order, looked up case-insensitively (RFC 9110 section 5.1).</summary>
internal sealed class HeaderList : IRequestHeaders
{
    private readonly List<(string Name, string Value)> _lines = [];

    public HeaderList Add(string name, string value)
    {
        _lines.Add((name, value));
        return this;
    }

    public HeaderList Set(string name, string value)
    {
        _lines.RemoveAll(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase));
        return Add(name, value);
    }

    public HeaderList Remove(string name)
    {
        _lines.RemoveAll(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase));
        return this;
    }

    public HeaderList Clone()
    {
        HeaderList copy = new();
        copy._lines.AddRange(_lines);
        return copy;
    }

    public int GetValueCount(string name)
    {
        int count = 0;
        foreach ((string n, _) in _lines)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                count++;
            }
        }

        return count;
    }

    public ReadOnlySpan<char> GetValue(string name, int index)
    {
        foreach ((string n, string v) in _lines)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase) && index-- == 0)
            {
                return v;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(index));
    }
}
