namespace ApiFilter.Pipeline.Security;

/// <summary>Which PKCE check (RFC 7636, RFC 9700 section 2.1.1) an operation gets from the policy's <c>auth.pkce</c>.</summary>
internal enum PkceRole : byte
{
    /// <summary>None.</summary>
    None,
    /// <summary>An authorization endpoint: S256 <c>code_challenge</c> in the query.</summary>
    Authorize,
    /// <summary>A token endpoint: <c>code_verifier</c> format for <c>grant_type=authorization_code</c>.</summary>
    Token,
}
