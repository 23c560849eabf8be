namespace ApiFilter.Signatures;

/// <summary>Why a message signature (RFC 9421 or draft-cavage-12) was accepted or refused: one specific reason each.</summary>
public enum SignatureVerificationStatus : byte
{
    /// <summary>The signature verified and every policy check passed.</summary>
    Valid,

    /// <summary>No <c>Signature-Input</c> or no <c>Signature</c> field (or no cavage <c>Signature</c> / <c>Authorization: Signature</c>).</summary>
    Missing,

    /// <summary>A signature field or parameter broke its syntax (structured field, parameter type, component identifier).</summary>
    Malformed,

    /// <summary>Several signatures are present and no label was chosen.</summary>
    LabelRequired,

    /// <summary>The chosen label is not in <c>Signature-Input</c>.</summary>
    LabelNotFound,

    /// <summary>The label is in <c>Signature-Input</c> but <c>Signature</c> has no value for it.</summary>
    LabelMismatch,

    /// <summary>No key is configured for the <c>keyid</c> (or <c>keyid</c> is absent).</summary>
    UnknownKey,

    /// <summary>The algorithm is not in the policy's allowed list (or is deprecated, for draft-cavage).</summary>
    AlgorithmNotAllowed,

    /// <summary>The algorithm is not implemented (<c>ed25519</c>: .NET 10 has no Ed25519 API) or not recognised.</summary>
    AlgorithmNotSupported,

    /// <summary>The <c>alg</c> parameter names another algorithm than the key's configured one.</summary>
    AlgorithmMismatch,

    /// <summary>A covered component is absent from the message (field, query parameter, <c>@status</c> in a request, <c>req</c> without a request).</summary>
    ComponentMissing,

    /// <summary>A covered component uses something this verifier does not implement (<c>tr</c>, an unknown derived component or parameter, <c>sf</c> on a field of unknown type).</summary>
    ComponentNotSupported,

    /// <summary>A component identifier (name and parameters) is listed twice (RFC 9421 section 2.5).</summary>
    ComponentDuplicated,

    /// <summary>A <c>@query-param</c> name occurs more than once in the query, so its value is ambiguous.</summary>
    ComponentAmbiguous,

    /// <summary>A component the policy requires is not covered by the signature.</summary>
    RequiredComponentNotCovered,

    /// <summary>The policy requires <c>created</c> (or a maximum age) and the signature has none.</summary>
    CreatedMissing,

    /// <summary>The policy requires <c>expires</c> and the signature has none.</summary>
    ExpiresMissing,

    /// <summary>The <c>expires</c> time has passed (beyond the allowed clock skew).</summary>
    Expired,

    /// <summary>The <c>created</c> time is older than the policy's maximum age.</summary>
    TooOld,

    /// <summary>The <c>created</c> time is in the future (beyond the allowed clock skew).</summary>
    NotYetValid,

    /// <summary>The policy requires a <c>tag</c> and the signature carries another or none.</summary>
    TagMismatch,

    /// <summary>The policy requires a <c>nonce</c> and the signature has none.</summary>
    NonceMissing,

    /// <summary>The <c>nonce</c> was seen before (<see cref="ISignatureNonceValidator"/> refused it): a replay.</summary>
    NonceReplayed,

    /// <summary>The signature base is larger than the policy allows.</summary>
    TooLarge,

    /// <summary>The signature does not verify over the rebuilt signature base.</summary>
    BadSignature,
}
