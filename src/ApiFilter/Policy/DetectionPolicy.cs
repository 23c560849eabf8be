namespace ApiFilter.Policy;

/// <summary>
/// Which attack detectors run on the string values a request carries (JSON, XML and form body
/// values, member names, parameter values) and what a detection does. Every detector defaults to
/// Block on the values that reach it.
/// </summary>
/// <remarks>
/// Not wired yet, so not listed: SSRF (needs values typed as URLs by the contract), JSON Pointer /
/// JSONPath (values declared as pointers or paths) and header injection (values that become
/// headers). Free-text values reach SQL, XSS, NoSQL, command and path-traversal detection.
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

    /// <summary>True when no detector runs at all.</summary>
    public bool IsOff =>
        Sql == EnforcementMode.Off && Xss == EnforcementMode.Off && NoSql == EnforcementMode.Off
        && Command == EnforcementMode.Off && PathTraversal == EnforcementMode.Off;
}
