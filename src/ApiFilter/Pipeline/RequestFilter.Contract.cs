using System.Runtime.CompilerServices;
using ApiFilter.Contract;
using ApiFilter.Detection;
using ApiFilter.Forms;
using ApiFilter.Json;
using ApiFilter.Multipart;
using ApiFilter.Routing;
using ApiFilter.Schema;
using ApiFilter.Xml;

namespace ApiFilter.Pipeline;

/// <summary>The contract half of the filter: route, parameters, credentials (RequestFilter.Security.cs), body media type, body schema.</summary>
public sealed partial class RequestFilter
{
    private readonly InstancePool<JsonSchemaValidator> _validators;
    private readonly InstancePool<ParameterValueChecker> _checkers;
    private readonly InstancePool<ValueDetectionSink> _detections;
    private readonly Action<Violation> _report;
    private readonly Dictionary<MultipartFormDescription, GuardPool> _multipartGuards;

    /// <summary>One guard pool per multipart body description of the contract (a guard is built for its form).</summary>
    private static Dictionary<MultipartFormDescription, GuardPool> MultipartPools(ApiContract? contract, Policy.FilterPolicy policy, int poolSize)
    {
        var pools = new Dictionary<MultipartFormDescription, GuardPool>(ReferenceEqualityComparer.Instance);
        if (contract is null)
        {
            return pools;
        }

        foreach (var operation in contract.Operations)
        {
            foreach (var media in operation.RequestMedia)
            {
                if (media.Multipart is { } form && !pools.ContainsKey(form))
                {
                    pools.Add(form, new GuardPool(() => new MultipartGuard(policy.Contract.Multipart, form, policy.Json), Math.Min(poolSize, 4)));
                }
            }
        }

        return pools;
    }

    private IBodyGuard RentMultipartGuard(in BodyPlan plan)
    {
        var form = plan.Media?.Multipart;
        if (form is null || !_multipartGuards.TryGetValue(form, out var pool))
        {
            ThrowHelper.ThrowInvalidOperation("A multipart body needs the multipart description of its operation.");
            return null!;
        }

        var guard = (MultipartGuard)pool.Rent();
        var validator = plan.Media!.SchemaEntry >= 0 && Contract is { } contract ? RentValidator(plan.Media, contract) : null;
        // a boundary problem is remembered by the guard and reported by its first Feed
        guard.Begin(plan.ContentType, WithDetection(validator, plan.Operation));
        return guard;
    }

    private void ReturnMultipartGuard(MultipartGuard guard)
    {
        ReturnSinks(guard.Sink);

        if (_multipartGuards.TryGetValue(guard.Form, out var pool))
        {
            pool.Return(guard);
        }
    }

    /// <summary>
    /// Routes the request, checks its parameters and credentials, and chooses the declared media type its body
    /// must match. Everything the contract does not declare is refused here, before any body byte
    /// is read. Allocates nothing on the allow path.
    /// </summary>
    private BodyPlan PlanWithContract(in HttpMessageView request, ApiContract contract)
    {
        var routes = contract.Routes;
        Span<PathCapture> captures = routes.MaxCaptures <= 16 ? stackalloc PathCapture[16] : new PathCapture[routes.MaxCaptures];
        var match = routes.Match(request.Method, request.Path, captures);
        if (match.Status != RouteMatchStatus.Matched)
        {
            return match.Status == RouteMatchStatus.MethodNotAllowed && IsCorsPreflight(request, routes, captures)
                ? new BodyPlan(BodyKind.None, Verdict.Allow, false, null)
                : RefuseRoute(request, match);
        }

        var operation = contract.Operation(match.OperationIndex);
        var checker = _checkers.Rent();
        checker.Start(operation, contract.Schemas, Policy.Contract.MaxViolations);
        bool parametersOk;
        Violation? violation;
        Violation[]? refusal;
        try
        {
            parametersOk = operation.Parameters.Check(request, captures[..match.CaptureCount], checker, out violation);
            // the schema violations are copied out of the checker before it goes back to the pool
            refusal = checker.Refusal;
        }
        finally
        {
            checker.Clear();
            _checkers.Return(checker);
        }

        if (!parametersOk || refusal is not null)
        {
            return RefuseParameters(operation, violation, refusal);
        }

        if ((uint)match.OperationIndex < (uint)_security.Length && _security[match.OperationIndex] is { } security)
        {
            var verdict = CheckSecurity(request, security);
            if (!verdict.IsAllowed)
            {
                return new BodyPlan(BodyKind.None, verdict, false, null) { Operation = operation };
            }
        }

        return PlanContractBody(request, operation);
    }

