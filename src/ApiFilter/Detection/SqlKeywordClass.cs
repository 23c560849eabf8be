namespace ApiFilter.Detection;

/// <summary>What role a <see cref="SqlKeyword"/> plays in the detector's grammar.</summary>
internal enum SqlKeywordClass : byte
{
    /// <summary>Not a keyword.</summary>
    None = 0,

    /// <summary>AND, OR, XOR, NOT.</summary>
    Logic,

    /// <summary>Infix words: LIKE, IN, IS, BETWEEN, DIV, …</summary>
    OperatorWord,

    /// <summary>Operand words: NULL, TRUE, CURRENT_USER, …</summary>
    Literal,

    /// <summary>Words that begin a statement: SELECT, DROP, EXEC, …</summary>
    Statement,

    /// <summary>Clause and structure words: UNION, FROM, ORDER, BY, CASE, …</summary>
    Clause,

    /// <summary>Functions whose purpose is delay (time-based blind injection).</summary>
    TimeFunction,

    /// <summary>Built-in functions common in injection (string slicing, metadata, conversion).</summary>
    Function,
}
