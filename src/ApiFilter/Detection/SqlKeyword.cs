namespace ApiFilter.Detection;

/// <summary>SQL words the detector's grammar distinguishes, grouped by <see cref="SqlKeywordClass"/>.</summary>
internal enum SqlKeyword : byte
{
    /// <summary>Not a keyword.</summary>
    None = 0,

    /// <summary><c>AND</c>.</summary>
    And,

    /// <summary><c>OR</c>.</summary>
    Or,

    /// <summary><c>XOR</c>.</summary>
    Xor,

    /// <summary><c>NOT</c>.</summary>
    Not,

    /// <summary><c>LIKE</c>.</summary>
    Like,

    /// <summary><c>RLIKE</c>.</summary>
    Rlike,

    /// <summary><c>REGEXP</c>.</summary>
    Regexp,

    /// <summary><c>ILIKE</c>.</summary>
    Ilike,

    /// <summary><c>GLOB</c>.</summary>
    Glob,

    /// <summary><c>IN</c>.</summary>
    In,

    /// <summary><c>IS</c>.</summary>
    Is,

    /// <summary><c>BETWEEN</c>.</summary>
    Between,

    /// <summary><c>DIV</c>.</summary>
    Div,

    /// <summary><c>MOD</c>.</summary>
    Mod,

    /// <summary><c>SOUNDS</c>.</summary>
    Sounds,

    /// <summary><c>COLLATE</c>.</summary>
    Collate,

    /// <summary><c>ESCAPE</c>.</summary>
    Escape,

    /// <summary><c>SIMILAR</c>.</summary>
    Similar,

    /// <summary><c>MATCH</c>.</summary>
    Match,

    /// <summary><c>AGAINST</c>.</summary>
    Against,

    /// <summary><c>NULL</c>.</summary>
    Null,

    /// <summary><c>TRUE</c>.</summary>
    True,

    /// <summary><c>FALSE</c>.</summary>
    False,

    /// <summary><c>UNKNOWN</c>.</summary>
    Unknown,

    /// <summary><c>CURRENT_USER</c>.</summary>
    CurrentUser,

    /// <summary><c>CURRENT_DATE</c>.</summary>
    CurrentDate,

    /// <summary><c>CURRENT_TIME</c>.</summary>
    CurrentTime,

    /// <summary><c>CURRENT_TIMESTAMP</c>.</summary>
    CurrentTimestamp,

    /// <summary><c>SYSTEM_USER</c>.</summary>
    SystemUser,

    /// <summary><c>SESSION_USER</c>.</summary>
    SessionUser,

    /// <summary><c>LOCALTIME</c>.</summary>
    Localtime,

    /// <summary><c>ROWNUM</c>.</summary>
    Rownum,

    /// <summary><c>SELECT</c>.</summary>
    Select,

    /// <summary><c>INSERT</c>.</summary>
    Insert,

    /// <summary><c>UPDATE</c>.</summary>
    Update,

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

    /// <summary><c>EXEC</c>.</summary>
    Exec,

    /// <summary><c>EXECUTE</c>.</summary>
    Execute,

    /// <summary><c>DECLARE</c>.</summary>
    Declare,

    /// <summary><c>SET</c>.</summary>
    Set,

    /// <summary><c>SHUTDOWN</c>.</summary>
    Shutdown,

    /// <summary><c>WAITFOR</c>.</summary>
    Waitfor,

    /// <summary><c>USE</c>.</summary>
    Use,

    /// <summary><c>SHOW</c>.</summary>
    Show,

    /// <summary><c>GRANT</c>.</summary>
    Grant,

    /// <summary><c>REVOKE</c>.</summary>
    Revoke,

    /// <summary><c>CALL</c>.</summary>
    Call,

    /// <summary><c>LOAD</c>.</summary>
    Load,

    /// <summary><c>MERGE</c>.</summary>
    Merge,

    /// <summary><c>BEGIN</c>.</summary>
    Begin,

    /// <summary><c>HANDLER</c>.</summary>
    Handler,

    /// <summary><c>PREPARE</c>.</summary>
    Prepare,

    /// <summary><c>COPY</c>.</summary>
    Copy,

    /// <summary><c>KILL</c>.</summary>
    Kill,

    /// <summary><c>RENAME</c>.</summary>
    Rename,

    /// <summary><c>BACKUP</c>.</summary>
    Backup,

    /// <summary><c>RESTORE</c>.</summary>
    Restore,

    /// <summary><c>DBCC</c>.</summary>
    Dbcc,

