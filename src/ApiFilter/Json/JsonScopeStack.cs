using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace ApiFilter.Json;

/// <summary>
/// The open containers of the document being judged: per container its kind and member/element
/// count, the unescaped name of the current member of each object, and a set of the names seen in
/// every open object for duplicate detection. All storage is pooled and kept across
/// <see cref="Clear"/>, so a warm instance reads a document without allocating. The JSON Pointer
/// string (RFC 6901) is only built when a refusal needs it.
/// </summary>
/// <remarks>
/// Each member of an open object has an entry holding its length and a fingerprint: the first
/// and last 8 bytes of its unescaped name, which for a name of up to 16 bytes is the whole name,
/// so such names are neither copied nor compared byte by byte. Longer names (and escaped ones,
/// while they are unescaped) live in one byte arena in document order and are compared in full
/// when fingerprints match. An object with a few members is checked for duplicates by comparing
/// entries directly; once it grows past that its entries go into a chained hash table shared by
/// all open objects, keyed by (object id, name) and seeded per process by <see cref="HashCode"/>,
/// so an attacker cannot pick colliding names (a long name is hashed whole). Objects close in LIFO
/// order, so the names of the closing object are always the most recently linked entries and the
/// heads of their chains: removing them is O(members), and the whole check stays linear in the
/// name bytes.
/// <para>
/// Buffers are rented from the shared pools and kept for the life of the guard that owns this
/// stack (a guard is reused across bodies); outgrown buffers go back to the pool.
/// </para>
/// </remarks>
internal sealed class JsonScopeStack
{
    private const int InitialFrames = 16;
    private const int InitialArena = 1024;
    private const int InitialEntries = 64;

    /// <summary>Objects up to this many members are checked for duplicates by comparing names directly.</summary>
    private const int LinearScanMembers = 8;

    /// <summary>Names up to this many bytes are kept in their fingerprint instead of the arena.</summary>
    private const int ShortName = 16;

    private readonly bool _trackDuplicates;
    private Frame[] _frames;
    private int _depth;
    private byte[] _arena;
    private int _arenaLength;
    private Entry[] _entries;
    private int _entryCount;
    private int[] _buckets; // entry index + 1 at the head of each chain; 0 = empty
    private int _nextObjectId;
    private int _linked; // entries currently linked into _buckets (members of hashed objects)

    // The innermost container's kind and count live in fields, not in _frames, because every
    // token reads or bumps them; _frames[_depth - 1].Count is stale while that frame is on top.
    private bool _topIsArray;
    private int _topCount;
    private byte[] _scratch;

    public JsonScopeStack(bool trackDuplicates)
    {
        _trackDuplicates = trackDuplicates;
        _frames = ArrayPool<Frame>.Shared.Rent(InitialFrames);
        _arena = ArrayPool<byte>.Shared.Rent(InitialArena);
        _entries = ArrayPool<Entry>.Shared.Rent(InitialEntries);
        _buckets = ArrayPool<int>.Shared.Rent(InitialEntries * 2);
        Array.Clear(_buckets);
        _scratch = ArrayPool<byte>.Shared.Rent(InitialArena);
    }

    /// <summary>Number of open containers (0 at top level).</summary>
    public int Depth => _depth;

