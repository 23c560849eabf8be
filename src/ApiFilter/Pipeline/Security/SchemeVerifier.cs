using ApiFilter.Contract;

namespace ApiFilter.Pipeline.Security;

/// <summary>
/// Checks the credential of one contract security scheme in a request (built once per scheme, shared
/// by every operation naming it; thread-safe). <see cref="Check"/> is the per-request seam: it
/// allocates nothing on success and returns a small outcome; the refusal text is built only when a
/// request is refused (<see cref="ChallengeFor"/>).
/// </summary>
internal abstract class SchemeVerifier
{
    protected SchemeVerifier(SecuritySchemeModel scheme, string realm)
    {
        Scheme = scheme;
        Realm = realm;
    }

    /// <summary>The scheme as the contract declares it.</summary>
    public SecuritySchemeModel Scheme { get; }

    /// <summary>The realm of the challenges.</summary>
    public string Realm { get; }

    /// <summary>Where the credential travels: <c>header</c>, <c>query</c> or <c>cookie</c>.</summary>
    public abstract string Location { get; }

    /// <summary>The header, query parameter or cookie that carries the credential.</summary>
    public abstract string CredentialName { get; }

    /// <summary>The challenge sent when the credential is absent, e.g. <c>Bearer realm="api"</c>.</summary>
    public abstract string Challenge { get; }

    /// <summary>Checks the request's credential for this scheme, with the <paramref name="scopes"/> the requirement lists.</summary>
    public abstract CredentialOutcome Check(in HttpMessageView request, string[] scopes);

    /// <summary>The <c>WWW-Authenticate</c> value for a refusal this scheme decided (cold path).</summary>
    public virtual string ChallengeFor(in CredentialOutcome outcome, string[] scopes) => Challenge;

    /// <summary>A quoted-string (RFC 9110 section 5.6.4) of <paramref name="value"/>.</summary>
    protected static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// The value of the one <c>Authorization</c> field line when its auth-scheme is <paramref name="authScheme"/>
    /// (case-insensitive, RFC 9110 section 11.1), without the scheme and the spaces after it.
    /// </summary>
    /// <returns>Valid with the credentials; Absent when there is no field or it is of another scheme; Malformed when there are several lines.</returns>
    protected static CredentialStatus ReadAuthorization(in HttpMessageView request, string authScheme, out ReadOnlySpan<char> credentials)
    {
        credentials = default;
        var headers = request.Headers;
        var count = headers?.GetValueCount("Authorization") ?? 0;
        if (count == 0)
        {
            return CredentialStatus.Absent;
        }

        if (count > 1)
        {
            // Authorization is not a list field (RFC 9110 section 11.6.2): two lines are ambiguous
            return CredentialStatus.Malformed;
        }

        var value = headers!.GetValue("Authorization", 0).Trim(" \t");
        var space = value.IndexOf(' ');
        var scheme = space < 0 ? value : value[..space];
        if (!scheme.Equals(authScheme, StringComparison.OrdinalIgnoreCase))
        {
            return CredentialStatus.Absent;
        }

        credentials = space < 0 ? default : value[(space + 1)..].TrimStart(' ');
        return CredentialStatus.Valid;
    }
}
