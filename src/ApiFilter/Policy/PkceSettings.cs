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
    /// Token endpoints: when the query carries <c>grant_type=authorization_code</c>, it must carry a
    /// <c>code_verifier</c> of 43 to 128 unreserved characters (RFC 7636 section 4.1).
    /// </summary>
    /// <remarks>
    /// The check runs from the request head, before the body is read, so it sees the query only. RFC 6749
    /// section 3.2 puts token request parameters in the form body, which this stage does not see; declare
    /// <c>code_verifier</c> with <c>pattern: '^[A-Za-z0-9._~-]{43,128}$'</c> in the operation's
    /// <c>application/x-www-form-urlencoded</c> schema and the form guard checks it there.
    /// </remarks>
    public IReadOnlyList<string> Token { get; init; } = [];

    /// <summary>Whether any operation is named.</summary>
    public bool IsEmpty => Authorize.Count == 0 && Token.Count == 0;
}
