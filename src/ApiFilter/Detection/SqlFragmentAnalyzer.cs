namespace ApiFilter.Detection;

/// <summary>
/// The decision procedure of <see cref="SqlInjectionDetector"/>: reads a value as the continuation
/// of a SQL expression, starting either in operand position (the value was pasted where a number or
/// name goes) or just after a string the value closes (the value was pasted inside quotes), and
/// follows an expression grammar (operand, operator, operand, …; parentheses; function calls;
/// clauses) token by token. The value is an injection when it stays grammatical long enough to do
/// something a datum never does: a boolean test joined with AND/OR, UNION SELECT, a second
/// statement, a delay function, a clause, or a comment that cuts the query's own tail off. A value
/// that breaks the grammar (the usual fate of prose: <c>O'Brien</c> closes the string, then
/// <c>Brien</c> cannot follow a string) is judged on what it did before the break.
/// </summary>
/// <remarks>One pass over the tokens with constant look-ahead: O(n).</remarks>
internal ref struct SqlFragmentAnalyzer
{
    private SqlLexer lex;
    private readonly bool quoted;

    private bool expectOperand;
    private int depth;
    private int significant;      // tokens after the start other than ')' (for "comment right after the quote")
    private bool logic;           // AND / OR / XOR / && / || after an operand
    private int logicOffset;
    private bool compareAfterLogic;
    private bool compare;
    private bool arithmetic;
    private bool funcAfterLogic;
    private bool knownFuncAfterLogic;
    private bool function;
    private bool literalAfterLogic;
    private bool clause;
    private int clauseOffset;
    private bool numberStart;
    private bool afterFunctionParen;
    private SqlTokenKind firstKind;

    private SqlFragmentAnalyzer(ReadOnlySpan<byte> text, int start, bool quoted)
    {
        lex = new SqlLexer(text, start);
        this.quoted = quoted;
        expectOperand = !quoted;
        firstKind = SqlTokenKind.End;
    }

    /// <summary>Judges <paramref name="text"/> read from <paramref name="start"/>.</summary>
    /// <param name="text">The value.</param>
    /// <param name="start">Where SQL reading starts: 0, or just after the quote that closes the string the value sits in.</param>
    /// <param name="quoted">True when the value closed a string at <paramref name="start"/>.</param>
    /// <param name="work">Incremented by the bytes examined.</param>
    public static DetectionResult Analyze(ReadOnlySpan<byte> text, int start, bool quoted, ref long work)
    {
        var a = new SqlFragmentAnalyzer(text, start, quoted);
        DetectionResult r = a.Run(start);
        work += a.lex.Work;
        return r;
    }

    private DetectionResult Run(int start)
    {
        int tokens = 0;
        while (true)
        {
            SqlTokenKind t = lex.Next();
            if (t == SqlTokenKind.BlockComment)
            {
                continue;
            }

            if (tokens++ == 0)
            {
                firstKind = t;
                numberStart = t == SqlTokenKind.Number || (t == SqlTokenKind.Arithmetic && !quoted);
            }

            if (t == SqlTokenKind.End)
            {
                return Decide(truncated: false, start);
            }

            if (t is SqlTokenKind.LineComment or SqlTokenKind.UnclosedComment)
            {
                return Decide(truncated: true, lex.Start);
            }

            if (t != SqlTokenKind.RightParen)
            {
                significant++;
            }

            DetectionResult hit;
            bool ok = expectOperand ? Operand(t, tokens == 1, out hit) : Operator(t, out hit);
            if (hit.Detected)
            {
                return hit;
            }

            if (!ok)
            {
                return Decide(truncated: false, start);
            }
        }
    }

    private bool Operand(SqlTokenKind t, bool first, out DetectionResult hit)
    {
        hit = default;
        bool emptyCallOk = afterFunctionParen;
        afterFunctionParen = false;
        switch (t)
        {
            case SqlTokenKind.Number:
                if (first && !quoted)
                {
                    numberStart = true;
                }

                if (logic)
                {
                    literalAfterLogic = true;
                }

                expectOperand = false;
                return true;
            case SqlTokenKind.String:
            case SqlTokenKind.UnclosedString:
            case SqlTokenKind.Variable:
                if (logic)
                {
                    literalAfterLogic = true;
                }

                expectOperand = false;
                return true;
            case SqlTokenKind.Identifier:
                if (lex.ImmediateParen || (lex.ParenAfterSpace && lex.Keyword != SqlKeyword.None))
                {
                    return Call(out hit);
                }

                expectOperand = false;
                return true;
            case SqlTokenKind.Keyword:
                return OperandKeyword(first, out hit);
            case SqlTokenKind.LeftParen:
                depth++;
                return true;
            case SqlTokenKind.RightParen:
                if (emptyCallOk)
                {
                    depth--;
                    expectOperand = false;
                    return true;
                }

                return false;
            case SqlTokenKind.Prefix:
                return true;
            case SqlTokenKind.Arithmetic:
                // unary minus/plus, or '*' as in COUNT(*) / SELECT *
                byte c = lex.Position > 0 ? LastByte() : (byte)0;
                if (c == '*')
                {
                    expectOperand = false;
                }

                return c is (byte)'-' or (byte)'+' or (byte)'*';
            default:
                return false;
        }
    }

    private readonly byte LastByte() => lex.ByteAt(lex.Position - 1);

    private bool OperandKeyword(bool first, out DetectionResult hit)
    {
        hit = default;
        SqlKeyword k = lex.Keyword;
        SqlKeywordClass cls = SqlKeywords.ClassOf(k);
        int at = lex.Start;
        switch (cls)
        {
            case SqlKeywordClass.TimeFunction:
            case SqlKeywordClass.Function:
                if (lex.ImmediateParen || lex.ParenAfterSpace)
                {
                    return Call(out hit);
                }

                // A function name without a call is a plain name (a column called "version").
                expectOperand = false;
                return true;
            case SqlKeywordClass.Literal:
                if (logic)
                {
                    literalAfterLogic = true;
                }

                expectOperand = false;
                return true;
            case SqlKeywordClass.Logic:
                // NOT as a prefix
                return k == SqlKeyword.Not;
        }

        switch (k)
        {
            case SqlKeyword.Select:
                return Select(first, at, out hit);
            case SqlKeyword.Case:
            case SqlKeyword.When:
            case SqlKeyword.Then:
            case SqlKeyword.Else:
            case SqlKeyword.Exists:
            case SqlKeyword.Interval:
            case SqlKeyword.Binary:
            case SqlKeyword.Distinct:
            case SqlKeyword.All:
                if (k is SqlKeyword.Case or SqlKeyword.Exists && logic)
                {
                    funcAfterLogic = knownFuncAfterLogic = true;
                }

                if (k is SqlKeyword.Case or SqlKeyword.Exists)
                {
                    function = true;
                }

                return true;
        }

        if (first && !quoted && cls == SqlKeywordClass.Statement)
        {
            // The whole value is a statement.
            var probe = lex;
            if (StatementFollows(k, ref probe, atStart: true))
            {
                hit = new DetectionResult(k == SqlKeyword.Waitfor ? DetectionReason.TimeBased : DetectionReason.Statement, at, false);
            }
        }

        return false;
    }

    private bool Select(bool first, int at, out DetectionResult hit)
    {
        hit = default;
        var probe = lex;
        if (first && !quoted && depth == 0)
        {
            if (StatementFollows(SqlKeyword.Select, ref probe, atStart: true))
            {
                hit = new DetectionResult(DetectionReason.Statement, at, false);
            }

            return false;
        }

        // A subquery in operand position: after a breakout, a logical operator or an open parenthesis.
        if ((quoted || logic || depth > 0) && SelectListFollows(ref probe, lenient: quoted || logic))
        {
            hit = new DetectionResult(logic ? DetectionReason.BooleanBlind : DetectionReason.ExpressionInjection, at, false);
        }

        return false;
    }

    private bool Call(out DetectionResult hit)
    {
        hit = default;
        int at = lex.Start;
        SqlKeyword k = lex.Keyword;
        bool known = k != SqlKeyword.None && SqlKeywords.ClassOf(k) is SqlKeywordClass.Function or SqlKeywordClass.TimeFunction;
        if (SqlKeywords.ClassOf(k) == SqlKeywordClass.TimeFunction)
        {
            var probe = lex;
            SqlTokenKind open = NextSignificant(ref probe);
            SqlTokenKind arg = NextSignificant(ref probe);
            if (open == SqlTokenKind.LeftParen && arg is SqlTokenKind.Number or SqlTokenKind.String or SqlTokenKind.Variable or SqlTokenKind.LeftParen or SqlTokenKind.Keyword or SqlTokenKind.Identifier)
            {
                hit = new DetectionResult(DetectionReason.TimeBased, at, false);
                return true;
            }
        }

        function = true;
        if (logic)
        {
            funcAfterLogic = true;
            knownFuncAfterLogic |= known;
        }

        // consume '('
        SqlTokenKind paren = lex.Next();
        while (paren == SqlTokenKind.BlockComment)
        {
            paren = lex.Next();
        }

        if (paren != SqlTokenKind.LeftParen)
        {
            return false;
        }

        depth++;
        afterFunctionParen = true;
        expectOperand = true;
        return true;
    }

    private bool Operator(SqlTokenKind t, out DetectionResult hit)
    {
        hit = default;
        int at = lex.Start;
        switch (t)
        {
            case SqlTokenKind.Comparison:
                compare = true;
                compareAfterLogic |= logic;
                expectOperand = true;
                return true;
            case SqlTokenKind.Arithmetic:
                arithmetic = true;
                expectOperand = true;
                return true;
            case SqlTokenKind.AndAnd:
                SetLogic(at);
                return true;
            case SqlTokenKind.PipePipe:
                arithmetic = true;
                SetLogic(at);
                return true;
            case SqlTokenKind.RightParen:
                depth--;
                return true;
            case SqlTokenKind.Comma:
                if (depth > 0 || clause)
                {
                    expectOperand = true;
                    return true;
                }

                return false;
            case SqlTokenKind.Semicolon:
                {
                    var probe = lex;
                    SqlTokenKind next = NextSignificant(ref probe);
                    if (next is SqlTokenKind.End or SqlTokenKind.LineComment or SqlTokenKind.UnclosedComment)
                    {
                        // "';" then nothing: the query's tail is cut off just the same.
                        hit = quoted && significant == 1 ? new DetectionResult(DetectionReason.CommentTruncation, at, false) : default;
                        return false;
                    }

                    if (next == SqlTokenKind.Keyword && SqlKeywords.ClassOf(probe.Keyword) == SqlKeywordClass.Statement)
                    {
                        SqlKeyword k = probe.Keyword;
                        if (StatementFollows(k, ref probe, atStart: false))
                        {
                            hit = new DetectionResult(k == SqlKeyword.Waitfor ? DetectionReason.TimeBased : DetectionReason.StackedQuery, at, false);
                        }
                    }

                    return false;
                }

            case SqlTokenKind.Keyword:
                return OperatorKeyword(at, out hit);
            default:
                return false;
        }
    }

    private void SetLogic(int at)
    {
        if (!logic)
        {
            logicOffset = at;
        }

        logic = true;
        expectOperand = true;
    }

    private bool OperatorKeyword(int at, out DetectionResult hit)
    {
        hit = default;
        SqlKeyword k = lex.Keyword;
        switch (k)
        {
            case SqlKeyword.And:
            case SqlKeyword.Or:
            case SqlKeyword.Xor:
                SetLogic(at);
                return true;
            case SqlKeyword.Not:
                // NOT LIKE / NOT IN / NOT BETWEEN / IS NOT
                return true;
            case SqlKeyword.Like:
            case SqlKeyword.Rlike:
            case SqlKeyword.Regexp:
            case SqlKeyword.Ilike:
            case SqlKeyword.Glob:
            case SqlKeyword.In:
            case SqlKeyword.Is:
            case SqlKeyword.Between:
            case SqlKeyword.Similar:
                compare = true;
                compareAfterLogic |= logic;
                expectOperand = true;
                return true;
            case SqlKeyword.Sounds:
            case SqlKeyword.Div:
            case SqlKeyword.Mod:
            case SqlKeyword.Collate:
            case SqlKeyword.Escape:
                arithmetic = true;
                expectOperand = true;
                return true;
            case SqlKeyword.End:
            case SqlKeyword.Asc:
            case SqlKeyword.Desc:
                return true;
            case SqlKeyword.When:
            case SqlKeyword.Then:
            case SqlKeyword.Else:
            case SqlKeyword.As:
                expectOperand = true;
                return true;
            case SqlKeyword.Union:
            case SqlKeyword.Intersect:
            case SqlKeyword.Except:
            case SqlKeyword.Minus:
                {
                    var probe = lex;
                    SqlTokenKind next = NextSignificant(ref probe);
                    if (next == SqlTokenKind.Keyword && probe.Keyword is SqlKeyword.All or SqlKeyword.Distinct)
                    {
                        next = NextSignificant(ref probe);
                    }

                    while (next == SqlTokenKind.LeftParen)
                    {
                        next = NextSignificant(ref probe);
                    }

                    if (next == SqlTokenKind.Keyword && probe.Keyword == SqlKeyword.Select)
                    {
                        hit = new DetectionResult(DetectionReason.UnionSelect, at, false);
                    }

                    return false;
                }

            case SqlKeyword.Order:
            case SqlKeyword.Group:
                {
                    var probe = lex;
                    if (NextSignificant(ref probe) == SqlTokenKind.Keyword && probe.Keyword == SqlKeyword.By)
                    {
                        lex = probe;
                        MarkClause(at);
                        return true;
                    }

                    return false;
                }

            case SqlKeyword.Having:
            case SqlKeyword.Limit:
            case SqlKeyword.Offset:
            case SqlKeyword.Where:
            case SqlKeyword.From:
                MarkClause(at);
                return true;
            case SqlKeyword.Procedure:
            case SqlKeyword.Into:
                {
                    var probe = lex;
                    SqlTokenKind next = NextSignificant(ref probe);
                    bool ok = k == SqlKeyword.Procedure
                        ? next == SqlTokenKind.Identifier || (next == SqlTokenKind.Keyword && probe.Keyword == SqlKeyword.Analyse)
                        : (next == SqlTokenKind.Keyword && probe.Keyword is SqlKeyword.Outfile or SqlKeyword.Dumpfile) || next == SqlTokenKind.Variable;
                    if (ok && (quoted || numberStart || depth < 0))
                    {
                        hit = new DetectionResult(DetectionReason.ClauseInjection, at, false);
                    }

                    return false;
                }
        }

        // A statement keyword right after an operand: SQL Server runs a batch's statements without ';'.
        if (SqlKeywords.ClassOf(k) == SqlKeywordClass.Statement && depth <= 0 && (quoted || numberStart))
        {
            var probe = lex;
            if (k is SqlKeyword.Waitfor or SqlKeyword.Exec or SqlKeyword.Execute or SqlKeyword.Declare or SqlKeyword.Shutdown or SqlKeyword.Drop or SqlKeyword.Select
                && StatementFollows(k, ref probe, atStart: true))
            {
                hit = new DetectionResult(k == SqlKeyword.Waitfor ? DetectionReason.TimeBased : DetectionReason.StackedQuery, at, false);
            }
        }

        return false;
    }

    private void MarkClause(int at)
    {
        if (!clause)
        {
            clauseOffset = at;
        }

        clause = true;
        expectOperand = true;
    }

    private readonly DetectionResult Decide(bool truncated, int at)
    {
        if (quoted)
        {
            if (logic && (compareAfterLogic || funcAfterLogic || literalAfterLogic || truncated || depth < 0))
            {
                return new DetectionResult(compareAfterLogic || literalAfterLogic ? DetectionReason.Tautology : DetectionReason.BooleanBlind, logicOffset, false);
            }

            if (truncated && significant == 0)
            {
                return new DetectionResult(DetectionReason.CommentTruncation, at, false);
            }

            if (arithmetic && function)
            {
                return new DetectionResult(DetectionReason.ExpressionInjection, at, false);
            }

            if (compare && truncated)
            {
                return new DetectionResult(DetectionReason.Tautology, at, false);
            }

            if (clause && !expectOperand)
            {
                return new DetectionResult(DetectionReason.ClauseInjection, clauseOffset, false);
            }

            return default;
        }

        if (logic && (compareAfterLogic || knownFuncAfterLogic))
        {
            return new DetectionResult(compareAfterLogic ? DetectionReason.Tautology : DetectionReason.BooleanBlind, logicOffset, false);
        }

        if (numberStart && logic && (truncated || depth < 0) && literalAfterLogic)
        {
            return new DetectionResult(DetectionReason.Tautology, logicOffset, false);
        }

        if ((numberStart || depth < 0) && clause && !expectOperand && firstKind != SqlTokenKind.End)
        {
            return new DetectionResult(DetectionReason.ClauseInjection, clauseOffset, false);
        }

        return default;
    }

    private static SqlTokenKind NextSignificant(ref SqlLexer probe)
    {
        SqlTokenKind t;
        do
        {
            t = probe.Next();
        }
        while (t == SqlTokenKind.BlockComment);
        return t;
    }

    // After SELECT: something a select list starts with.
    private static bool SelectListFollows(ref SqlLexer probe, bool lenient)
    {
        SqlTokenKind t = NextSignificant(ref probe);
        switch (t)
        {
            case SqlTokenKind.Number:
            case SqlTokenKind.String:
            case SqlTokenKind.Variable:
            case SqlTokenKind.LeftParen:
                return true;
            case SqlTokenKind.Arithmetic:
                return probe.Position > 0 && probe.ByteAt(probe.Position - 1) == '*';
            case SqlTokenKind.Keyword:
                SqlKeywordClass cls = SqlKeywords.ClassOf(probe.Keyword);
                return cls is SqlKeywordClass.Function or SqlKeywordClass.TimeFunction or SqlKeywordClass.Literal
                    || probe.Keyword is SqlKeyword.Distinct or SqlKeyword.All or SqlKeyword.Top or SqlKeyword.Case or SqlKeyword.Not;
            case SqlTokenKind.Identifier:
                if (lenient || probe.ImmediateParen)
                {
                    return true;
                }

                // SELECT name , … / SELECT name FROM table <end of statement>
                SqlTokenKind after = NextSignificant(ref probe);
                if (after == SqlTokenKind.Comma)
                {
                    return true;
                }

                if (after != SqlTokenKind.Keyword || probe.Keyword != SqlKeyword.From)
                {
                    return false;
                }

                if (NextSignificant(ref probe) != SqlTokenKind.Identifier)
                {
                    return false;
                }

                SqlTokenKind tail = NextSignificant(ref probe);
                return tail is SqlTokenKind.End or SqlTokenKind.Semicolon or SqlTokenKind.LineComment or SqlTokenKind.UnclosedComment
                    || (tail == SqlTokenKind.Keyword && probe.Keyword is SqlKeyword.Where or SqlKeyword.Limit or SqlKeyword.Order or SqlKeyword.Group or SqlKeyword.Union or SqlKeyword.Join);
            default:
                return false;
        }
    }

    // Whether a statement of kind k plausibly follows (probe is just after the keyword).
    private static bool StatementFollows(SqlKeyword k, ref SqlLexer probe, bool atStart)
    {
        switch (k)
        {
            case SqlKeyword.Select:
                return SelectListFollows(ref probe, lenient: !atStart);
            case SqlKeyword.Insert:
            case SqlKeyword.Replace:
                return NextSignificant(ref probe) == SqlTokenKind.Keyword && probe.Keyword == SqlKeyword.Into
                    && NextSignificant(ref probe) is SqlTokenKind.Identifier or SqlTokenKind.Keyword;
            case SqlKeyword.Update:
                return NextSignificant(ref probe) is SqlTokenKind.Identifier or SqlTokenKind.Keyword
                    && NextSignificant(ref probe) == SqlTokenKind.Keyword && probe.Keyword == SqlKeyword.Set;
            case SqlKeyword.Delete:
                {
                    SqlTokenKind t = NextSignificant(ref probe);
                    if (t == SqlTokenKind.Identifier)
                    {
                        t = NextSignificant(ref probe);
                    }

                    return t == SqlTokenKind.Keyword && probe.Keyword == SqlKeyword.From && NextSignificant(ref probe) is SqlTokenKind.Identifier or SqlTokenKind.Keyword;
                }

            case SqlKeyword.Drop:
            case SqlKeyword.Create:
            case SqlKeyword.Alter:
            case SqlKeyword.Truncate:
                {
                    SqlTokenKind t = NextSignificant(ref probe);
                    bool objectWord = (t == SqlTokenKind.Keyword && probe.Keyword is SqlKeyword.Table or SqlKeyword.Database or SqlKeyword.Schema or SqlKeyword.Procedure or SqlKeyword.User or SqlKeyword.Function)
                        || (t == SqlTokenKind.Identifier && !atStart);
                    if (!objectWord)
                    {
                        return false;
                    }

                    SqlTokenKind name = NextSignificant(ref probe);
                    if (name is not (SqlTokenKind.Identifier or SqlTokenKind.Keyword or SqlTokenKind.String))
                    {
                        return false;
                    }

                    if (!atStart)
                    {
                        return true;
                    }

                    SqlTokenKind tail = NextSignificant(ref probe);
                    return tail is SqlTokenKind.End or SqlTokenKind.Semicolon or SqlTokenKind.LineComment or SqlTokenKind.UnclosedComment or SqlTokenKind.LeftParen or SqlTokenKind.Comma;
                }

            case SqlKeyword.Exec:
            case SqlKeyword.Execute:
                {
                    SqlTokenKind t = NextSignificant(ref probe);
                    if (t is SqlTokenKind.LeftParen or SqlTokenKind.Variable || (t == SqlTokenKind.String && !atStart))
                    {
                        return true;
                    }

                    if (t == SqlTokenKind.Identifier || t == SqlTokenKind.Keyword)
                    {
                        return !atStart || probe.Qualified || probe.Keyword is SqlKeyword.XpCmdshell or SqlKeyword.SpExecutesql || StartsWithProcPrefix(ref probe);
                    }

                    return false;
                }

            case SqlKeyword.Declare:
                return NextSignificant(ref probe) == SqlTokenKind.Variable;
            case SqlKeyword.Shutdown:
                {
                    SqlTokenKind t = NextSignificant(ref probe);
                    return t is SqlTokenKind.End or SqlTokenKind.Semicolon or SqlTokenKind.LineComment or SqlTokenKind.UnclosedComment
                        || (t == SqlTokenKind.Keyword && probe.Keyword == SqlKeyword.With);
                }

            case SqlKeyword.Waitfor:
                {
                    SqlTokenKind t = NextSignificant(ref probe);
                    return t == SqlTokenKind.Keyword && probe.Keyword is SqlKeyword.Delay or SqlKeyword.Time;
                }

            case SqlKeyword.Set:
                {
                    SqlTokenKind t = NextSignificant(ref probe);
                    return !atStart && t is SqlTokenKind.Variable or SqlTokenKind.Identifier or SqlTokenKind.Keyword;
                }

            default:
                {
                    // Other statements only count after a separator, with something to act on.
                    SqlTokenKind t = NextSignificant(ref probe);
                    return !atStart && t is SqlTokenKind.Identifier or SqlTokenKind.Keyword or SqlTokenKind.Variable or SqlTokenKind.String or SqlTokenKind.LeftParen or SqlTokenKind.Number;
                }
        }
    }

    private static bool StartsWithProcPrefix(ref SqlLexer probe)
    {
        byte a = probe.ByteAt(probe.Start);
        byte b = probe.Start + 2 < probe.Position ? probe.ByteAt(probe.Start + 1) : (byte)0;
        byte c = probe.Start + 2 < probe.Position ? probe.ByteAt(probe.Start + 2) : (byte)0;
        return (a | 0x20) is (byte)'x' or (byte)'s' && (b | 0x20) == 'p' && c == '_';
    }
}
