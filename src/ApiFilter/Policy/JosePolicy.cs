namespace ApiFilter.Policy;

/// <summary>
/// The <c>jose</c> section: detached JWS over request bodies (RFC 7515 appendix F, RFC 7797), JWE compact
/// request bodies (RFC 7516), and detached JWS over response bodies. Everything is off by default.
/// </summary>
public sealed record JosePolicy
{
    /// <summary>Everything off.</summary>
    public static JosePolicy Default { get; } = new();

    /// <summary>How a detached JWS carried in a request header is checked against the body.</summary>
    public DetachedSignatureSettings DetachedSignature { get; init; } = DetachedSignatureSettings.Default;

    /// <summary>How <c>application/jose</c> request bodies are decrypted and judged.</summary>
    public JweDecryptSettings Decrypt { get; init; } = JweDecryptSettings.Default;

    /// <summary>How response bodies are signed.</summary>
    public ResponseSigningSettings SignResponses { get; init; } = ResponseSigningSettings.Default;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(DetachedSignature);
        ArgumentNullException.ThrowIfNull(Decrypt);
        ArgumentNullException.ThrowIfNull(SignResponses);
        DetachedSignature.Validate();
        Decrypt.Validate();
        SignResponses.Validate();
    }
}
