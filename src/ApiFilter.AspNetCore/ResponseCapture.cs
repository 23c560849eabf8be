using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ApiFilter.AspNetCore;

/// <summary>
/// Stands in for the response body while the application (or the forwarder) writes it, so the
/// response can be judged against the contract. In hold mode nothing reaches the client until the
/// body is judged (Block); in tee mode every write goes straight through and a copy is kept
/// (Report). Either way at most <c>limit</c> bytes are kept; past it the body is passed through and
/// judged by its head only.
/// </summary>
internal sealed class ResponseCapture : Stream, IHttpResponseBodyFeature
{
    private readonly IHttpResponseBodyFeature _inner;
    private readonly bool _hold;
    private readonly long _limit;
    private byte[] _buffer;
    private int _length;
    private bool _overflowed;
    private PipeWriter? _writer;

    public ResponseCapture(IHttpResponseBodyFeature inner, bool hold, long limit)
    {
        _inner = inner;
        _hold = hold;
        _limit = limit;
        _buffer = ArrayPool<byte>.Shared.Rent(4096);
    }

    /// <summary>The body kept for judging.</summary>
    public ReadOnlySequence<byte> Body => new(_buffer, 0, _length);

    /// <summary>False when the body outgrew the limit and only its start was kept.</summary>
    public bool IsComplete => !_overflowed;

    /// <summary>True when bytes were already passed to the client (tee mode, or hold mode past the limit).</summary>
    public bool PassedThrough => !_hold || _overflowed;

    public Stream Stream => this;

    public PipeWriter Writer => _writer ??= PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public void DisableBuffering() => _inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) =>
        PassedThrough ? _inner.StartAsync(cancellationToken) : Task.CompletedTask;

    public async Task CompleteAsync()
    {
        if (_writer is not null)
        {
            await _writer.FlushAsync().ConfigureAwait(false);
        }
    }

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(this, path, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_overflowed && _length + (long)buffer.Length > _limit)
        {
            // too long to judge: what was held goes out first, the rest streams through
            _overflowed = true;
            if (_hold)
            {
                await _inner.Stream.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
            }
        }

        if (!_overflowed)
        {
            Keep(buffer.Span);
            if (_hold)
            {
                return;
            }
        }

        await _inner.Stream.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override void Flush()
    {
        if (PassedThrough)
        {
            _inner.Stream.Flush();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        PassedThrough ? _inner.Stream.FlushAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Hold mode, judged and allowed: sends the held body.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (_hold && !_overflowed && _length > 0)
        {
            await _inner.Stream.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _length = 0;
        }

        base.Dispose(disposing);
    }

    private void Keep(ReadOnlySpan<byte> data)
    {
        if (_length + data.Length > _buffer.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(_limit, Math.Max((long)_buffer.Length * 2, _length + data.Length)));
            _buffer.AsSpan(0, _length).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = grown;
        }

        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
    }
}
