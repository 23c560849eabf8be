using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace ApiFilter.Signatures;

/// <summary>
/// A growable byte buffer over <see cref="ArrayPool{T}"/> with a hard cap: past the cap writes
/// are dropped and <see cref="Overflowed"/> is set, so a hostile message cannot make a
/// signature base grow without bound.
/// </summary>
internal struct ByteBuilder
{
    private byte[] _buffer;
    private int _length;
    private readonly int _max;

    public ByteBuilder(int initialCapacity, int maxLength)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(initialCapacity, maxLength));
        _max = maxLength;
    }

    public readonly int Length => _length;

    public bool Overflowed { get; private set; }

    public readonly ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public void Append(byte value)
    {
        if (Ensure(1))
        {
            _buffer[_length++] = value;
        }
    }

    public void Append(scoped ReadOnlySpan<byte> value)
    {
        if (Ensure(value.Length))
        {
            value.CopyTo(_buffer.AsSpan(_length));
            _length += value.Length;
        }
    }

    /// <summary>Appends text as UTF-8 (ASCII is one byte per character, the common case).</summary>
    public void AppendText(scoped ReadOnlySpan<char> value)
    {
        int count = Ascii.IsValid(value) ? value.Length : Encoding.UTF8.GetByteCount(value);
        if (Ensure(count))
        {
            _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
        }
    }

    public void AppendInt64(long value)
    {
        if (Ensure(20) && Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out int written))
        {
            _length += written;
        }
    }

    /// <summary>Appends <paramref name="value"/> base64-encoded (with padding).</summary>
    public void AppendBase64(scoped ReadOnlySpan<byte> value)
    {
        int needed = Base64.GetMaxEncodedToUtf8Length(value.Length);
        if (Ensure(needed))
        {
            Base64.EncodeToUtf8(value, _buffer.AsSpan(_length), out _, out int written);
            _length += written;
        }
    }

    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private bool Ensure(int count)
    {
        if (Overflowed)
        {
            return false;
        }

        if ((long)_length + count > _max)
        {
            Overflowed = true;
            return false;
        }

        if (_length + count > _buffer.Length)
        {
            byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        return true;
    }
}
