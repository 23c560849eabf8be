using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ApiFilter.Tokens;

/// <summary>
/// A bounded, thread-safe set of one-time ids seen recently ("jti" of access tokens and of DPoP proofs, RFC 9449
/// section 11.1; RFC 9421 nonces), each kept until the expiry its caller gives and then forgotten.
/// </summary>
/// <remarks>
/// <para>
/// Storage: all memory is allocated once, in the constructor. Ids are not stored; a 128-bit keyed hash of each is:
/// the first 16 bytes of SHA-256(key ‖ id), with a 32-byte key drawn from the system RNG per instance. The key makes
/// the slot an id lands in, and any collision between two ids, unpredictable to clients: with a public or
/// non-cryptographic hash (even a seeded one such as xxHash, for which seed-independent multi-collisions are known
/// for several members of that family) a client could choose "jti" values that pile into one bucket, filling it so
/// other clients' fresh ids get <see cref="ReplayCacheStatus.Full"/>, or that collide with another client's id so a
/// first use reads as a replay. Two distinct ids share a 128-bit tag with probability about n²/2^129 for n stored ids.
/// </para>
/// <para>
/// Layout: buckets of <see cref="SlotsPerBucket"/> slots. An id may live in either of two buckets picked by its hash
/// ("two choices"): a lookup reads both, an insert takes the emptier. Two choices keep the buckets level: with 16,384 slots the
/// first bucket overflowed at 78% of <see cref="Capacity"/> (measured by a test), where with one choice some bucket of
/// 8 overflows well before half load. A slot whose expiry has passed is free: eviction is lazy and costs nothing extra.
/// Locks are striped by bucket and taken in index order, so two threads never deadlock and an id's two buckets
/// are read and written as one step.
/// </para>
/// <para>
/// When both buckets are full of unexpired entries the id is not recorded and <see cref="ReplayCacheStatus.Full"/>
/// is returned. Nothing unexpired is evicted to make room: that would let a flood of fresh ids push out the ids of
/// real tokens and reopen them to replay. The caller refuses the request instead (fail closed); size the cache for
/// the peak number of ids alive at once (requests per second × retention) with headroom.
/// </para>
/// <para>Every call is O(<see cref="SlotsPerBucket"/>) plus one SHA-256 over the id, and allocates nothing.</para>
/// </remarks>
public sealed class ReplayCache
{
    /// <summary>Slots per bucket: 8 slots of 24 bytes fill three 64-byte cache lines.</summary>
    public const int SlotsPerBucket = 8;

    /// <summary>The most slots one instance may hold (about 400 MB of entries).</summary>
    public const int MaxCapacity = 1 << 24;

    // Ids up to this size are hashed from a stack buffer with the key in front; longer ones are hashed first.
    private const int StackIdLimit = 256;

    private const int KeySize = 32;

