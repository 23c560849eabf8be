using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using ApiFilter.Contract;
using ApiFilter.Detection;
using ApiFilter.Forms;
using ApiFilter.Json;
using ApiFilter.Multipart;
using ApiFilter.Policy;
using ApiFilter.Schema;
using ApiFilter.Xml;

namespace ApiFilter.Pipeline;

/// <summary>
/// Judges requests against a <see cref="FilterPolicy"/> and, when given one, an <see cref="ApiContract"/>. Built once; thread-safe; the per-request
/// path allocates nothing on the allow path (guards are pooled, the body stays in the reader's own
/// buffers, the async state machine is pooled).
/// </summary>
/// <remarks>
/// Per request: <see cref="Plan"/> from the head; if the plan refuses, answer; if its kind is
/// <see cref="BodyKind.None"/>, forward untouched; otherwise <see cref="RentGuard(in BodyPlan)"/>,
/// <see cref="InspectBodyAsync(PipeReader, BodyPlan, IBodyGuard, CancellationToken)"/>,
/// <see cref="ReturnGuard"/>, and forward <see cref="BodyInspection.Body"/> on allow.
/// </remarks>
public sealed partial class RequestFilter
{
    private readonly GuardPool _jsonGuards;
    private readonly GuardPool _xmlGuards;
    private readonly GuardPool _formGuards;

    /// <summary>Builds a filter for <paramref name="policy"/> alone: threat limits, no contract.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit of the policy is not positive.</exception>
    public RequestFilter(FilterPolicy policy)
        : this(policy, null)
    {
    }

    /// <summary>
    /// Builds a filter for <paramref name="policy"/> that also enforces <paramref name="contract"/>:
    /// every request is routed to a declared operation and its parameters and body are checked
    /// against it; anything the contract does not declare is refused.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit of the policy is not positive.</exception>
    /// <exception cref="AuthenticationConfigurationException">
    /// The contract's security requirements name a scheme the policy's <c>auth</c> section does not
    /// configure (or configures with settings of another kind), and <c>auth.mode</c> is not off.
    /// </exception>
    public RequestFilter(FilterPolicy policy, ApiContract? contract)
    {
        ArgumentNullException.ThrowIfNull(policy);
        policy.Validate();
        Policy = policy;
        Contract = contract;
        var poolSize = Math.Max(16, Environment.ProcessorCount * 4);
        _jsonGuards = new GuardPool(() => new JsonGuard(policy.Json), poolSize);
        _xmlGuards = new GuardPool(() => new XmlGuard(policy.Xml), poolSize);
        _formGuards = new GuardPool(() => new FormUrlEncodedGuard(policy.Contract.Form), poolSize);
        _validators = new InstancePool<JsonSchemaValidator>(() => new JsonSchemaValidator(), poolSize);
        _detections = new InstancePool<ValueDetectionSink>(() => new ValueDetectionSink(), poolSize);
        _report = Report;
        _checkers = new InstancePool<ParameterValueChecker>(() => new ParameterValueChecker(policy.Json, policy.Detection, _report), poolSize);
        _multipartGuards = MultipartPools(contract, policy, poolSize);
        _security = CompileSecurity(contract, policy.Auth);
        _pkceTokenOperations = PkceTokenOperations(contract, _security);
        _pkceSinks = new InstancePool<Security.PkceTokenRequestSink>(() => new Security.PkceTokenRequestSink(), poolSize);
        _integrity = MessageIntegrity.Create(policy);
        _jose = JoseChecks.Create(policy, contract);
    }

    /// <summary>The contract this filter enforces, or null for threat limits only.</summary>
    public ApiContract? Contract { get; }

    /// <summary>The policy this filter enforces.</summary>
    public FilterPolicy Policy { get; }

    /// <summary>
    /// Decides from the request head alone: with a contract, routes the request and checks its
    /// parameters; then which guard judges the body; or refuses at once.
    /// </summary>
    public BodyPlan Plan(in HttpMessageView request) =>
        CheckJose(request, CheckIntegrity(request, Contract is null ? PlanBody(request) : PlanWithContract(request, Contract)));