    private BodyPlan PlanContractBody(in HttpMessageView request, ContractOperation operation)
    {
        var hasBody = request.HasBody && !(request.ContentLength == 0 && request.ContentType is null);
        if (!hasBody)
        {
            return operation.BodyRequired
                ? Refused(operation, new Violation(ViolationCodes.BodyRequired, "", $"{operation.Label} requires a request body.", -1, "body", operation.Model.RequestBody?.Pointer))
                : new BodyPlan(BodyKind.None, Verdict.Allow, false, null) { Operation = operation };
        }

        var contentType = request.ContentType;
        if (!operation.HasBody)
        {
            return Refused(operation, new Violation(ViolationCodes.BodyMediaType, "",
                $"{operation.Label} declares no request body, but the request has one.", -1, "body", operation.Model.Pointer));
        }

        if (IsJweRequest(contentType))
        {
            return PlanJwe(request, operation);
        }

        if (contentType is null || !MediaTypes.TrySplitEssence(contentType, out var type, out var subtype))
        {
            return Refused(operation, new Violation(ViolationCodes.BodyMediaType, "",
                $"The request body has no valid Content-Type; {operation.Label} accepts {DeclaredTypes(operation)}.", -1, "body", operation.Model.RequestBody?.Pointer));
        }

        var media = ContractMediaType.Select(operation.RequestMedia, type, subtype);
        if (media is null)
        {
            return Refused(operation, new Violation(ViolationCodes.BodyMediaType, "",
                $"Content-Type '{contentType}' is not declared for {operation.Label}, which accepts {DeclaredTypes(operation)}.", -1, "body", operation.Model.RequestBody?.Pointer));
        }

        var plan = PlanBody(request);
        if (plan.IsRefused)
        {
            return plan with { Operation = operation };
        }

        // the request's own media type picks the guard; a declared range such as */* admits it
        var kind = MediaTypes.Classify(contentType, out _);
        if (kind == BodyKind.Form && plan.Kind == BodyKind.None)
        {
            plan = new BodyPlan(BodyKind.Form, Verdict.Allow, false, plan.ContentEncoding);
        }

        if (kind == BodyKind.Multipart && media.Multipart is not null)
        {
            return new BodyPlan(BodyKind.Multipart, Verdict.Allow, false, plan.ContentEncoding)
            {
                Operation = operation,
                Media = media,
                ContentType = contentType,
            };
        }

        return plan with { Operation = operation, Media = plan.Kind == BodyKind.None ? null : media };
    }

    /// <summary>
    /// Gives a rented guard what rides along its token stream: the schema validator of the matched
    /// media type (when the guard can map the body onto it) wrapped by the attack detectors.
    /// </summary>
    private void AttachSinks(IBodyGuard guard, ContractMediaType? media, ContractOperation? operation)
    {
        var contract = Contract;
        var schema = media is { SchemaEntry: >= 0 } && contract is not null;
        switch (guard)
        {
            case JsonGuard json:
                json.Validator = WithDetection(schema ? RentValidator(media!, contract!) : null, operation);
                break;
            case XmlGuard xml when media?.Xml is not null:
                // without a mapping the XML guard emits no tokens: nothing to validate or inspect
                xml.Mapping = media.Xml;
                xml.TokenSink = WithDetection(schema ? RentValidator(media, contract!) : null, operation);
                break;
            case FormUrlEncodedGuard form when media?.Form is not null:
                form.Fields = media.Form;
                form.TokenSink = WithPkce(WithDetection(schema ? RentValidator(media, contract!) : null, operation), operation);
                break;
        }
    }

    /// <summary>Wraps <paramref name="validator"/> with the detectors the policy enables; the validator alone when none is.</summary>
    private IJsonValidatorSink? WithDetection(JsonSchemaValidator? validator, ContractOperation? operation)
    {
        var detection = Policy.Detection;
        if (detection.IsOff)
        {
            return validator;
        }

        var sink = _detections.Rent();
        sink.Reset(validator, detection, "body", "", _report, ValueDetectors.FreeText, operation?.DetectChosen ?? -1);
        return sink;
    }

    /// <summary>Gives the sinks a guard carried back to their pools.</summary>
    private void ReturnSinks(IJsonTokenSink? sink)
    {
        if (sink is Security.PkceTokenRequestSink pkce)
        {
            var inner = pkce.Inner;
            pkce.Clear();
            _pkceSinks.Return(pkce);
            sink = inner;
        }

        if (sink is ValueDetectionSink detection)
        {
            var inner = detection.Inner;
            detection.Clear();
            _detections.Return(detection);
            sink = inner;
        }

        if (sink is JsonSchemaValidator validator)
        {
            _validators.Return(validator);
        }
    }

    /// <summary>
    /// Receives detections of detectors in Report mode (the value passes), and the authentication
    /// refusals of <c>auth.mode: report</c> (the request passes); set once, before the filter
    /// judges requests. The ASP.NET Core middleware logs them and counts them in its metrics.
    /// </summary>
    public Action<Violation>? DetectionReported { get; set; }

    private void Report(Violation violation) => DetectionReported?.Invoke(violation);

