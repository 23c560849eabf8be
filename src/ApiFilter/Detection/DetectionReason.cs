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

    // Cross-site scripting (XssDetector): explicit values from 32 keep this block independent of the SQL one.

    /// <summary>A <c>script</c> start or end tag (<c>&lt;script&gt;</c>, <c>&lt;/script&gt;</c> closing the page's own script block), namespaced forms included.</summary>
    ScriptTag = 32,

    /// <summary>An element that loads or runs content by itself: <c>iframe</c>, <c>frame</c>, <c>object</c>, <c>embed</c>, <c>applet</c>, <c>base</c>, <c>link</c>, <c>meta</c>, <c>style</c> and kin.</summary>
    DangerousTag = 33,

    /// <summary>An <c>on…=</c> event handler attribute in a tag or after an attribute breakout (<c>&lt;img src=x onerror=…&gt;</c>, <c>" onfocus=…</c>).</summary>
    EventHandler = 34,

    /// <summary>A <c>javascript:</c>, <c>vbscript:</c> or <c>livescript:</c> URL, however its scheme is spelled (case, entities, embedded tabs and newlines).</summary>
    ScriptUrl = 35,

    /// <summary>A <c>data:</c> URL of an active type (<c>text/html</c>, <c>image/svg+xml</c>, scripts, XML).</summary>
    DataUrl = 36,

    /// <summary>Script in CSS: <c>expression(…)</c>, <c>-moz-binding</c>, <c>behavior: url(…)</c>.</summary>
    StyleScript = 37,

    /// <summary>A template or expression with code in it (<c>{{constructor.constructor(…)()}}</c>, <c>${…}</c>, <c>&lt;%= … %&gt;</c>, <c>&amp;{…}</c>).</summary>
    TemplateInjection = 38,

    /// <summary>The value closes a JavaScript string and continues with a call (<c>';alert(1)//</c>).</summary>
    ScriptBreakout = 39,

    /// <summary>An attribute that carries a document or a script target by itself (<c>srcdoc</c>, <c>formaction</c>).</summary>
    DangerousAttribute = 40,

    /// <summary><c>svg</c> or <c>math</c> markup: foreign content in which script and event attributes run.</summary>
    ForeignContent = 41,

    /// <summary>A call of a JavaScript function that shows, evaluates or decodes code (<c>alert(1)</c>, <c>eval('…')</c>, <c>setTimeout(…)</c>, <c>[].sort.call`…`</c>).</summary>
    ScriptCall = 42,

    /// <summary>Access to a sensitive browser object (<c>document.cookie</c>, <c>window.location</c>, <c>self["alert"]</c>), comments and brackets allowed.</summary>
    ScriptSink = 43,

    /// <summary>JavaScript written without letters (<c>[][(![]+[])[+[]]…</c>, "JSFuck"): code hidden from keyword checks.</summary>
    ObfuscatedScript = 44,
}
