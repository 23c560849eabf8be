namespace ApiFilter.Pipeline.Security;

/// <summary>One compiled Security Requirement Object: every verifier must accept, each with its scopes (AND).</summary>
internal sealed class SecurityAlternative(SchemeVerifier[] verifiers, string[][] scopes)
{
    public SchemeVerifier[] Verifiers { get; } = verifiers;

    /// <summary>The scopes (roles) the requirement lists per verifier, same index.</summary>
    public string[][] Scopes { get; } = scopes;
}