    /// <summary>The body plan of the threat-limit-only filter.</summary>
    private BodyPlan PlanBody(in HttpMessageView request)
    {
        if (!request.HasBody || request.ContentLength == 0 && request.ContentType is null)
        {
            return default;
        }

        var contentType = request.ContentType;
        if (contentType is null)
        {
            return new BodyPlan(BodyKind.None, Verdict.Allow, isUnrecognizedMediaType: true, null);
        }

        if (IsJweRequest(contentType))
        {
            return PlanJwe(request, null);
        }

        var kind = MediaTypes.Classify(contentType, out var charsetIsUtf8);
        if (kind is BodyKind.None or BodyKind.Multipart)
        {
            return new BodyPlan(BodyKind.None, Verdict.Allow, isUnrecognizedMediaType: true, null);
        }

        if (!charsetIsUtf8)
        {
            return new BodyPlan(kind, Verdict.Refuse(new Violation(ViolationCodes.BodyCharset, "",
                $"Only UTF-8 bodies are accepted; Content-Type was '{contentType}'.")), false, null);
        }

        // A declared length over the limit is refused from the head: no byte of the body is read.
        var limit = kind == BodyKind.Json ? Policy.Json.MaxBodyBytes : Policy.Xml.MaxBodyBytes;
        if (request.ContentLength > limit)
        {
            var code = kind == BodyKind.Json ? ViolationCodes.JsonSize : ViolationCodes.XmlSize;
            return new BodyPlan(kind, Verdict.Refuse(new Violation(code, "",
                $"The declared Content-Length {request.ContentLength} is larger than {limit} bytes.", limit)), false, null);
        }

        string? encoding = null;
        if (!string.IsNullOrEmpty(request.ContentEncoding))
        {
            var refusal = ContentCodingList.Check(request.ContentEncoding, Policy.ContentEncodings, out var hasCoding);
            if (refusal is not null)
            {
                return new BodyPlan(kind, Verdict.Refuse(refusal), false, null);
            }

            encoding = hasCoding ? request.ContentEncoding : null;
        }

        return new BodyPlan(kind, Verdict.Allow, false, encoding);
    }

    /// <summary>Takes a reset guard for <paramref name="kind"/> from the pool; give it back with <see cref="ReturnGuard"/>.</summary>
    public IBodyGuard RentGuard(BodyKind kind) => kind switch
    {
        BodyKind.Json => _jsonGuards.Rent(),
        BodyKind.Xml => _xmlGuards.Rent(),
        BodyKind.Form => _formGuards.Rent(),
        _ => ThrowNoGuard(kind),
    };

    /// <summary>
    /// Takes a reset guard for the body of <paramref name="plan"/> from the pool, with the schema of
    /// the operation's matching media type attached so the body is validated in the same pass.
    /// Give it back with <see cref="ReturnGuard"/>.
    /// </summary>
    public IBodyGuard RentGuard(in BodyPlan plan)
    {
        if (plan.IsJwe)
        {
            return _jose!.Envelope!;
        }

        if (plan.Kind == BodyKind.None && plan.Digest is not null)
        {
            return _integrity!.PassThrough;
        }

        if (plan.Kind == BodyKind.None && plan.Jws is not null)
        {
            return _jose!.PassThrough;
        }

        if (plan.Kind == BodyKind.Multipart)
        {
            return RentMultipartGuard(plan);
        }

        var guard = RentGuard(plan.Kind);
        AttachSinks(guard, plan.Media, plan.Operation);
        return guard;
    }

    /// <summary>Resets <paramref name="guard"/> and puts it back in its pool (with its schema validator, if any).</summary>
    public void ReturnGuard(IBodyGuard guard)
    {
        ArgumentNullException.ThrowIfNull(guard);
        switch (guard)
        {
            case JsonGuard json:
                ReturnSinks(json.Validator);
                _jsonGuards.Return(guard);
                break;
            case XmlGuard xml:
                ReturnSinks(xml.TokenSink);
                xml.Mapping = null;
                xml.TokenSink = null;
                _xmlGuards.Return(guard);
                break;
            case MultipartGuard multipart:
                ReturnMultipartGuard(multipart);
                break;
            case FormUrlEncodedGuard form:
                ReturnSinks(form.TokenSink);
                form.Fields = null;
                form.TokenSink = null;
                _formGuards.Return(guard);
                break;
        }
    }

