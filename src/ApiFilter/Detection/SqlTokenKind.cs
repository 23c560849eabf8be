namespace ApiFilter.Detection;

/// <summary>Token classes of <see cref="SqlLexer"/>.</summary>
internal enum SqlTokenKind : byte
{
    /// <summary>End of the value.</summary>
    End,

    /// <summary>Decimal, hex (<c>0x1F</c>, <c>X'1F'</c>), binary (<c>0b101</c>, <c>B'101'</c>) or scientific number.</summary>
    Number,

    /// <summary>A closed string literal in any dialect's quoting (<c>'…'</c>, <c>"…"</c>, <c>N'…'</c>, <c>$$…$$</c>, <c>q'[…]'</c>).</summary>
    String,

    /// <summary>A string literal the value never closes: the query's own quote closes it.</summary>
    UnclosedString,

    /// <summary>A name: bare, qualified (<c>a.b</c>), <c>`quoted`</c> or <c>[bracketed]</c>.</summary>
    Identifier,

    /// <summary>A word of <see cref="SqlKeyword"/>.</summary>
    Keyword,

    /// <summary><c>@v</c>, <c>@@version</c>, <c>$1</c>, <c>:name</c>.</summary>
    Variable,

    /// <summary><c>= == &lt;&gt; != &lt; &gt; &lt;= &gt;= &lt;=&gt; !&lt; !&gt;</c>.</summary>
    Comparison,

    /// <summary><c>+ - * / % &amp; | ^ &lt;&lt; &gt;&gt; :: -&gt; -&gt;&gt; :=</c>.</summary>
    Arithmetic,

    /// <summary><c>&amp;&amp;</c> (MySQL AND).</summary>
    AndAnd,

    /// <summary><c>||</c>: OR in MySQL, concatenation in standard SQL.</summary>
    PipePipe,

    /// <summary><c>!</c> or <c>~</c> (prefix operators).</summary>
    Prefix,

    /// <summary><c>(</c>.</summary>
    LeftParen,

    /// <summary><c>)</c>.</summary>
    RightParen,

    /// <summary><c>,</c>.</summary>
    Comma,

    /// <summary><c>;</c>.</summary>
    Semicolon,

    /// <summary><c>--</c> or <c>#</c> to the end of the line.</summary>
    LineComment,

    /// <summary>A closed <c>/* … */</c>.</summary>
    BlockComment,

    /// <summary>A <c>/*</c> the value never closes: it comments out the rest of the query.</summary>
    UnclosedComment,

    /// <summary>Anything SQL has no use for here (<c>?</c>, <c>{</c>, a lone <c>$</c>, …).</summary>
    Other,
}
