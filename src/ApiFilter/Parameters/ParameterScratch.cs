using System.Buffers;

namespace ApiFilter.Parameters;

/// <summary>A byte buffer rented from the shared pool on first use and grown on demand (hot path, no allocation once the pool is warm).</summary>
internal struct ParameterScratch
{
    private byte[]? _buffer;

    public byte[] Get(int length)
    {
        if (_buffer is null || _buffer.Length < length)
        {
            Release();
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 256));
        }

        return _buffer;
    }

    public void Release()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