    /// <summary><c>WITH</c>.</summary>
    With,

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

    /// <summary><c>GROUP</c>.</summary>
    Group,

    /// <summary><c>ORDER</c>.</summary>
    Order,

    /// <summary><c>BY</c>.</summary>
    By,

    /// <summary><c>HAVING</c>.</summary>
    Having,

    /// <summary><c>LIMIT</c>.</summary>
    Limit,

    /// <summary><c>OFFSET</c>.</summary>
    Offset,

    /// <summary><c>INTO</c>.</summary>
    Into,

    /// <summary><c>OUTFILE</c>.</summary>
    Outfile,

    /// <summary><c>DUMPFILE</c>.</summary>
    Dumpfile,

    /// <summary><c>PROCEDURE</c>.</summary>
    Procedure,

    /// <summary><c>AS</c>.</summary>
    As,

    /// <summary><c>ON</c>.</summary>
    On,

    /// <summary><c>JOIN</c>.</summary>
    Join,

    /// <summary><c>TABLE</c>.</summary>
    Table,

    /// <summary><c>DATABASE</c>.</summary>
    Database,

    /// <summary><c>SCHEMA</c>.</summary>
    Schema,

    /// <summary><c>TOP</c>.</summary>
    Top,

    /// <summary><c>CASE</c>.</summary>
    Case,

    /// <summary><c>WHEN</c>.</summary>
    When,

    /// <summary><c>THEN</c>.</summary>
    Then,

    /// <summary><c>ELSE</c>.</summary>
    Else,

    /// <summary><c>END</c>.</summary>
    End,

    /// <summary><c>EXISTS</c>.</summary>
    Exists,

    /// <summary><c>INTERVAL</c>.</summary>
    Interval,

    /// <summary><c>BINARY</c>.</summary>
    Binary,

    /// <summary><c>DELAY</c>.</summary>
    Delay,

    /// <summary><c>TIME</c>.</summary>
    Time,

    /// <summary><c>FOR</c>.</summary>
    For,

    /// <summary><c>INTERSECT</c>.</summary>
    Intersect,

    /// <summary><c>EXCEPT</c>.</summary>
    Except,

    /// <summary><c>MINUS</c>.</summary>
    Minus,

    /// <summary><c>ASC</c>.</summary>
    Asc,

    /// <summary><c>DESC</c>.</summary>
    Desc,

    /// <summary><c>VALUES</c>.</summary>
    Values,

    /// <summary><c>ROLLUP</c>.</summary>
    Rollup,

    /// <summary><c>ANALYSE</c>.</summary>
    Analyse,

    /// <summary><c>INNER</c>.</summary>
    Inner,

    /// <summary><c>OUTER</c>.</summary>
    Outer,

    /// <summary><c>CROSS</c>.</summary>
    Cross,

    /// <summary><c>NATURAL</c>.</summary>
    Natural,

    /// <summary><c>FETCH</c>.</summary>
    Fetch,

    /// <summary><c>ROWS</c>.</summary>
    Rows,

    /// <summary><c>ONLY</c>.</summary>
    Only,

    /// <summary><c>NOWAIT</c>.</summary>
    Nowait,

    /// <summary><c>SLEEP</c>.</summary>
    Sleep,

    /// <summary><c>BENCHMARK</c>.</summary>
    Benchmark,

    /// <summary><c>PG_SLEEP</c>.</summary>
    PgSleep,

    /// <summary><c>RANDOMBLOB</c>.</summary>
    Randomblob,

    /// <summary><c>GET_LOCK</c>.</summary>
    GetLock,

    /// <summary><c>RECEIVE_MESSAGE</c>.</summary>
    ReceiveMessage,

    /// <summary><c>CHAR</c>.</summary>
    Char,

    /// <summary><c>CHR</c>.</summary>
    Chr,

    /// <summary><c>NCHAR</c>.</summary>
    Nchar,

    /// <summary><c>CONCAT</c>.</summary>
    Concat,

    /// <summary><c>CONCAT_WS</c>.</summary>
    ConcatWs,

    /// <summary><c>GROUP_CONCAT</c>.</summary>
    GroupConcat,

    /// <summary><c>STRING_AGG</c>.</summary>
    StringAgg,

    /// <summary><c>SUBSTRING</c>.</summary>
    Substring,

    /// <summary><c>SUBSTR</c>.</summary>
    Substr,

    /// <summary><c>SUBSTRING_INDEX</c>.</summary>
    SubstringIndex,