    private readonly Entry[] _entries;
    private readonly Lock[] _locks;
    private readonly byte[] _key;
    private readonly int _bucketMask;
    private readonly int _stripeMask;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a cache holding at least <paramref name="capacity"/> ids (rounded up to a power of two).</summary>
    /// <param name="capacity">Slots to allocate, from <see cref="SlotsPerBucket"/> to <see cref="MaxCapacity"/>.</param>
    /// <param name="timeProvider">The clock expiries are compared with; the system clock when null.</param>
    public ReplayCache(int capacity, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, SlotsPerBucket);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        int buckets = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)((capacity + SlotsPerBucket - 1) / SlotsPerBucket));
        _entries = new Entry[buckets * SlotsPerBucket];
        _bucketMask = buckets - 1;

        // Enough stripes that threads rarely meet, few enough that the lock array stays small.
        int stripes = Math.Min(buckets, 256);
        _locks = new Lock[stripes];
        for (int i = 0; i < stripes; i++)
        {
            _locks[i] = new Lock();
        }

        _stripeMask = stripes - 1;
        _key = RandomNumberGenerator.GetBytes(KeySize);
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The number of slots: the most ids that can be held at once.</summary>
    public int Capacity => _entries.Length;

    /// <summary>
    /// Records <paramref name="id"/> until <paramref name="expiresAtUnixSeconds"/> unless it is already recorded.
    /// An expiry at or before now is kept for one second, so an immediate replay of an id that is already past its
    /// expiry is still caught (its token should have been refused before this point anyway). Callers bound the expiry
    /// with something the client cannot stretch (an access token's signed "exp", a proof's "iat" plus the window),
    /// since an id holds its slot until then.
    /// </summary>
    /// <returns><see cref="ReplayCacheStatus.Added"/> on first use, <see cref="ReplayCacheStatus.Replayed"/> on a replay, <see cref="ReplayCacheStatus.Full"/> when it could not be recorded (refuse the request).</returns>
    public ReplayCacheStatus TryAdd(ReadOnlySpan<byte> id, long expiresAtUnixSeconds)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Hash(id, hash);
        ulong low = BinaryPrimitives.ReadUInt64LittleEndian(hash);
        ulong high = BinaryPrimitives.ReadUInt64LittleEndian(hash[8..]);

        // The bucket choices come from hash bytes 16–23, apart from the stored tag (bytes 0–15).
        uint choices = BinaryPrimitives.ReadUInt32LittleEndian(hash[16..]);
        uint second = BinaryPrimitives.ReadUInt32LittleEndian(hash[20..]);
        int bucketA = (int)choices & _bucketMask;
        int bucketB = (int)second & _bucketMask;

        int stripeA = bucketA & _stripeMask;
        int stripeB = bucketB & _stripeMask;
        Lock first = _locks[Math.Min(stripeA, stripeB)];
        Lock other = _locks[Math.Max(stripeA, stripeB)];
        lock (first)
        {
            if (stripeA == stripeB)
            {
                return AddLocked(low, high, bucketA, bucketB, expiresAtUnixSeconds);
            }

            lock (other)
            {
                return AddLocked(low, high, bucketA, bucketB, expiresAtUnixSeconds);
            }
        }
    }

    private void Hash(ReadOnlySpan<byte> id, Span<byte> hash)
    {
        Span<byte> input = stackalloc byte[KeySize + StackIdLimit];
        _key.CopyTo(input);
        int length;
        if (id.Length <= StackIdLimit)
        {
            id.CopyTo(input[KeySize..]);
            length = KeySize + id.Length;
        }
        else
        {
            // A long id is reduced to its SHA-256 first; collisions of that are as hard to find as of the whole.
            SHA256.HashData(id, input[KeySize..]);
            length = KeySize + SHA256.HashSizeInBytes;
        }

        SHA256.HashData(input[..length], hash);
    }

    private ReplayCacheStatus AddLocked(ulong low, ulong high, int bucketA, int bucketB, long expiresAt)
    {
        long now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        Span<Entry> slotsA = _entries.AsSpan(bucketA * SlotsPerBucket, SlotsPerBucket);
        Span<Entry> slotsB = _entries.AsSpan(bucketB * SlotsPerBucket, SlotsPerBucket);
        if (Scan(slotsA, low, high, now, out int freeA, out int liveA))
        {
            return ReplayCacheStatus.Replayed;
        }

        int freeB = -1;
        int liveB = SlotsPerBucket;
        if (bucketA != bucketB && Scan(slotsB, low, high, now, out freeB, out liveB))
        {
            return ReplayCacheStatus.Replayed;
        }

        var entry = new Entry(low, high, Math.Max(expiresAt, now + 1));
        if (freeA >= 0 && (freeB < 0 || liveA <= liveB))
        {
            slotsA[freeA] = entry;
        }
        else if (freeB >= 0)
        {
            slotsB[freeB] = entry;
        }
        else
        {
            return ReplayCacheStatus.Full;
        }

        return ReplayCacheStatus.Added;
    }

    /// <summary>True when the tag is live in <paramref name="slots"/>; otherwise the first free slot (-1 if none) and the live count.</summary>
    private static bool Scan(Span<Entry> slots, ulong low, ulong high, long now, out int free, out int live)
    {
        free = -1;
        live = 0;
        for (int i = 0; i < slots.Length; i++)
        {
            ref Entry entry = ref slots[i];

            // An empty slot has expiry 0, always past: empty and expired are the same state.
            if (entry.ExpiresAt <= now)
            {
                if (free < 0)
                {
                    free = i;
                }

                continue;
            }

            if (entry.Low == low && entry.High == high)
            {
                return true;
            }

            live++;
        }

        return false;
    }

    private readonly record struct Entry(ulong Low, ulong High, long ExpiresAt);
}
