using System.Text;

namespace ApiFilter.Multipart;

/// <summary>A media range compiled to ASCII bytes: <c>type/subtype</c>, <c>type/*</c> or <c>*/*</c> (RFC 9110 section 12.5.1).</summary>
internal readonly struct MultipartMediaRange
{
    private readonly byte[] _type;
    private readonly byte[] _subtype;

    private MultipartMediaRange(byte[] type, byte[] subtype)
    {
        _type = type;
        _subtype = subtype;
    }

    /// <summary>Parses one range; parameters after <c>;</c> are dropped.</summary>
    /// <exception cref="ArgumentException">The text is not a media range.</exception>
    public static MultipartMediaRange Parse(string text)
    {
        string range = text;
        int semicolon = range.IndexOf(';', StringComparison.Ordinal);
        if (semicolon >= 0)
        {
            range = range[..semicolon];
        }

        range = range.Trim();
        int slash = range.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == range.Length - 1 || !MultipartSyntax.IsToken(Encoding.ASCII.GetBytes(range[..slash]))
            || !MultipartSyntax.IsToken(Encoding.ASCII.GetBytes(range[(slash + 1)..]))
            || !Ascii.IsValid(range))
        {
            throw new ArgumentException($"'{text}' is not a media range (type/subtype, type/* or */*).", nameof(text));
        }

        string type = range[..slash];
        string subtype = range[(slash + 1)..];
        if (type == "*" && subtype != "*")
        {
            throw new ArgumentException($"'{text}' is not a media range: '*/{subtype}' is not allowed (RFC 9110 section 12.5.1).", nameof(text));
        }

        return new MultipartMediaRange(Encoding.ASCII.GetBytes(type), Encoding.ASCII.GetBytes(subtype));
    }

    /// <summary>True when <paramref name="type"/>/<paramref name="subtype"/> falls in this range (case-insensitive).</summary>
    public bool Matches(ReadOnlySpan<byte> type, ReadOnlySpan<byte> subtype)
    {
        if (_type.Length == 1 && _type[0] == (byte)'*')
        {
            return true;
        }

        if (!Ascii.EqualsIgnoreCase(_type, type))
        {
            return false;
        }

        return (_subtype.Length == 1 && _subtype[0] == (byte)'*') || Ascii.EqualsIgnoreCase(_subtype, subtype);
    }
}
