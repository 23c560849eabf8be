using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using ApiFilter.Contract;
using ApiFilter.Json;
using ApiFilter.Policy;
using ApiFilter.Schema;
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

    /// <summary>DPoP proofs up to this many characters are converted on the stack (a P-256 proof is about 600).</summary>
    private const int StackProofChars = 2048;

    private readonly JwtValidator _validator;
    private readonly int _maxTokenChars;
    private readonly TokenBindingMode _dpopMode;
    private readonly TokenBindingMode _certificateMode;
    private readonly DpopProofValidator? _dpop;
    private readonly int _maxProofChars;
    private readonly ReplayCache? _replay;
    private readonly long _replaySlackSeconds;
    private readonly string _bearerChallenge;
    private readonly string _dpopChallenge;
    private readonly SchemaProgram? _claimsSchema;
    private readonly SchemaProgram? _headerSchema;
    private readonly InstancePool<JsonGuard>? _schemaGuards;
    private readonly InstancePool<JsonSchemaValidator>? _schemaValidators;

    public BearerVerifier(SecuritySchemeModel scheme, string realm, JwtValidator validator)
        : this(scheme, realm, validator, null)
    {
    }

    /// <summary>A verifier with the binding and replay checks of <paramref name="settings"/> (none when null).</summary>
    public BearerVerifier(SecuritySchemeModel scheme, string realm, JwtValidator validator, JwtBearerSettings? settings)
        : base(scheme, realm)
    {
        _validator = validator;
        _maxTokenChars = validator.Verifier.Limits.MaxTokenBytes;
        _bearerChallenge = "Bearer realm=" + Quote(realm);
        _dpopChallenge = "";
        if (settings is not null)
        {
            _dpopMode = settings.Dpop;
            _certificateMode = settings.CertificateBound;
            if (settings.Dpop != TokenBindingMode.Off)
            {
                // one proof-id cache per scheme: a proof's jti is unique per key (RFC 9449 section 11.1), kept for the iat window
                var options = settings.CreateDpopOptions();
                _dpop = new DpopProofValidator(new ReplayCache(settings.DpopReplayCapacity, settings.TimeProvider), options);
                _maxProofChars = options.Limits.MaxTokenBytes;
                var names = new string[settings.DpopAlgorithms.Count];
                for (var i = 0; i < names.Length; i++)
                {
                    names[i] = JwsAlgorithmInfo.GetName(settings.DpopAlgorithms[i]);
                }

                // RFC 9449 section 7.1: the DPoP challenge names the proof algorithms the server accepts
                _dpopChallenge = "DPoP algs=" + Quote(string.Join(' ', names));
            }

            if (settings.ClaimsSchema is not null || settings.HeaderSchema is not null)
            {
                _claimsSchema = settings.ClaimsSchema;
                _headerSchema = settings.HeaderSchema;
                // the token's JSON goes through the same guard and compiled schema program as a body, with the token's size as the body limit
                var limits = JsonThreatLimits.Default with { MaxBodyBytes = _maxTokenChars };
                var poolSize = Math.Max(16, Environment.ProcessorCount * 4);
                _schemaGuards = new InstancePool<JsonGuard>(() => new JsonGuard(limits), poolSize);
                _schemaValidators = new InstancePool<JsonSchemaValidator>(() => new JsonSchemaValidator(), poolSize);
            }

            if (settings.Replay)
            {
                _replay = new ReplayCache(settings.ReplayCapacity, settings.TimeProvider);
                // a token is accepted until exp plus the skew, so its id is kept that long
                _replaySlackSeconds = (long)settings.ClockSkew.TotalSeconds;
            }
        }

        Challenge = _dpopMode switch
        {
            TokenBindingMode.Required => _dpopChallenge,
            // RFC 9449 section 7.1: both schemes may be offered in one WWW-Authenticate field
            TokenBindingMode.Allowed => _bearerChallenge + ", " + _dpopChallenge,
            _ => _bearerChallenge,
        };
    }

    /// <summary>The key source the scheme's tokens are verified with, or null for a fixed key set.</summary>
    public JsonWebKeySource? KeySource => _validator.Verifier.Source;

    public override string Location => "header";

    public override string CredentialName => "Authorization";

    public override string Challenge { get; }

    [SkipLocalsInit]
    public override CredentialOutcome Check(in HttpMessageView request, string[] scopes)
    {
        var read = ReadAuthorization(request, "Bearer", out var token);
        var dpopScheme = false;
        if (read == CredentialStatus.Absent && _dpopMode != TokenBindingMode.Off)
        {
            read = ReadAuthorization(request, "DPoP", out token);
            dpopScheme = read == CredentialStatus.Valid;
        }

        if (read != CredentialStatus.Valid)
        {
            return read == CredentialStatus.Absent
                ? CredentialOutcome.Absent
                : CredentialOutcome.Malformed("The request has more than one Authorization field");
        }

        if (!IsB64Token(token))
        {
            return CredentialOutcome.Malformed(dpopScheme
                ? "The DPoP credentials are not a token68 (RFC 9449 section 7.1)"
                : "The Bearer credentials are not a b64token (RFC 6750 section 2.1)");
        }

        if (!dpopScheme && _dpopMode == TokenBindingMode.Required)
        {
            return new CredentialOutcome(CredentialStatus.Invalid, ViolationCodes.AuthDpopMissing, "The access token must be sent as Authorization: DPoP with a DPoP proof");
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
                if (_schemaGuards is not null)
                {
                    var schemas = CheckSchemas(bytes[..written]);
                    if (!schemas.IsValid)
                    {
                        return schemas;
                    }
                }

                return Authorize(request, claims, scopes, dpopScheme, bytes[..written]);
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
    /// The policy's JSON Schemas for the JOSE header and the claims set, run once the signature and the
    /// registered claims hold: each segment is decoded into a pooled buffer and fed to a pooled JSON guard with a
    /// schema validator, as a body is.
    /// </summary>
    private CredentialOutcome CheckSchemas(ReadOnlySpan<byte> token)
    {
        var firstDot = token.IndexOf((byte)'.');
        var rest = token[(firstDot + 1)..];
        var secondDot = rest.IndexOf((byte)'.');
        if (_headerSchema is not null && !MatchesSchema(_headerSchema, token[..firstDot]))
        {
            return Invalid(ViolationCodes.AuthJwtHeader, "The access token's JOSE header does not match the header schema");
        }

        if (_claimsSchema is not null && !MatchesSchema(_claimsSchema, rest[..secondDot]))
        {
            return Invalid(ViolationCodes.AuthJwtClaims, "The access token's claims do not match the claims schema");
        }

        return CredentialOutcome.Valid;
    }

    private bool MatchesSchema(SchemaProgram program, ReadOnlySpan<byte> encoded)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, encoded.Length));
        var guard = _schemaGuards!.Rent();
        var validator = _schemaValidators!.Rent();
        try
        {
            // a payload that is not base64url (an RFC 7797 b64:false token) cannot be judged: it fails closed
            if (Base64Url.TryDecode(encoded, buffer, out var written) != Base64UrlDecodeStatus.Done)
            {
                return false;
            }

            guard.Reset();
            validator.Reset(program, 0, ValidationDirection.None, maxViolations: 1, location: null);
            guard.Validator = validator;
            return guard.Feed(new ReadOnlySequence<byte>(buffer, 0, written), isFinalBlock: true, out _) == GuardStatus.Allowed;
        }
        finally
        {
            guard.Validator = null;
            _schemaValidators.Return(validator);
            _schemaGuards.Return(guard);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The one place that sees a verified token's claims: the sender constraint (DPoP, RFC 9449; certificate-bound,
    /// RFC 8705 section 3), then the requirement's scopes, then the one-time use of the token. The token id is recorded
    /// last so a token refused for another reason is not used up.
    /// </summary>
    private CredentialOutcome Authorize(in HttpMessageView request, scoped in JwtClaims claims, string[] scopes, bool dpopScheme, ReadOnlySpan<byte> token)
    {
        var jkt = claims.ConfirmationKeyThumbprint;
        if (dpopScheme)
        {
            if (jkt.IsEmpty)
            {
                return Invalid(ViolationCodes.AuthDpopBinding, "The access token is not bound to a DPoP key (no cnf jkt)");
            }

            var proof = CheckProof(request, token, jkt);
            if (!proof.IsValid)
            {
                return proof;
            }
        }
        else if (!jkt.IsEmpty)
        {
            // RFC 9449 section 7.2: a DPoP-bound token presented as a bearer token is refused, whatever the mode
            return Invalid(ViolationCodes.AuthDpopBinding, "A DPoP-bound access token must be sent as Authorization: DPoP with a DPoP proof");
        }

        var x5t = claims.ConfirmationCertificateThumbprint;
        if (!x5t.IsEmpty)
        {
            if (_certificateMode == TokenBindingMode.Off)
            {
                // fail closed: a bound token is only as good as the binding check, which this scheme does not make
                return Invalid(ViolationCodes.AuthMtlsBinding, "The access token is bound to a client certificate, which this scheme does not check");
            }

            if (!CertificateBinding.Matches(request.ClientCertificate, x5t))
            {
                return Invalid(ViolationCodes.AuthMtlsBinding, request.ClientCertificate is null
                    ? "The access token is bound to a client certificate and the connection presented none"
                    : "The access token is bound to another client certificate");
            }
        }
        else if (_certificateMode == TokenBindingMode.Required)
        {
            return Invalid(ViolationCodes.AuthMtlsBinding, "The access token is not bound to a client certificate (no cnf x5t#S256)");
        }

        if (claims.HasConfirmation && jkt.IsEmpty && x5t.IsEmpty)
        {
            return Invalid(ViolationCodes.AuthJwtClaims, "The access token is bound by a confirmation method the filter cannot check");
        }

        if (scopes.Length != 0 && !claims.Scopes.ContainsAll(scopes))
        {
            return new CredentialOutcome(CredentialStatus.InsufficientScope, ViolationCodes.AuthScope, "The access token does not grant the required scope");
        }

        return _replay is null ? CredentialOutcome.Valid : RecordUse(claims);
    }

    private CredentialOutcome RecordUse(scoped in JwtClaims claims)
    {
        var jti = claims.JwtId;
        if (jti.IsEmpty)
        {
            return Invalid(ViolationCodes.AuthJwtReplay, "The access token has no jti, which this scheme requires to accept it once only");
        }

        // exp is signed by the issuer, so the client cannot stretch how long its id holds a slot; without exp
        // (requireExpirationTime off is not a policy option) the skew alone keeps it
        var expires = (claims.ExpirationTime ?? 0) + _replaySlackSeconds;
        return _replay!.TryAdd(jti, expires) switch
        {
            ReplayCacheStatus.Added => CredentialOutcome.Valid,
            ReplayCacheStatus.Replayed => Invalid(ViolationCodes.AuthJwtReplay, "The access token was used before"),
            _ => Invalid(ViolationCodes.AuthJwtReplay, "The access token could not be recorded against replay"),
        };
    }

    /// <summary>RFC 9449 section 4.3 for the one <c>DPoP</c> field, then the key binding against <paramref name="jkt"/> (section 6.1).</summary>
    [SkipLocalsInit]
    private CredentialOutcome CheckProof(in HttpMessageView request, ReadOnlySpan<byte> token, ReadOnlySpan<byte> jkt)
    {
        var headers = request.Headers;
        var count = headers?.GetValueCount("DPoP") ?? 0;
        if (count == 0)
        {
            return Invalid(ViolationCodes.AuthDpopMissing, "The request has no DPoP proof");
        }

        if (count > 1)
        {
            return Invalid(ViolationCodes.AuthDpopProof, "The request has more than one DPoP field");
        }

        if (request.Scheme is null || request.Authority is null)
        {
            // htu cannot be compared without the request's own target URI
            return Invalid(ViolationCodes.AuthDpopProof, "The request target URI is unknown, so the proof htu cannot be checked");
        }

        var value = headers!.GetValue("DPoP", 0).Trim(" \t");
        if (value.Length > _maxProofChars)
        {
            return Invalid(ViolationCodes.AuthDpopProof, "The DPoP proof is too large");
        }

        if (!Ascii.IsValid(value))
        {
            return Invalid(ViolationCodes.AuthDpopProof, "The DPoP proof is not a compact JWS");
        }

        byte[]? rented = null;
        Span<byte> bytes = value.Length <= StackProofChars
            ? stackalloc byte[StackProofChars]
            : (rented = ArrayPool<byte>.Shared.Rent(value.Length));
        try
        {
            Ascii.FromUtf16(value, bytes, out var written);
            Span<byte> thumbprint = stackalloc byte[DpopProofValidator.ThumbprintSize];
            var status = _dpop!.Validate(bytes[..written], request.Method, request.Scheme, request.Authority, request.Path, token, thumbprint);
            if (status != DpopStatus.Valid)
            {
                return ProofRefused(status);
            }

            return DpopProofValidator.ThumbprintMatches(thumbprint, jkt)
                ? CredentialOutcome.Valid
                : Invalid(ViolationCodes.AuthDpopBinding, "The DPoP proof key is not the key the access token is bound to");
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static CredentialOutcome ProofRefused(DpopStatus status) => status switch
    {
        DpopStatus.Replayed => Invalid(ViolationCodes.AuthDpopReplay, "The DPoP proof was used before"),
        DpopStatus.ReplayCacheFull => Invalid(ViolationCodes.AuthDpopReplay, "The DPoP proof could not be recorded against replay"),
        DpopStatus.Missing => Invalid(ViolationCodes.AuthDpopMissing, "The DPoP proof is empty"),
        DpopStatus.MethodMismatch => Invalid(ViolationCodes.AuthDpopProof, "The DPoP proof htm is not the request method"),
        DpopStatus.UriMismatch => Invalid(ViolationCodes.AuthDpopProof, "The DPoP proof htu is not the request URI"),
        DpopStatus.AccessTokenHashMismatch => Invalid(ViolationCodes.AuthDpopProof, "The DPoP proof ath is not the hash of the access token"),
        DpopStatus.Expired or DpopStatus.IssuedInFuture => Invalid(ViolationCodes.AuthDpopProof, "The DPoP proof iat is outside the accepted window"),
        DpopStatus.BadSignature => Invalid(ViolationCodes.AuthDpopProof, "The DPoP proof signature is invalid"),
        DpopStatus.AlgorithmNone or DpopStatus.AlgorithmNotAllowed => Invalid(ViolationCodes.AuthDpopProof, "The DPoP proof algorithm is not accepted"),
        DpopStatus.InvalidType => Invalid(ViolationCodes.AuthDpopProof, "The DPoP proof is not typed dpop+jwt"),
        DpopStatus.MissingClaim => Invalid(ViolationCodes.AuthDpopProof, "The DPoP proof lacks jti, htm, htu, iat or ath"),
        DpopStatus.MissingKey or DpopStatus.PrivateKey or DpopStatus.InvalidKey or DpopStatus.KeyAlgorithmMismatch
            => Invalid(ViolationCodes.AuthDpopProof, "The DPoP proof jwk is not an acceptable public key"),
        _ => Invalid(ViolationCodes.AuthDpopProof, "The DPoP proof is not valid"),
    };

    private static CredentialOutcome Invalid(string code, string description) => new(CredentialStatus.Invalid, code, description);

    public override string ChallengeFor(in CredentialOutcome outcome, string[] scopes)
    {
        if (_dpopMode != TokenBindingMode.Off && outcome.Code.StartsWith("auth.dpop.", StringComparison.Ordinal))
        {
            // RFC 9449 section 7.1: a proof problem is answered in the DPoP scheme
            return _dpopChallenge + ", error=\"invalid_dpop_proof\", error_description=" + Quote(outcome.Description);
        }

        // with DPoP required every error is answered in the DPoP scheme, otherwise in Bearer (RFC 6750 section 3)
        var challenge = _dpopMode == TokenBindingMode.Required ? _dpopChallenge : _bearerChallenge;
        return outcome.Status switch
        {
            // RFC 6750 section 3.1: invalid_request (400), invalid_token (401), insufficient_scope (403, with the scope needed)
            CredentialStatus.Malformed => challenge + ", error=\"invalid_request\", error_description=" + Quote(outcome.Description),
            CredentialStatus.Invalid => challenge + ", error=\"invalid_token\", error_description=" + Quote(outcome.Description),
            CredentialStatus.InsufficientScope => challenge + ", error=\"insufficient_scope\", scope=" + Quote(string.Join(' ', scopes)),
            // RFC 6750 section 3: no error code when the request had no authentication information
            _ => Challenge,
        };
    }

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
