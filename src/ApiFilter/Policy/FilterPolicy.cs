using ApiFilter.Json;
using ApiFilter.Xml;

namespace ApiFilter.Policy;

/// <summary>
/// Everything the request filter enforces, fixed when it is built: JSON and XML threat limits and
/// which compressed request bodies may be decoded. Immutable; load one with <see cref="PolicyLoader"/>
/// or build one in code with <c>with</c> expressions.
/// </summary>
public sealed record FilterPolicy
{
    /// <summary>The defaults: default limits, no request content coding allowed, ratio cap 100.</summary>
    public static FilterPolicy Default { get; } = new();

    /// <summary>Limits for JSON bodies (<c>application/json</c>, <c>*+json</c>).</summary>
    public JsonThreatLimits Json { get; init; } = JsonThreatLimits.Default;

    /// <summary>Limits for XML bodies (<c>application/xml</c>, <c>text/xml</c>, <c>*+xml</c>).</summary>
    public XmlThreatLimits Xml { get; init; } = XmlThreatLimits.Default;

    /// <summary>Request content codings that are decoded and judged; any other is refused. Default none.</summary>
    public ContentCodings ContentEncodings { get; init; } = ContentCodings.None;

    /// <summary>
    /// Largest allowed ratio of decoded to encoded body size (<c>body.compressionRatio</c>). Decoding
    /// stops as soon as it is exceeded, so a compression bomb costs at most this many times its own size.
    /// Default 100.
    /// </summary>
    public int MaxDecompressionRatio { get; init; } = 100;

    /// <summary>How the OpenAPI contract is enforced, when the filter has one.</summary>
    public ContractPolicy Contract { get; init; } = ContractPolicy.Default;

    /// <summary>Which attack detectors run on request values, and what a detection does.</summary>
    public DetectionPolicy Detection { get; init; } = DetectionPolicy.Default;

    /// <summary>How the contract's security schemes and requirements are enforced (credentials checked at the edge).</summary>
    public AuthenticationPolicy Auth { get; init; } = AuthenticationPolicy.Default;

    /// <summary>How request bodies are checked against their <c>Content-Digest</c> / <c>Digest</c> field.</summary>
    public DigestPolicy Digest { get; init; } = DigestPolicy.Default;

    /// <summary>How requests' HTTP message signatures are checked (default off).</summary>
    public SignaturePolicy Signatures { get; init; } = SignaturePolicy.Default;

    /// <summary>The largest body any guard of this policy buffers: hosts size their read buffers from it.</summary>
    public long MaxBufferedBodyBytes => Math.Max(Json.MaxBodyBytes, Xml.MaxBodyBytes);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting that is not valid.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Json);
        ArgumentNullException.ThrowIfNull(Xml);
        Json.Validate();
        Xml.Validate();
        ArgumentNullException.ThrowIfNull(Contract);
        Contract.Validate();
        ArgumentNullException.ThrowIfNull(Detection);
        ArgumentNullException.ThrowIfNull(Auth);
        Auth.Validate();
        ThrowHelper.ThrowIfNotPositive(MaxDecompressionRatio, nameof(MaxDecompressionRatio));
        ArgumentNullException.ThrowIfNull(Digest);
        ArgumentNullException.ThrowIfNull(Signatures);
        Signatures.Validate();
    }
}