    /// <summary>Reads and judges an identity-coded body; see <see cref="InspectBodyAsync(PipeReader, BodyPlan, IBodyGuard, CancellationToken)"/>.</summary>
    public ValueTask<BodyInspection> InspectBodyAsync(PipeReader body, IBodyGuard guard, CancellationToken cancellationToken) =>
        InspectBodyAsync(body, default, guard, cancellationToken);

    /// <summary>
    /// Reads the body from <paramref name="body"/> as it arrives and judges it with
    /// <paramref name="guard"/>, keeping every byte buffered in the reader until the verdict.
    /// </summary>
    /// <remarks>
    /// <para>Each read examines everything and consumes nothing (<c>AdvanceTo(start, end)</c>), so the
    /// whole body stays in the pipe's own segments and is forwarded from there without a copy. The
    /// guard is fed only the bytes it has not consumed yet. Reading stops as soon as more than the
    /// guard's <see cref="IBodyGuard.MaxBodyBytes"/> is buffered, so an oversized body costs about
    /// that much reading, never its full size.</para>
    /// <para>Nothing is consumed, but everything is examined: <see cref="Pipe"/> back-pressure counts
    /// unexamined bytes, so the writer keeps going up to the guard's limit. Hosts may still size
    /// their request buffer above <see cref="FilterPolicy.MaxBufferedBodyBytes"/> (Kestrel: see
    /// ApiFilter.AspNetCore's KestrelBufferSizing) so this does not depend on that detail. Keeping the
    /// body in the pipe is the zero-copy path; copying it into our own segments would cost a copy of
    /// every allowed body.</para>
    /// <para>An encoded body (<see cref="BodyPlan.IsEncoded"/>) is buffered encoded, then decoded in
    /// chunks into a pooled buffer for the guard; the encoded bytes are what is kept for forwarding.</para>
    /// <para>When the plan carries a digest (<see cref="FilterPolicy.Digest"/>, or a signature covering it), the
    /// bytes as received are hashed as they arrive, in the same pass, and a body that does not match is refused
    /// with <c>digest.mismatch</c> once its guard has allowed it.</para>
    /// <para>A detached JWS chosen in the plan (<c>jose.detachedSignature</c>) is fed the same bytes as received in the
    /// same pass and verified at the end (<c>jose.signature.invalid</c>). A JWE body (<c>jose.decrypt</c>) is buffered
    /// whole, decrypted into a pooled buffer and its plaintext judged once by the guard of its <c>cty</c> media type;
    /// see <see cref="BodyInspection"/> for how the plaintext is forwarded.</para>
    /// <para>A client that aborts or sends a truncated body gets a <c>body.incomplete</c> refusal, not an exception.</para>
    /// </remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<BodyInspection> InspectBodyAsync(PipeReader body, BodyPlan plan, IBodyGuard guard, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(guard);
        var limit = guard.MaxBodyBytes;
        var guardPosition = 0L;
        var decode = plan.IsEncoded;
        // the digest is over the bytes as received, still content-coded (RFC 9530 section 2), hashed as they arrive
        var digest = plan.Digest;
        var digestPosition = 0L;
        // the detached JWS too is over the bytes as received (RFC 7515 appendix F: the payload is the body sent)
        var jws = plan.Jws;
        var jwsPosition = 0L;
        try
        {
            while (true)
            {
                ReadResult result;
                try
                {
                    result = await body.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or OperationCanceledException)
                {
                    // Kestrel reports a client abort or a body shorter than its Content-Length as an IOException
                    return Incomplete(guardPosition, e.Message);
                }

                var buffer = result.Buffer;
                // taken before any AdvanceTo: after it, the pipe may recycle the buffer's segments
                var buffered = buffer.Length;
                if (result.IsCanceled)
                {
                    body.AdvanceTo(buffer.End);
                    return Incomplete(buffered, "Reading the body was canceled.");
                }

                if (buffered > limit)
                {
                    body.AdvanceTo(buffer.End);
                    return new BodyInspection(Verdict.Refuse(SizeViolation(guard)), default, buffered);
                }

                if (!result.IsCompleted)
                {
                    if (digest is not null)
                    {
                        digest.Append(buffer.Slice(digestPosition));
                        digestPosition = buffered;
                    }

                    if (jws is not null)
                    {
                        AppendJws(jws, buffer.Slice(jwsPosition));
                        jwsPosition = buffered;
                    }

                    if (!decode)
                    {
                        var status = guard.Feed(buffer.Slice(guardPosition), isFinalBlock: false, out var consumed);
                        if (status == GuardStatus.Refused)
                        {
                            body.AdvanceTo(buffer.End);
                            return new BodyInspection(RefusalOf(guard), default, buffered);
                        }

                        guardPosition += consumed;
                    }

                    body.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }

                digest?.Append(buffer.Slice(digestPosition));
                if (jws is not null)
                {
                    AppendJws(jws, buffer.Slice(jwsPosition));
                }

                Verdict verdict;
                long decoded;
                DecryptedBody? plaintext = null;
                string? plaintextType = null;
                if (plan.IsJwe)
                {
                    verdict = DecryptAndJudge(buffer, plan, out decoded, out plaintext, out plaintextType);
                }
                else if (decode)
                {
                    verdict = BodyDecoder.DecodeAndJudge(buffer, plan.ContentEncoding!, guard, Policy.MaxDecompressionRatio, out decoded);
                }
                else
                {
                    decoded = buffered;
                    var status = guard.Feed(buffer.Slice(guardPosition), isFinalBlock: true, out _);
                    verdict = status switch
                    {
                        GuardStatus.Allowed => Completed(guard),
                        GuardStatus.Refused => RefusalOf(guard),
                        _ => Verdict.Refuse(new Violation(ViolationCodes.BodyIncomplete, "", "The body ended in the middle of a value.", decoded)),
                    };
                }

                if (verdict.IsAllowed && digest is not null)
                {
                    verdict = FinishDigest(digest, plan.DigestReportOnly, buffered);
                }

                if (verdict.IsAllowed && jws is not null)
                {
                    verdict = FinishJws(jws, plan.JwsReportOnly, buffered);
                }

                if (!verdict.IsAllowed)
                {
                    plaintext?.Release();
                    body.AdvanceTo(buffer.End);
                    return new BodyInspection(verdict, default, decoded);
                }

                return plaintext is null
                    ? new BodyInspection(Verdict.Allow, buffer, decoded)
                    : new BodyInspection(buffer, plaintext, plaintextType!, decoded);
            }
        }
        finally
        {
            if (digest is not null)
            {
                _integrity!.ReturnDigest(digest);
            }

            jws?.Dispose();
        }
    }

    /// <summary>The size refusal for a guard: <c>json.size</c>, <c>xml.size</c> or <c>body.size</c>.</summary>
    internal static Violation SizeViolation(IBodyGuard guard)
    {
        var code = guard switch
        {
            JsonGuard => ViolationCodes.JsonSize,
            XmlGuard => ViolationCodes.XmlSize,
            _ => ViolationCodes.BodySize,
        };
        return new Violation(code, "", $"The body is larger than {guard.MaxBodyBytes} bytes.", guard.MaxBodyBytes);
    }

    private static BodyInspection Incomplete(long offset, string reason) =>
        new(Verdict.Refuse(new Violation(ViolationCodes.BodyIncomplete, "", $"The body could not be read completely: {reason}", offset)), default, offset);

    private static IBodyGuard ThrowNoGuard(BodyKind kind)
    {
        ThrowHelper.ThrowArgumentOutOfRange(nameof(kind), $"No guard judges bodies of kind {kind}.");
        return null;
    }
}
