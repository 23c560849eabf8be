namespace ApiFilter.Tokens;

/// <summary>
/// One call for a bearer token: read the compact JWS, verify its signature with a <see cref="JwsVerifier"/>, then
/// check its claims with a <see cref="JwtClaimsPolicy"/>. Claims are only looked at once the signature holds.
/// Thread-safe and allocation-free (ES* excepted, see <see cref="JwsVerifier"/>); the token is decoded on the stack
/// when it fits in <see cref="JwsReader.StackBufferSize"/>.
/// </summary>
public sealed class JwtValidator
{
    /// <summary>Creates a validator from its two halves.</summary>
    public JwtValidator(JwsVerifier verifier, JwtClaimsPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(policy);
        Verifier = verifier;
        Policy = policy;
    }

    /// <summary>The signature half.</summary>
    public JwsVerifier Verifier { get; }

    /// <summary>The claims half.</summary>
    public JwtClaimsPolicy Policy { get; }

    /// <summary>
    /// Validates <paramref name="token"/>. On <see cref="TokenValidationStatus.Valid"/>, <paramref name="claims"/> views
    /// <paramref name="scratch"/> (<see cref="JwtClaimsPolicy.StackScratchSize"/> bytes serve typical tokens) or a pooled
    /// array; dispose it. Never throws for bad input.
    /// </summary>
    public TokenValidationStatus Validate(ReadOnlySpan<byte> token, Span<byte> scratch, out JwtClaims claims)
    {
        claims = default;
        Span<byte> buffer = stackalloc byte[JwsReader.StackBufferSize];
        TokenValidationStatus status = JwsReader.TryRead(token, buffer, Verifier.Limits, out JwsReader jws);
        if (status != TokenValidationStatus.Valid)
        {
            return status;
        }

        try
        {
            status = Verifier.Verify(jws);
            if (status != TokenValidationStatus.Valid)
            {
                return status;
            }

            // The claims are copied out (unescaped) into the scratch, so they outlive the reader's buffer.
            return Policy.Validate(jws.Payload, jws.Header, scratch, out claims);
        }
        finally
        {
            jws.Dispose();
        }
    }
}
