using System.Text;

namespace ApiFilter.Detection;

/// <summary>Case-insensitive keyword lookup over UTF-8 words; no allocation per lookup.</summary>
internal static partial class SqlKeywords
{
    /// <summary>The longest keyword, in bytes; longer words are never keywords.</summary>
    public const int MaxLength = 20;

    private const int TableSize = 1024;

    private static readonly byte[][] Words = new byte[TableSize][];
    private static readonly SqlKeyword[] Ids = new SqlKeyword[TableSize];
    private static readonly SqlKeywordClass[] Classes = new SqlKeywordClass[256];

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
        }
    }

    /// <summary>The class of <paramref name="keyword"/>.</summary>
    public static SqlKeywordClass ClassOf(SqlKeyword keyword) => Classes[(int)keyword];

    /// <summary>The keyword spelled by <paramref name="word"/> (ASCII case-insensitive), or <see cref="SqlKeyword.None"/>.</summary>
    public static SqlKeyword Lookup(ReadOnlySpan<byte> word)
    {
        if (word.Length > MaxLength || word.Length < 2)
        {
            return SqlKeyword.None;
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

    private static bool EqualsUpper(byte[] upper, ReadOnlySpan<byte> word)
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

    private static uint Hash(ReadOnlySpan<byte> word)
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
