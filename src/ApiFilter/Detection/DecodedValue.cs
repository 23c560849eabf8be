using System.Buffers;

namespace ApiFilter.Detection;

/// <summary>
/// The decoded form of a value (<see cref="ValueNormalizer.Normalize(ReadOnlySpan{byte}, Span{byte}, out NormalizationFlags, ref long)"/>),
/// held in the caller's stack buffer when it fits, else in a pooled array that <see cref="Dispose"/>
/// returns. Every detector decodes this way before its second look at a value.
/// </summary>
internal ref struct DecodedValue
{
    /// <summary>Size of the stack buffer callers pass: values up to this length decode without renting.</summary>
    public const int StackLimit = 512;

    private byte[]? _rented;

    private DecodedValue(Span<byte> bytes, NormalizationFlags flags, byte[]? rented)
    {
        Bytes = bytes;
        Flags = flags;
        _rented = rented;
    }

    /// <summary>The decoded bytes; writable, so a detector may decode further in place.</summary>
    public Span<byte> Bytes { get; }

    /// <summary>What decoding changed; <see cref="NormalizationFlags.None"/> when the value decodes to itself.</summary>
    public NormalizationFlags Flags { get; }

    /// <summary>Decodes <paramref name="value"/> into <paramref name="stack"/> (<see cref="StackLimit"/> bytes) or a pooled array.</summary>
    public static DecodedValue Decode(ReadOnlySpan<byte> value, Span<byte> stack, scoped ref long work)
    {
        byte[]? rented = null;
        Span<byte> buffer = value.Length <= stack.Length ? stack : (rented = ArrayPool<byte>.Shared.Rent(value.Length));
        int length = ValueNormalizer.Normalize(value, buffer, out NormalizationFlags flags, ref work);
        return new DecodedValue(buffer[..length], flags, rented);
    }

    /// <summary>Returns the pooled array, if one was rented.</summary>
    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
            _rented = null;
        }
    }
}
