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
