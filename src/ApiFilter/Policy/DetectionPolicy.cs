using ApiFilter.Detection;

namespace ApiFilter.Policy;

/// <summary>
/// Which attack detectors run on the string values a request carries (JSON, XML and form body
/// values, member names, parameter values), how sensitive they are and what a detection does.
/// Every detector defaults to Block on the values that reach it.
/// </summary>
/// <remarks>
/// Free-text values reach SQL, XSS, NoSQL, command and path-traversal detection; values the
/// contract types as URLs also reach SSRF and header-injection detection, values typed as JSON
/// Pointers JSON Pointer detection, header and cookie parameters header-injection detection, and
/// values the contract pins down (enum, const, uuid, dates, safe anchored patterns) none. The
/// contract's <c>x-apifilter-detect</c> chooses per operation, parameter or schema.
/// </remarks>
public sealed record DetectionPolicy
{
    /// <summary>Every detector in Block mode.</summary>
    public static DetectionPolicy Default { get; } = new();

    /// <summary>SQL injection (<c>inject.sql</c>).</summary>
    public EnforcementMode Sql { get; init; } = EnforcementMode.Block;

    /// <summary>Cross-site scripting (<c>inject.xss</c>).</summary>
    public EnforcementMode Xss { get; init; } = EnforcementMode.Block;

    /// <summary>NoSQL operators in member names and values (<c>inject.nosql</c>).</summary>
    public EnforcementMode NoSql { get; init; } = EnforcementMode.Block;

    /// <summary>Shell command injection (<c>inject.command</c>).</summary>
    public EnforcementMode Command { get; init; } = EnforcementMode.Block;

    /// <summary>Path traversal (<c>inject.pathTraversal</c>).</summary>
    public EnforcementMode PathTraversal { get; init; } = EnforcementMode.Block;

    /// <summary>Server-side request forgery in URL-typed values (<c>inject.ssrf</c>).</summary>
    public EnforcementMode Ssrf { get; init; } = EnforcementMode.Block;

    /// <summary>Line breaks and controls in values that become headers (<c>inject.header</c>).</summary>
    public EnforcementMode Header { get; init; } = EnforcementMode.Block;

    /// <summary>JSON Pointer injection in pointer-typed values (<c>inject.jsonPointer</c>).</summary>
    public EnforcementMode JsonPointer { get; init; } = EnforcementMode.Block;

    /// <summary>JSONPath filters and script in values declared as JSONPath (<c>inject.jsonPointer</c>).</summary>
    public EnforcementMode JsonPath { get; init; } = EnforcementMode.Block;

    /// <summary>How much SQL and XSS detection flags beyond certain attacks (see <see cref="DetectionSensitivity"/>).</summary>
    public DetectionSensitivity Sensitivity { get; init; } = DetectionSensitivity.Standard;

    /// <summary>True when no detector runs at all.</summary>
    public bool IsOff =>
        Sql == EnforcementMode.Off && Xss == EnforcementMode.Off && NoSql == EnforcementMode.Off
        && Command == EnforcementMode.Off && PathTraversal == EnforcementMode.Off && Ssrf == EnforcementMode.Off
        && Header == EnforcementMode.Off && JsonPointer == EnforcementMode.Off && JsonPath == EnforcementMode.Off;
}
