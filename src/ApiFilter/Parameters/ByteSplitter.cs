namespace ApiFilter.Parameters;

/// <summary>Walks the items of a text separated by one byte; an empty text has no items.</summary>
internal ref struct ByteSplitter
{
    private readonly ReadOnlySpan<byte> _text;
    private readonly byte _separator;
    private int _position;

    public ByteSplitter(ReadOnlySpan<byte> text, byte separator)
    {
        _text = text;
        _separator = separator;
        _position = text.IsEmpty ? -1 : 0;
    }

    public bool Next(out ReadOnlySpan<byte> item)
    {
        if (_position < 0)
        {
            item = default;
            return false;
        }

        ReadOnlySpan<byte> rest = _text[_position..];
        int end = rest.IndexOf(_separator);
        if (end < 0)
        {
            item = rest;
            _position = -1;
        }
        else
        {
            item = rest[..end];
            _position += end + 1;
        }

        return true;
    }
}
