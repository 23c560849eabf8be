using System.Buffers.Binary;
using System.Numerics;

namespace ApiFilter.Schema;

/// <summary>
/// Per-node open-addressing hash tables over the UTF-8 property names of a <see cref="SchemaProgram"/>:
/// a member name is found with one hash and (almost always) one byte comparison, however wide the
/// object's declared properties are, instead of a scan over every declared name.
/// </summary>
internal static class SchemaNameTable
{
    /// <summary>
    /// Builds the tables of every node that declares names: <see cref="SchemaNode.NameTableStart"/>
    /// and <see cref="SchemaNode.NameTableMask"/> are set on each node, the slots returned. A slot
    /// holds the name's entry (relative to the node's first) plus one; 0 is empty.
    /// </summary>
    public static int[] Build(SchemaNode[] nodes, SchemaName[] names)
    {
        var slots = new List<int>();
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
                slots.Add(0);
            }

            for (int k = 0; k < n.NamesCount; k++)
            {
                int slot = Hash(names[n.NamesStart + k].Utf8) & (size - 1);
                while (slots[start + slot] != 0)
                {
                    slot = (slot + 1) & (size - 1);
                }

                slots[start + slot] = k + 1;
            }

            n.NameTableStart = start;
            n.NameTableMask = size - 1;
        }

        return [.. slots];
    }

    /// <summary>The entry (relative to the node's first name) of <paramref name="name"/>, or -1.</summary>
    public static int Find(int[] slots, SchemaName[] names, ref SchemaNode n, ReadOnlySpan<byte> name)
    {
        int mask = n.NameTableMask;
        int slot = Hash(name) & mask;
        while (true)
        {
            int k = slots[n.NameTableStart + slot] - 1;
            if (k < 0)
            {
                return -1;
            }

            byte[] candidate = names[n.NamesStart + k].Utf8;
            if (candidate.Length == name.Length && name.SequenceEqual(candidate))
            {
                return k;
            }

            slot = (slot + 1) & mask;
        }
    }

    /// <summary>A cheap hash of the length and up to sixteen bytes at both ends; collisions only cost a probe.</summary>
    private static int Hash(ReadOnlySpan<byte> name)
    {
        ulong v;
        int length = name.Length;
        if (length >= 8)
        {
            v = BinaryPrimitives.ReadUInt64LittleEndian(name) ^ BitOperations.RotateLeft(BinaryPrimitives.ReadUInt64LittleEndian(name[(length - 8)..]), 29);
        }
        else if (length >= 4)
        {
            v = BinaryPrimitives.ReadUInt32LittleEndian(name) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(name[(length - 4)..]) << 32);
        }
        else if (length > 0)
        {
            v = name[0] | ((ulong)name[length >> 1] << 8) | ((ulong)name[length - 1] << 16);
        }
        else
        {
            v = 0;
        }

        v = (v ^ ((ulong)length << 56)) * 0x9E3779B97F4A7C15UL;
        return (int)(v >> 33);
    }
}
