namespace ApiFilter.Pipeline.Security;

/// <summary>What one scheme made of a request's credentials; later members are more specific (a refusal reports the most specific).</summary>
internal enum CredentialStatus : byte
{
    /// <summary>Not checked yet.</summary>
    None,
    /// <summary>The request carries no credential for the scheme.</summary>
    Absent,
    /// <summary>A credential is there but not syntactically valid (400 <c>invalid_request</c>).</summary>
    Malformed,
    /// <summary>A well-formed credential that does not verify (401).</summary>
    Invalid,
    /// <summary>A valid credential without a scope the requirement lists (403 <c>insufficient_scope</c>).</summary>
    InsufficientScope,
    /// <summary>A valid credential with every scope the requirement lists.</summary>
    Valid,
}