    /// <summary><c>MID</c>.</summary>
    Mid,

    /// <summary><c>ASCII</c>.</summary>
    Ascii,

    /// <summary><c>UNICODE</c>.</summary>
    Unicode,

    /// <summary><c>ORD</c>.</summary>
    Ord,

    /// <summary><c>HEX</c>.</summary>
    Hex,

    /// <summary><c>UNHEX</c>.</summary>
    Unhex,

    /// <summary><c>LENGTH</c>.</summary>
    Length,

    /// <summary><c>LEN</c>.</summary>
    Len,

    /// <summary><c>CHAR_LENGTH</c>.</summary>
    CharLength,

    /// <summary><c>IF</c>.</summary>
    If,

    /// <summary><c>IIF</c>.</summary>
    Iif,

    /// <summary><c>IFNULL</c>.</summary>
    Ifnull,

    /// <summary><c>ISNULL</c>.</summary>
    Isnull,

    /// <summary><c>NULLIF</c>.</summary>
    Nullif,

    /// <summary><c>NVL</c>.</summary>
    Nvl,

    /// <summary><c>COALESCE</c>.</summary>
    Coalesce,

    /// <summary><c>CAST</c>.</summary>
    Cast,

    /// <summary><c>CONVERT</c>.</summary>
    Convert,

    /// <summary><c>VERSION</c>.</summary>
    Version,

    /// <summary><c>USER</c>.</summary>
    User,

    /// <summary><c>DB_NAME</c>.</summary>
    DbName,

    /// <summary><c>USER_NAME</c>.</summary>
    UserName,

    /// <summary><c>SUSER_NAME</c>.</summary>
    SuserName,

    /// <summary><c>HOST_NAME</c>.</summary>
    HostName,

    /// <summary><c>EXTRACTVALUE</c>.</summary>
    Extractvalue,

    /// <summary><c>UPDATEXML</c>.</summary>
    Updatexml,

    /// <summary><c>LOAD_FILE</c>.</summary>
    LoadFile,

    /// <summary><c>COUNT</c>.</summary>
    Count,

    /// <summary><c>RAND</c>.</summary>
    Rand,

    /// <summary><c>FLOOR</c>.</summary>
    Floor,

    /// <summary><c>MD5</c>.</summary>
    Md5,

    /// <summary><c>SHA1</c>.</summary>
    Sha1,

    /// <summary><c>NAME_CONST</c>.</summary>
    NameConst,

    /// <summary><c>LOWER</c>.</summary>
    Lower,

    /// <summary><c>UPPER</c>.</summary>
    Upper,

    /// <summary><c>LCASE</c>.</summary>
    Lcase,

    /// <summary><c>UCASE</c>.</summary>
    Ucase,

    /// <summary><c>REVERSE</c>.</summary>
    Reverse,

    /// <summary><c>INSTR</c>.</summary>
    Instr,

    /// <summary><c>LOCATE</c>.</summary>
    Locate,

    /// <summary><c>POSITION</c>.</summary>
    Position,

    /// <summary><c>ELT</c>.</summary>
    Elt,

    /// <summary><c>MAKE_SET</c>.</summary>
    MakeSet,

    /// <summary><c>EXPORT_SET</c>.</summary>
    ExportSet,

    /// <summary><c>BIN</c>.</summary>
    Bin,

    /// <summary><c>OCT</c>.</summary>
    Oct,

    /// <summary><c>CONV</c>.</summary>
    Conv,

    /// <summary><c>NOW</c>.</summary>
    Now,

    /// <summary><c>SYSDATE</c>.</summary>
    Sysdate,

    /// <summary><c>ABS</c>.</summary>
    Abs,

    /// <summary><c>EXP</c>.</summary>
    Exp,

    /// <summary><c>LEAST</c>.</summary>
    Least,

    /// <summary><c>GREATEST</c>.</summary>
    Greatest,

    /// <summary><c>STRCMP</c>.</summary>
    Strcmp,

    /// <summary><c>FIELD</c>.</summary>
    Field,

    /// <summary><c>FIND_IN_SET</c>.</summary>
    FindInSet,

    /// <summary><c>LPAD</c>.</summary>
    Lpad,

    /// <summary><c>RPAD</c>.</summary>
    Rpad,

    /// <summary><c>REPEAT</c>.</summary>
    Repeat,

    /// <summary><c>TRIM</c>.</summary>
    Trim,

    /// <summary><c>SOUNDEX</c>.</summary>
    Soundex,

    /// <summary><c>CURRENT_DATABASE</c>.</summary>
    CurrentDatabase,

