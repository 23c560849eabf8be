namespace ApiFilter.Pipeline;

/// <summary>
/// The outcome of judging a message: allowed, or refused with an HTTP status and the violations
/// that caused it. A refusal is an expected outcome and is returned as a value, never thrown.
/// </summary>
public readonly struct Verdict
{
    private readonly Violation[]? _violations;

    private Verdict(int status, Violation[]? violations, string? allow = null, string? challenge = null)
    {
        Status = status;
        _violations = violations;
        AllowHeader = allow;
        Challenge = challenge;
    }

    /// <summary>The allowing verdict. Costs nothing.</summary>
    public static Verdict Allow => default;

    /// <summary>Refuses with one violation; the status comes from its code.</summary>
    public static Verdict Refuse(Violation violation)
    {
        ArgumentNullException.ThrowIfNull(violation);
        return new Verdict(violation.Status, [violation]);
    }

    /// <summary>Refuses with an explicit status and one or more violations.</summary>
    public static Verdict Refuse(int status, params Violation[] violations)
    {
        ArgumentNullException.ThrowIfNull(violations);
        if (violations.Length == 0)
        {
            ThrowHelper.ThrowArgument(nameof(violations), "A refusal needs at least one violation.");
        }

        return new Verdict(status, violations);
    }

    /// <summary>
    /// Refuses a method the path does not declare: 405 with the <c>Allow</c> header value listing the
    /// methods it does declare (RFC 9110 section 15.5.6 requires the header on a 405).
    /// </summary>
    public static Verdict RefuseMethod(Violation violation, string allow)
    {
        ArgumentNullException.ThrowIfNull(violation);
        ArgumentNullException.ThrowIfNull(allow);
        return new Verdict(405, [violation], allow);
    }

    /// <summary>
    /// Refuses for want of valid credentials with the <c>WWW-Authenticate</c> value to send: a 401 must carry
    /// one (RFC 9110 section 15.5.2), and a 403 for insufficient scope names the scope in one (RFC 6750 section 3.1).
    /// </summary>
    /// <param name="status">401, or 400/403 where RFC 6750 section 3.1 says so.</param>
    /// <param name="challenge">The <c>WWW-Authenticate</c> field value, e.g. <c>Bearer realm="api", error="invalid_token"</c>.</param>
    /// <param name="violations">Why, first one first.</param>
    public static Verdict RefuseWithChallenge(int status, string challenge, params Violation[] violations)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(violations);
        if (violations.Length == 0)
        {
            ThrowHelper.ThrowArgument(nameof(violations), "A refusal needs at least one violation.");
        }

        return new Verdict(status, violations, challenge: challenge);
    }

    // ---- message signatures ----

    /// <summary>
    /// Refuses a request whose required RFC 9421 signature is missing or not accepted (400), with the
    /// <c>Accept-Signature</c> value telling the client what to sign (RFC 9421 section 5.1). Not a 401:
    /// RFC 9421 signatures are not an HTTP authentication scheme, so there is no challenge to send.
    /// </summary>
    /// <param name="violation">Why.</param>
    /// <param name="acceptSignature">The <c>Accept-Signature</c> field value, e.g. <c>sig1=("@method" "@target-uri");created</c>.</param>
    public static Verdict RefuseWithAcceptSignature(Violation violation, string acceptSignature)
    {
        ArgumentNullException.ThrowIfNull(acceptSignature);
        return Refuse(violation) with { AcceptSignature = acceptSignature };
    }

    /// <summary>For a refusal for want of an RFC 9421 signature, the <c>Accept-Signature</c> header value; otherwise null.</summary>
    public string? AcceptSignature { get; private init; }

    // ---- end message signatures ----

    /// <summary>For a refusal for want of credentials, the <c>WWW-Authenticate</c> header value; otherwise null.</summary>
    public string? Challenge { get; }

    /// <summary>For a 405 refusal, the <c>Allow</c> header value; otherwise null.</summary>
    public string? AllowHeader { get; }

    /// <summary>True when the message may pass.</summary>
    public bool IsAllowed => _violations is null;

    /// <summary>HTTP status of a refusal (400, 413, 415, …); 0 when allowed.</summary>
    public int Status { get; }

    /// <summary>The violations of a refusal, first one first; empty when allowed.</summary>
    public ReadOnlySpan<Violation> Violations => _violations;

    /// <summary>The first violation of a refusal, or null when allowed.</summary>
    public Violation? FirstViolation => _violations is { Length: > 0 } v ? v[0] : null;
}
