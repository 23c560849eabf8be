using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace ApiFilter.Detection;

/// <summary>
/// The fragment layer of <see cref="SqlInjectionDetector"/>: SQL that does not (visibly) break out
/// of a string or number context, judged per <see cref="DetectionSensitivity"/>. The grammar of
/// <see cref="SqlFragmentAnalyzer"/> needs a breakout; attackers also send pieces (a probe, a
/// function call, a catalogue name) whose context the filter cannot see. Each level adds the
/// fragments whose rate in ordinary text the level accepts:
/// <list type="bullet">
/// <item><see cref="DetectionSensitivity.Standard"/>: constructs that have no use outside SQL and
/// no harmless reading, each found from a punctuation mark it carries: catalogue reads
/// (<c>information_schema</c>, <c>sysobjects</c>, <c>mysql.user</c>), system procedures
/// (<c>xp_cmdshell</c>, <c>EXEC master.</c>), executable comments, calls of SQL-only functions with
/// SQL-shaped arguments, PostgreSQL casts and JSON operators on literals, DDL on a quoted name,
/// <c>AS x FROM</c> after a closing token, <c>HAVING COUNT(</c>, <c>(SELECT a FROM b</c>, a quote
/// that ends a statement.</item>
/// <item><see cref="DetectionSensitivity.Elevated"/>: keyword sequences (<c>ORDER BY</c>,
/// <c>UNION ALL</c>, <c>IS NULL</c>, <c>IN (</c>), any call of a SQL function, a quote followed by an
/// operator word, boolean operators with a comparison, comparisons of constants, comments that
/// split words or end a value after a quote, an operator alone, hex literals, long chains of SQL
/// special characters.</item>
/// <item><see cref="DetectionSensitivity.High"/>: a quote followed by a number, shorter chains,
/// repeated punctuation, a value that is one quoted word.</item>
/// <item><see cref="DetectionSensitivity.Paranoid"/>: any two SQL special characters in a row.</item>
/// </list>
/// </summary>
/// <remarks>
/// Standard jumps from one anchor byte to the next with a vectorized search; the higher levels
/// then read every word and mark. At each stop the rules look at most a constant number of bytes
/// (<see cref="Window"/>) either way, so the cost is linear in the value's length. Nothing is
/// allocated.
/// </remarks>
internal ref struct SqlFragmentSignals
{
    // How far a rule looks from the token it stands on (bytes). Payloads put a few spaces or a
    // comment between words; further than this, words are unrelated.
    private const int Window = 48;

    // Bytes per anchor bit mask (see NextAnchor).
    private const int BlockBytes = 64;

    // Chains of SQL special characters (quotes, operators, brackets) flagged per level. The lengths
    // follow the CRS anomaly rules' reading of the levels (12 at level 2, 6 at level 3, 2 at level
    // 4); a space may stand between two of them.
    private const int ChainElevated = 12;
    private const int ChainHigh = 6;
    private const int ChainParanoid = 2;

    // The bytes Standard's rules hang on (see Anchored); y/Y for the "sys" of catalogue tables
    // that have no underscore (sysobjects, msysaccessobjects).
    private static readonly SearchValues<byte> Anchors = SearchValues.Create("(/:;._)]'\"`yY"u8);

    private readonly ReadOnlySpan<byte> s;
    private readonly int level;
    private long work;

    private int chain;            // special characters in the current chain
    private bool chainSpace;      // the chain's last byte was a space
    private int repeat;           // the same non-word byte repeated
    private byte repeatByte;
    private bool quoteSeen;
    private int singleQuotes;     // unescaped ' so far (odd: the last one closes the query's string)
    private int doubleQuotes;
    private int backticks;
    private bool chainMixed;      // the chain holds two different characters
    private byte chainFirst;
    private bool caseWhen;
    private int whenToken;
    private int tokens;
    private bool matchParen;
    private SqlFragmentWord lastWord;
    private int lastWordStart;
    private bool lastWasWord;
    private int anchorBlock;      // NextAnchor: the 64 bytes whose anchors anchorMask holds
    private ulong anchorMask;
    private ulong quietSingles;   // quiet quotes of the block not yet counted (see QuietQuotes)
    private ulong quietDoubles;

    private SqlFragmentSignals(ReadOnlySpan<byte> text, DetectionSensitivity sensitivity)
    {
        s = text;
        level = (int)sensitivity;
        whenToken = -100;
    }

    /// <summary>Judges <paramref name="text"/> at <paramref name="sensitivity"/>.</summary>
    /// <param name="text">The value (as received or decoded).</param>
    /// <param name="sensitivity">The level; each level flags what the lower ones flag.</param>
    /// <param name="work">Incremented by the bytes examined.</param>
    public static DetectionResult Scan(ReadOnlySpan<byte> text, DetectionSensitivity sensitivity, ref long work)
    {
        var signals = new SqlFragmentSignals(text, sensitivity);
        DetectionResult r = signals.Run();
        work += signals.work;
        return r;
    }

    /// <summary>
    /// True when <paramref name="text"/> at <paramref name="from"/> reads SELECT and then two words
    /// of prose (<c>select the blue box</c>): a word that is not SQL's, followed by another plain word
    /// rather than by <c>FROM</c>, <c>,</c>, <c>(</c> or an operator.
    /// </summary>
    /// <param name="text">The value.</param>
    /// <param name="from">Just after a statement separator.</param>
    /// <param name="work">Incremented by the bytes examined.</param>
    public static bool ProseSelectAfter(ReadOnlySpan<byte> text, int from, ref long work)
    {
        var signals = new SqlFragmentSignals(text, DetectionSensitivity.Standard);
        int j = signals.SkipGap(from);
        bool prose = signals.NextWord(j, out int selectEnd) == SqlFragmentWord.Select;
        if (prose)
        {
            int k = signals.SkipGap(selectEnd);
            SqlFragmentWord first = signals.NextWord(k, out int wordEnd);
            prose = k < text.Length && IsLetter(text[k]) && first == SqlFragmentWord.None;
            if (prose)
            {
                int t = signals.SkipGap(wordEnd);
                prose = t > wordEnd && t < text.Length && IsLetter(text[t]) && signals.NextWord(t, out _) is SqlFragmentWord.None or SqlFragmentWord.Other;
            }
        }

        work += signals.work;
        return prose;
    }

    private DetectionResult Run()
    {
        // Standard's rules all hang on a punctuation mark; the pass jumps from one to the next
        // (vectorized), so ordinary text costs little more than the search. The higher levels read
        // every word as well; they run the same pass first, so each level flags what Standard flags.
        DetectionResult r = Anchored();
        if (r.Detected || level < 2)
        {
            return r;
        }

        singleQuotes = doubleQuotes = backticks = 0;
        return Words();
    }

    private DetectionResult Anchored()
    {
        int n = s.Length;
        int i = 0;
        anchorBlock = -BlockBytes;
        while (i < n)
        {
            int k = NextAnchor(i);
            if (k < 0)
            {
                work += n - i;
                break;
            }

            work += k - i + 1;
            byte c = s[k];

            // An apostrophe inside a word (It's, O'Brien, they'd): counted, and nothing to read
            // around it (no rule takes a letter on both sides of a quote, bar AS right after it).
            if (c == '\'' && k > 0 && k + 1 < n && IsLetter(s[k - 1]) && IsLetter(s[k + 1]) && (s[k + 1] | 0x20) != 'a')
            {
                singleQuotes++;
                i = k + 1;
                continue;
            }

            DetectionResult r = c switch
            {
                (byte)'(' => AtParenthesis(k),
                (byte)'/' => k + 1 < n && s[k + 1] == '*' && ExecutableCommentAt(k + 2) ? Hit(DetectionReason.ExecutableComment, k) : default,
                (byte)':' => k + 1 < n && s[k + 1] == ':' && CastAt(k + 2) ? Hit(DetectionReason.SqlFunctionCall, k) : default,
                (byte)';' => Semicolon(k),
                (byte)'.' => AtDot(k),
                (byte)'_' => AtUnderscore(k, out i),
                (byte)')' or (byte)']' => AliasAfter(k),
                (byte)'y' or (byte)'Y' => AtSys(k),
                _ => AtQuote(k, c),
            };
            if (r.Detected)
            {
                return r;
            }

            if (c is (byte)'\'' or (byte)'"' or (byte)'`' && (k == 0 || (s[k - 1] != '\\' && (uint)(s[k - 1] - '0') > 9)))
            {
                _ = c == '\'' ? singleQuotes++ : c == '"' ? doubleQuotes++ : backticks++;
            }

            if (c != '_')
            {
                i = k + 1;
            }
        }

        // 2^32 and 2^64 as the whole value: integer overflow probes.
        if (n is 10 or 20 && (s.SequenceEqual("4294967296"u8) || s.SequenceEqual("18446744073709551616"u8)))
        {
            return Hit(DetectionReason.NumericBoundary, 0);
        }

        return default;
    }

    // The first anchor at or after 'i' that needs reading, or -1. JSON-ish text and quoted lists
    // carry an anchor every 4-8 bytes, where one vectorized IndexOfAny per anchor cost ~8 ns and
    // reading each quote's surroundings ~10 ns more (measured on 1 MiB: 2.2 ms and ~2.5 ms of the
    // pass's 4.8 ms). Instead the anchors of 64 bytes at a time are found as one bit mask and the
    // next one is a trailing-zero count; with AVX2 the same vector pass also sets aside the quiet
    // quotes (QuietQuotes), which are only counted. A block without any anchor hands over to
    // IndexOfAny, which is faster on long anchor-free stretches. Values shorter than a block (the
    // common case) take IndexOfAny as before.
    private int NextAnchor(int i)
    {
        if (i >= anchorBlock && i < anchorBlock + BlockBytes)
        {
            int at = i - anchorBlock;
            ulong rest = anchorMask >> at;
            if (rest != 0)
            {
                int k = i + BitOperations.TrailingZeroCount(rest);
                CountQuietQuotes(k - anchorBlock);
                return k;
            }

            CountQuietQuotes(BlockBytes);
            i = anchorBlock + BlockBytes;
        }
        else
        {
            // Left the block by a jump (AtUnderscore's word end): a word holds no quote, so every
            // quiet quote of the block lies before the jump's target.
            CountQuietQuotes(BlockBytes);
        }

        if (!Vector128.IsHardwareAccelerated || s.Length - i < BlockBytes)
        {
            return IndexOfAnchor(i);
        }

        anchorBlock = i;
        ref byte p = ref Unsafe.Add(ref MemoryMarshal.GetReference(s), i);
        if (Avx2.IsSupported && i >= 2 && s.Length - i > BlockBytes)
        {
            anchorMask = QuietQuotes(ref p, 0, out uint s0, out uint d0) | ((ulong)QuietQuotes(ref p, 32, out uint s1, out uint d1) << 32);
            quietSingles = s0 | ((ulong)s1 << 32);
            quietDoubles = d0 | ((ulong)d1 << 32);
        }
        else
        {
            anchorMask = AnchorMask(ref p);
            quietSingles = quietDoubles = 0;
        }

        if (anchorMask != 0)
        {
            int k = i + BitOperations.TrailingZeroCount(anchorMask);
            CountQuietQuotes(k - i);
            return k;
        }

        CountQuietQuotes(BlockBytes);
        return IndexOfAnchor(i + BlockBytes);
    }

    // Adds the quiet quotes of the current block below bit 'end' to the counts (Semicolon and the
    // backtick rules read them, so they are added in order, before the next anchor is read).
    private void CountQuietQuotes(int end)
    {
        if ((quietSingles | quietDoubles) == 0)
        {
            return;
        }

        ulong below = end >= BlockBytes ? ulong.MaxValue : (1UL << end) - 1;
        singleQuotes += BitOperations.PopCount(quietSingles & below);
        doubleQuotes += BitOperations.PopCount(quietDoubles & below);
        quietSingles &= ~below;
        quietDoubles &= ~below;
    }

    // The anchors of the 32 bytes at p + offset (p - 2 to p + offset + 32 readable), without the
    // quiet quotes: a ' or " for which Anchored's rules provably read nothing (AtQuote returns at
    // its first checks): the byte after it is no gap (space, '+', '/'), no 'a' (AS) and no '{' or
    // '[' (a JSON literal), and the last significant byte before it, the byte before or, after one
    // space or '+', the one before that, is no gap and none of the last letters AtQuote looks up
    // (y e s w x r n), or the quote follows a word directly and that word's last two letters are
    // none a looked-up word ends with (NamedEnding). 'singles' and 'doubles' get the quiet quotes that count as string quotes
    // (not after a backslash or a digit, as in Anchored). Byte classes come from two nibble table
    // look-ups (vpshufb) rather than one comparison per byte value.
    private static uint QuietQuotes(ref byte p, int offset, out uint singles, out uint doubles)
    {
        Vector256<byte> v = Vector256.LoadUnsafe(ref p, (nuint)offset);
        Vector256<byte> before = Vector256.LoadUnsafe(ref Unsafe.Subtract(ref p, 1), (nuint)offset);
        Vector256<byte> before2 = Vector256.LoadUnsafe(ref Unsafe.Subtract(ref p, 2), (nuint)offset);
        Vector256<byte> after = Vector256.LoadUnsafe(ref p, (nuint)offset + 1);
        Vector256<byte> anchors = AnchorBytes(v);
        Vector256<byte> single = Vector256.Equals(v, Vector256.Create((byte)'\''));
        Vector256<byte> dbl = Vector256.Equals(v, Vector256.Create((byte)'"'));
        Vector256<byte> gap = Vector256.Create((byte)(ClassSpace | ClassSlash));
        Vector256<byte> loudBefore = Vector256.Create((byte)(ClassSpace | ClassSlash | ClassLastLetter));
        Vector256<byte> cb = ByteClass(before);
        Vector256<byte> spaceBefore = ~Vector256.Equals(cb & Vector256.Create((byte)ClassSpace), Vector256<byte>.Zero);
        Vector256<byte> prevQuiet = Vector256.Equals(cb & loudBefore, Vector256<byte>.Zero)
            | (spaceBefore & Vector256.Equals(ByteClass(before2) & loudBefore, Vector256<byte>.Zero))
            | (~Vector256.Equals(cb & Vector256.Create((byte)ClassLastLetter), Vector256<byte>.Zero) & ~NamedEnding(before, before2));
        Vector256<byte> nextQuiet = Vector256.Equals(ByteClass(after) & (gap | Vector256.Create((byte)ClassAsOrOpen)), Vector256<byte>.Zero);
        Vector256<byte> quiet = (single | dbl) & nextQuiet & prevQuiet;
        Vector256<byte> counted = ~(Vector256.Equals(before, Vector256.Create((byte)'\\')) | Vector256.LessThanOrEqual(before - Vector256.Create((byte)'0'), Vector256.Create((byte)9)));
        singles = (quiet & single & counted).ExtractMostSignificantBits();
        doubles = (quiet & dbl & counted).ExtractMostSignificantBits();

        // Other anchors whose rule cannot start here (nothing to count): ')' or ']' not followed by
        // a gap or an 'a' (AliasAfter wants AS), ':' not followed by ':' (a cast), and y/Y without
        // an 's' on both sides (AtSys wants "sys").
        Vector256<byte> close = Vector256.Equals(v, Vector256.Create((byte)')')) | Vector256.Equals(v, Vector256.Create((byte)']'));
        Vector256<byte> colon = Vector256.Equals(v, Vector256.Create((byte)':')) & ~Vector256.Equals(after, Vector256.Create((byte)':'));
        Vector256<byte> ess = Vector256.Create((byte)'s');
        Vector256<byte> y = Vector256.Equals(v | Vector256.Create((byte)0x20), Vector256.Create((byte)'y'))
            & ~(Vector256.Equals(before | Vector256.Create((byte)0x20), ess) & Vector256.Equals(after | Vector256.Create((byte)0x20), ess));
        quiet |= (close & nextQuiet) | colon | y;
        return (anchors & ~quiet).ExtractMostSignificantBits();
    }

    // The word right before a quote matters to AtQuote only when it is DELAY, TIME, IMMEDIATE, AS
    // or an object kind (COLUMN DATABASE FUNCTION INDEX LOGIN PROCEDURE TABLE TRIGGER USER VIEW):
    // its last two letters are one of ay me te as mn se on ex in re le er ew. 'last' and 'second'
    // are the bytes before the quote; a byte that is no letter never matches (| 0x20 folds only
    // letters onto letters).
    private static Vector256<byte> NamedEnding(Vector256<byte> last, Vector256<byte> second)
    {
        Vector256<byte> fold = Vector256.Create((byte)0x20);
        Vector256<byte> l = last | fold;
        Vector256<byte> p = second | fold;
        Vector256<byte> pa = Vector256.Equals(p, Vector256.Create((byte)'a'));
        Vector256<byte> pe = Vector256.Equals(p, Vector256.Create((byte)'e'));
        Vector256<byte> pm = Vector256.Equals(p, Vector256.Create((byte)'m'));
        return ((Vector256.Equals(l, Vector256.Create((byte)'y')) | Vector256.Equals(l, Vector256.Create((byte)'s'))) & pa)
            | (Vector256.Equals(l, Vector256.Create((byte)'e')) & (pm | Vector256.Equals(p, Vector256.Create((byte)'t')) | Vector256.Equals(p, Vector256.Create((byte)'s')) | Vector256.Equals(p, Vector256.Create((byte)'l'))))
            | ((Vector256.Equals(l, Vector256.Create((byte)'w')) | Vector256.Equals(l, Vector256.Create((byte)'x')) | Vector256.Equals(l, Vector256.Create((byte)'r'))) & pe)
            | (Vector256.Equals(l, Vector256.Create((byte)'n')) & (pm | Vector256.Equals(p, Vector256.Create((byte)'o')) | Vector256.Equals(p, Vector256.Create((byte)'i'))));
    }

    // ByteClass bits, each one rectangle of (high nibble, low nibble) pairs (see ClassLow):
    // ClassSpace: IsSpace or '+' (the one-byte gaps of SkipGap and PreviousSignificant); ClassSlash:
    // '/' (a comment may start or end there); ClassLastLetter: y e s w x r n in either case;
    // ClassAsOrOpen: a/A (AS), '{' and '['.
    private const int ClassSpace = 0x01 | 0x02;
    private const int ClassSlash = 0x04;
    private const int ClassLastLetter = 0x08 | 0x10;
    private const int ClassAsOrOpen = 0x20 | 0x40;

    private static Vector256<byte> ByteClass(Vector256<byte> v)
    {
        Vector256<byte> nibble = Vector256.Create((byte)0x0F);
        Vector256<byte> lo = v & nibble;
        Vector256<byte> hi = Vector256.ShiftRightLogical(v.AsUInt16(), 4).AsByte() & nibble;
        return Avx2.Shuffle(ClassLow, lo) & Avx2.Shuffle(ClassHigh, hi);
    }

    // Nibble tables: a byte is in a set when the bits of its low and high nibble share one. The
    // classes split by high nibble so that each bit stands for one rectangle of (high, low) pairs.
    // Anchors: bit 0 high 2 (" ' ( ) . /), bit 1 high 3 (: ;), bit 2 high 5 (Y ] _), bit 3 high 6
    // (`), bit 4 high 7 (y). Both 128-bit lanes hold the table (vpshufb looks up per lane).
    private static readonly Vector256<byte> AnchorLow = Vector256.Create(
        (byte)0x08, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x15, 0x02, 0x02, 0x00, 0x04, 0x01, 0x05,
        0x08, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x15, 0x02, 0x02, 0x00, 0x04, 0x01, 0x05);

    private static readonly Vector256<byte> AnchorHigh = Vector256.Create(
        (byte)0x00, 0x00, 0x01, 0x02, 0x00, 0x04, 0x08, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x01, 0x02, 0x00, 0x04, 0x08, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00);

    // Classes as rectangles: 0x01 high 2 low {0, B} (' ', '+'); 0x02 high 0 low {9..D} (tab to
    // CR); 0x04 high 2 low F ('/'); 0x08 high {4, 6} low {5, E} (E N e n); 0x10 high {5, 7} low
    // {2, 3, 7, 8, 9} (R S W X Y r s w x y); 0x20 high {4, 6} low 1 (A a); 0x40 high {5, 7} low B
    // ([ {).
    private static readonly Vector256<byte> ClassLow = Vector256.Create(
        (byte)0x01, 0x20, 0x10, 0x10, 0x00, 0x08, 0x00, 0x10, 0x10, 0x12, 0x02, 0x43, 0x02, 0x02, 0x08, 0x04,
        0x01, 0x20, 0x10, 0x10, 0x00, 0x08, 0x00, 0x10, 0x10, 0x12, 0x02, 0x43, 0x02, 0x02, 0x08, 0x04);

    private static readonly Vector256<byte> ClassHigh = Vector256.Create(
        (byte)0x02, 0x00, 0x05, 0x00, 0x28, 0x50, 0x28, 0x50, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x02, 0x00, 0x05, 0x00, 0x28, 0x50, 0x28, 0x50, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00);

    private readonly int IndexOfAnchor(int i)
    {
        if (i >= s.Length)
        {
            return -1;
        }

        int k = s[i..].IndexOfAny(Anchors);
        return k < 0 ? -1 : i + k;
    }

    // Bit b set: byte b of the 64 at 'p' is in Anchors.
    private static ulong AnchorMask(ref byte p)
    {
        if (Avx2.IsSupported)
        {
            ulong lo = AnchorBytes(Vector256.LoadUnsafe(ref p)).ExtractMostSignificantBits();
            ulong hi = AnchorBytes(Vector256.LoadUnsafe(ref p, 32)).ExtractMostSignificantBits();
            return lo | (hi << 32);
        }

        ulong m0 = AnchorBytes(Vector128.LoadUnsafe(ref p)).ExtractMostSignificantBits();
        ulong m1 = AnchorBytes(Vector128.LoadUnsafe(ref p, 16)).ExtractMostSignificantBits();
        ulong m2 = AnchorBytes(Vector128.LoadUnsafe(ref p, 32)).ExtractMostSignificantBits();
        ulong m3 = AnchorBytes(Vector128.LoadUnsafe(ref p, 48)).ExtractMostSignificantBits();
        return m0 | (m1 << 16) | (m2 << 32) | (m3 << 48);
    }

    // The same set as Anchors: ( / : ; . _ ) ] ' " ` and y/Y (folded with | 0x20, which maps only
    // 'Y' and 'y' to 'y').
    private static Vector256<byte> AnchorBytes(Vector256<byte> v)
    {
        Vector256<byte> nibble = Vector256.Create((byte)0x0F);
        Vector256<byte> hi = Vector256.ShiftRightLogical(v.AsUInt16(), 4).AsByte() & nibble;
        return ~Vector256.Equals(Avx2.Shuffle(AnchorLow, v & nibble) & Avx2.Shuffle(AnchorHigh, hi), Vector256<byte>.Zero);
    }

    private static Vector128<byte> AnchorBytes(Vector128<byte> v) =>
        Vector128.Equals(v, Vector128.Create((byte)'(')) | Vector128.Equals(v, Vector128.Create((byte)'/'))
        | Vector128.Equals(v, Vector128.Create((byte)':')) | Vector128.Equals(v, Vector128.Create((byte)';'))
        | Vector128.Equals(v, Vector128.Create((byte)'.')) | Vector128.Equals(v, Vector128.Create((byte)'_'))
        | Vector128.Equals(v, Vector128.Create((byte)')')) | Vector128.Equals(v, Vector128.Create((byte)']'))
        | Vector128.Equals(v, Vector128.Create((byte)'\'')) | Vector128.Equals(v, Vector128.Create((byte)'"'))
        | Vector128.Equals(v, Vector128.Create((byte)'`')) | Vector128.Equals(v | Vector128.Create((byte)0x20), Vector128.Create((byte)'y'));

    // name(: a SQL-only function called with SQL-shaped arguments; HAVING COUNT(; ) LIKE (; IF(1=.
    private DetectionResult AtParenthesis(int k)
    {
        int p = PreviousSignificant(k);
        int gapFloor = k - 8;
        while (p >= 0 && p > gapFloor && s[p] is (byte)'=' or (byte)'\\')
        {
            p = PreviousSignificant(p);
        }

        SqlFragmentWord id = WordBefore(p + 1, out int ws, out SqlWordTraits tr);
        if (id == SqlFragmentWord.None)
        {
            // (SELECT a FROM b …: a subquery.
            int j = SkipGap(k + 1);
            return NextWord(j, out int selectEnd) == SqlFragmentWord.Select && SelectFromTable(SkipGap(selectEnd)) ? Hit(DetectionReason.Statement, j) : default;
        }

        if ((tr & SqlWordTraits.SqlOnlyFunction) != 0 && CallShape(k + 1, p + 1 < k && IsSpace(s[p + 1])))
        {
            return Hit(DetectionReason.SqlFunctionCall, ws);
        }

        SqlFragmentWord before = WordBefore(PreviousSignificant(ws) + 1, out int hs, out _);
        if (before == SqlFragmentWord.Having)
        {
            return Hit(DetectionReason.ClauseInjection, hs);
        }

        // CASE WHEN (…: a conditional expression.
        if (id == SqlFragmentWord.When && before == SqlFragmentWord.Case)
        {
            return Hit(DetectionReason.SqlKeywordSequence, hs);
        }

        // UNION (SELECT …, comments or line breaks between.
        if (id == SqlFragmentWord.Union && NextWord(SkipGapAndParens(k + 1), out _) == SqlFragmentWord.Select)
        {
            return Hit(DetectionReason.UnionSelect, ws);
        }

        if (id == SqlFragmentWord.Like)
        {
            int q = PreviousSignificant(ws);
            return q >= 0 && s[q] == ')' ? Hit(DetectionReason.SqlKeywordSequence, ws) : default;
        }

        if (id == SqlFragmentWord.If)
        {
            int a = SkipGap(k + 1);
            return ConstantAt(a) && OperandThenComparison(a) ? Hit(DetectionReason.BooleanBlind, ws) : default;
        }

        return default;
    }

    // /*! (MySQL runs it) and /*+ (an optimizer hint), a space or two allowed after /*.
    private bool ExecutableCommentAt(int k)
    {
        int limit = Math.Min(s.Length, k + 2);
        while (k < limit && IsSpace(s[k]))
        {
            k++;
        }

        return k < s.Length && s[k] is (byte)'!' or (byte)'+';
    }

    private bool CastAt(int k)
    {
        int e = WordEnd(k);
        return e > k && SqlFragmentWords.Lookup(s[k..e], out SqlWordTraits tr) != SqlFragmentWord.None && (tr & SqlWordTraits.CastType) != 0;
    }

    // mysql.user, EXEC master., 1.e(, 2.2250738585072011e-308.
    private DetectionResult AtDot(int k)
    {
        if (k == 0)
        {
            return default;
        }

        byte before = s[k - 1];
        if ((uint)(before - '0') <= 9)
        {
            if (k + 2 < s.Length && (s[k + 1] | 0x20) == 'e' && s[k + 2] is (byte)'(' or (byte)'.' or (byte)')' or (byte)',')
            {
                return Hit(DetectionReason.SqlOperatorFragment, k - 1);
            }

            if (before == '2' && (k < 2 || !IsAlnum(s[k - 2])) && (s[(k - 1)..].StartsWith("2.2250738585072011e-308"u8) || s[(k - 1)..].StartsWith("2.2250738585072012e-308"u8)))
            {
                return Hit(DetectionReason.NumericBoundary, k - 1);
            }

            return default;
        }

        if ((before | 0x20) is not ((byte)'l' or (byte)'r'))
        {
            return default;
        }

        SqlFragmentWord id = WordBefore(k, out int ws, out _);
        if (id == SqlFragmentWord.Mysql && MysqlSystemTable(k + 1))
        {
            return Hit(DetectionReason.CatalogAccess, ws);
        }

        return id == SqlFragmentWord.Master && WordBefore(PreviousSignificant(ws) + 1, out int es, out _) is SqlFragmentWord.Exec or SqlFragmentWord.Execute
            ? Hit(DetectionReason.SystemProcedure, es)
            : default;
    }

    // information_schema, xp_cmdshell, pg_sleep: names of the catalogue and of system procedures
    // (most carry an underscore). 'next' moves past the word.
    private DetectionResult AtUnderscore(int k, out int next)
    {
        int ws = k;
        int floor = Math.Max(0, k - SqlFragmentWords.MaxLength);
        while (ws > floor && IsWordByte(s[ws - 1]))
        {
            ws--;
        }

        int we = WordEnd(k);
        next = we;
        work += we - ws;
        if (ws > 0 && IsWordByte(s[ws - 1]))
        {
            return default;
        }

        SqlFragmentWords.Lookup(s[ws..we], out SqlWordTraits tr);
        if ((tr & SqlWordTraits.Catalog) != 0)
        {
            return Hit(DetectionReason.CatalogAccess, ws);
        }

        if ((tr & SqlWordTraits.Procedure) != 0)
        {
            return Hit(DetectionReason.SystemProcedure, ws);
        }

        // EXEC xp_anything / EXEC sp_anything: SQL Server's procedure prefixes after EXEC.
        return ProcedurePrefix(ws) && WordBefore(PreviousSignificant(ws) + 1, out int es, out _) is SqlFragmentWord.Exec or SqlFragmentWord.Execute
            ? Hit(DetectionReason.SystemProcedure, es)
            : default;
    }

    // A quote or backtick: a JSON literal with an operator after it, 'select at the start,
    // ` REGEXP, EXECUTE IMMEDIATE ", WAITFOR DELAY ', ALTER TABLE `x`, and AS aliases around it.
    private DetectionResult AtQuote(int k, byte c)
    {
        if (c == '\'' && k + 1 < s.Length && s[k + 1] is (byte)'{' or (byte)'[')
        {
            DetectionResult json = Quote(k, c, 1);
            if (json.Detected)
            {
                return json;
            }
        }

        int j = SkipGap(k + 1);

        // Only a word after the quote that a rule names is looked up: one after a leading ' or a
        // backtick, or AS.
        bool lookNext = j < s.Length && IsLetter(s[j]) && (k == 0 || c == '`' || ((s[j] | 0x20) == 'a' && j + 2 <= s.Length && (j + 2 == s.Length || !IsWordByte(s[j + 2])) && (s[j + 1] | 0x20) == 's'));
        int nextEnd = j;
        SqlFragmentWord next = lookNext ? NextWord(j, out nextEnd) : SqlFragmentWord.None;
        if (next != SqlFragmentWord.None)
        {
            SqlFragmentWords.Lookup(s[j..nextEnd], out SqlWordTraits tr);
            if (k == 0 && c == '\'' && j == 1 && (tr & SqlWordTraits.Statement) != 0 && SkipGap(nextEnd) is int a && a < s.Length && s[a] != '\'')
            {
                return Hit(DetectionReason.SqlQuoteProbe, j);
            }

            if (c == '`' && (backticks & 1) == 0 && (tr & (SqlWordTraits.Logic | SqlWordTraits.OperatorWord | SqlWordTraits.Clause)) != 0)
            {
                return Hit(DetectionReason.SqlQuoteProbe, j);
            }

            if (next == SqlFragmentWord.As)
            {
                DetectionResult alias = AliasFrom(j, SkipGap(nextEnd));
                if (alias.Detected)
                {
                    return alias;
                }
            }
        }

        // …and the word before it only when it can be one the rules name (DELAY, TIME, IMMEDIATE,
        // AS, TABLE and the other object kinds): by its last letter.
        int pe = PreviousSignificant(k);
        if (pe < 1 || (s[pe] | 0x20) is not ((byte)'y' or (byte)'e' or (byte)'s' or (byte)'w' or (byte)'x' or (byte)'r' or (byte)'n'))
        {
            return default;
        }

        SqlFragmentWord prev = WordBefore(pe + 1, out int ps, out SqlWordTraits ptr);
        if (prev == SqlFragmentWord.None)
        {
            return default;
        }

        SqlFragmentWord prev2 = WordBefore(PreviousSignificant(ps) + 1, out int ps2, out _);
        if (prev is SqlFragmentWord.Delay or SqlFragmentWord.Time && prev2 == SqlFragmentWord.Waitfor)
        {
            return Hit(DetectionReason.TimeBased, ps2);
        }

        if (prev == SqlFragmentWord.Immediate && prev2 is SqlFragmentWord.Execute or SqlFragmentWord.Exec)
        {
            return Hit(DetectionReason.SystemProcedure, ps2);
        }

        if ((ptr & SqlWordTraits.ObjectKind) != 0 && prev2 is SqlFragmentWord.Create or SqlFragmentWord.Alter or SqlFragmentWord.Drop or SqlFragmentWord.Truncate or SqlFragmentWord.Rename)
        {
            return Hit(DetectionReason.Statement, ps2);
        }

        return prev == SqlFragmentWord.As ? AliasFrom(ps, k) : default;
    }

    // sysobjects, syscolumns, msysaccessobjects: SQL Server's and Access's catalogue tables carry
    // no underscore; their "sys" prefix is the anchor.
    private DetectionResult AtSys(int k)
    {
        if (k == 0 || k + 1 >= s.Length || (s[k - 1] | 0x20) != 's' || (s[k + 1] | 0x20) != 's')
        {
            return default;
        }

        int we = WordEnd(k);
        SqlFragmentWord id = WordBefore(we, out int ws, out SqlWordTraits tr);
        return id != SqlFragmentWord.None && (tr & SqlWordTraits.Catalog) != 0 ? Hit(DetectionReason.CatalogAccess, ws) : default;
    }

    // SELECT a FROM b: a whole query, comments for spaces (SELECT/**/a/**/FROM/**/b), and the table
    // is where the statement ends or goes on as SQL (not "select one from the list below").
    // 'j' is the first significant byte after SELECT.
    private bool SelectFromTable(int j)
    {
        if (NextWord(j, out int itemEnd) != SqlFragmentWord.None || itemEnd == j)
        {
            return false;
        }

        int k = SkipGap(itemEnd);
        if (NextWord(k, out int fromEnd) != SqlFragmentWord.From)
        {
            return false;
        }

        int t = SkipGap(fromEnd);
        if (t >= s.Length || !(IsLetter(s[t]) || s[t] == '_'))
        {
            return false;
        }

        int u = SkipGap(QualifiedEnd(WordEnd(t)));
        return u >= s.Length || s[u] is (byte)';' or (byte)'-' or (byte)'#' or (byte)')' or (byte)','
            || NextWord(u, out _) is SqlFragmentWord.Where or SqlFragmentWord.Limit or SqlFragmentWord.Order or SqlFragmentWord.Group or SqlFragmentWord.Union or SqlFragmentWord.Join;
    }

    // ) AS x FROM, ] AS x FROM.
    private DetectionResult AliasAfter(int k)
    {
        int j = SkipGap(k + 1);
        return NextWord(j, out int asEnd) == SqlFragmentWord.As ? AliasFrom(j, SkipGap(asEnd)) : default;
    }

    // The word that ends just before 'end' (no word, or a word longer than any known one: None).
    private SqlFragmentWord WordBefore(int end, out int start, out SqlWordTraits traits)
    {
        traits = SqlWordTraits.None;
        start = end;
        if (end <= 0 || end > s.Length || !IsWordByte(s[end - 1]))
        {
            return SqlFragmentWord.None;
        }

        int floor = Math.Max(0, end - SqlFragmentWords.MaxLength - 1);
        while (start > floor && IsWordByte(s[start - 1]))
        {
            start--;
        }

        work += end - start;
        if (start > 0 && IsWordByte(s[start - 1]))
        {
            return SqlFragmentWord.None;
        }

        return SqlFragmentWords.Lookup(s[start..end], out traits);
    }

    private static bool IsWordByte(byte b) => IsAlnum(b) || b is (byte)'_' or (byte)'$';

    private DetectionResult Words()
    {
        int n = s.Length;
        int i = 0;
        DetectionResult r;
        while (i < n)
        {
            byte c = s[i];
            work++;
            if (IsSpace(c))
            {
                if (chainSpace)
                {
                    chain = 0;
                }

                chainSpace = chain > 0;
                repeat = 0;
                i++;
                continue;
            }

            int quoteLength = c < 0x80 && (IsLetter(c) || c == '_') ? 0 : QuoteAt(i);
            if (quoteLength == 0 && (IsLetter(c) || c == '_' || c >= 0x80))
            {
                int e = WordEnd(i);
                EndChain();
                r = OnWord(i, e);
                if (r.Detected)
                {
                    return r;
                }

                i = e;
                continue;
            }

            if ((uint)(c - '0') <= 9)
            {
                int e = WordEnd(i);
                EndChain();
                r = OnNumber(i, e);
                if (r.Detected)
                {
                    return r;
                }

                lastWasWord = false;
                tokens++;
                i = e;
                continue;
            }

            r = OnPunctuation(i, c, quoteLength);
            if (r.Detected)
            {
                return r;
            }

            // A quote after a digit is a unit (6' long, 12" pizza), not a string delimiter; a
            // backslash-escaped quote stays inside its string (MySQL).
            if (quoteLength == 1 && (i == 0 || (s[i - 1] != '\\' && (uint)(s[i - 1] - '0') > 9)))
            {
                _ = c == '\'' ? singleQuotes++ : c == '"' ? doubleQuotes++ : backticks++;
            }

            lastWasWord = false;
            tokens++;
            i += quoteLength > 1 ? quoteLength : 1;
        }

        return OnEnd();
    }

    private void EndChain()
    {
        chain = 0;
        chainSpace = false;
        repeat = 0;
    }

    // ---- words ----

    private DetectionResult OnWord(int ws, int we)
    {
        SqlFragmentWord id = SqlFragmentWords.Lookup(s[ws..we], out SqlWordTraits tr);
        work += we - ws;
        int index = tokens++;
        SqlFragmentWord before = lastWasWord ? lastWord : SqlFragmentWord.None;
        lastWord = id;
        lastWordStart = ws;
        lastWasWord = true;
        if (id == SqlFragmentWord.None)
        {
            return default;
        }

        int j = SkipGap(we);
        byte nb = j < s.Length ? s[j] : (byte)0;

        // Standard: words that have no use outside SQL.
        if ((tr & SqlWordTraits.Catalog) != 0)
        {
            return Hit(DetectionReason.CatalogAccess, ws);
        }

        if ((tr & SqlWordTraits.Procedure) != 0)
        {
            return Hit(DetectionReason.SystemProcedure, ws);
        }

        if (id == SqlFragmentWord.Mysql && we + 1 < s.Length && s[we] == '.' && MysqlSystemTable(we + 1))
        {
            return Hit(DetectionReason.CatalogAccess, ws);
        }

        if ((tr & (SqlWordTraits.SqlOnlyFunction | SqlWordTraits.CommonFunction)) != 0)
        {
            DetectionResult call = Call(ws, we, id, tr);
            if (call.Detected)
            {
                return call;
            }
        }

        // "select", 'values', `order`: a quoted word (a JSON member name, a quoted term) names the
        // word; it does not use it.
        if (ws > 0 && we < s.Length && s[ws - 1] is (byte)'\'' or (byte)'"' or (byte)'`' && s[we] == s[ws - 1]
            && (ws == 1 || IsSpace(s[ws - 2]) || s[ws - 2] is (byte)'{' or (byte)'[' or (byte)',' or (byte)':' or (byte)'(' or (byte)'='))
        {
            return default;
        }

        SqlFragmentWord next = NextWord(j, out int nextEnd);
        switch (id)
        {
            case SqlFragmentWord.Exec:
            case SqlFragmentWord.Execute:
                if (next is SqlFragmentWord.Master or SqlFragmentWord.Immediate || (next == SqlFragmentWord.None && nextEnd > j && ProcedurePrefix(j)))
                {
                    return Hit(DetectionReason.SystemProcedure, ws);
                }

                if (level >= 2 && nextEnd > j)
                {
                    // EXECUTE name, the value ending there or a call following: not "Execute the plan".
                    int k = SkipGap(nextEnd);
                    if (k >= s.Length || s[k] is (byte)'(' or (byte)'@' or (byte)';' or (byte)'\'')
                    {
                        return Hit(DetectionReason.SqlKeywordSequence, ws);
                    }
                }

                break;
            case SqlFragmentWord.Waitfor:
                if (next is SqlFragmentWord.Delay or SqlFragmentWord.Time)
                {
                    return Hit(DetectionReason.TimeBased, ws);
                }

                break;
            case SqlFragmentWord.Union:
                {
                    int k = j;
                    SqlFragmentWord w = next;
                    if (w is SqlFragmentWord.All or SqlFragmentWord.Distinct)
                    {
                        k = SkipGapAndParens(nextEnd);
                        w = NextWord(k, out _);
                    }
                    else
                    {
                        k = SkipGapAndParens(j);
                        w = NextWord(k, out _);
                    }

                    if (w == SqlFragmentWord.Select)
                    {
                        return Hit(DetectionReason.UnionSelect, ws);
                    }

                    if (level >= 2 && next is SqlFragmentWord.All or SqlFragmentWord.Distinct)
                    {
                        return Hit(DetectionReason.UnionSelect, ws);
                    }

                    break;
                }

            case SqlFragmentWord.Create:
            case SqlFragmentWord.Alter:
            case SqlFragmentWord.Drop:
            case SqlFragmentWord.Truncate:
            case SqlFragmentWord.Rename:
                if (next != SqlFragmentWord.None && (SqlFragmentWords.Lookup(s[j..nextEnd], out SqlWordTraits kind) != SqlFragmentWord.None) && (kind & SqlWordTraits.ObjectKind) != 0)
                {
                    int k = SkipGap(nextEnd);
                    if (k < s.Length && (IsLetter(s[k]) || s[k] is (byte)'`' or (byte)'"' or (byte)'[' or (byte)'_'))
                    {
                        return Hit(DetectionReason.Statement, ws);
                    }
                }

                if (level >= 2 && id is SqlFragmentWord.Drop or SqlFragmentWord.Truncate && nextEnd > j)
                {
                    int k = SkipGap(nextEnd);
                    if (k >= s.Length || s[k] is (byte)';' or (byte)'-' or (byte)'#')
                    {
                        return Hit(DetectionReason.Statement, ws);
                    }
                }

                break;
            case SqlFragmentWord.Case:
                caseWhen = next == SqlFragmentWord.When;
                break;
            case SqlFragmentWord.When:
                whenToken = index;
                break;
            case SqlFragmentWord.Then:
                if (caseWhen)
                {
                    return Hit(DetectionReason.SqlKeywordSequence, ws);
                }

                if (level >= 2 && index - whenToken <= 4)
                {
                    return Hit(DetectionReason.SqlKeywordSequence, ws);
                }

                break;
            case SqlFragmentWord.Having:
                if (next != SqlFragmentWord.None && nextEnd < s.Length && FollowedByParen(nextEnd))
                {
                    return Hit(DetectionReason.ClauseInjection, ws);
                }

                if (level >= 2 && OperandThenComparison(j))
                {
                    return Hit(DetectionReason.ClauseInjection, ws);
                }

                break;
            case SqlFragmentWord.Like:
                {
                    int p = PreviousSignificant(ws);
                    if (p >= 0 && s[p] == ')' && nb == '(')
                    {
                        return Hit(DetectionReason.SqlKeywordSequence, ws);
                    }

                    if (level >= 2 && (nb is (byte)'\'' or (byte)'"' || next == SqlFragmentWord.Null))
                    {
                        return Hit(DetectionReason.SqlOperatorFragment, ws);
                    }

                    break;
                }

            case SqlFragmentWord.If:
                if (nb == '(' && (level >= 2 || ConstantAt(SkipGap(j + 1))) && OperandThenComparison(SkipGap(j + 1)))
                {
                    return Hit(DetectionReason.BooleanBlind, ws);
                }

                break;
            case SqlFragmentWord.As:
                {
                    DetectionResult alias = AliasFrom(ws, j);
                    if (alias.Detected)
                    {
                        return alias;
                    }

                    break;
                }

            case SqlFragmentWord.Match:
                matchParen = nb == '(';
                break;
            case SqlFragmentWord.Against:
                if (matchParen && nb == '(')
                {
                    return Hit(DetectionReason.SqlKeywordSequence, ws);
                }

                break;
            case SqlFragmentWord.Select:
                {
                    if (SelectFromTable(j))
                    {
                        return Hit(DetectionReason.Statement, ws);
                    }

                    if (level >= 2 && SelectListStart(j, next, nextEnd))
                    {
                        return Hit(DetectionReason.SqlKeywordSequence, ws);
                    }

                    break;
                }

            case SqlFragmentWord.Order:
            case SqlFragmentWord.Group:
                if (level >= 2 && next == SqlFragmentWord.By && SortListFollows(SkipGap(nextEnd)))
                {
                    return Hit(DetectionReason.ClauseInjection, ws);
                }

                break;
            case SqlFragmentWord.From:
                if (level >= 2 && j < s.Length && s[j] == '`')
                {
                    int b = j + 1;
                    int limit = Math.Min(s.Length, j + Window);
                    while (b < limit && s[b] != '`')
                    {
                        b++;
                    }

                    nextEnd = Math.Min(s.Length, b + 1);
                }

                if (level >= 2 && nextEnd > j)
                {
                    int k = SkipGap(nextEnd);
                    if (k < s.Length && s[k] == '.')
                    {
                        // from `db`.`table`
                        k = SkipGap(QualifiedEnd(k));
                    }

                    SqlFragmentWord w = NextWord(k, out _);
                    if (w is SqlFragmentWord.Where or SqlFragmentWord.Limit or SqlFragmentWord.Group or SqlFragmentWord.Order or SqlFragmentWord.Join or SqlFragmentWord.Union)
                    {
                        return Hit(DetectionReason.ClauseInjection, ws);
                    }
                }

                break;
            case SqlFragmentWord.Set:
                if (level >= 2 && nb == '@')
                {
                    return Hit(DetectionReason.StackedQuery, ws);
                }

                break;
            case SqlFragmentWord.Is:
                if (level >= 2)
                {
                    int k = j;
                    if (next == SqlFragmentWord.Not)
                    {
                        k = SkipGap(nextEnd);
                    }

                    if (NextWord(k, out _) == SqlFragmentWord.Null)
                    {
                        return Hit(DetectionReason.SqlOperatorFragment, ws);
                    }
                }

                break;
            case SqlFragmentWord.Collate:
                if (level >= 2 && j < s.Length)
                {
                    return Hit(DetectionReason.SqlOperatorFragment, ws);
                }

                break;
        }

        // 'select …: the value opens with the quote that closes the query's string and a
        // statement word glued to it; ` REGEXP: a backtick (MySQL's name quote, never prose
        // punctuation) closed by the value and an operator word after it.
        if ((ws == 1 && s[0] == '\'' && singleQuotes == 1 && (tr & SqlWordTraits.Statement) != 0 && j < s.Length && s[j] != '\'')
            || ((tr & (SqlWordTraits.Logic | SqlWordTraits.OperatorWord | SqlWordTraits.Clause)) != 0 && PreviousSignificant(ws) is int bq && bq >= 0 && s[bq] == '`' && (backticks & 1) == 1))
        {
            return Hit(DetectionReason.SqlQuoteProbe, ws);
        }

        if (level < 2)
        {
            return default;
        }

        // Elevated: SQL-only words alone, words after a quote, boolean operators with a test.
        if ((tr & SqlWordTraits.SqlOnlyWord) != 0 || id == SqlFragmentWord.NotNull)
        {
            return Hit(DetectionReason.SqlOperatorFragment, ws);
        }

        if ((tr & (SqlWordTraits.Logic | SqlWordTraits.OperatorWord | SqlWordTraits.Clause | SqlWordTraits.Statement)) != 0 && AfterQuote(ws, we))
        {
            return Hit(DetectionReason.SqlQuoteProbe, ws);
        }

        if (id is SqlFragmentWord.Like or SqlFragmentWord.Regexp or SqlFragmentWord.Rlike or SqlFragmentWord.Is or SqlFragmentWord.Not && ConstantComparison(ws, we))
        {
            return Hit(DetectionReason.SqlOperatorFragment, ws);
        }

        if (id is SqlFragmentWord.And or SqlFragmentWord.Or or SqlFragmentWord.Xor or SqlFragmentWord.Div)
        {
            // AND deleted = 0), OR (7319=8742: the value starts with the operator and a test follows
            // ("x >= 10 and y <= 5" is a condition someone typed).
            if (ExpressionStart(ws) && (OperandThenComparison(j) || (nb == '(' && OperandThenComparison(SkipGap(j + 1)))))
            {
                return Hit(DetectionReason.Tautology, ws);
            }

            // The value starts with the operator and an operand follows (or 88, and '5'…).
            if (ExpressionStart(ws) && id != SqlFragmentWord.Div && j < s.Length && (s[j] is (byte)'\'' or (byte)'"' or (byte)'(' || (uint)(s[j] - '0') <= 9))
            {
                return Hit(DetectionReason.Tautology, ws);
            }

            // …or ends with it and a space after an operand (/3 or ): the rest of the test is the query's.
            if (j >= s.Length && we < s.Length && index > 0 && before == SqlFragmentWord.None && id != SqlFragmentWord.Div)
            {
                return Hit(DetectionReason.Tautology, ws);
            }

            // /3 and( : the operator opens a group the query goes on with.
            if (nb == '(' && index > 0 && id != SqlFragmentWord.Div && SkipGap(j + 1) >= s.Length)
            {
                return Hit(DetectionReason.Tautology, ws);
            }
        }

        if ((tr & SqlWordTraits.Statement) != 0)
        {
            int p = PreviousSignificant(ws);
            if (p >= 1 && s[p] == '-' && s[p - 1] == '-')
            {
                // --alter: a statement word glued to a comment marker.
                return Hit(DetectionReason.SqlCommentSequence, ws);
            }
        }

        return default;
    }

    // name( / name (  with SQL-shaped arguments at Standard; any call at Elevated, junk allowed
    // between the name and the parenthesis (day. (, password/?( ) as payload generators emit it.
    private DetectionResult Call(int ws, int we, SqlFragmentWord id, SqlWordTraits tr)
    {
        int k = we;
        bool space = false;
        int limit = Math.Min(s.Length, we + 8);
        while (k < limit && (IsSpace(s[k]) || s[k] is (byte)'=' or (byte)'\\'))
        {
            space |= IsSpace(s[k]);
            k++;
        }

        k = SkipComments(k);
        work += k - we;
        bool list = id is SqlFragmentWord.In or SqlFragmentWord.Values;
        if (k < s.Length && s[k] == '(' && (tr & SqlWordTraits.SqlOnlyFunction) != 0 && CallShape(k + 1, space))
        {
            return Hit(DetectionReason.SqlFunctionCall, ws);
        }

        if (level < 2)
        {
            return default;
        }

        k = we;
        limit = Math.Min(s.Length, we + 6);
        while (k < limit && !IsAlnum(s[k]) && s[k] != '(')
        {
            k++;
        }

        work += k - we;
        return k < s.Length && s[k] == '(' && CallShape(k + 1, k > we && !list) ? Hit(DetectionReason.SqlFunctionCall, ws) : default;
    }

    // What follows an opening parenthesis reads as a SQL argument list: nothing (the value ends),
    // ')' at once, a literal, a variable, '*', a nested call or parenthesis, or a name followed by
    // ',' or an operator. "Rand (South African)" is prose: a name, then a name.
    private bool CallShape(int from, bool spaceBeforeParen)
    {
        int k = SkipGap(from);
        if (k >= s.Length)
        {
            return true;
        }

        byte c = s[k];
        if (c is (byte)')' or (byte)'\'' or (byte)'"' or (byte)'@' or (byte)'*' or (byte)'(' or (byte)'`')
        {
            return !(c == ')' && spaceBeforeParen && k > from);
        }

        if ((uint)(c - '0') <= 9 || c == '-')
        {
            int e = k + 1;
            while (e < s.Length && e < k + Window && (IsAlnum(s[e]) || s[e] == '.'))
            {
                e++;
            }

            int t = SkipGap(e);
            return t >= s.Length || s[t] is (byte)',' or (byte)'+' or (byte)'*' or (byte)'/' or (byte)'=' or (byte)'<' or (byte)'>' or (byte)'(' || (s[t] == ')' && !spaceBeforeParen);
        }

        if (IsLetter(c) || c == '_')
        {
            int e = WordEnd(k);
            int t = SkipGap(e);
            if (t < s.Length && s[t] == '.' && t == e)
            {
                t = SkipGap(QualifiedEnd(t));
            }

            return t >= s.Length || s[t] is (byte)'(' or (byte)'=' or (byte)'<' or (byte)'>' or (byte)'+' or (byte)'|' or (byte)'*' || (s[t] == ',' && !spaceBeforeParen);
        }

        return false;
    }

    // AS alias FROM: a select list item. Flagged at Standard after a token that closes an
    // expression (')', a quote, a number); at Elevated after anything but a word.
    private DetectionResult AliasFrom(int ws, int j)
    {
        if (j >= s.Length)
        {
            return default;
        }

        int k;
        bool quotedAlias = false;
        byte c = s[j];
        if (c is (byte)'`' or (byte)'"' or (byte)'\'' or (byte)'[')
        {
            byte close = c == '[' ? (byte)']' : c;
            int limit = Math.Min(s.Length, j + Window);
            k = j + 1;
            while (k < limit && s[k] != close)
            {
                k++;
            }

            if (k >= limit)
            {
                // ! As' from: the quote belongs to the query, not to an alias.
                k = j;
            }
            else
            {
                k++;
                quotedAlias = true;
            }
        }
        else if (IsLetter(c) || c == '_')
        {
            k = WordEnd(j);
        }
        else
        {
            return default;
        }

        if (k == j)
        {
            k = j + 1;
        }

        int f = SkipGap(k);
        if (NextWord(f, out _) != SqlFragmentWord.From)
        {
            return default;
        }

        int p = PreviousSignificant(ws);
        byte prev = p >= 0 ? s[p] : (byte)0;
        bool closing = prev is (byte)')' or (byte)'`' or (byte)'"' or (byte)'\'' or (byte)']' || (uint)(prev - '0') <= 9;
        if (closing)
        {
            return Hit(DetectionReason.SqlKeywordSequence, ws);
        }

        return level >= 2 && (quotedAlias || !IsAlnum(prev)) ? Hit(DetectionReason.SqlKeywordSequence, ws) : default;
    }

    // Nothing, or a parameter's '=' / an opening parenthesis, before 'at': an expression starts there
    // (pay=AND 1=1, ||(x=1), not "x >= 10 && y <= 5").
    private bool ExpressionStart(int at)
    {
        int p = PreviousSignificant(at);
        return p < 0 || s[p] is (byte)'=' or (byte)'(' or (byte)'?' or (byte)'&';
    }

    private bool ConstantAt(int k) => k < s.Length && (s[k] is (byte)'\'' or (byte)'"' || (uint)(s[k] - '0') <= 9);

    // After ORDER BY / GROUP BY: a sort list that ends the value (5, name, `a`, `b` DESC), not prose
    // ("order by phone, not online", "order by 3 pm").
    private bool SortListFollows(int k)
    {
        for (int item = 0; item < 4; item++)
        {
            if (k >= s.Length)
            {
                return true;
            }

            int e;
            if (s[k] == '`')
            {
                e = k + 1;
                int limit = Math.Min(s.Length, k + Window);
                while (e < limit && s[e] != '`')
                {
                    e++;
                }

                e = Math.Min(s.Length, e + 1);
            }
            else if (IsAlnum(s[k]) || s[k] == '_')
            {
                e = WordEnd(k);
            }
            else
            {
                return false;
            }

            int t = SkipGap(e);
            SqlFragmentWord w = NextWord(t, out int we);
            if (w == SqlFragmentWord.Limit || (we - t == 3 && (s[t] | 0x20) == 'a' && (s[t + 1] | 0x20) == 's' && (s[t + 2] | 0x20) == 'c')
                || (we - t == 4 && (s[t] | 0x20) == 'd' && (s[t + 1] | 0x20) == 'e' && (s[t + 2] | 0x20) == 's' && (s[t + 3] | 0x20) == 'c'))
            {
                return true;
            }

            if (t >= s.Length || s[t] is (byte)'-' or (byte)'#' or (byte)';' or (byte)')' or (byte)'&')
            {
                return true;
            }

            if (s[t] != ',')
            {
                return false;
            }

            k = SkipGap(t + 1);
        }

        return false;
    }

    // After SELECT at Elevated: the value ends, or a select list starts (*, a literal, a variable,
    // a call, a parenthesis, a name followed by ',' or the end), not "select all that apply" (a name
    // and FROM is left to the whole-statement rule, which wants the table to end the statement).
    private bool SelectListStart(int j, SqlFragmentWord next, int nextEnd)
    {
        if (j >= s.Length)
        {
            // (select / =select at the end: a subquery the query goes on with; "Select" alone is a label.
            int p = PreviousSignificant(j);
            while (p >= 0 && IsAlnum(s[p]))
            {
                p--;
            }

            p = p >= 0 ? PreviousSignificant(p + 1) : -1;
            return p >= 0 && s[p] is (byte)'(' or (byte)'=';
        }

        byte c = s[j];
        if (c is (byte)'*' or (byte)'@' or (byte)'(' || ConstantAt(j))
        {
            return true;
        }

        if (nextEnd <= j && !(IsLetter(c) || c == '_'))
        {
            return false;
        }

        int e = nextEnd > j ? nextEnd : WordEnd(j);
        if (next is SqlFragmentWord.Distinct or SqlFragmentWord.All)
        {
            return false;
        }

        int t = SkipGap(e);
        return t >= s.Length || s[t] is (byte)'(' or (byte)',';
    }

    // An operand (name, number, string, variable, NULL) and a comparison operator after it.
    private bool OperandThenComparison(int j)
    {
        if (j >= s.Length)
        {
            return false;
        }

        byte c = s[j];
        int e;
        if (IsAlnum(c) || c == '_' || c == '@')
        {
            e = WordEnd(j + 1);
        }
        else if (c is (byte)'\'' or (byte)'"')
        {
            e = j + 1;
            int limit = Math.Min(s.Length, j + Window);
            while (e < limit && s[e] != c)
            {
                e++;
            }

            if (e >= limit)
            {
                return false;
            }

            e++;
        }
        else
        {
            return false;
        }

        int k = SkipGap(e);
        return k < s.Length && s[k] is (byte)'=' or (byte)'<' or (byte)'>' or (byte)'~' || (k + 1 < s.Length && s[k] == '!' && s[k + 1] is (byte)'=' or (byte)'<' or (byte)'>');
    }

    // A constant on each side (1=1, 42 like 42, '1' not regexp '2', 11!=1): a test whose answer
    // does not depend on any row.
    private bool ConstantComparison(int opStart, int opEnd)
    {
        int p = PreviousSignificant(opStart);
        if (p < 0 || !ConstantEndsAt(p, out int left))
        {
            return false;
        }

        // 2 + 2 = 4 is arithmetic someone wrote down, not a test.
        int before = PreviousSignificant(left);
        if (before >= 0 && s[before] is (byte)'+' or (byte)'-' or (byte)'*' or (byte)'/' or (byte)'<' or (byte)'>' or (byte)'=')
        {
            return false;
        }

        int k = SkipGap(opEnd);
        while (k < s.Length && s[k] is (byte)'=' or (byte)'<' or (byte)'>' or (byte)'!')
        {
            k++;
        }

        k = SkipGap(k);
        if (NextWord(k, out int notEnd) == SqlFragmentWord.Not)
        {
            k = SkipGap(notEnd);
        }

        if (NextWord(k, out int regexEnd) is SqlFragmentWord.Regexp or SqlFragmentWord.Rlike or SqlFragmentWord.Like)
        {
            k = SkipGap(regexEnd);
        }

        if (!ConstantAt(k))
        {
            return false;
        }

        // 3 < 5 > 1: a chain of comparisons is notation, not a query's condition.
        int e = s[k] is (byte)'\'' or (byte)'"' ? k + 1 : WordEnd(k);
        int t = SkipGap(e);
        return t >= s.Length || s[t] is not ((byte)'<' or (byte)'>' or (byte)'=');
    }

    private bool ConstantEndsAt(int p, out int start)
    {
        start = p;
        byte c = s[p];
        if (c is (byte)'\'' or (byte)'"')
        {
            int floor = Math.Max(0, p - Window);
            int open = p - 1;
            while (open > floor && s[open] != c)
            {
                open--;
            }

            start = open;
            return true;
        }

        if ((uint)(c - '0') > 9)
        {
            return false;
        }

        int q = p;
        int limit = Math.Max(0, p - 24);
        while (q > limit && IsAlnum(s[q - 1]))
        {
            q--;
        }

        start = q;
        return (uint)(s[q] - '0') <= 9;
    }

    // The word stands right after a quote (spaces and comments between): ' or, 'union, \'and.
    // The word stands right after a quote that closes the query's string (the value's odd quote of
    // that kind: "SWEATER DRESS" AND … quotes in pairs), and the quote does not merely open a quoted
    // word ({"and": …}, use 'values').
    private bool AfterQuote(int ws, int we)
    {
        int p = PreviousSignificant(ws);
        if (p < 0)
        {
            return false;
        }

        byte q = s[p];
        if (p >= 2 && q is 0x98 or 0x99 && s[p - 1] == 0x80 && s[p - 2] == 0xE2)
        {
            return true;
        }

        if (q is not ((byte)'\'' or (byte)'"' or (byte)'`'))
        {
            return false;
        }

        // \' or: an escaped quote that a back end which does not honour the escape reads as a close.
        if (p > 0 && s[p - 1] == '\\')
        {
            return true;
        }

        if ((QuotesSoFar(q) & 1) == 0 || (p > 0 && (uint)(s[p - 1] - '0') <= 9))
        {
            return false;
        }

        // "like new", ["drop zone": a quote that opens a phrase inside the value.
        bool opening = p > 0 && (IsSpace(s[p - 1]) || s[p - 1] is (byte)'{' or (byte)'[' or (byte)',' or (byte)':' or (byte)'(' or (byte)'=');
        return !(opening && p + 1 == ws);
    }

    private readonly int QuotesSoFar(byte q) => q == '\'' ? singleQuotes : q == '"' ? doubleQuotes : backticks;

    private bool MysqlSystemTable(int at)
    {
        int e = WordEnd(at);
        ReadOnlySpan<byte> w = s[at..e];
        return w.Length is >= 2 and <= 12 && (Ascii.EqualsIgnoreCase(w, "user"u8) || Ascii.EqualsIgnoreCase(w, "db"u8) || Ascii.EqualsIgnoreCase(w, "host"u8)
            || Ascii.EqualsIgnoreCase(w, "proc"u8) || Ascii.EqualsIgnoreCase(w, "func"u8) || Ascii.EqualsIgnoreCase(w, "tables_priv"u8) || Ascii.EqualsIgnoreCase(w, "columns_priv"u8));
    }

    // xp_… / sp_… : SQL Server's extended and system procedure prefixes.
    private bool ProcedurePrefix(int at) =>
        at + 3 < s.Length && (s[at] | 0x20) is (byte)'x' or (byte)'s' && (s[at + 1] | 0x20) == 'p' && s[at + 2] == '_';

    private bool FollowedByParen(int at)
    {
        int k = SkipGap(at);
        return k < s.Length && s[k] == '(';
    }

    // ---- numbers ----

    private DetectionResult OnNumber(int ns, int ne)
    {
        ReadOnlySpan<byte> t = s[ns..ne];

        // 2.2250738585072011e-308, the smallest normal double, hung Java and PHP parsers; 2^32 and
        // 2^64 probe integer overflow. The word scanner stops at '.', '-', so match on the bytes.
        if (s[ns..].StartsWith("2.2250738585072011e-308"u8) || s[ns..].StartsWith("2.2250738585072012e-308"u8))
        {
            return Hit(DetectionReason.NumericBoundary, ns);
        }

        if (ns == 0 && ne == s.Length && (t.SequenceEqual("4294967296"u8) || t.SequenceEqual("18446744073709551616"u8)))
        {
            return Hit(DetectionReason.NumericBoundary, ns);
        }

        // MySQL reads 1.e( and 1.e. as a number followed by the next token: 1.e(ascii …), 1.e.tables.
        if (ne + 2 < s.Length && s[ne] == '.' && (s[ne + 1] | 0x20) == 'e' && s[ne + 2] is (byte)'(' or (byte)'.' or (byte)')' or (byte)',')
        {
            return Hit(DetectionReason.SqlOperatorFragment, ns);
        }

        if (level < 2)
        {
            return default;
        }

        // 0x616263: a hex literal, SQL's way to write a string without quotes.
        if (t.Length >= 4 && t[0] == '0' && (t[1] | 0x20) == 'x' && IsHex(t[2]) && IsHex(t[3]))
        {
            return Hit(DetectionReason.SqlOperatorFragment, ns);
        }

        // 4oR2: a boolean operator glued between numbers.
        int d = 0;
        while (d < t.Length && (uint)(t[d] - '0') <= 9)
        {
            d++;
        }

        int l = d;
        while (l < t.Length && IsLetter(t[l]))
        {
            l++;
        }

        if (l > d && l < t.Length && (uint)(t[l] - '0') <= 9 && SqlFragmentWords.Lookup(t[d..l], out SqlWordTraits tr) != SqlFragmentWord.None && (tr & SqlWordTraits.Logic) != 0)
        {
            return Hit(DetectionReason.Tautology, ns);
        }

        int p = SkipGap(ne);
        if (p < s.Length && s[p] is (byte)'=' or (byte)'<' or (byte)'>' or (byte)'!' && ConstantComparison(p, p))
        {
            return Hit(DetectionReason.SqlOperatorFragment, ns);
        }

        return default;
    }

    // ---- punctuation ----

    private DetectionResult OnPunctuation(int i, byte c, int quoteLength)
    {
        // Chains and repeats of special characters.
        bool special = quoteLength > 0 || IsSpecial(c);
        if (special)
        {
            if (chain == 0)
            {
                chainFirst = c;
                chainMixed = false;
            }

            chainMixed |= c != chainFirst;
            chain++;
            chainSpace = false;
            int threshold = level switch { >= 4 => ChainParanoid, 3 => ChainHigh, 2 => ChainElevated, _ => int.MaxValue };

            // A run of one character glued to text (************1111, a card mask; MFkw......TMb, an
            // elided token) is formatting below Paranoid; mixed runs, or runs that end a word, are not.
            bool glued = i + 1 < s.Length && IsAlnum(s[i + 1]);
            if (chain >= threshold && (chainMixed ? level >= 2 : level >= 4 || (level == 3 && !glued)))
            {
                return Hit(DetectionReason.SqlSpecialCharacters, i);
            }
        }
        else
        {
            chain = 0;
            chainSpace = false;
        }

        repeat = c == repeatByte ? repeat + 1 : 1;
        repeatByte = c;
        if (level >= 3 && repeat >= 4 && (level >= 4 || !(i + 1 < s.Length && IsAlnum(s[i + 1]))))
        {
            return Hit(DetectionReason.SqlSpecialCharacters, i);
        }

        byte n = i + 1 < s.Length ? s[i + 1] : (byte)0;
        switch (c)
        {
            case (byte)'/':
                if (n == '*')
                {
                    int k = i + 2;
                    while (k < s.Length && k < i + 4 && IsSpace(s[k]))
                    {
                        k++;
                    }

                    if (k < s.Length && s[k] is (byte)'!' or (byte)'+')
                    {
                        return Hit(DetectionReason.ExecutableComment, i);
                    }

                    // DR/**/OP, SELECT/*x*/password: a comment glued to words splits or joins them.
                    if (level >= 2 && ClosedComment(i + 2) && ((i > 0 && IsAlnum(s[i - 1])) || (i + 2 < s.Length && s[i + 2] == '*')))
                    {
                        return Hit(DetectionReason.SqlCommentSequence, i);
                    }
                }

                break;
            case (byte)':':
                if (n == ':' && i + 2 < s.Length)
                {
                    int e = WordEnd(i + 2);
                    if (e > i + 2 && SqlFragmentWords.Lookup(s[(i + 2)..e], out SqlWordTraits tr) != SqlFragmentWord.None && (tr & SqlWordTraits.CastType) != 0)
                    {
                        return Hit(DetectionReason.SqlFunctionCall, i);
                    }
                }

                break;
            case (byte)';':
                return Semicolon(i);
            case (byte)'-':
            case (byte)'#':
                if (level >= 2 && (c == '#' || n == '-') && JunkToEnd(c == '#' ? i + 1 : i + 2))
                {
                    int p = PreviousSignificant(i);
                    if (((singleQuotes | doubleQuotes | backticks) & 1) != 0 || (p >= 0 && s[p] == ';'))
                    {
                        return Hit(DetectionReason.SqlCommentSequence, i);
                    }
                }

                break;
            case (byte)'|':
            case (byte)'&':
                if (level >= 2 && n == c)
                {
                    int k = SkipGap(i + 2);
                    if (ExpressionStart(i) && k < s.Length && (OperandThenComparison(k) || s[k] == '(' || (IsAlnum(s[k]) && SkipGap(WordEnd(k)) >= s.Length)))
                    {
                        return Hit(DetectionReason.Tautology, i);
                    }
                }

                break;
            case (byte)'=':
            case (byte)'<':
            case (byte)'>':
            case (byte)'!':
                if (level >= 2 && ConstantComparison(i, i))
                {
                    return Hit(DetectionReason.SqlOperatorFragment, i);
                }

                break;
        }

        if (quoteLength > 0)
        {
            DetectionResult q = Quote(i, c, quoteLength);
            quoteSeen = true;
            return q;
        }

        return default;
    }

    private DetectionResult Quote(int i, byte c, int quoteLength)
    {
        // '{"a":1}' ? 'a', '[1,2]'::jsonb, '{…}' < '$.c': PostgreSQL and MySQL JSON operators on a
        // JSON literal. The literal and the operator are SQL whatever surrounds them.
        if (c == '\'' && i + 1 < s.Length && s[i + 1] is (byte)'{' or (byte)'[')
        {
            int limit = Math.Min(s.Length, i + 256);
            int k = i + 1;
            while (k < limit && s[k] != '\'')
            {
                k++;
            }

            work += k - i;
            if (k < limit)
            {
                int t = SkipGap(k + 1);
                if (t < s.Length && s[t] is (byte)'?' or (byte)'@' or (byte)'#' or (byte)'<' or (byte)'>' or (byte)'=' or (byte)'|' or (byte)'-' or (byte)':')
                {
                    return Hit(DetectionReason.SqlOperatorFragment, i);
                }
            }
        }

        if (level < 2)
        {
            return default;
        }

        byte n = i + quoteLength < s.Length ? s[i + quoteLength] : (byte)0;

        // "' and `" side by side: a probe for which quote the query uses.
        if (quoteLength == 1 && n is (byte)'\'' or (byte)'"' or (byte)'`' && n != c)
        {
            return Hit(DetectionReason.SqlQuoteProbe, i);
        }

        // 'admin', '1' / 'abc', 0x1a / 'item', (5): a list of literals.
        if (quoteLength == 1 && (QuotesSoFar(c) & 1) == 1 && n == ',' && (uint)(s[i - 1] - '0') > 9)
        {
            int k = SkipGap(i + 2);
            if (k < s.Length && (s[k] is (byte)'\'' or (byte)'(' || (uint)(s[k] - '0') <= 9))
            {
                return Hit(DetectionReason.SqlOperatorFragment, i);
            }
        }

        if (level < 3)
        {
            return default;
        }

        // '0:0:6, `>65, ":"65, ' ', 10: a quote that closes the query's string (the value's odd
        // one, not a unit mark after a digit) and, after a few symbols, a number.
        if (quoteLength == 1 && ((QuotesSoFar(c) & 1) == 1 || (i > 0 && (uint)(s[i - 1] - '0') <= 9)))
        {
            return default;
        }

        int j = i + quoteLength;
        int end = Math.Min(s.Length, j + 5);
        while (j < end && !IsAlnum(s[j]) && s[j] < 0x80)
        {
            j++;
        }

        work += j - i;
        return j < s.Length && (uint)(s[j] - '0') <= 9 ? Hit(DetectionReason.SqlQuoteProbe, i) : default;
    }

    private DetectionResult Semicolon(int i)
    {
        int p = PreviousSignificant(i);
        bool afterQuote = p >= 0 && s[p] is (byte)'\'' or (byte)'"' or (byte)'`';
        int k = SkipGap(i + 1);
        bool ends = k >= s.Length || (s[k] == '#' && CommentEndsValue(k, k + 1)) || (s[k] == '-' && k + 1 < s.Length && s[k + 1] == '-' && CommentEndsValue(k, k + 2));

        // admin'; : the value closes the string and ends the statement (the query's tail is cut).
        if (afterQuote && ends && (level >= 2 || (QuotesSoFar(s[p]) == 1 && (p == 0 || (uint)(s[p - 1] - '0') > 9))))
        {
            return Hit(DetectionReason.StackedQuery, i);
        }

        bool atStart = p < 0 || (afterQuote && PreviousSignificant(p) < 0);
        if (level < 2 && !atStart)
        {
            return default;
        }

        SqlFragmentWord w = NextWord(k, out int we);
        SqlWordTraits tr = SqlWordTraits.None;
        if (w != SqlFragmentWord.None)
        {
            SqlFragmentWords.Lookup(s[k..we], out tr);
        }

        bool statement = (tr & SqlWordTraits.Statement) != 0;

        // ;truncate … / ';drop … at the start of the value: a value made to end a statement.
        if (statement && atStart)
        {
            return Hit(DetectionReason.StackedQuery, i);
        }

        if (level < 2)
        {
            return default;
        }

        if (afterQuote || statement || ((p < 0 || s[p] == '=') && k < s.Length && IsLetter(s[k])) || ends && p >= 0 && IsAlnum(s[p]) && quoteSeen)
        {
            return Hit(DetectionReason.StackedQuery, i);
        }

        return default;
    }

    // A comment marker whose remainder is junk (-- -, --+, #, -- x), not a remark in words.
    private bool CommentEndsValue(int at, int after)
    {
        int letters = 0;
        int limit = Math.Min(s.Length, after + Window);
        for (int i = after; i < limit; i++)
        {
            letters = IsLetter(s[i]) ? letters + 1 : 0;
            if (letters >= 4 || s[i] == '\n')
            {
                return false;
            }
        }

        return limit == s.Length && at < after;
    }

    // Nothing but spaces and symbols up to the end of the value (what a comment marker hides: -- -, --+).
    private bool JunkToEnd(int from)
    {
        if (s.Length - from > Window)
        {
            return false;
        }

        for (int i = from; i < s.Length; i++)
        {
            if (IsAlnum(s[i]) || s[i] >= 0x80)
            {
                return false;
            }
        }

        work += s.Length - from;
        return true;
    }

    private bool ClosedComment(int from)
    {
        int limit = Math.Min(s.Length - 1, from + Window);
        for (int k = from; k < limit; k++)
        {
            if (s[k] == '*' && s[k + 1] == '/')
            {
                return true;
            }
        }

        return false;
    }

    // ---- end of value ----

    private DetectionResult OnEnd()
    {
        if (level < 2)
        {
            return default;
        }

        ReadOnlySpan<byte> t = s.Trim(" \t\r\n"u8);
        if (t.Length is >= 2 and <= 3 && IsOperator(t))
        {
            return Hit(DetectionReason.SqlOperatorFragment, 0);
        }

        if (t.Length >= 3 && t[0] == '`' && t[^1] == '`' && IsWordRun(t[1..^1]))
        {
            return Hit(DetectionReason.SqlQuoteProbe, 0);
        }

        if (level >= 3 && t.Length >= 3 && t[0] is (byte)'\'' or (byte)'"' && t[^1] == t[0] && IsWordRun(t[1..^1]))
        {
            return Hit(DetectionReason.SqlQuoteProbe, 0);
        }

        if (tokens == 1 && lastWasWord && lastWord is SqlFragmentWord.Xor or SqlFragmentWord.Regexp or SqlFragmentWord.Rlike or SqlFragmentWord.NotNull)
        {
            return Hit(DetectionReason.SqlOperatorFragment, lastWordStart);
        }

        return default;
    }

    private static bool IsOperator(ReadOnlySpan<byte> t)
    {
        foreach (byte b in t)
        {
            if (b is not ((byte)'<' or (byte)'>' or (byte)'=' or (byte)'!' or (byte)'|' or (byte)'&' or (byte)'-' or (byte)'^' or (byte)'~'))
            {
                return false;
            }
        }

        // -->, <--: arrows and comment markers, not operators.
        return t.IndexOf("--"u8) < 0;
    }

    private static bool IsWordRun(ReadOnlySpan<byte> t)
    {
        foreach (byte b in t)
        {
            if (!IsAlnum(b) && b != '_')
            {
                return false;
            }
        }

        return t.Length > 0;
    }

    // ---- scanning helpers (each bounded by Window) ----

    private DetectionResult Hit(DetectionReason reason, int at) => new(reason, at, false);

    // Skips spaces, '+' (a space in URLs), and closed plain comments (/**/ between words).
    private int SkipGap(int i)
    {
        int limit = Math.Min(s.Length, i + Window);
        int start = i;
        while (i < limit)
        {
            byte c = s[i];
            if (IsSpace(c) || c == '+')
            {
                i++;
                continue;
            }

            if (c == '/' && i + 1 < s.Length && s[i + 1] == '*' && (i + 2 >= s.Length || s[i + 2] is not ((byte)'!' or (byte)'+')))
            {
                int k = i + 2;
                while (k + 1 < limit && !(s[k] == '*' && s[k + 1] == '/'))
                {
                    k++;
                }

                if (k + 1 >= limit)
                {
                    break;
                }

                i = k + 2;
                continue;
            }

            break;
        }

        work += i - start;
        return i;
    }

    private int SkipComments(int i) => i < s.Length && s[i] == '/' ? SkipGap(i) : i;

    private int SkipGapAndParens(int i)
    {
        int k = SkipGap(i);
        int limit = Math.Min(s.Length, k + 8);
        while (k < limit && s[k] == '(')
        {
            k = SkipGap(k + 1);
        }

        return k;
    }

    private int PreviousSignificant(int i)
    {
        int limit = Math.Max(0, i - Window);
        int p = i - 1;
        while (p >= limit)
        {
            byte c = s[p];
            if (IsSpace(c) || c == '+')
            {
                p--;
                continue;
            }

            if (c == '/' && p > 0 && s[p - 1] == '*')
            {
                int k = p - 2;
                while (k > limit && !(s[k - 1] == '/' && s[k] == '*'))
                {
                    k--;
                }

                if (k <= limit)
                {
                    return p;
                }

                p = k - 2;
                continue;
            }

            return p;
        }

        return -1;
    }

    private SqlFragmentWord NextWord(int j, out int end)
    {
        end = j;
        if (j >= s.Length || !(IsLetter(s[j]) || s[j] == '_'))
        {
            return SqlFragmentWord.None;
        }

        end = WordEnd(j);
        return SqlFragmentWords.Lookup(s[j..end], out _);
    }

    private int WordEnd(int i)
    {
        while (i < s.Length && (IsAlnum(s[i]) || s[i] is (byte)'_' or (byte)'$' || (s[i] >= 0x80 && QuoteAt(i) == 0)))
        {
            i++;
        }

        return i;
    }

    // a.b.c, `a`.`b`: the end of a qualified name that continues at 'dot'.
    private int QualifiedEnd(int dot)
    {
        int k = dot;
        int limit = Math.Min(s.Length, dot + Window);
        while (k < limit && s[k] == '.')
        {
            k++;
            if (k < limit && s[k] == '`')
            {
                k++;
                while (k < limit && s[k] != '`')
                {
                    k++;
                }

                k = Math.Min(limit, k + 1);
            }
            else
            {
                k = WordEnd(k);
            }
        }

        return k;
    }

    // ’ ‘ (U+2019, U+2018) and ´ (U+00B4): typographic quotes that some databases' collations fold
    // into ' and that attackers use to slip past ASCII-only filters.
    private int QuoteAt(int i)
    {
        byte c = s[i];
        if (c is (byte)'\'' or (byte)'"' or (byte)'`')
        {
            return 1;
        }

        if (c == 0xE2 && i + 2 < s.Length && s[i + 1] == 0x80 && s[i + 2] is 0x98 or 0x99)
        {
            return 3;
        }

        return c == 0xC2 && i + 1 < s.Length && s[i + 1] == 0xB4 ? 2 : 0;
    }

    private static bool IsSpecial(byte c) => c is (byte)'~' or (byte)'!' or (byte)'@' or (byte)'#' or (byte)'$' or (byte)'%' or (byte)'^' or (byte)'&' or (byte)'*'
        or (byte)'(' or (byte)')' or (byte)'-' or (byte)'+' or (byte)'=' or (byte)'{' or (byte)'}' or (byte)'[' or (byte)']' or (byte)'|' or (byte)':' or (byte)';'
        or (byte)'<' or (byte)'>';

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0B or 0x0C;

    private static bool IsLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';

    private static bool IsAlnum(byte b) => IsLetter(b) || (uint)(b - '0') <= 9;

    private static bool IsHex(byte b) => (uint)(b - '0') <= 9 || (uint)((b | 0x20) - 'a') <= 'f' - 'a';
}