    private JsonSchemaValidator RentValidator(ContractMediaType media, ApiContract contract)
    {
        var validator = _validators.Rent();
        validator.Reset(contract.Schemas, media.SchemaEntry, ValidationDirection.Request, Policy.Contract.MaxViolations, "body");
        return validator;
    }

    /// <summary>
    /// A guard allowed the body: the schema validator that rode along (XML, form and multipart
    /// guards feed it tokens but leave the verdict to it) now gives its own, with every violation it
    /// collected. The JSON guard asks its validator itself.
    /// </summary>
    internal static Verdict Completed(IBodyGuard guard)
    {
        var sink = guard switch
        {
            XmlGuard xml => xml.TokenSink as IJsonValidatorSink,
            FormUrlEncodedGuard form => form.TokenSink as IJsonValidatorSink,
            MultipartGuard multipart => multipart.Sink as IJsonValidatorSink,
            _ => null,
        };

        return sink is null || sink.Finish() ? Verdict.Allow : RefusalOf(sink.Violations, guard);
    }

    private static Verdict RefusalOf(IReadOnlyList<Violation> all, IBodyGuard guard)
    {
        if (all.Count == 0)
        {
            return Verdict.Refuse(guard.Violation ?? new Violation(ViolationCodes.SchemaFalse, "", "the body was refused by its schema", -1, "body", null));
        }

        var copy = new Violation[all.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = all[i];
        }

        return Verdict.Refuse(copy[0].Status, copy);
    }

    /// <summary>The refusal a guard reached: all the schema violations it collected, or its one threat-limit violation.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static Verdict RefusalOf(IBodyGuard guard)
    {
        IReadOnlyList<Violation>? all = guard switch
        {
            JsonGuard json => json.Violations,
            FormUrlEncodedGuard { RefusedByTokenSink: true, TokenSink: IJsonValidatorSink sink } => sink.Violations,
            XmlGuard { RefusedByTokenSink: true, TokenSink: IJsonValidatorSink sink } => sink.Violations,
            MultipartGuard { StoppedBySink: true, Sink: IJsonValidatorSink sink } => sink.Violations,
            _ => null,
        };

        return all is { Count: > 0 } ? RefusalOf(all, guard) : Verdict.Refuse(guard.Violation ?? SizeViolation(guard));
    }

    /// <summary>
    /// A CORS preflight (Fetch standard, CORS protocol) for a method the contract declares on this
    /// path, without a body: passed to the upstream, which owns the CORS answer. Its query and
    /// headers are not the operation's, so they are not checked against it.
    /// </summary>
    private bool IsCorsPreflight(in HttpMessageView request, RouteTable routes, Span<PathCapture> captures)
    {
        var headers = request.Headers;
        if (!Policy.Contract.AllowCorsPreflight || headers is null || request.HasBody
            || !request.Method.Equals("OPTIONS", StringComparison.Ordinal)
            || headers.GetValueCount("Origin") != 1 || headers.GetValueCount("Access-Control-Request-Method") != 1)
        {
            return false;
        }

        var method = headers.GetValue("Access-Control-Request-Method", 0).Trim(' ');
        return method.Length > 0 && !method.Equals("OPTIONS", StringComparison.Ordinal)
            && routes.Match(method, request.Path, captures).Status == RouteMatchStatus.Matched;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static BodyPlan RefuseRoute(in HttpMessageView request, RouteMatch match)
    {
        if (match.Status == RouteMatchStatus.MethodNotAllowed)
        {
            var allow = match.Allow ?? "";
            return new BodyPlan(BodyKind.None, Verdict.RefuseMethod(new Violation(ViolationCodes.RouteMethod, "",
                $"{request.Method} is not declared for this path; the contract allows {allow}.", -1, "path", null), allow), false, null);
        }

        return new BodyPlan(BodyKind.None, Verdict.Refuse(new Violation(ViolationCodes.RouteUnknown, "",
            $"No operation of the contract matches {request.Method} {Shorten(request.Path)}.", -1, "path", null)), false, null);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static BodyPlan RefuseParameters(ContractOperation operation, Violation? violation, Violation[]? refusal)
    {
        if (refusal is { Length: > 0 })
        {
            return new BodyPlan(BodyKind.None, Verdict.Refuse(refusal[0].Status, refusal), false, null) { Operation = operation };
        }

        return Refused(operation, violation ?? new Violation(ViolationCodes.ParamStyle, "", "a parameter was refused", -1, null, null));
    }

    private static BodyPlan Refused(ContractOperation operation, Violation violation) =>
        new(BodyKind.None, Verdict.Refuse(violation), false, null) { Operation = operation };

    private static string DeclaredTypes(ContractOperation operation)
    {
        var names = new string[operation.RequestMedia.Length];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = operation.RequestMedia[i].Model.MediaRange;
        }

        return string.Join(", ", names);
    }

    private static string Shorten(string path) => path.Length <= 200 ? path : string.Concat(path.AsSpan(0, 200), "…");
}
