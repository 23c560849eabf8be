using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using ApiFilter.Contract;
using ApiFilter.Tokens;

namespace ApiFilter.Pipeline.Security;

/// <summary>
/// Bearer JWT access tokens for an http <c>bearer</c>, <c>oauth2</c> or <c>openIdConnect</c> scheme:
/// <c>Authorization: Bearer &lt;b64token&gt;</c> (RFC 6750 section 2.1), validated by a <see cref="JwtValidator"/>,
/// then the requirement's scopes checked against the token's <c>scope</c>/<c>scp</c>.
/// </summary>
/// <remarks>
/// A token in the <c>access_token</c> query parameter (RFC 6750 section 2.3) is never read: URIs end
/// up in logs and Referer headers, and the OAuth 2.0 Security Best Current Practice (RFC 9700
/// section 4.3.2) says access tokens must not be sent in the query. The form-body method (RFC 6750
/// section 2.2) is not read either: the decision is made from the request head.
/// </remarks>
internal sealed class BearerVerifier : SchemeVerifier
{
    /// <summary>Tokens up to this many characters are converted on the stack.</summary>
    private const int StackTokenChars = 4096;

    /// <summary>RFC 6750 section 2.1 b64token characters (the trailing '=' padding is checked apart).</summary>
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/");

    private readonly JwtValidator _validator;
    private readonly int _maxTokenChars;

    public BearerVerifier(SecuritySchemeModel scheme, string realm, JwtValidator validator)
        : base(scheme, realm)
    {
        _validator = validator;
        _maxTokenChars = validator.Verifier.Limits.MaxTokenBytes;
        Challenge = "Bearer realm=" + Quote(realm);
    }

    public override string Location => "header";

    public override string CredentialName => "Authorization";

    public override string Challenge { get; }

    [SkipLocalsInit]
    public override CredentialOutcome Check(in HttpMessageView request, string[] scopes)
    {
        var read = ReadAuthorization(request, "Bearer", out var token);
        if (read != CredentialStatus.Valid)
        {
            return read == CredentialStatus.Absent
                ? CredentialOutcome.Absent
                : CredentialOutcome.Malformed("The request has more than one Authorization field");
        }

        if (!IsB64Token(token))
        {
            return CredentialOutcome.Malformed("The Bearer credentials are not a b64token (RFC 6750 section 2.1)");
        }

        if (token.Length > _maxTokenChars)
        {
            return Refused(TokenValidationStatus.TokenTooLarge);
        }

        byte[]? rented = null;
        Span<byte> bytes = token.Length <= StackTokenChars
            ? stackalloc byte[StackTokenChars]
            : (rented = ArrayPool<byte>.Shared.Rent(token.Length));
        try
        {
            // b64token characters are ASCII: one byte each
            Ascii.FromUtf16(token, bytes, out var written);
            Span<byte> scratch = stackalloc byte[JwtClaimsPolicy.StackScratchSize];
            var status = _validator.Validate(bytes[..written], scratch, out var claims);
            if (status != TokenValidationStatus.Valid)
            {
                return Refused(status);
            }

            try
            {
                return Authorize(request, claims, scopes);
            }
            finally
            {
                claims.Dispose();
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The one place that sees a verified token's claims: the requirement's scopes are checked here.
    /// Token binding (DPoP, RFC 9449; certificate-bound tokens, RFC 8705 section 3 against
    /// <see cref="HttpMessageView.ClientCertificate"/>) and <c>jti</c> replay checks belong here too.
    /// </summary>
#pragma warning disable IDE0060 // the request is for the binding checks that come here
    private static CredentialOutcome Authorize(in HttpMessageView request, scoped in JwtClaims claims, string[] scopes)
#pragma warning restore IDE0060
    {
        return scopes.Length == 0 || claims.Scopes.ContainsAll(scopes)
            ? CredentialOutcome.Valid
            : new CredentialOutcome(CredentialStatus.InsufficientScope, ViolationCodes.AuthScope, "The access token does not grant the required scope");
    }

    public override string ChallengeFor(in CredentialOutcome outcome, string[] scopes) => outcome.Status switch
    {
        // RFC 6750 section 3.1: invalid_request (400), invalid_token (401), insufficient_scope (403, with the scope needed)
        CredentialStatus.Malformed => Challenge + ", error=\"invalid_request\", error_description=" + Quote(outcome.Description),
        CredentialStatus.Invalid => Challenge + ", error=\"invalid_token\", error_description=" + Quote(outcome.Description),
        CredentialStatus.InsufficientScope => Challenge + ", error=\"insufficient_scope\", scope=" + Quote(string.Join(' ', scopes)),
        // RFC 6750 section 3: no error code when the request had no authentication information
        _ => Challenge,
    };

    /// <summary><c>b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="</c>.</summary>
    private static bool IsB64Token(ReadOnlySpan<char> token)
    {
        var end = token.IndexOfAnyExcept(TokenChars);
        if (end == 0 || token.IsEmpty)
        {
            return false;
        }

        return end < 0 || !token[end..].ContainsAnyExcept('=');
    }

    private static CredentialOutcome Refused(TokenValidationStatus status)
    {
        var (code, description) = status switch
        {
            TokenValidationStatus.TokenTooLarge => (ViolationCodes.AuthJwtMalformed, "The access token is too large"),
            TokenValidationStatus.EncryptedTokenNotSupported => (ViolationCodes.AuthJwtMalformed, "Encrypted access tokens are not accepted"),
            TokenValidationStatus.Malformed or TokenValidationStatus.InvalidHeader or TokenValidationStatus.DuplicateHeaderParameter
                or TokenValidationStatus.CriticalHeaderUnknown => (ViolationCodes.AuthJwtMalformed, "The access token is not a valid JWS"),
            TokenValidationStatus.UnsupportedAlgorithm or TokenValidationStatus.AlgorithmNone or TokenValidationStatus.AlgorithmNotAllowed
                => (ViolationCodes.AuthJwtAlgorithm, "The access token algorithm is not accepted"),
            TokenValidationStatus.KeyNotFound or TokenValidationStatus.KeyTypeMismatch or TokenValidationStatus.KeyUsageNotPermitted
                => (ViolationCodes.AuthJwtKey, "No accepted key verifies the access token"),
            TokenValidationStatus.BadSignature => (ViolationCodes.AuthJwtSignature, "The access token signature is invalid"),
            TokenValidationStatus.Expired => (ViolationCodes.AuthJwtExpired, "The access token expired"),
            TokenValidationStatus.NotYetValid or TokenValidationStatus.IssuedInFuture => (ViolationCodes.AuthJwtNotYetValid, "The access token is not valid yet"),
            TokenValidationStatus.InvalidIssuer => (ViolationCodes.AuthJwtIssuer, "The access token issuer is not accepted"),
            TokenValidationStatus.InvalidAudience => (ViolationCodes.AuthJwtAudience, "The access token is not meant for this API"),
            TokenValidationStatus.InvalidTokenType => (ViolationCodes.AuthJwtType, "The token is not an access token (typ at+jwt)"),
            _ => (ViolationCodes.AuthJwtClaims, "The access token claims are invalid"),
        };
        return new CredentialOutcome(CredentialStatus.Invalid, code, description);
    }
}
