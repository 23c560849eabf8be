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

    // Fragments judged without a breakout (SqlFragmentSignals), flagged per DetectionSensitivity.

    /// <summary>A read of a database's own catalogue (<c>information_schema</c>, <c>sysobjects</c>, <c>pg_catalog</c>, <c>mysql.user</c>).</summary>
    CatalogAccess = 10,

    /// <summary>A system procedure or package that reaches the host or the network (<c>xp_cmdshell</c>, <c>sp_executesql</c>, <c>OPENROWSET</c>, <c>UTL_HTTP</c>, <c>EXEC master..</c>).</summary>
    SystemProcedure = 11,

    /// <summary>A comment the database executes or obeys (<c>/*!50000 … */</c>, <c>/*+ hint */</c>).</summary>
    ExecutableComment = 12,

    /// <summary>A call of a function that only SQL has (<c>CONCAT_WS(</c>, <c>EXTRACTVALUE(</c>, <c>x::int</c> casts).</summary>
    SqlFunctionCall = 13,

    /// <summary>A SQL operator fragment: JSON operators on literals, comparisons of constants, an operator alone.</summary>
    SqlOperatorFragment = 14,

    /// <summary>A sequence of SQL keywords that prose does not produce (<c>ORDER BY</c>, <c>AS x FROM</c>, <c>CASE WHEN … THEN</c>, <c>; DROP</c>).</summary>
    SqlKeywordSequence = 15,

    /// <summary>Comments used to split or end SQL (<c>DR/**/OP</c>, <c>x'--</c>, <c>;--</c>).</summary>
    SqlCommentSequence = 16,

    /// <summary>A chain of characters special to SQL (quotes, operators, brackets) with no text between them.</summary>
    SqlSpecialCharacters = 17,

    /// <summary>A quote followed by an operator word or a number: a probe for an injectable string context.</summary>
    SqlQuoteProbe = 18,

    /// <summary>A number at a type's overflow boundary (2^32, 2^64, the smallest normal double), used to crash or probe parsers.</summary>
    NumericBoundary = 19,

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

    /// <summary>A tag spelled with the top bit set (<c>¼script¾</c>: bytes 0xBC and 0xBE), which reads as <c>&lt;script&gt;</c> where a page's charset drops the top bit (US-ASCII in old Internet Explorer).</summary>
    HighBitTag = 45,

    /// <summary>A tag name broken up or prefixed to slip past name checks: spaced letters (<c>&lt;f o r m</c>), an empty or spaced namespace (<c>&lt;:vmlframe</c>, <c>&lt; x: script</c>), an attribute glued to the name (<c>&lt;importimplementation=</c>).</summary>
    ObfuscatedTag = 46,

    /// <summary>A comment closer (<c>--&gt;</c>, <c>--!&gt;</c>) with no comment opened before it in the value: it ends a comment of the page and what follows runs as markup (<see cref="DetectionSensitivity.Elevated"/> and above).</summary>
    CommentBreakout = 47,

    /// <summary>A tag carrying a URL attribute (<c>&lt;a href=…</c>, <c>src=</c>, <c>action=</c>) at <see cref="DetectionSensitivity.Elevated"/>, any attribute at <see cref="DetectionSensitivity.Paranoid"/>: markup that changes a page without script (link injection, phishing forms).</summary>
    MarkupAttribute = 48,

    // NoSQL injection, path traversal, command injection, header injection, SSRF, JSON Pointer and
    // JSONPath: explicit values from 64 so these reasons stay stable whatever is added above.

    /// <summary>A query-operator name (<c>$ne</c>, <c>$where</c>, <c>$regex</c>, ...) as a JSON member name, in a parameter name (<c>field[$ne]</c>) or inside a value.</summary>
    NoSqlOperator = 64,

    /// <summary>JavaScript that breaks out of a server-side <c>$where</c>/<c>$function</c> string (<c>' || 1==1</c>, <c>'; return true; var x='</c>, <c>sleep(</c>).</summary>
    NoSqlJavaScript = 65,

    /// <summary>A <c>..</c> path segment (<c>../</c>, <c>..\</c>, <c>/..</c>, <c>..;/</c>).</summary>
    PathTraversal = 66,

    /// <summary>A NUL byte, which truncates a path in many runtimes.</summary>
    PathNulByte = 67,

    /// <summary>An absolute path (<c>/x</c>, <c>\x</c>, <c>C:</c>, <c>\\server\share</c>, <c>file:</c>, <c>~/</c>) where a relative path is expected.</summary>
    PathAbsolute = 68,

    /// <summary>A path to a well-known sensitive file or root (<c>/etc/passwd</c>, <c>/proc/self/</c>, <c>C:\Windows\</c>).</summary>
    PathSensitiveFile = 69,

    /// <summary>A command separator (<c>;</c>, <c>|</c>, <c>||</c>, <c>&amp;</c>, <c>&amp;&amp;</c>, newline) followed by a command word.</summary>
    CommandChain = 72,

    /// <summary>Command substitution: <c>`cmd`</c> or <c>$(cmd)</c>.</summary>
    CommandSubstitution = 73,

    /// <summary>A shell expansion used to evade filters: <c>$IFS</c>, <c>${IFS}</c>, <c>${PATH:0:1}</c>, <c>{cat,/etc/passwd}</c>.</summary>
    ShellExpansion = 74,

    /// <summary>A redirection to a device or a bash network pseudo-file (<c>&gt;/dev/null</c>, <c>/dev/tcp/</c>).</summary>
    CommandRedirection = 75,

    /// <summary>A command word split by quotes or backslashes (<c>c''at</c>, <c>c\at</c>, <c>w"h"o"a"m"i</c>).</summary>
    ShellQuoteEvasion = 76,

    /// <summary>A line break (CR, LF, U+0085, U+2028, U+2029) in a value that becomes a header field: response splitting / header injection.</summary>
    HeaderLineBreak = 80,

    /// <summary>A control character other than HTAB in a header field value (RFC 9110 section 5.5).</summary>
    HeaderControlCharacter = 81,

    /// <summary>A URL scheme that fetches something other than HTTP (<c>file:</c>, <c>gopher:</c>, <c>dict:</c>, <c>ftp:</c>, <c>ldap:</c>, ...).</summary>
    SsrfScheme = 88,

    /// <summary>A loopback host: 127.0.0.0/8, ::1, <c>localhost</c>, <c>*.localhost</c>.</summary>
    SsrfLoopback = 89,

    /// <summary>A private or shared address: 10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7, fec0::/10.</summary>
    SsrfPrivateAddress = 90,

    /// <summary>A link-local address: 169.254/16 (cloud metadata at 169.254.169.254), fe80::/10.</summary>
    SsrfLinkLocal = 91,

    /// <summary>The unspecified address or "this network" (0.0.0.0/8, ::), which reaches the local host.</summary>
    SsrfUnspecifiedAddress = 92,

    /// <summary>A multicast, broadcast or reserved address (224/4, 240/4, 255.255.255.255, ff00::/8, 192.0.0/24, 198.18/15).</summary>
    SsrfReservedAddress = 93,

    /// <summary>A cloud metadata host name (<c>metadata.google.internal</c>, <c>metadata.azure.com</c>, <c>instance-data</c>, ...).</summary>
    SsrfMetadataHost = 94,

    /// <summary>A host name that only resolves inside a network: a single label, <c>.internal</c>, <c>.local</c>, <c>.localdomain</c>, <c>.home.arpa</c>.</summary>
    SsrfInternalHostName = 95,

    /// <summary>A public IPv4 address written in a form real clients never use (decimal, octal, hex, fewer than four parts).</summary>
    SsrfObfuscatedAddress = 96,

    /// <summary>An authority that parsers read differently (several <c>@</c>, <c>@</c> after <c>\</c>, <c>#</c> or <c>?</c>, an internal host in the userinfo).</summary>
    SsrfAmbiguousAuthority = 97,

    /// <summary>A host that is not a valid name or address (bad IPv6, number out of range, too long): refused rather than guessed.</summary>
    SsrfInvalidHost = 98,

    /// <summary>A <c>..</c> segment in a JSON Pointer (<c>/a/../b</c>), meaningful to resolvers that map pointers onto paths.</summary>
    JsonPointerTraversal = 104,

    /// <summary>A <c>~</c> not followed by <c>0</c> or <c>1</c> (RFC 6901 section 3), or <c>~01</c>, which yields <c>/</c> when the escapes are undone in the wrong order.</summary>
    JsonPointerEscape = 105,

    /// <summary>A non-empty JSON Pointer that does not start with <c>/</c> (RFC 6901 section 3).</summary>
    JsonPointerSyntax = 106,

    /// <summary>A <c>__proto__</c>, <c>constructor</c>/<c>prototype</c> step: prototype pollution in JavaScript back ends.</summary>
    PrototypePollution = 107,

    /// <summary>A JSONPath descendant segment (<c>$..x</c>, RFC 9535 section 2.5.2).</summary>
    JsonPathRecursiveDescent = 108,

    /// <summary>A JSONPath filter selector (<c>?(@...)</c>, <c>?@...</c>, RFC 9535 section 2.3.5).</summary>
    JsonPathFilter = 109,

    /// <summary>A JSONPath script expression (<c>(@.length-1)</c>), evaluated as code by some implementations.</summary>
    JsonPathScript = 110,

    /// <summary>A JSONPath function call (<c>length(</c>, <c>match(</c>, ... RFC 9535 section 2.4).</summary>
    JsonPathFunction = 111,

    /// <summary>A value that closes a quoted name in a JSONPath and continues the expression (<c>x')]</c>, <c>' || @.</c>).</summary>
    JsonPathBreakout = 112,
}
