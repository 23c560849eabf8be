using ApiFilter.Policy;
using ApiFilter.Signatures;

namespace ApiFilter.Pipeline;

/// <summary>
/// What the filter needs to check message integrity per request, built once from the policy's
/// <c>digest</c> and <c>signatures</c> sections: the verifiers (one requiring the body's digest to be
/// covered, one for body-less requests), the pooled digest checks, and the pass-through guard.
/// </summary>
internal sealed class MessageIntegrity
{
    // several signatures on one request are tried one by one; more than this is not a real client (RFC 9421 section 4.3 shows two)
    private const int MaxLabels = 8;
    private const int MaxInputNodes = 128;
    private const int MaxFieldLength = 16 * 1024;

    private readonly InstancePool<ContentDigest> _digests;
    private readonly MessageSignatureVerifier? _withBody;
    private readonly MessageSignatureVerifier? _withoutBody;
    private readonly CavageSignatureVerifier? _cavageWithBody;
    private readonly CavageSignatureVerifier? _cavageWithoutBody;
    private readonly string? _acceptWithBody;
    private readonly string? _acceptWithoutBody;

    private MessageIntegrity(FilterPolicy policy)
    {
        var digest = policy.Digest;
        var signatures = policy.Signatures;
        DigestMode = digest.Mode;
        DigestRequired = digest.Require;
        SignatureMode = signatures.Mode;
        SignatureRequired = signatures.Require;
        var accepted = digest.Algorithms;
        _digests = new InstancePool<ContentDigest>(() => new ContentDigest(accepted), Math.Max(16, Environment.ProcessorCount * 4));
        PassThrough = new PassThroughGuard(policy.MaxBufferedBodyBytes);
        if (signatures.Mode == EnforcementMode.Off)
        {
            return;
        }

        var maxAge = TimeSpan.FromSeconds(signatures.MaxAgeSeconds);
        var nonces = signatures.Nonce
            ? signatures.NonceValidator ?? new BoundedNonceSet(100_000, maxAge + MessageSignaturePolicy.Default.ClockSkew * 2, signatures.Clock)
            : null;
        var components = signatures.Components;
        string[] withoutDigest = [.. components.Where(c => !IsDigestField(c))];
        SignatureCoversDigest = withoutDigest.Length != components.Count;
        if (signatures.Require)
        {
            _acceptWithBody = AcceptSignature(components, signatures.Nonce);
            _acceptWithoutBody = AcceptSignature(withoutDigest, signatures.Nonce);
        }

        _withBody = new MessageSignatureVerifier(signatures.Keys, PolicyFor(signatures, [.. components], maxAge), signatures.Clock, nonces);
        _withoutBody = new MessageSignatureVerifier(signatures.Keys, PolicyFor(signatures, withoutDigest, maxAge), signatures.Clock, nonces);
        if (signatures.Cavage)
        {
            var cavage = CavageNames(components);
            var cavageWithoutDigest = CavageNames(withoutDigest);
            _cavageWithBody = new CavageSignatureVerifier(signatures.Keys, PolicyFor(signatures, cavage, maxAge), signatures.Clock);
            _cavageWithoutBody = new CavageSignatureVerifier(signatures.Keys, PolicyFor(signatures, cavageWithoutDigest, maxAge), signatures.Clock);
            // draft-cavage-12 section 3.1.1: the challenge names the headers a signature must cover
            CavageChallenge = cavage.Length == 0
                ? "Signature realm=\"api\""
                : $"Signature realm=\"api\",headers=\"{string.Join(' ', cavage)}\"";
        }
    }

    public EnforcementMode DigestMode { get; }

    public bool DigestRequired { get; }

    public EnforcementMode SignatureMode { get; }

    public bool SignatureRequired { get; }

    /// <summary>True when the policy's components include <c>content-digest</c> (or <c>digest</c>): a signed body is then always digest-checked.</summary>
    public bool SignatureCoversDigest { get; }

    /// <summary>The <c>WWW-Authenticate</c> value for a draft-cavage refusal; null without <c>cavage</c>.</summary>
    public string? CavageChallenge { get; }

    /// <summary>Reads a body no format guard judges, so its digest can be checked before forwarding.</summary>
    public PassThroughGuard PassThrough { get; }

    /// <summary>The checks for the policy, or null when neither digests nor signatures are checked.</summary>
    public static MessageIntegrity? Create(FilterPolicy policy) =>
        policy.Digest.Mode == EnforcementMode.Off && policy.Signatures.Mode == EnforcementMode.Off ? null : new MessageIntegrity(policy);

    public ContentDigest RentDigest() => _digests.Rent();

    public void ReturnDigest(ContentDigest digest)
    {
        digest.Reset();
        _digests.Return(digest);
    }

    /// <summary>
    /// Verifies the request's signature: RFC 9421, or draft-cavage when enabled and the request carries
    /// no <c>Signature-Input</c>. With several RFC 9421 signatures, one that passes is enough.
    /// </summary>
    public SignatureVerificationStatus Verify(in HttpMessageView request, bool hasBody, out bool cavage)
    {
        cavage = false;
        var headers = request.Headers;
        if (headers is null)
        {
            return SignatureVerificationStatus.Missing;
        }

        var query = request.Query.AsSpan();
        if (!query.IsEmpty && query[0] == '?')
        {
            query = query[1..];
        }

        var message = new HttpMessageComponents(request.Method, request.Scheme, request.Authority, request.Path, query, headers);
        if (_cavageWithBody is not null && headers.GetValueCount(FieldNames.SignatureInput) == 0)
        {
            var status = (hasBody ? _cavageWithBody : _cavageWithoutBody!).Verify(message);
            cavage = status != SignatureVerificationStatus.Missing;
            return status;
        }

        var verifier = hasBody ? _withBody! : _withoutBody!;
        var result = verifier.Verify(message, default);
        return result == SignatureVerificationStatus.LabelRequired ? VerifyAnyLabel(verifier, message) : result;
    }

