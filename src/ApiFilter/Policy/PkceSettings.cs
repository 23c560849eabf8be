namespace ApiFilter.Policy;

/// <summary>
/// PKCE (RFC 7636) enforced at the edge of an authorization server, as RFC 9700 section 2.1.1 asks: the
/// operations (by contract <c>operationId</c>) that are authorization endpoints must receive an S256
/// <c>code_challenge</c>, and the token endpoints a well-formed <c>code_verifier</c>.
/// </summary>
public sealed record PkceSettings
{
    /// <summary>No operation checked.</summary>
    public static PkceSettings None { get; } = new();

    /// <summary>
    /// Authorization endpoints: the query must carry <c>code_challenge</c> (43 base64url characters of a SHA-256
    /// value) and <c>code_challenge_method=S256</c> (<c>plain</c> and an absent method are refused).
    /// </summary>
    public IReadOnlyList<string> Authorize { get; init; } = [];

    /// <summary>
    /// Token endpoints: a request with <c>grant_type=authorization_code</c> must carry exactly one
    /// <c>code_verifier</c> of 43 to 128 unreserved characters (RFC 7636 sections 4.1 and 4.5).
    /// </summary>
    /// <remarks>
    /// RFC 6749 section 4.1.3 puts the token request's parameters in the form body: the check rides along the form
    /// guard's pass over the operation's declared <c>application/x-www-form-urlencoded</c> body (the form guard reads
    /// only declared forms); parameters sent in the query are checked from the request head.
    /// </remarks>
    public IReadOnlyList<string> Token { get; init; } = [];

    /// <summary>Whether any operation is named.</summary>
    public bool IsEmpty => Authorize.Count == 0 && Token.Count == 0;
}
