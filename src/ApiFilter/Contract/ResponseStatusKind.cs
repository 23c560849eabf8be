namespace ApiFilter.Contract;

/// <summary>What a key of the Responses Object names (OpenAPI 3.1 section 4.8.16.2).</summary>
public enum ResponseStatusKind : byte
{
    /// <summary>One status code, e.g. <c>200</c>.</summary>
    Exact,
    /// <summary>A class of codes, <c>1XX</c> to <c>5XX</c>.</summary>
    Range,
    /// <summary><c>default</c>: every code not declared otherwise.</summary>
    Default,
}
