namespace ApiFilter.Pipeline.Security;

/// <summary>
/// The result of <see cref="SchemeVerifier.Check"/>: a status, and for a refusal its violation code
/// and a fixed description (an RFC 6750 <c>error_description</c>: no quote or backslash, never any part
/// of the credential). A small value; building one allocates nothing.
/// </summary>
internal readonly struct CredentialOutcome
{
    public CredentialOutcome(CredentialStatus status, string code, string description)
    {
        Status = status;
        Code = code;
        Description = description;
    }

    public static CredentialOutcome Valid => new(CredentialStatus.Valid, "", "");

    public static CredentialOutcome Absent => new(CredentialStatus.Absent, ViolationCodes.AuthMissing, "No credentials were sent");

    public CredentialStatus Status { get; }

    /// <summary>The violation code of a refusal (<see cref="ViolationCodes"/>); empty when valid.</summary>
    public string Code { get; }

    /// <summary>Why, for people; a constant, safe to send.</summary>
    public string Description { get; }

    public bool IsValid => Status == CredentialStatus.Valid;

    public static CredentialOutcome Malformed(string description) => new(CredentialStatus.Malformed, ViolationCodes.AuthMalformed, description);
}