    /// <summary><c>PG_READ_FILE</c>.</summary>
    PgReadFile,

    /// <summary><c>SYS_CONTEXT</c>.</summary>
    SysContext,

    /// <summary><c>OPENROWSET</c>.</summary>
    Openrowset,

    /// <summary><c>OPENDATASOURCE</c>.</summary>
    Opendatasource,

    /// <summary><c>CHOOSE</c>.</summary>
    Choose,

    /// <summary><c>XP_CMDSHELL</c>.</summary>
    XpCmdshell,

    /// <summary><c>SP_EXECUTESQL</c>.</summary>
    SpExecutesql,

    /// <summary><c>UTL_INADDR</c>.</summary>
    UtlInaddr,

    /// <summary><c>UTL_HTTP</c>.</summary>
    UtlHttp,

    /// <summary><c>DBMS_PIPE</c>.</summary>
    DbmsPipe,

    /// <summary><c>DBMS_LOCK</c>.</summary>
    DbmsLock,

    /// <summary><c>JSON_EXTRACT</c>.</summary>
    JsonExtract,

    /// <summary><c>JSON_KEYS</c>.</summary>
    JsonKeys,

    /// <summary><c>GTID_SUBSET</c>.</summary>
    GtidSubset,

    /// <summary><c>ROW</c>.</summary>
    Row,

    /// <summary><c>EXTRACT</c>.</summary>
    Extract,

    /// <summary><c>BIT_LENGTH</c>.</summary>
    BitLength,

    /// <summary><c>MAX</c>.</summary>
    Max,

    /// <summary><c>MIN</c>.</summary>
    Min,

    /// <summary><c>SUM</c>.</summary>
    Sum,

    /// <summary><c>AVG</c>.</summary>
    Avg,

    /// <summary><c>TO_CHAR</c>.</summary>
    ToChar,

    /// <summary><c>TO_NUMBER</c>.</summary>
    ToNumber,

    /// <summary><c>QUOTE_IDENT</c>.</summary>
    QuoteIdent,

    /// <summary><c>SQLITE_VERSION</c>.</summary>
    SqliteVersion,

    /// <summary><c>TYPEOF</c>.</summary>
    Typeof,

    /// <summary><c>CTXSYS</c>.</summary>
    Ctxsys,

    /// <summary><c>REPLACE</c>.</summary>
    Replace,

    /// <summary><c>FUNCTION</c>.</summary>
    Function,

    /// <summary><c>VIEW</c>.</summary>
    View,

    /// <summary><c>INDEX</c>.</summary>
    Index,

    /// <summary><c>TRIGGER</c>.</summary>
    Trigger,

    /// <summary><c>WHILE</c>.</summary>
    While,

    /// <summary><c>PI</c>.</summary>
    Pi,

    /// <summary><c>SIN</c>.</summary>
    Sin,

    /// <summary><c>COS</c>.</summary>
    Cos,

    /// <summary><c>TAN</c>.</summary>
    Tan,

    /// <summary><c>ATAN</c>.</summary>
    Atan,

    /// <summary><c>LOG</c>.</summary>
    Log,

    /// <summary><c>LN</c>.</summary>
    Ln,

    /// <summary><c>SQRT</c>.</summary>
    Sqrt,

    /// <summary><c>POW</c>.</summary>
    Pow,

    /// <summary><c>POWER</c>.</summary>
    Power,

    /// <summary><c>ROUND</c>.</summary>
    Round,

    /// <summary><c>CEIL</c>.</summary>
    Ceil,

    /// <summary><c>CEILING</c>.</summary>
    Ceiling,

    /// <summary><c>SIGN</c>.</summary>
    Sign,

    /// <summary><c>CHARSET</c>.</summary>
    Charset,

    /// <summary><c>COERCIBILITY</c>.</summary>
    Coercibility,

    /// <summary><c>COLLATION</c>.</summary>
    Collation,

    /// <summary><c>CONNECTION_ID</c>.</summary>
    ConnectionId,

    /// <summary><c>LAST_INSERT_ID</c>.</summary>
    LastInsertId,

    /// <summary><c>ROW_COUNT</c>.</summary>
    RowCount,

    /// <summary><c>FOUND_ROWS</c>.</summary>
    FoundRows,

    /// <summary><c>UUID</c>.</summary>
    Uuid,

    /// <summary><c>STRCOMP</c>.</summary>
    Strcomp,

    /// <summary><c>ANY</c>.</summary>
    Any,
}
