namespace ApiFilter.Contract;

/// <summary>
/// One Security Requirement Object: every scheme it names must be satisfied (AND), with the listed
/// scopes. An operation is allowed when any one of its requirements is met (OR); a requirement with
/// no schemes (<c>{}</c>) makes authentication optional (OpenAPI 3.1 section 4.8.30).
/// </summary>
public sealed record SecurityRequirement
{
    /// <summary>Scheme name → required scopes (role names for non-OAuth schemes in 3.1; empty when none).</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Schemes { get; init; }

    /// <summary>JSON Pointer of the requirement object in the contract document.</summary>
    public required string Pointer { get; init; }
}
