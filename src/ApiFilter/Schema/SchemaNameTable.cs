using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ApiFilter.Schema;

/// <summary>
/// Per-node open-addressing hash tables over the UTF-8 property names of a <see cref="SchemaProgram"/>:
/// a member name is found with one hash and (almost always) one probe, however wide the object's
/// declared properties are, instead of a scan over every declared name.
/// </summary>
/// <remarks>
/// Each name is summarized by its length and two 64-bit words read from its two ends (see
/// <see cref="Key"/>). For names of up to 16 bytes the words hold every byte, so equal keys mean
/// equal names and no byte comparison is needed; longer names are compared in full on a key match.
/// </remarks>
internal static class SchemaNameTable
{
    /// <summary>Names up to this many bytes are identified by their key alone.</summary>
    private const int ExactKeyLength = 16;

    /// <summary>
    /// Builds the tables of every node that declares names: <see cref="SchemaNode.NameTableStart"/>
    /// and <see cref="SchemaNode.NameTableMask"/> are set on each node, the slots returned.
    /// </summary>
    public static SchemaNameSlot[] Build(SchemaNode[] nodes, SchemaName[] names)
    {
        var slots = new List<SchemaNameSlot>();
        for (int i = 0; i < nodes.Length; i++)
        {
            ref SchemaNode n = ref nodes[i];
            n.NameTableStart = -1;
            n.NameTableMask = 0;
            if (n.NamesCount == 0)
            {
                continue;
            }

            // At most half full, so a probe sequence ends at an empty slot soon.
            int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, n.NamesCount * 2));
            int start = slots.Count;
            for (int s = 0; s < size; s++)
            {
                slots.Add(default);
            }

            for (int k = 0; k < n.NamesCount; k++)
            {
                byte[] name = names[n.NamesStart + k].Utf8;
                Key(name, out ulong a, out ulong b);
                int slot = Hash(a, b, name.Length) & (size - 1);
                while (slots[start + slot].Entry != 0)
                {
                    slot = (slot + 1) & (size - 1);
                }

                slots[start + slot] = new SchemaNameSlot { Entry = k + 1, Length = name.Length, A = a, B = b };
            }

            n.NameTableStart = start;
            n.NameTableMask = size - 1;
        }

        return [.. slots];
    }

    /// <summary>The entry (relative to the node's first name) of <paramref name="name"/>, or -1.</summary>
    public static int Find(SchemaNameSlot[] slots, SchemaName[] names, ref SchemaNode n, ReadOnlySpan<byte> name)
    {
        Key(name, out ulong a, out ulong b);
        int mask = n.NameTableMask;
        int slot = Hash(a, b, name.Length) & mask;
        while (true)
        {
            ref SchemaNameSlot candidate = ref slots[n.NameTableStart + slot];
            if (candidate.Entry == 0)
            {
                return -1;
            }

            if (candidate.A == a && candidate.B == b && candidate.Length == name.Length
                && (name.Length <= ExactKeyLength || name.SequenceEqual(names[n.NamesStart + candidate.Entry - 1].Utf8)))
            {
                return candidate.Entry - 1;
            }

            slot = (slot + 1) & mask;
        }
    }

    /// <summary>
    /// Two words from the ends of the name that, for up to 16 bytes, together hold every byte:
    /// 8..16 bytes: the first and the last eight (overlapping); 4..7: the first and the last four;
    /// 1..3: the first, middle and last byte.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Key(ReadOnlySpan<byte> name, out ulong a, out ulong b)
    {
        int length = name.Length;
        if (length >= 8)
        {
            a = BinaryPrimitives.ReadUInt64LittleEndian(name);
            b = BinaryPrimitives.ReadUInt64LittleEndian(name[(length - 8)..]);
        }
        else if (length >= 4)
        {
            a = BinaryPrimitives.ReadUInt32LittleEndian(name) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(name[(length - 4)..]) << 32);
            b = 0;
        }
        else
        {
            a = length == 0 ? 0 : name[0] | ((ulong)name[length >> 1] << 8) | ((ulong)name[length - 1] << 16);
            b = 0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(ulong a, ulong b, int length)
    {
        ulong v = (a ^ BitOperations.RotateLeft(b, 29) ^ ((ulong)length << 56)) * 0x9E3779B97F4A7C15UL;
        return (int)(v >> 33);
    }
}
