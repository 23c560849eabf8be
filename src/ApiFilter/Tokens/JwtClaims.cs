using System.Buffers;

namespace ApiFilter.Tokens;

/// <summary>
/// The registered claims <see cref="JwtClaimsPolicy.Validate"/> read, unescaped, as UTF-8 views into the caller's
/// scratch buffer or a pooled array that <see cref="Dispose"/> returns.
/// </summary>
public ref struct JwtClaims
{
    private byte[]? _rented;

    internal JwtClaims(
        ReadOnlySpan<byte> issuer,
        ReadOnlySpan<byte> subject,
        ReadOnlySpan<byte> clientId,
        ReadOnlySpan<byte> jwtId,
        long? expirationTime,
        long? notBefore,
        long? issuedAt,
        JwtScopes scopes,
        ReadOnlySpan<byte> confirmationKeyThumbprint,
        ReadOnlySpan<byte> confirmationCertificateThumbprint,
        bool hasConfirmation,
        byte[]? rented)
    {
        Issuer = issuer;
        Subject = subject;
        ClientId = clientId;
        JwtId = jwtId;
        ExpirationTime = expirationTime;
        NotBefore = notBefore;
        IssuedAt = issuedAt;
        Scopes = scopes;
        ConfirmationKeyThumbprint = confirmationKeyThumbprint;
        ConfirmationCertificateThumbprint = confirmationCertificateThumbprint;
        HasConfirmation = hasConfirmation;
        _rented = rented;
    }

    /// <summary>"iss".</summary>
    public ReadOnlySpan<byte> Issuer { get; }

    /// <summary>"sub"; empty when absent.</summary>
    public ReadOnlySpan<byte> Subject { get; }

    /// <summary>"client_id" (RFC 9068 section 2.2); empty when absent.</summary>
    public ReadOnlySpan<byte> ClientId { get; }

    /// <summary>"jti"; empty when absent.</summary>
    public ReadOnlySpan<byte> JwtId { get; }

    /// <summary>"exp" in seconds since the epoch (fractions rounded down), if present.</summary>
    public long? ExpirationTime { get; }

    /// <summary>"nbf" in seconds since the epoch (fractions rounded up), if present.</summary>
    public long? NotBefore { get; }

    /// <summary>"iat" in seconds since the epoch (fractions rounded up), if present.</summary>
    public long? IssuedAt { get; }

    /// <summary>The granted scopes from "scope" and "scp".</summary>
    public JwtScopes Scopes { get; }

    /// <summary>
    /// "cnf"."jkt" (RFC 7800 section 3.1, RFC 9449 section 6.1): the base64url text of the RFC 7638 SHA-256
    /// thumbprint of the DPoP key the token is bound to, as UTF-8; empty when absent. Compare it with the proof's
    /// key through <see cref="DpopProofValidator.ThumbprintMatches"/>.
    /// </summary>
    public ReadOnlySpan<byte> ConfirmationKeyThumbprint { get; }

    /// <summary>
    /// "cnf"."x5t#S256" (RFC 8705 section 3.1): the base64url text of the SHA-256 hash of the DER client certificate
    /// the token is bound to, as UTF-8; empty when absent. Compare it through <see cref="CertificateBinding.Matches(System.Security.Cryptography.X509Certificates.X509Certificate2, ReadOnlySpan{byte})"/>.
    /// </summary>
    public ReadOnlySpan<byte> ConfirmationCertificateThumbprint { get; }

    /// <summary>Whether the token carries a "cnf" claim (RFC 7800): a sender-constrained token must not be accepted as a bearer token (RFC 9449 section 7.2).</summary>
    public bool HasConfirmation { get; }

    /// <summary>Returns the pooled array, if one was rented; the views are invalid afterwards.</summary>
    public void Dispose()
    {
        byte[]? rented = _rented;
        if (rented is not null)
        {
            _rented = null;
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
