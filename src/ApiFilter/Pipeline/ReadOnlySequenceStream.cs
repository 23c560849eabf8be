using System.Buffers;

namespace ApiFilter.Pipeline;

/// <summary>
/// A read-only, forward-only <see cref="Stream"/> over a <see cref="ReadOnlySequence{T}"/>: lets code that
/// wants a stream (decompressors, HTTP clients) read a buffered body without copying it.
/// </summary>
public sealed class ReadOnlySequenceStream : Stream
{
    private ReadOnlySequence<byte> _remaining;
    private readonly long _length;

    /// <summary>Creates a stream that reads <paramref name="sequence"/> from its start.</summary>
    public ReadOnlySequenceStream(ReadOnlySequence<byte> sequence)
    {
        _remaining = sequence;
        _length = sequence.Length;
    }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => _length;

    /// <inheritdoc/>
    public override long Position
    {
        get => _length - _remaining.Length;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, _remaining.Length);
        if (n == 0)
        {
            return 0;
        }

        var slice = _remaining.Slice(0, n);
        slice.CopyTo(buffer);
        _remaining = _remaining.Slice(slice.End);
        return n;
    }

    /// <inheritdoc/>
    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled<int>(cancellationToken) : Task.FromResult(Read(buffer.AsSpan(offset, count)));

    /// <inheritdoc/>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<int>(cancellationToken) : new(Read(buffer.Span));

    /// <inheritdoc/>
    public override async Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        while (!_remaining.IsEmpty)
        {
            var segment = _remaining.First;
            _remaining = _remaining.Slice(segment.Length);
            await destination.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