    /// <summary>Maps a failed verification to its violation code (one code per kind of failure).</summary>
    public static string CodeFor(SignatureVerificationStatus status) => status switch
    {
        SignatureVerificationStatus.Missing => ViolationCodes.SignatureMissing,
        SignatureVerificationStatus.UnknownKey => ViolationCodes.SignatureKey,
        SignatureVerificationStatus.AlgorithmNotAllowed or SignatureVerificationStatus.AlgorithmNotSupported
            or SignatureVerificationStatus.AlgorithmMismatch => ViolationCodes.SignatureAlgorithm,
        SignatureVerificationStatus.ComponentMissing or SignatureVerificationStatus.ComponentNotSupported
            or SignatureVerificationStatus.ComponentAmbiguous or SignatureVerificationStatus.RequiredComponentNotCovered => ViolationCodes.SignatureComponents,
        SignatureVerificationStatus.CreatedMissing or SignatureVerificationStatus.ExpiresMissing or SignatureVerificationStatus.Expired
            or SignatureVerificationStatus.TooOld or SignatureVerificationStatus.NotYetValid => ViolationCodes.SignatureExpired,
        SignatureVerificationStatus.NonceMissing or SignatureVerificationStatus.NonceReplayed => ViolationCodes.SignatureReplay,
        SignatureVerificationStatus.BadSignature or SignatureVerificationStatus.TagMismatch => ViolationCodes.SignatureInvalid,
        _ => ViolationCodes.SignatureMalformed,
    };

    /// <summary>The refusal for a failed signature: 401 with a challenge for the draft-cavage auth scheme, 400 for RFC 9421.</summary>
    public Verdict Refusal(SignatureVerificationStatus status, bool cavage, bool hasBody)
    {
        var violation = new Violation(CodeFor(status), "", $"The request's message signature was not accepted: {status}.", -1, "header", null);
        // RFC 9421 signatures are not an HTTP authentication scheme, so no WWW-Authenticate applies (400);
        // draft-cavage's Authorization: Signature is one, and a 401 must carry its challenge (RFC 9110 section 15.5.2)
        if (cavage || (status == SignatureVerificationStatus.Missing && CavageChallenge is not null))
        {
            return Verdict.RefuseWithChallenge(401, CavageChallenge!, violation);
        }

        var accept = hasBody ? _acceptWithBody : _acceptWithoutBody;
        return accept is null ? Verdict.Refuse(violation) : Verdict.RefuseWithAcceptSignature(violation, accept);
    }

    /// <summary>The <c>Accept-Signature</c> hint (RFC 9421 section 5.1): the components to cover, <c>created</c>, and <c>nonce</c> when required.</summary>
    private static string AcceptSignature(IReadOnlyList<string> components, bool nonce)
    {
        var value = new System.Text.StringBuilder("sig1=(");
        for (var i = 0; i < components.Count; i++)
        {
            // component names are sf-strings (RFC 8941 section 3.3.3): backslash and quote are escaped
            value.Append(i == 0 ? "\"" : " \"").Append(components[i].Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
        }

        value.Append(");created");
        if (nonce)
        {
            value.Append(";nonce");
        }

        return value.ToString();
    }

    private static SignatureVerificationStatus VerifyAnyLabel(MessageSignatureVerifier verifier, in HttpMessageComponents message)
    {
        if (!CombinedField.TryRead(message.Headers, FieldNames.SignatureInput, MaxFieldLength, out var field))
        {
            return SignatureVerificationStatus.Malformed;
        }

        try
        {
            Span<StructuredFieldNode> nodes = stackalloc StructuredFieldNode[MaxInputNodes];
            var text = field.Value;
            if (StructuredFieldParser.Parse(text, StructuredFieldType.Dictionary, nodes, out var count) != StructuredFieldStatus.Ok)
            {
                return SignatureVerificationStatus.Malformed;
            }

            var first = SignatureVerificationStatus.Missing;
            var tried = 0;
            for (var i = 0; i < count; i = nodes[i].End)
            {
                if (nodes[i].IsSuperseded)
                {
                    continue;
                }

                if (++tried > MaxLabels)
                {
                    return SignatureVerificationStatus.Malformed;
                }

                var status = verifier.Verify(message, nodes[i].Key(text));
                if (status == SignatureVerificationStatus.Valid)
                {
                    return status;
                }

                first = first == SignatureVerificationStatus.Missing ? status : first;
            }

            return first;
        }
        finally
        {
            field.Dispose();
        }
    }

    private static MessageSignaturePolicy PolicyFor(SignaturePolicy signatures, string[] components, TimeSpan maxAge) => new()
    {
        RequiredComponents = components,
        AllowedAlgorithms = [.. signatures.Algorithms],
        MaxAge = maxAge,
        RequireCreated = true,
        RequireNonce = signatures.Nonce,
    };

    private static bool IsDigestField(string component) =>
        component.Equals("content-digest", StringComparison.OrdinalIgnoreCase) || component.Equals("digest", StringComparison.OrdinalIgnoreCase);

    /// <summary>The draft-cavage header names for RFC 9421 component names: the method and target are both in <c>(request-target)</c>.</summary>
    private static string[] CavageNames(IReadOnlyList<string> components)
    {
        var names = new List<string>();
        foreach (var component in components)
        {
            var name = component.ToLowerInvariant() switch
            {
                "@method" or "@target-uri" or "@path" or "@query" or "@request-target" => "(request-target)",
                "@authority" => "host",
                "content-digest" => "digest",
                var other => other,
            };
            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }

        return [.. names];
    }
}