    /// <summary>True when the innermost open container is an array.</summary>
    public bool InArray
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _topIsArray;
    }

    /// <summary>Counts one more element or member of the innermost container and returns the new count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int CountChild() => ++_topCount;

    /// <summary>Opens a container inside the current one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(bool isObject)
    {
        if (_depth == _frames.Length)
        {
            GrowFrames();
        }

        if (_depth > 0)
        {
            _frames[_depth - 1].Count = _topCount;
        }

        _topIsArray = !isObject;
        _topCount = 0;
        _frames[_depth] = new Frame
        {
            IsObject = isObject,
            Count = 0,
            NameEntry = -1,
            EntryStart = _entryCount,
            ArenaStart = _arenaLength,
            ObjectId = isObject ? ++_nextObjectId : 0,
            Hashed = false,
        };
        _depth++;
    }

    /// <summary>Closes the innermost container, forgetting the names of its members.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Pop()
    {
        ref Frame frame = ref _frames[--_depth];
        if (frame.IsObject)
        {
            if (frame.Hashed)
            {
                Unlink(frame.EntryStart);
            }

            _entryCount = frame.EntryStart;
            _arenaLength = frame.ArenaStart;
        }

        if (_depth > 0)
        {
            ref Frame parent = ref _frames[_depth - 1];
            _topIsArray = !parent.IsObject;
            _topCount = parent.Count;
        }
        else
        {
            _topIsArray = false;
            _topCount = 0;
        }
    }

    /// <summary>
    /// Makes the name whose raw (still escaped) bytes are <paramref name="raw"/> and whose unescaped
    /// length is <paramref name="length"/> the current member of the innermost object. Returns false
    /// when duplicate tracking is on and the object already has a member with that name.
    /// </summary>
    public bool TryAddName(ReadOnlySpan<byte> raw, bool isEscaped, int length)
    {
        ref Frame frame = ref _frames[_depth - 1];
        if (!_trackDuplicates)
        {
            // Only the current member's name is needed (for pointers): overwrite the previous one.
            _arenaLength = frame.ArenaStart;
            _entryCount = frame.EntryStart;
        }

        // A name of up to ShortName bytes is kept whole in its fingerprint, so it is not copied;
        // a longer one goes into the arena. Escaped names are unescaped into the arena first.
        int offset = _arenaLength;
        ReadOnlySpan<byte> name = raw;
        if (isEscaped || length > ShortName)
        {
            name = StoreName(raw, isEscaped, length, offset);
        }

        Fingerprint(name, out ulong head, out ulong tail);
        bool isShort = length <= ShortName;
        int hash = 0;
        if (_trackDuplicates)
        {
            int first = frame.EntryStart;
            int count = _entryCount;
            if (count - first < LinearScanMembers)
            {
                // Most objects are small: comparing with each earlier name costs less than hashing.
                // Equal fingerprints and lengths are equal names unless the names are long.
                Entry[] entries = _entries;
                for (int e = first; e < count; e++)
                {
                    ref Entry other = ref entries[e];
                    if (other.Head == head && other.Tail == tail && other.Length == length
                        && (isShort || _arena.AsSpan(other.Offset, length).SequenceEqual(name)))
                    {
                        frame.NameEntry = e;
                        return false;
                    }
                }
            }
            else if (!TryHashName(ref frame, name, head, tail, out hash))
            {
                return false;
            }
        }

        if (_entryCount == _entries.Length)
        {
            GrowEntries();
        }

        int index = _entryCount++;
        ref Entry entry = ref _entries[index];
        entry.Head = head;
        entry.Tail = tail;
        entry.Offset = isShort ? -1 : offset;
        entry.Length = length;
        if (!isShort)
        {
            _arenaLength = offset + length;
        }

        frame.NameEntry = index;
        if (frame.Hashed)
        {
            // Only entries in the table need these (Link sets Next).
            entry.Hash = hash;
            entry.ObjectId = frame.ObjectId;
            _linked++;
            if (_linked > _buckets.Length / 2)
            {
                GrowBuckets();
            }
            else
            {
                Link(index);
            }
        }

        return true;
    }

    /// <summary>Writes the unescaped name at <paramref name="offset"/> in the arena and returns it there.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Span<byte> StoreName(ReadOnlySpan<byte> raw, bool isEscaped, int length, int offset)
    {
        if (_arena.Length - offset < length)
        {
            GrowArena(offset + length);
        }

        Span<byte> name = _arena.AsSpan(offset, length);
        if (isEscaped)
        {
            JsonStringScanner.Unescape(raw, name);
        }
        else
        {
            raw.CopyTo(name);
        }

        return name;
    }

    /// <summary>
    /// The first and last 8 bytes of <paramref name="name"/> (overlapping when shorter than 16;
    /// first 4 and last 4 below 8; first, middle and last byte below 4). Together with the length
    /// they determine a name of up to <see cref="ShortName"/> bytes exactly (see <see cref="NameBytes"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fingerprint(ReadOnlySpan<byte> name, out ulong head, out ulong tail)
    {
        int length = name.Length;
        ref byte start = ref MemoryMarshal.GetReference(name);
        if (length >= 8)
        {
            head = Unsafe.ReadUnaligned<ulong>(ref start);
            tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, length - 8));
        }
        else if (length >= 4)
        {
            head = Unsafe.ReadUnaligned<uint>(ref start);
            tail = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, length - 4));
        }
        else if (length > 0)
        {
            head = start | ((ulong)Unsafe.Add(ref start, length >> 1) << 8) | ((ulong)Unsafe.Add(ref start, length - 1) << 16);
            tail = 0;
        }
        else
        {
            head = 0;
            tail = 0;
        }
    }

    /// <summary>The bytes of an entry's name: from the arena, or rebuilt from the fingerprint of a short name.</summary>
    private ReadOnlySpan<byte> NameBytes(ref Entry entry, Span<byte> buffer)
    {
        if (entry.Offset >= 0)
        {
            return _arena.AsSpan(entry.Offset, entry.Length);
        }

        int length = entry.Length;
        Span<byte> name = buffer[..length];
        ref byte start = ref MemoryMarshal.GetReference(name);
        if (length >= 8)
        {
            Unsafe.WriteUnaligned(ref start, entry.Head);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref start, length - 8), entry.Tail);
        }
        else if (length >= 4)
        {
            Unsafe.WriteUnaligned(ref start, (uint)entry.Head);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref start, length - 4), (uint)entry.Tail);
        }
        else if (length > 0)
        {
            start = (byte)entry.Head;
            Unsafe.Add(ref start, length >> 1) = (byte)(entry.Head >> 8);
            Unsafe.Add(ref start, length - 1) = (byte)(entry.Head >> 16);
        }

        return name;
    }

    /// <summary>
    /// Duplicate check for an object past the linear-scan size, through the hash table. Returns
    /// false (and points the frame at the earlier member) when the name is already there.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryHashName(ref Frame frame, ReadOnlySpan<byte> name, ulong head, ulong tail, out int hash)
    {
        if (!frame.Hashed)
        {
            HashMembers(ref frame);
        }

        hash = Hash(frame.ObjectId, name, head, tail);
        int mask = _buckets.Length - 1;
        for (int e = _buckets[hash & mask] - 1; e >= 0; e = _entries[e].Next)
        {
            ref Entry other = ref _entries[e];
            if (other.Hash == hash && other.ObjectId == frame.ObjectId && other.Length == name.Length
                && other.Head == head && other.Tail == tail
                && (other.Offset < 0 || _arena.AsSpan(other.Offset, other.Length).SequenceEqual(name)))
            {
                // Point at the duplicated member: make it the current name without storing it twice.
                frame.NameEntry = e;
                return false;
            }
        }

        return true;
    }

    /// <summary>The object just grew past the linear-scan size: index the names it already has.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void HashMembers(ref Frame frame)
    {
        // Deeper objects are all closed at this point, so these entries become the newest linked
        // ones, which keeps removal LIFO.
        frame.Hashed = true;
        for (int e = frame.EntryStart; e < _entryCount; e++)
        {
            ref Entry entry = ref _entries[e];
            entry.ObjectId = frame.ObjectId;
            entry.Hash = entry.Offset < 0
                ? Hash(frame.ObjectId, entry.Length, entry.Head, entry.Tail)
                : Hash(frame.ObjectId, _arena.AsSpan(entry.Offset, entry.Length), entry.Head, entry.Tail);
            _linked++;
        }

        if (_linked > _buckets.Length / 2)
        {
            GrowBuckets();
            return;
        }

        for (int e = frame.EntryStart; e < _entryCount; e++)
        {
            Link(e);
        }
    }

    /// <summary>
    /// Seeded per process (<see cref="HashCode"/>), so names that collide cannot be precomputed to
    /// turn the set into a list.
    /// </summary>
    private static int Hash(int objectId, ReadOnlySpan<byte> name, ulong head, ulong tail)
    {
        if (name.Length <= ShortName)
        {
            return Hash(objectId, name.Length, head, tail);
        }

        // A long name is hashed whole: names that differ only in the middle must not share a chain.
        HashCode hasher = default;
        hasher.Add(objectId);
        hasher.AddBytes(name);
        return hasher.ToHashCode();
    }

    private static int Hash(int objectId, int length, ulong head, ulong tail) => HashCode.Combine(objectId, length, head, tail);

    /// <summary>
    /// Builds the RFC 6901 pointer made of the current child of each of the outermost
    /// <paramref name="frameCount"/> containers: <c>0</c> is the whole document, <see cref="Depth"/>
    /// is the current value. Refusal path only.
    /// </summary>
    public string BuildPointer(int frameCount)
    {
        if (_depth > 0)
        {
            _frames[_depth - 1].Count = _topCount;
        }

        var builder = new StringBuilder();
        Span<byte> buffer = stackalloc byte[ShortName];
        for (int i = 0; i < frameCount && i < _depth; i++)
        {
            ref Frame frame = ref _frames[i];
            if (frame.IsObject)
            {
                if (frame.NameEntry < 0)
                {
                    break;
                }

                string name = Encoding.UTF8.GetString(NameBytes(ref _entries[frame.NameEntry], buffer));

                // RFC 6901 §3: '~' is written as "~0" and '/' as "~1"; '~' first so "~1" in a name stays literal.
                builder.Append('/').Append(name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));
            }
            else
            {
                if (frame.Count == 0)
                {
                    break;
                }

                // RFC 6901 §4: an array element is referenced by its zero-based index in decimal.
                builder.Append('/').Append(frame.Count - 1);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// A pooled buffer of at least <paramref name="length"/> bytes for a token that straddles
    /// segments; valid until the next call. Grows once and is kept, so warm reads do not allocate.
    /// </summary>
    public Span<byte> Scratch(int length)
    {
        if (_scratch.Length < length)
        {
            GrowScratch(length);
        }

        return _scratch.AsSpan(0, length);
    }

    /// <summary>The current member name of the innermost object, decoded (refusal path only).</summary>
    public string CurrentName()
    {
        return Encoding.UTF8.GetString(NameBytes(ref _entries[_frames[_depth - 1].NameEntry], stackalloc byte[ShortName]));
    }

    /// <summary>Forgets every open container; keeps the pooled storage for the next document.</summary>
    public void Clear()
    {
        if (_linked > 0)
        {
            Array.Clear(_buckets);
        }

        _linked = 0;

        _depth = 0;
        _topIsArray = false;
        _topCount = 0;
        _arenaLength = 0;
        _entryCount = 0;
        _nextObjectId = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Link(int index)
    {
        ref Entry entry = ref _entries[index];
        ref int head = ref _buckets[entry.Hash & (_buckets.Length - 1)];
        entry.Next = head - 1;
        head = index + 1;
    }

    private void Unlink(int start)
    {
        int mask = _buckets.Length - 1;
        for (int e = _entryCount - 1; e >= start; e--)
        {
            // LIFO: this entry is the newest linked one in its chain, so it is the head.
            _buckets[_entries[e].Hash & mask] = _entries[e].Next + 1;
            _linked--;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowFrames() => _frames = Grow(_frames, _frames.Length * 2, _depth);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowArena(int needed) => _arena = Grow(_arena, Math.Max(needed, _arena.Length * 2), _arenaLength);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowScratch(int needed)
    {
        ArrayPool<byte>.Shared.Return(_scratch);
        _scratch = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _scratch.Length * 2));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowEntries() => _entries = Grow(_entries, _entries.Length * 2, _entryCount);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowBuckets()
    {
        // Power-of-two bucket count (the pool hands out power-of-two arrays), at least twice the links.
        int size = _buckets.Length * 2;
        while (_linked > size / 2)
        {
            size *= 2;
        }

        int[] larger = ArrayPool<int>.Shared.Rent(size);
        ArrayPool<int>.Shared.Return(_buckets);
        _buckets = larger;
        Array.Clear(_buckets);

        // Relink the members of hashed objects, outermost first and in insertion order, so newer
        // entries stay ahead of older ones in every chain.
        for (int f = 0; f < _depth; f++)
        {
            ref Frame frame = ref _frames[f];
            if (!frame.Hashed)
            {
                continue;
            }

            int end = f + 1 < _depth ? _frames[f + 1].EntryStart : _entryCount;
            for (int e = frame.EntryStart; e < end; e++)
            {
                Link(e);
            }
        }
    }

    private static T[] Grow<T>(T[] array, int size, int used)
    {
        T[] larger = ArrayPool<T>.Shared.Rent(size);
        array.AsSpan(0, used).CopyTo(larger);
        ArrayPool<T>.Shared.Return(array);
        return larger;
    }

    private struct Frame
    {
        public bool IsObject;
        public int Count;
        public int NameEntry;
        public int EntryStart;
        public int ArenaStart;
        public int ObjectId;
        public bool Hashed;
    }

    private struct Entry
    {
        public ulong Head;
        public ulong Tail;
        public int Hash;
        public int ObjectId;
        public int Offset; // -1: a short name, held by Head and Tail
        public int Length;
        public int Next;
    }
}
