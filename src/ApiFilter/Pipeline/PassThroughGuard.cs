namespace ApiFilter.Pipeline;

/// <summary>
/// The guard for a body no format guard judges but whose digest is checked: it accepts every byte
/// and only bounds how much is buffered, so the digest can be compared before anything is forwarded.
/// Stateless, so one instance serves every request.
/// </summary>
internal sealed class PassThroughGuard(long maxBodyBytes) : IBodyGuard
{
    public long MaxBodyBytes { get; } = maxBodyBytes;

    public Violation? Violation => null;

    public GuardStatus Feed(System.Buffers.ReadOnlySequence<byte> data, bool isFinalBlock, out long consumed)
    {
        consumed = data.Length;
        return isFinalBlock ? GuardStatus.Allowed : GuardStatus.NeedMoreData;
    }

    public void Reset()
    {
    }
}
