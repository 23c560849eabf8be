namespace ApiFilter.Detection;

/// <summary>The words of <see cref="SqlFragmentWords"/> that <see cref="SqlFragmentSignals"/> names in its sequences; every other known word is <see cref="Other"/>.</summary>
internal enum SqlFragmentWord : byte
{
    /// <summary>Not a known word.</summary>
    None = 0,

    /// <summary>A known word the sequences do not name (its <see cref="SqlWordTraits"/> say what it is).</summary>
    Other,

    /// <summary><c>SELECT</c>.</summary>
    Select,

    /// <summary><c>UNION</c>.</summary>
    Union,

    /// <summary><c>ALL</c>.</summary>
    All,

    /// <summary><c>DISTINCT</c>.</summary>
    Distinct,

    /// <summary><c>FROM</c>.</summary>
    From,

    /// <summary><c>WHERE</c>.</summary>
    Where,

    /// <summary><c>LIMIT</c>.</summary>
    Limit,

    /// <summary><c>ORDER</c>.</summary>
    Order,

    /// <summary><c>GROUP</c>.</summary>
    Group,

    /// <summary><c>BY</c>.</summary>
    By,

    /// <summary><c>HAVING</c>.</summary>
    Having,

    /// <summary><c>AS</c>.</summary>
    As,

    /// <summary><c>CASE</c>.</summary>
    Case,

    /// <summary><c>WHEN</c>.</summary>
    When,

    /// <summary><c>THEN</c>.</summary>
    Then,

    /// <summary><c>ELSE</c>.</summary>
    Else,

    /// <summary><c>AND</c>.</summary>
    And,

    /// <summary><c>OR</c>.</summary>
    Or,

    /// <summary><c>XOR</c>.</summary>
    Xor,

    /// <summary><c>NOT</c>.</summary>
    Not,

    /// <summary><c>IS</c>.</summary>
    Is,

    /// <summary><c>NULL</c>.</summary>
    Null,

    /// <summary><c>NOTNULL</c>.</summary>
    NotNull,

    /// <summary><c>ISNULL</c>.</summary>
    IsNull,

    /// <summary><c>LIKE</c>.</summary>
    Like,

    /// <summary><c>RLIKE</c>.</summary>
    Rlike,

    /// <summary><c>REGEXP</c>.</summary>
    Regexp,

    /// <summary><c>GLOB</c>.</summary>
    Glob,

    /// <summary><c>COLLATE</c>.</summary>
    Collate,

    /// <summary><c>SOUNDS</c>.</summary>
    Sounds,

    /// <summary><c>BETWEEN</c>.</summary>
    Between,

    /// <summary><c>IN</c>.</summary>
    In,

    /// <summary><c>EXISTS</c>.</summary>
    Exists,

    /// <summary><c>DIV</c>.</summary>
    Div,

    /// <summary><c>MOD</c>.</summary>
    Mod,

    /// <summary><c>INSERT</c>.</summary>
    Insert,

    /// <summary><c>INTO</c>.</summary>
    Into,

    /// <summary><c>UPDATE</c>.</summary>
    Update,

    /// <summary><c>SET</c>.</summary>
    Set,

    /// <summary><c>DELETE</c>.</summary>
    Delete,

    /// <summary><c>DROP</c>.</summary>
    Drop,

    /// <summary><c>CREATE</c>.</summary>
    Create,

    /// <summary><c>ALTER</c>.</summary>
    Alter,

    /// <summary><c>TRUNCATE</c>.</summary>
    Truncate,

    /// <summary><c>RENAME</c>.</summary>
    Rename,

    /// <summary><c>REPLACE</c>.</summary>
    Replace,

    /// <summary><c>EXEC</c>.</summary>
    Exec,

    /// <summary><c>EXECUTE</c>.</summary>
    Execute,

    /// <summary><c>IMMEDIATE</c>.</summary>
    Immediate,

    /// <summary><c>DECLARE</c>.</summary>
    Declare,

    /// <summary><c>SHUTDOWN</c>.</summary>
    Shutdown,

    /// <summary><c>WAITFOR</c>.</summary>
    Waitfor,

    /// <summary><c>DELAY</c>.</summary>
    Delay,

    /// <summary><c>TIME</c>.</summary>
    Time,

    /// <summary><c>VALUES</c>.</summary>
    Values,

    /// <summary><c>TABLE</c>.</summary>
    Table,

    /// <summary><c>DATABASE</c>.</summary>
    Database,

    /// <summary><c>SCHEMA</c>.</summary>
    Schema,

    /// <summary><c>VIEW</c>.</summary>
    View,

    /// <summary><c>PROCEDURE</c>.</summary>
    Procedure,

    /// <summary><c>FUNCTION</c>.</summary>
    Function,

    /// <summary><c>TRIGGER</c>.</summary>
    Trigger,

    /// <summary><c>INDEX</c>.</summary>
    Index,

    /// <summary><c>USER</c>.</summary>
    User,

    /// <summary><c>COLUMN</c>.</summary>
    Column,

    /// <summary><c>MASTER</c>.</summary>
    Master,

    /// <summary><c>MYSQL</c>.</summary>
    Mysql,

    /// <summary><c>MATCH</c>.</summary>
    Match,

    /// <summary><c>AGAINST</c>.</summary>
    Against,

    /// <summary><c>MERGE</c>.</summary>
    Merge,

    /// <summary><c>USING</c>.</summary>
    Using,

    /// <summary><c>EXCEPT</c>.</summary>
    Except,

    /// <summary><c>INTERSECT</c>.</summary>
    Intersect,

    /// <summary><c>PRINT</c>.</summary>
    Print,

    /// <summary><c>ANALYZE</c>.</summary>
    Analyze,

    /// <summary><c>IF</c>.</summary>
    If,

    /// <summary><c>LOAD</c>.</summary>
    Load,

    /// <summary><c>DATA</c>.</summary>
    Data,

    /// <summary><c>INFILE</c>.</summary>
    Infile,

    /// <summary><c>OUTFILE</c>.</summary>
    Outfile,

    /// <summary><c>DUMPFILE</c>.</summary>
    Dumpfile,

    /// <summary><c>CHARACTER</c>.</summary>
    Character,

    /// <summary><c>CHARSET</c>.</summary>
    Charset,

    /// <summary><c>GRANT</c>.</summary>
    Grant,

    /// <summary><c>REVOKE</c>.</summary>
    Revoke,

    /// <summary><c>OFFSET</c>.</summary>
    Offset,

    /// <summary><c>JOIN</c>.</summary>
    Join,

    /// <summary><c>ANY</c>.</summary>
    Any,

    /// <summary><c>SOME</c>.</summary>
    Some,

    /// <summary><c>ARRAY</c>.</summary>
    Array,

    /// <summary><c>SLEEP</c>.</summary>
    Sleep,

    /// <summary><c>BENCHMARK</c>.</summary>
    Benchmark,

    /// <summary><c>COUNT</c>.</summary>
    Count,
}
