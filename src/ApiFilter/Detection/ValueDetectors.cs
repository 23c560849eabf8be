namespace ApiFilter.Detection;

/// <summary>
/// A set of attack detectors, as a value's schema, its parameter or its operation selects them
/// (<c>x-apifilter-detect</c>) and as the contract's types imply them (URL-typed values get SSRF
/// detection, pointer-typed values JSON Pointer detection, fully constrained values none).
/// </summary>
[Flags]
public enum ValueDetectors : ushort
{
    /// <summary>No detector.</summary>
    None = 0,

    /// <summary>SQL injection (<c>inject.sql</c>).</summary>
    Sql = 1,

    /// <summary>Cross-site scripting (<c>inject.xss</c>).</summary>
    Xss = 2,

    /// <summary>NoSQL operators (<c>inject.nosql</c>).</summary>
    NoSql = 4,

    /// <summary>Shell command injection (<c>inject.command</c>).</summary>
    Command = 8,

    /// <summary>Path traversal (<c>inject.pathTraversal</c>).</summary>
    PathTraversal = 16,

    /// <summary>Server-side request forgery through a URL (<c>inject.ssrf</c>).</summary>
    Ssrf = 32,

    /// <summary>A JSON Pointer that reaches outside what it should (<c>inject.jsonPointer</c>).</summary>
    JsonPointer = 64,

    /// <summary>A JSONPath with filters or script (<c>inject.jsonPointer</c>, JSONPath reasons).</summary>
    JsonPath = 128,

    /// <summary>Line breaks and controls in a value that becomes a header (<c>inject.header</c>).</summary>
    Header = 256,

    /// <summary>What a free-text value gets: SQL, XSS, NoSQL, command and path traversal.</summary>
    FreeText = Sql | Xss | NoSql | Command | PathTraversal,

    /// <summary>Every detector.</summary>
    All = FreeText | Ssrf | JsonPointer | JsonPath | Header,
}
