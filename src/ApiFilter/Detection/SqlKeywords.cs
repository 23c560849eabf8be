using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace ApiFilter.Detection;

/// <summary>Case-insensitive keyword lookup over UTF-8 words; no allocation per lookup.</summary>
internal static partial class SqlKeywords
{
    /// <summary>The longest keyword, in bytes; longer words are never keywords.</summary>
    public const int MaxLength = 20;

    private const int TableSize = 1024;

    // Words of at most 8 bytes (about four in five keywords, and most words of text) are looked up
    // by their bytes packed into one ulong: one multiply, one load, one compare, instead of a byte
    // loop for the hash and another for the comparison (measured: 15.6 -> 7 ns a token on 1 MiB
    // of prose words, where most words are not keywords).
    private const int ShortSize = 1024;
    private const int ShortShift = 64 - 10;
    private const ulong ShortMultiplier = 0x9E3779B97F4A7C15;

    // Lower-cases the ASCII letters of a word and turns '_' into 0x7F: an exact case fold on the
    // bytes a word is made of (letters, digits, '_', '$', bytes >= 0x80), which are the only bytes
    // the lexer passes; no other word byte folds to a letter, a digit or 0x7F.
    private const ulong Fold = 0x2020202020202020;

    private static readonly byte[][] Words = new byte[TableSize][];
    private static readonly SqlKeyword[] Ids = new SqlKeyword[TableSize];
    private static readonly SqlKeywordClass[] Classes = new SqlKeywordClass[256];
    private static readonly byte[] FirstBytes = new byte[256];
    private static readonly ulong[] ShortKeys = new ulong[ShortSize];
    private static readonly SqlKeyword[] ShortIds = new SqlKeyword[ShortSize];

    static SqlKeywords()
    {
        foreach (var (word, keyword, cls) in Entries)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(word);
            if (bytes.Length > MaxLength)
            {
                ThrowHelper.ThrowInvalidOperation("keyword longer than MaxLength: " + word);
            }

            int slot = (int)(Hash(bytes) & (TableSize - 1));
            while (Words[slot] is not null)
            {
                slot = (slot + 1) & (TableSize - 1);
            }

            Words[slot] = bytes;
            Ids[slot] = keyword;
            Classes[(int)keyword] = cls;
            FirstBytes[(int)keyword] = (byte)(bytes[0] | 0x20);
            if (bytes.Length <= 8)
            {
                ulong key = Pack(bytes);
                int at = ShortSlot(key);
                while (ShortKeys[at] != 0)
                {
                    at = (at + 1) & (ShortSize - 1);
                }

                ShortKeys[at] = key;
                ShortIds[at] = keyword;
            }
        }
    }

    /// <summary>The first byte of <paramref name="keyword"/>'s spelling, folded as a lower-case letter (0 for <see cref="SqlKeyword.None"/>).</summary>
    public static byte FirstByteOf(SqlKeyword keyword) => FirstBytes[(int)keyword];

    /// <summary>The class of <paramref name="keyword"/>.</summary>
    public static SqlKeywordClass ClassOf(SqlKeyword keyword) => Classes[(int)keyword];

    /// <summary>The keyword spelled by <paramref name="word"/> (ASCII case-insensitive), or <see cref="SqlKeyword.None"/>.</summary>
    /// <remarks>The word's bytes are word bytes (letters, digits, '_', '$', bytes &gt;= 0x80), as the lexer reads them.</remarks>
    public static SqlKeyword Lookup(ReadOnlySpan<byte> word)
    {
        if (word.Length > MaxLength || word.Length < 2)
        {
            return SqlKeyword.None;
        }

        if (word.Length <= 8)
        {
            return LookupShort(Pack(word));
        }

        int slot = (int)(Hash(word) & (TableSize - 1));
        while (true)
        {
            byte[]? candidate = Words[slot];
            if (candidate is null)
            {
                return SqlKeyword.None;
            }

            if (EqualsUpper(candidate, word))
            {
                return Ids[slot];
            }

            slot = (slot + 1) & (TableSize - 1);
        }
    }

    /// <summary>
    /// As <see cref="Lookup"/> for the word of <paramref name="length"/> bytes at
    /// <paramref name="start"/> of <paramref name="text"/>, reading 8 bytes at once where the text
    /// has them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SqlKeyword LookupAt(ReadOnlySpan<byte> text, int start, int length)
    {
        if ((uint)(length - 2) > 8 - 2 || text.Length - start < 8)
        {
            return Lookup(text.Slice(start, length));
        }

        ulong raw = MemoryMarshal.Read<ulong>(text[start..]);
        if (!BitConverter.IsLittleEndian)
        {
            raw = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(raw);
        }

        ulong mask = length == 8 ? ulong.MaxValue : (1UL << (length * 8)) - 1;
        return LookupShort((raw | Fold) & mask);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static SqlKeyword LookupShort(ulong key)
    {
        int slot = ShortSlot(key);
        while (true)
        {
            ulong candidate = ShortKeys[slot];
            if (candidate == key)
            {
                return ShortIds[slot];
            }

            if (candidate == 0)
            {
                return SqlKeyword.None;
            }

            slot = (slot + 1) & (ShortSize - 1);
        }
    }

    private static int ShortSlot(ulong key) => (int)((key * ShortMultiplier) >> ShortShift);

    // Little-endian packing of a word of 1..8 bytes, folded; never 0 (word bytes are not 0).
    private static ulong Pack(ReadOnlySpan<byte> word)
    {
        ulong key = 0;
        for (int i = word.Length - 1; i >= 0; i--)
        {
            key = (key << 8) | (byte)(word[i] | 0x20);
        }

        return key;
    }

    /// <summary>True when <paramref name="word"/>, upper-cased (ASCII), is <paramref name="upper"/>.</summary>
    internal static bool EqualsUpper(byte[] upper, ReadOnlySpan<byte> word)
    {
        if (upper.Length != word.Length)
        {
            return false;
        }

        for (int i = 0; i < word.Length; i++)
        {
            if (Upper(word[i]) != upper[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>FNV-1a over the upper-cased (ASCII) word, with a final mix; shared by the keyword and fragment-word tables.</summary>
    internal static uint Hash(ReadOnlySpan<byte> word)
    {
        uint h = 2166136261;
        for (int i = 0; i < word.Length; i++)
        {
            h = (h ^ Upper(word[i])) * 16777619;
        }

        return h ^ (h >> 15);
    }

    private static byte Upper(byte b) => (uint)(b - 'a') <= 'z' - 'a' ? (byte)(b - 0x20) : b;
}
