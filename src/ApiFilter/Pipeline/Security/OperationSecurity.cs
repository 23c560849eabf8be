namespace ApiFilter.Pipeline.Security;

/// <summary>
/// The compiled security of one operation: its requirements (OR of <see cref="SecurityAlternative"/>s),
/// whether an empty requirement (<c>{}</c>) makes authentication optional, and the challenge and
/// message of a request that brings no credential, built once; and the PKCE check of the operation, if any
/// (an operation with a PKCE check and no requirement has no alternative and allows anonymous requests).
/// </summary>
internal sealed class OperationSecurity(SecurityAlternative[] alternatives, bool allowsAnonymous, string missingChallenge, string missingMessage, string missingLocation)
{
    /// <summary>The PKCE check the policy asks for this operation.</summary>
    public PkceRole Pkce { get; init; }

    public SecurityAlternative[] Alternatives { get; } = alternatives;

    public bool AllowsAnonymous { get; } = allowsAnonymous;

    /// <summary>Every accepted scheme's challenge, comma-joined (RFC 9110 section 11.6.1 allows several in one field).</summary>
    public string MissingChallenge { get; } = missingChallenge;

    public string MissingMessage { get; } = missingMessage;

    public string MissingLocation { get; } = missingLocation;
}
