using System.Text;

namespace ApiFilter.Detection;

/// <summary>Case-insensitive lookup of the words <see cref="SqlFragmentSignals"/> knows; no allocation per lookup.</summary>
internal static partial class SqlFragmentWords
{
    /// <summary>The longest word, in bytes; longer words are never known.</summary>
    public const int MaxLength = 20;

    // A power of two, about three times the entries: short probe chains for open addressing.
    private const int TableSize = 1024;

    private static readonly byte[][] Words = new byte[TableSize][];
    private static readonly SqlFragmentWord[] Ids = new SqlFragmentWord[TableSize];
    private static readonly SqlWordTraits[] TraitsOf = new SqlWordTraits[TableSize];

    static SqlFragmentWords()
    {
        foreach (var (word, id, traits) in Entries)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(word);
            if (bytes.Length > MaxLength)
            {
                ThrowHelper.ThrowInvalidOperation("word longer than MaxLength: " + word);
            }

            int slot = (int)(SqlKeywords.Hash(bytes) & (TableSize - 1));
            while (Words[slot] is not null)
            {
                slot = (slot + 1) & (TableSize - 1);
            }

            Words[slot] = bytes;
            Ids[slot] = id;
            TraitsOf[slot] = traits;
        }
    }

    /// <summary>Looks <paramref name="word"/> up (ASCII case-insensitive).</summary>
    /// <param name="word">The word's bytes.</param>
    /// <param name="traits">What the word is; <see cref="SqlWordTraits.None"/> for an unknown word.</param>
    /// <returns>The word, <see cref="SqlFragmentWord.Other"/> for a known word without a name of its own, or <see cref="SqlFragmentWord.None"/>.</returns>
    public static SqlFragmentWord Lookup(ReadOnlySpan<byte> word, out SqlWordTraits traits)
    {
        traits = SqlWordTraits.None;
        if (word.Length > MaxLength || word.Length < 2)
        {
            return SqlFragmentWord.None;
        }

        int slot = (int)(SqlKeywords.Hash(word) & (TableSize - 1));
        while (true)
        {
            byte[]? candidate = Words[slot];
            if (candidate is null)
            {
                return SqlFragmentWord.None;
            }

            if (SqlKeywords.EqualsUpper(candidate, word))
            {
                traits = TraitsOf[slot];
                return Ids[slot];
            }

            slot = (slot + 1) & (TableSize - 1);
        }
    }
}
