namespace ApiFilter.Tokens;

/// <summary>
/// The parsed JOSE header of a compact JWS (RFC 7515 section 4): the algorithm, the unescaped "kid", "typ"
/// and "cty" as UTF-8 views into the reader's buffer, and which other registered parameters were present.
/// "jku", "jwk", "x5u" and "x5c" are only noted: keys come from the configured key set, never from the token.
/// </summary>
public readonly ref struct JoseHeader
{
    internal JoseHeader(
        JwsAlgorithm algorithm,
        ReadOnlySpan<byte> keyId,
        ReadOnlySpan<byte> type,
        ReadOnlySpan<byte> contentType,
        JoseHeaderParameters parameters,
        bool isPayloadEncoded,
        ReadOnlySpan<byte> embeddedKeyJson = default)
    {
        Algorithm = algorithm;
        KeyId = keyId;
        Type = type;
        ContentType = contentType;
        Parameters = parameters;
        IsPayloadEncoded = isPayloadEncoded;
        EmbeddedKeyJson = embeddedKeyJson;
    }

    /// <summary>The "alg" value; <see cref="JwsAlgorithm.Unknown"/> when unknown (case matters).</summary>
    public JwsAlgorithm Algorithm { get; }

    /// <summary>The unescaped "kid" in UTF-8; empty when absent (see <see cref="HasKeyId"/>).</summary>
    public ReadOnlySpan<byte> KeyId { get; }

    /// <summary>Whether a "kid" member was present (it may be an empty string).</summary>
    public bool HasKeyId => (Parameters & JoseHeaderParameters.KeyId) != 0;

    /// <summary>The unescaped "typ" in UTF-8; empty when absent.</summary>
    public ReadOnlySpan<byte> Type { get; }

    /// <summary>The unescaped "cty" in UTF-8; empty when absent.</summary>
    public ReadOnlySpan<byte> ContentType { get; }

    /// <summary>The registered parameters present in the header.</summary>
    public JoseHeaderParameters Parameters { get; }

    /// <summary>
    /// False when "b64": false (RFC 7797): the payload segment is the payload itself, not its base64url form,
    /// and the signing input uses it as is.
    /// </summary>
    public bool IsPayloadEncoded { get; }

    /// <summary>
    /// The raw JSON text of the "jwk" member's object, escapes and all, as it appears in the decoded header; empty
    /// when absent. Token verification never uses it; a DPoP proof is the one place a header key is used, by design
    /// (RFC 9449 section 4.3 step 6), and <see cref="DpopProofValidator"/> reads it from here.
    /// </summary>
    public ReadOnlySpan<byte> EmbeddedKeyJson { get; }

    /// <summary>Whether the header carries a key or key location ("jku", "jwk", "x5u", "x5c") that the verifier ignores.</summary>
    public bool HasEmbeddedKeyReference =>
        (Parameters & (JoseHeaderParameters.JwkSetUrl | JoseHeaderParameters.JsonWebKey | JoseHeaderParameters.X509Url | JoseHeaderParameters.X509CertificateChain)) != 0;

    // JWE members (RFC 7516 section 4.1, RFC 7518 section 4.6.1), read for JweDecryptor; empty for a JWS.

    /// <summary>The unescaped "alg" value in UTF-8: JWE key management names ("RSA-OAEP-256", …) are not <see cref="JwsAlgorithm"/> values.</summary>
    public ReadOnlySpan<byte> AlgorithmName { get; internal init; }

    /// <summary>The unescaped "enc" value in UTF-8; empty when absent.</summary>
    public ReadOnlySpan<byte> EncryptionName { get; internal init; }

    /// <summary>The "epk" object exactly as it stands in the decoded header JSON (escapes not resolved); empty when absent.</summary>
    public ReadOnlySpan<byte> EphemeralPublicKeyJson { get; internal init; }

    /// <summary>The unescaped "apu" value (base64url text) in UTF-8; empty when absent.</summary>
    public ReadOnlySpan<byte> AgreementPartyUInfo { get; internal init; }

    /// <summary>The unescaped "apv" value (base64url text) in UTF-8; empty when absent.</summary>
    public ReadOnlySpan<byte> AgreementPartyVInfo { get; internal init; }
}

