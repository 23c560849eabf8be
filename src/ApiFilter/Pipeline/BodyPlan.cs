namespace ApiFilter.Pipeline;

/// <summary>
/// What <see cref="RequestFilter.Plan"/> decided from the request head alone: refuse now, forward
/// the body unjudged, or judge it with a guard of <see cref="Kind"/> (decoding it first when
/// <see cref="IsEncoded"/>).
/// </summary>
public readonly struct BodyPlan
{
    internal BodyPlan(BodyKind kind, Verdict refusal, bool isUnrecognizedMediaType, string? contentEncoding)
    {
        Kind = kind;
        Refusal = refusal;
        IsUnrecognizedMediaType = isUnrecognizedMediaType;
        ContentEncoding = contentEncoding;
    }

    /// <summary>The guard to judge the body with; <see cref="BodyKind.None"/> forwards it unjudged.</summary>
    public BodyKind Kind { get; }

    /// <summary>The contract operation the request was routed to; null without a contract.</summary>
    public Contract.ContractOperation? Operation { get; init; }

    /// <summary>The request's Content-Type, kept for guards that read parameters from it (the multipart boundary).</summary>
    internal string? ContentType { get; init; }

    /// <summary>The declared media type the body was matched to; null without a contract or a body.</summary>
    internal Contract.ContractMediaType? Media { get; init; }

    /// <summary>A refusal decided from the head (charset, content coding); allowed otherwise.</summary>
    public Verdict Refusal { get; }

    /// <summary>True when the request has a body whose media type the filter does not judge (worth logging).</summary>
    public bool IsUnrecognizedMediaType { get; }

    /// <summary>The content codings to undo before judging, or null for an identity body.</summary>
    public string? ContentEncoding { get; }

    /// <summary>True when the body must be decoded before it is judged.</summary>
    public bool IsEncoded => ContentEncoding is not null;

    /// <summary>
    /// The digest the body is checked against as it is read (RFC 9530 section 2: over the bytes as
    /// received); null when none is checked. Rented from the filter; the body inspection gives it back.
    /// </summary>
    internal Signatures.ContentDigest? Digest { get; init; }

    /// <summary>True when a digest mismatch is only reported (<c>digest.mode: report</c>, no signature covering it).</summary>
    internal bool DigestReportOnly { get; init; }

    /// <summary>
    /// True when the body must be read and inspected before it is forwarded: a guard judges it, or it
    /// is checked against its digest (then an otherwise unjudged body is read too).
    /// </summary>
    public bool MustInspectBody => Kind != BodyKind.None || Digest is not null;

    /// <summary>True when the head alone already refuses the request.</summary>
    public bool IsRefused => !Refusal.IsAllowed;
}
