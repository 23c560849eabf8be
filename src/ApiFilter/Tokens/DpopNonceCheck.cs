namespace ApiFilter.Tokens;

/// <summary>
/// Decides whether a DPoP proof's "nonce" (RFC 9449 sections 8 and 9) is one the server handed out recently. Called
/// only after the proof's signature verified; must not allocate or block on the request path.
/// </summary>
/// <param name="nonce">The unescaped "nonce" claim in UTF-8.</param>
/// <returns>True to accept the nonce.</returns>
public delegate bool DpopNonceCheck(ReadOnlySpan<byte> nonce);
