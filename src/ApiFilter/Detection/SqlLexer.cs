using System.Runtime.CompilerServices;

namespace ApiFilter.Detection;

/// <summary>
/// A tokenizer for SQL fragments that accepts the union of the common dialects' lexical rules
/// (MySQL, PostgreSQL, SQL Server, Oracle, SQLite): quotes <c>' " ` []</c>, prefixed strings
/// (<c>N'…'</c>, <c>X'…'</c>, <c>B'…'</c>, <c>E'…'</c>, Oracle <c>q'[…]'</c>), PostgreSQL dollar
/// quoting, comments <c>--</c>, <c>#</c>, <c>/* */</c> and MySQL's executable <c>/*!NNNNN … */</c>,
/// which it reads as code. Every token is found by moving forward only, so a value of n bytes costs
/// O(n) however it is built.
/// </summary>
internal ref struct SqlLexer
{
    private readonly ReadOnlySpan<byte> s;
    private int pos;
    private int versioned;
    private bool noClosingBracket;

    public SqlLexer(ReadOnlySpan<byte> text, int start)
    {
        s = text;
        pos = start;
    }

    /// <summary>Kind of the current token.</summary>
    public SqlTokenKind Kind;

    /// <summary>Keyword of the current word (for a qualified name: of its last part).</summary>
    public SqlKeyword Keyword;

    /// <summary>Start offset of the current token.</summary>
    public int Start;

    /// <summary>True for a qualified name (<c>a.b</c>).</summary>
    public bool Qualified;

    /// <summary>True when the current word is directly followed by <c>(</c>.</summary>
    public bool ImmediateParen;

    /// <summary>True when the current word is followed by <c>(</c> after whitespace.</summary>
    public bool ParenAfterSpace;

    /// <summary>Bytes examined so far (the cost measure the linear-time tests assert on).</summary>
    public long Work;

    /// <summary>Offset just after the current token.</summary>
    public readonly int Position => pos;

    /// <summary>The byte at <paramref name="at"/> of the text.</summary>
    public readonly byte ByteAt(int at) => s[at];

    /// <summary>The whole text being read.</summary>
    public readonly ReadOnlySpan<byte> Text => s;

    /// <summary>True inside MySQL's <c>/*! … */</c>, where <c>*/</c> is not an operator.</summary>
    public readonly bool InVersionedComment => versioned > 0;

    /// <summary>
    /// Moves past <paramref name="tokens"/> tokens that the caller has read itself, with the same
    /// rules, ending at <paramref name="to"/>; counts the work as <see cref="Next"/> would have.
    /// </summary>
    public void Advance(int to, int tokens)
    {
        Work += to - pos + tokens;
        pos = to;
    }

    /// <summary>Reads the next token.</summary>
    public SqlTokenKind Next()
    {
        int before = pos;
        Kind = Read();
        Work += pos - before + 1;
        return Kind;
    }

    private SqlTokenKind Read()
    {
        Keyword = SqlKeyword.None;
        Qualified = false;
        ImmediateParen = false;
        ParenAfterSpace = false;
        while (true)
        {
            int p = pos;
            ReadOnlySpan<byte> text = s;
            while (p < text.Length && IsSpace(text[p]))
            {
                p++;
            }

            pos = p;
            Start = p;
            if (pos >= s.Length)
            {
                return SqlTokenKind.End;
            }

            byte c = s[pos];
            byte n = pos + 1 < s.Length ? s[pos + 1] : (byte)0;
            switch (c)
            {
                case (byte)'\'':
                case (byte)'"':
                    return Quoted(pos + 1, c);
                case (byte)'`':
                    return Quoted(pos + 1, c) == SqlTokenKind.String ? SqlTokenKind.Identifier : SqlTokenKind.UnclosedString;
                case (byte)'[':
                    return Bracket();
                case (byte)'(':
                    pos++;
                    return SqlTokenKind.LeftParen;
                case (byte)')':
                    pos++;
                    return SqlTokenKind.RightParen;
                case (byte)',':
                    pos++;
                    return SqlTokenKind.Comma;
                case (byte)';':
                    pos++;
                    return SqlTokenKind.Semicolon;
                case (byte)'#':
                    return LineComment();
                case (byte)'-':
                    // "--" starts a comment (SQL:2016 5.2 <simple comment>), except before a digit,
                    // where prose and MySQL alike read two minus signs (1999--2005).
                    if (n == '-' && !(pos + 2 < s.Length && (uint)(s[pos + 2] - '0') <= 9))
                    {
                        return LineComment();
                    }

                    pos += n == '>' ? (pos + 2 < s.Length && s[pos + 2] == '>' ? 3 : 2) : 1;
                    return SqlTokenKind.Arithmetic;
                case (byte)'/':
                    if (n == '*')
                    {
                        if (pos + 2 < s.Length && s[pos + 2] == '!')
                        {
                            // MySQL runs the body of /*! … */ (optionally /*!50000 …*/) as code.
                            pos += 3;
                            int digits = 0;
                            while (pos < s.Length && digits < 6 && (uint)(s[pos] - '0') <= 9)
                            {
                                pos++;
                                digits++;
                            }

                            versioned++;
                            continue;
                        }

                        int end = s[(pos + 2)..].IndexOf("*/"u8);
                        if (end < 0)
                        {
                            pos = s.Length;
                            return SqlTokenKind.UnclosedComment;
                        }

                        pos += end + 4;
                        return SqlTokenKind.BlockComment;
                    }

                    pos++;
                    return SqlTokenKind.Arithmetic;
                case (byte)'*':
                    if (n == '/' && versioned > 0)
                    {
                        versioned--;
                        pos += 2;
                        continue;
                    }

                    pos++;
                    return SqlTokenKind.Arithmetic;
                case (byte)'=':
                    pos += n == '=' ? 2 : 1;
                    return SqlTokenKind.Comparison;
                case (byte)'<':
                    if (n == '@')
                    {
                        // PostgreSQL containment <@ (and @> below)
                        pos += 2;
                        return SqlTokenKind.Comparison;
                    }

                    if (n == '=' && pos + 2 < s.Length && s[pos + 2] == '>')
                    {
                        pos += 3;
                        return SqlTokenKind.Comparison;
                    }

                    if (n == '<')
                    {
                        pos += 2;
                        return SqlTokenKind.Arithmetic;
                    }

                    pos += n is (byte)'=' or (byte)'>' ? 2 : 1;
                    return SqlTokenKind.Comparison;
                case (byte)'>':
                    if (n == '>')
                    {
                        pos += 2;
                        return SqlTokenKind.Arithmetic;
                    }

                    pos += n == '=' ? 2 : 1;
                    return SqlTokenKind.Comparison;
                case (byte)'!':
                    if (n is (byte)'=' or (byte)'<' or (byte)'>')
                    {
                        pos += 2;
                        return SqlTokenKind.Comparison;
                    }

                    pos++;
                    return SqlTokenKind.Prefix;
                case (byte)'~':
                    pos++;
                    return SqlTokenKind.Prefix;
                case (byte)'|':
                    if (n == '|')
                    {
                        pos += 2;
                        return SqlTokenKind.PipePipe;
                    }

                    pos++;
                    return SqlTokenKind.Arithmetic;
                case (byte)'&':
                    if (n == '&')
                    {
                        pos += 2;
                        return SqlTokenKind.AndAnd;
                    }

                    pos++;
                    return SqlTokenKind.Arithmetic;
                case (byte)'+':
                case (byte)'%':
                case (byte)'^':
                    pos++;
                    return SqlTokenKind.Arithmetic;
                case (byte)':':
                    if (n is (byte)':' or (byte)'=')
                    {
                        pos += 2;
                        return SqlTokenKind.Arithmetic;
                    }

                    if (IsWordStart(n))
                    {
                        pos++;
                        SkipWord();
                        return SqlTokenKind.Variable;
                    }

                    pos++;
                    return SqlTokenKind.Other;
                case (byte)'@':
                    if (n == '>')
                    {
                        pos += 2;
                        return SqlTokenKind.Comparison;
                    }

                    pos++;
                    if (n == '@')
                    {
                        pos++;
                    }

                    if (pos < s.Length && s[pos] is (byte)'\'' or (byte)'"' or (byte)'`')
                    {
                        return Quoted(pos + 1, s[pos]) == SqlTokenKind.String ? SqlTokenKind.Variable : SqlTokenKind.UnclosedString;
                    }

                    if (pos < s.Length && IsWordStart(s[pos]))
                    {
                        SkipWord();
                        return SqlTokenKind.Variable;
                    }

                    return n == '@' ? SqlTokenKind.Variable : SqlTokenKind.Other;
                case (byte)'\\':
                    // MySQL's \N is NULL.
                    pos += n == 'N' ? 2 : 1;
                    return n == 'N' ? SqlTokenKind.Number : SqlTokenKind.Other;
                case (byte)'$':
                    return Dollar();
                case (byte)'.':
                    if ((uint)(n - '0') <= 9)
                    {
                        return Number();
                    }

                    pos++;
                    return SqlTokenKind.Other;
                default:
                    if ((uint)(c - '0') <= 9)
                    {
                        return Number();
                    }

                    if (IsWordStart(c))
                    {
                        return Word();
                    }

                    pos++;
                    return SqlTokenKind.Other;
            }
        }
    }

    // A line comment that ends in a newline with more text after it hides only its line: the code
    // goes on, so it is reported as a closed comment (whitespace to the grammar).
    private SqlTokenKind LineComment()
    {
        int end = s[pos..].IndexOf((byte)'\n');
        pos = end < 0 ? s.Length : pos + end + 1;
        if (end >= 0)
        {
            int i = pos;
            while (i < s.Length && IsSpace(s[i]))
            {
                i++;
            }

            if (i < s.Length)
            {
                return SqlTokenKind.BlockComment;
            }
        }

        return SqlTokenKind.LineComment;
    }

    // A quoted literal starting at 'from' (after the opening quote): '' doubles, \ escapes (MySQL).
    private SqlTokenKind Quoted(int from, byte quote)
    {
        int end = QuotedEnd(from, quote);
        pos = end < 0 ? s.Length : end;
        return end < 0 ? SqlTokenKind.UnclosedString : SqlTokenKind.String;
    }

    /// <summary>
    /// The end (just after the closing quote) of the literal whose body starts at
    /// <paramref name="from"/>, or -1 when the text never closes it.
    /// </summary>
    public readonly int QuotedEnd(int from, byte quote)
    {
        int i = from;
        while (i < s.Length)
        {
            int k = NextQuoteOrEscape(i, quote);
            if (k < 0)
            {
                break;
            }

            i += k;
            if (s[i] == '\\')
            {
                i += 2;
                continue;
            }

            if (i + 1 < s.Length && s[i + 1] == quote)
            {
                i += 2;
                continue;
            }

            return i + 1;
        }

        return -1;
    }

    // Offset from i of the next 'quote' (or, for ' and ", backslash), or -1. Most literals in
    // values are a few bytes long: a scalar look at the first 16 bytes saves the vectorized
    // search's set-up on them (measured: 1 MiB list of quoted words 1.6x faster).
    private readonly int NextQuoteOrEscape(int i, byte quote)
    {
        ReadOnlySpan<byte> text = s;
        byte escape = quote == (byte)'`' ? quote : (byte)'\\';
        int limit = Math.Min(text.Length, i + 16);
        for (int j = i; j < limit; j++)
        {
            if (text[j] == quote || text[j] == escape)
            {
                return j - i;
            }
        }

        if (limit == text.Length)
        {
            return -1;
        }

        int k = quote == (byte)'`' ? text[limit..].IndexOf(quote) : text[limit..].IndexOfAny(quote, (byte)'\\');
        return k < 0 ? -1 : k + limit - i;
    }

    private SqlTokenKind Bracket()
    {
        if (!noClosingBracket)
        {
            int end = s[(pos + 1)..].IndexOf((byte)']');
            if (end >= 0)
            {
                pos += end + 2;
                return SqlTokenKind.Identifier;
            }

            // Remember, so a run of '[' is not searched once per bracket.
            noClosingBracket = true;
        }

        pos++;
        return SqlTokenKind.Other;
    }

    // $1 (parameter), $$…$$ and $tag$…$tag$ (PostgreSQL dollar quoting, section 4.1.2.4).
    private SqlTokenKind Dollar()
    {
        int i = pos + 1;
        if (i < s.Length && (uint)(s[i] - '0') <= 9)
        {
            while (i < s.Length && (uint)(s[i] - '0') <= 9)
            {
                i++;
            }

            pos = i;
            return SqlTokenKind.Variable;
        }

        while (i < s.Length && i - pos < 32 && IsWordPart(s[i]) && s[i] != '$')
        {
            i++;
        }

        if (i < s.Length && s[i] == '$')
        {
            ReadOnlySpan<byte> tag = s.Slice(pos, i + 1 - pos);
            int end = s[(i + 1)..].IndexOf(tag);
            if (end < 0)
            {
                pos = s.Length;
                return SqlTokenKind.UnclosedString;
            }

            pos = i + 1 + end + tag.Length;
            return SqlTokenKind.String;
        }

        pos++;
        return SqlTokenKind.Other;
    }

    private SqlTokenKind Number()
    {
        int i = pos;
        if (s[i] == '0' && i + 2 < s.Length && (s[i + 1] | 0x20) == 'x' && IsHex(s[i + 2]))
        {
            i += 2;
            while (i < s.Length && IsHex(s[i]))
            {
                i++;
            }

            pos = i;
            return SqlTokenKind.Number;
        }

        if (s[i] == '0' && i + 2 < s.Length && (s[i + 1] | 0x20) == 'b' && s[i + 2] is (byte)'0' or (byte)'1')
        {
            i += 2;
            while (i < s.Length && s[i] is (byte)'0' or (byte)'1')
            {
                i++;
            }

            pos = i;
            return SqlTokenKind.Number;
        }

        while (i < s.Length && (uint)(s[i] - '0') <= 9)
        {
            i++;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && (uint)(s[i] - '0') <= 9)
            {
                i++;
            }
        }

        if (i + 1 < s.Length && (s[i] | 0x20) == 'e')
        {
            int j = i + 1;
            if (s[j] is (byte)'+' or (byte)'-')
            {
                j++;
            }

            if (j < s.Length && (uint)(s[j] - '0') <= 9)
            {
                i = j;
                while (i < s.Length && (uint)(s[i] - '0') <= 9)
                {
                    i++;
                }
            }
        }

        // Digits run into letters (1a, 0_3, 2nd): one name-like operand, as MySQL reads identifiers
        // that begin with a digit; but a keyword glued to a number (1union, 1and) stays separate.
        if (i < s.Length && IsWordStart(s[i]))
        {
            int j = i;
            while (j < s.Length && IsWordPart(s[j]))
            {
                j++;
            }

            if (SqlKeywords.Lookup(s[i..j]) == SqlKeyword.None)
            {
                // 1FUNION, 1DUNION, 0xUNION: a type suffix or radix letter glued to a keyword.
                i = j - i > 2 && SqlKeywords.ClassOf(SqlKeywords.Lookup(s[(i + 1)..j])) is SqlKeywordClass.Clause or SqlKeywordClass.Logic ? i + 1 : j;
            }
        }

        pos = i;
        return SqlTokenKind.Number;
    }

    private SqlTokenKind Word()
    {
        byte c = s[pos];
        byte n = pos + 1 < s.Length ? s[pos + 1] : (byte)0;
        if (n == '\'')
        {
            switch (c | 0x20)
            {
                case 'n':
                case 'e':
                case 'b':
                case 'x':
                    return Quoted(pos + 2, (byte)'\'');
                case 'q':
                    return OracleQuote();
            }
        }

        int start = pos;
        SkipWord();
        int lastPart = start;
        while (pos + 1 < s.Length && s[pos] == '.')
        {
            // a.b, and SQL Server's db..name (default schema)
            int dots = s[pos + 1] == '.' ? 2 : 1;
            if (pos + dots >= s.Length || !IsWordStart(s[pos + dots]))
            {
                break;
            }

            Qualified = true;
            pos += dots;
            lastPart = pos;
            SkipWord();
        }

        Keyword = SqlKeywords.LookupAt(s, lastPart, pos - lastPart);
        if (pos < s.Length && s[pos] == '(')
        {
            ImmediateParen = true;
        }
        else
        {
            int i = pos;
            while (i < s.Length && IsSpace(s[i]))
            {
                i++;
            }

            ParenAfterSpace = i < s.Length && s[i] == '(';
        }

        return Qualified || Keyword == SqlKeyword.None ? SqlTokenKind.Identifier : SqlTokenKind.Keyword;
    }

    // Oracle alternative quoting q'<delim> … <delim>' (delimiters [] {} () <> pair up).
    private SqlTokenKind OracleQuote()
    {
        if (pos + 2 >= s.Length)
        {
            pos = s.Length;
            return SqlTokenKind.UnclosedString;
        }

        byte open = s[pos + 2];
        byte close = open switch
        {
            (byte)'[' => (byte)']',
            (byte)'{' => (byte)'}',
            (byte)'(' => (byte)')',
            (byte)'<' => (byte)'>',
            _ => open,
        };
        int i = pos + 3;
        while (i + 1 < s.Length)
        {
            int k = s[i..].IndexOf(close);
            if (k < 0)
            {
                break;
            }

            i += k;
            if (i + 1 < s.Length && s[i + 1] == '\'')
            {
                pos = i + 2;
                return SqlTokenKind.String;
            }

            i++;
        }

        pos = s.Length;
        return SqlTokenKind.UnclosedString;
    }

    private void SkipWord()
    {
        int i = pos;
        ReadOnlySpan<byte> text = s;
        while (i < text.Length && IsWordPart(text[i]))
        {
            i++;
        }

        pos = i;
    }

    private const byte SpaceClass = 1;
    private const byte WordStartClass = 2;
    private const byte WordPartClass = 4;
    private const byte DigitClass = 8;

    // Byte classes, one lookup instead of a chain of comparisons on the lexer's hottest tests:
    // space (' ' \t \n \r \v \f), word start (ASCII letters, '_', bytes >= 0x80), word part (word
    // start, digits, '$'), digit.
    private static ReadOnlySpan<byte> ByteClasses =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 0, 0, 0, 0, 0, 0,
        0, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
        6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 0, 0, 0, 0, 6,
        0, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
        6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 0, 0, 0, 0, 0,
        6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
        6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
        6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
        6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
        6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
        6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
        6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
        6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
    ];

    /// <summary>Whitespace between tokens: space, tab, LF, CR, VT, FF.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsSpace(byte b) => (ByteClasses[b] & SpaceClass) != 0;

    /// <summary>A byte that starts a word: an ASCII letter, '_', or any byte of a multi-byte UTF-8 character.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsWordStart(byte b) => (ByteClasses[b] & WordStartClass) != 0;

    /// <summary>A byte that continues a word: a word start, a digit or '$'.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsWordPart(byte b) => (ByteClasses[b] & WordPartClass) != 0;

    /// <summary>An ASCII digit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsDigit(byte b) => (ByteClasses[b] & DigitClass) != 0;

    private static bool IsHex(byte b) => (uint)(b - '0') <= 9 || (uint)((b | 0x20) - 'a') <= 'f' - 'a';
}
