using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ApiFilter.Tokens;

/// <summary>
/// A small direct-mapped cache of imported DPoP proof keys by RFC 7638 thumbprint. A client signs every proof with
/// the same key, and importing a public key into an ECDsa/RSA object costs a few microseconds and about a kilobyte
/// of managed allocation each time; the cache turns that into a lookup for every proof but a key's first.
/// </summary>
/// <remarks>
/// Entries are immutable and published with a volatile write, so lookups take no lock. A newer key simply replaces
/// the one in its slot. A replaced key is not disposed, because another thread may be verifying with it at that
/// moment; its native handle is released by its finalizer once unreachable. Flooding the cache with fresh keys only
/// costs the flooder an import per proof, which is what happens without the cache; the thumbprint is a SHA-256
/// value the client cannot steer cheaply to evict a chosen slot, and an eviction only costs the victim one re-import.
/// Sharing an imported key across threads for verification is the same reliance <see cref="JwsVerifier"/> documents.
/// </remarks>
internal sealed class DpopKeyCache
{
    private readonly Entry?[] _slots;
    private readonly int _mask;

    public DpopKeyCache(int size)
    {
        int slots = size == 0 ? 0 : (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)size);
        _slots = new Entry?[slots];
        _mask = slots - 1;
    }

    /// <summary>Whether keys are kept; when not, the caller disposes each key after use.</summary>
    public bool Enabled => _slots.Length != 0;

    /// <summary>The key with this thumbprint, or null.</summary>
    public AsymmetricAlgorithm? Find(ReadOnlySpan<byte> thumbprint)
    {
        if (!Enabled)
        {
            return null;
        }

        Entry? entry = Volatile.Read(ref _slots[Index(thumbprint)]);
        return entry is not null && thumbprint.SequenceEqual(entry.Thumbprint) ? entry.Key : null;
    }

    /// <summary>Keeps <paramref name="key"/> under <paramref name="thumbprint"/>, replacing whatever shared its slot.</summary>
    public void Add(ReadOnlySpan<byte> thumbprint, AsymmetricAlgorithm key)
    {
        if (Enabled)
        {
            Volatile.Write(ref _slots[Index(thumbprint)], new Entry(thumbprint.ToArray(), key));
        }
    }

    private int Index(ReadOnlySpan<byte> thumbprint) => (int)BinaryPrimitives.ReadUInt32LittleEndian(thumbprint) & _mask;

    private sealed class Entry(byte[] thumbprint, AsymmetricAlgorithm key)
    {
        public byte[] Thumbprint { get; } = thumbprint;

        public AsymmetricAlgorithm Key { get; } = key;
    }
}
