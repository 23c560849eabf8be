namespace ApiFilter.Detection;

/// <summary>The construct that made a detector flag a value; <see cref="None"/> when it found nothing.</summary>
public enum DetectionReason : byte
{
    /// <summary>Nothing matched.</summary>
    None = 0,

    /// <summary>The value closes its string/number context and continues with a boolean test (<c>' OR '1'='1</c>, <c>1 AND 1=1</c>).</summary>
    Tautology,

    /// <summary>A boolean condition built on a function call or subquery (<c>' AND ASCII(SUBSTRING(...))&gt;64</c>): blind extraction.</summary>
    BooleanBlind,

    /// <summary><c>UNION [ALL|DISTINCT] SELECT</c> after the value's context.</summary>
    UnionSelect,

    /// <summary>A statement separator followed by a new statement (<c>; DROP TABLE</c>, <c>; EXEC</c>).</summary>
    StackedQuery,

    /// <summary>The value closes its context and comments out the rest of the query (<c>admin'--</c>, <c>admin'#</c>).</summary>
    CommentTruncation,

    /// <summary>A delay primitive: <c>SLEEP</c>, <c>BENCHMARK</c>, <c>PG_SLEEP</c>, <c>WAITFOR DELAY</c>, <c>DBMS_LOCK.SLEEP</c>.</summary>
    TimeBased,

    /// <summary>Column-count probing or a trailing clause (<c>ORDER BY 5--</c>, <c>GROUP BY</c>, <c>HAVING</c>, <c>LIMIT</c>, <c>INTO OUTFILE</c>).</summary>
    ClauseInjection,

    /// <summary>An expression that escapes a string by concatenation or arithmetic with a function or subquery (<c>'||(SELECT ...)||'</c>).</summary>
    ExpressionInjection,

    /// <summary>The whole value is a SQL statement (<c>SELECT ... FROM ...</c>, <c>DROP TABLE ...</c>).</summary>
    Statement,
}
