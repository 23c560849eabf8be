using System.Runtime.CompilerServices;
using System.Text.Unicode;
using ApiFilter.Contract;
using ApiFilter.Tokens;

namespace ApiFilter.Pipeline.Security;

/// <summary>
/// An http <c>basic</c> scheme (RFC 7617): <c>Authorization: Basic base64(user-id ":" password)</c>,
/// UTF-8 (the <c>charset="UTF-8"</c> the challenge announces, section 2.1), checked against a
/// <see cref="BasicCredentialStore"/>.
/// </summary>
internal sealed class BasicVerifier : SchemeVerifier
{
    private const int MaxCredentialChars = 1024;

    private readonly BasicCredentialStore _store;

    public BasicVerifier(SecuritySchemeModel scheme, string realm, BasicCredentialStore store)
        : base(scheme, realm)
    {
        _store = store;
        Challenge = "Basic realm=" + Quote(realm) + ", charset=\"UTF-8\"";
    }

    public override string Location => "header";

    public override string CredentialName => "Authorization";

    public override string Challenge { get; }

    [SkipLocalsInit]
    public override CredentialOutcome Check(in HttpMessageView request, string[] scopes)
    {
        var read = ReadAuthorization(request, "Basic", out var credentials);
        if (read != CredentialStatus.Valid)
        {
            return read == CredentialStatus.Absent
                ? CredentialOutcome.Absent
                : CredentialOutcome.Malformed("The request has more than one Authorization field");
        }

        if (credentials.IsEmpty || credentials.Length > MaxCredentialChars)
        {
            return CredentialOutcome.Malformed("The Basic credentials are empty or too long");
        }

        Span<byte> decoded = stackalloc byte[MaxCredentialChars];
        if (!Convert.TryFromBase64Chars(credentials, decoded, out var written) || !Utf8.IsValid(decoded[..written]))
        {
            return CredentialOutcome.Malformed("The Basic credentials are not base64 of UTF-8 text");
        }

        var pair = decoded[..written];
        // the user-id cannot contain ':' (RFC 7617 section 2), so the first one separates
        var colon = pair.IndexOf((byte)':');
        if (colon < 0)
        {
            return CredentialOutcome.Malformed("The Basic credentials are not user-id:password");
        }

        return _store.Verify(pair[..colon], pair[(colon + 1)..])
            ? CredentialOutcome.Valid
            : new CredentialOutcome(CredentialStatus.Invalid, ViolationCodes.AuthBasic, "The user name or password is not valid");
    }
}
