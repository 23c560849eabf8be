using System.Buffers;
using System.Runtime.CompilerServices;
using ApiFilter.Contract;
using ApiFilter.Json;
using ApiFilter.Policy;
using ApiFilter.Schema;
using ApiFilter.Xml;

namespace ApiFilter.Pipeline;

/// <summary>
/// Judges an upstream response against the operation the request was routed to: the status code
/// must be declared (or covered by a range or <c>default</c>), the content type must be one the
/// response lists, declared headers must be present when required and valid against their schemas,
/// and a JSON or XML body must match its schema
/// (<c>writeOnly</c> properties are refused in responses). Built once per contract; thread-safe.
/// </summary>
/// <remarks>
/// A refusal is a 502 whose first violation is a <c>response.*</c> code; schema violations follow
/// it with location <c>response</c>. Whether a refusal replaces the response (Block) or is only
/// logged (Report) is the caller's decision, from <see cref="ContractPolicy.Responses"/>.
/// </remarks>
public sealed class ResponseFilter
{
    private readonly ApiContract _contract;
    private readonly GuardPool _jsonGuards;
    private readonly GuardPool _xmlGuards;
    private readonly InstancePool<JsonSchemaValidator> _validators;
    private readonly InstancePool<ParameterValueChecker> _checkers;
    private readonly int _maxViolations;

    /// <summary>Builds a response filter for <paramref name="contract"/> under <paramref name="policy"/>.</summary>
    public ResponseFilter(FilterPolicy policy, ApiContract contract)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(contract);
        policy.Validate();
        _contract = contract;
        _maxViolations = policy.Contract.MaxViolations;
        var poolSize = Math.Max(16, Environment.ProcessorCount * 4);
        var responseJson = policy.Json with { MaxBodyBytes = policy.Contract.MaxResponseBodyBytes };
        var responseXml = policy.Xml with { MaxBodyBytes = policy.Contract.MaxResponseBodyBytes };
        _jsonGuards = new GuardPool(() => new JsonGuard(responseJson), poolSize);
        _xmlGuards = new GuardPool(() => new XmlGuard(responseXml), poolSize);
        _validators = new InstancePool<JsonSchemaValidator>(() => new JsonSchemaValidator(), poolSize);
        _checkers = new InstancePool<ParameterValueChecker>(() => new ParameterValueChecker(policy.Json), poolSize);
        MaxBodyBytes = policy.Contract.MaxResponseBodyBytes;
    }

    /// <summary>Largest response body that is validated; a longer one is judged by its head only.</summary>
    public long MaxBodyBytes { get; }

    /// <summary>
    /// Judges a whole response. <paramref name="body"/> is the body as sent by the upstream
    /// (identity coding); pass <paramref name="bodyComplete"/> false when only its first
    /// <see cref="MaxBodyBytes"/> were kept, and the body is then not validated.
    /// </summary>
    /// <param name="operation">The operation the request was routed to.</param>
    /// <param name="status">The upstream status code.</param>
    /// <param name="contentType">The upstream <c>Content-Type</c>, or null.</param>
    /// <param name="contentEncoding">The upstream <c>Content-Encoding</c>, or null: an encoded body is not validated.</param>
    /// <param name="headers">The upstream response headers.</param>
    /// <param name="body">The response body.</param>
    /// <param name="bodyComplete">False when <paramref name="body"/> is only the start of a longer body.</param>
    public Verdict Check(ContractOperation operation, int status, string? contentType, string? contentEncoding, IRequestHeaders? headers,
        ReadOnlySequence<byte> body, bool bodyComplete)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var response = Select(operation.Responses, status);
        if (response is null)
        {
            return Refuse(new Violation(ViolationCodes.ResponseStatus, "",
                $"{operation.Label} does not declare status {status} (nor a range or default covering it).", -1, "response", operation.Model.Pointer + "/responses"));
        }

        if (response.Model.Headers.Count > 0)
        {
            var headerVerdict = CheckHeaders(response, headers);
            if (!headerVerdict.IsAllowed)
            {
                return headerVerdict;
            }
        }

        if (response.Content.Length == 0)
        {
            // a response that declares no content must not carry a body of any type
            return body.IsEmpty || contentType is null
                ? Verdict.Allow
                : Refuse(new Violation(ViolationCodes.ResponseMediaType, "",
                    $"status {status} of {operation.Label} declares no content, but the response has a '{contentType}' body.", -1, "response", response.Model.Pointer));
        }

        if (contentType is null || !MediaTypes.TrySplitEssence(contentType, out var type, out var subtype))
        {
            return body.IsEmpty
                ? Verdict.Allow
                : Refuse(new Violation(ViolationCodes.ResponseMediaType, "", $"the response body has no valid Content-Type.", -1, "response", response.Model.Pointer));
        }

        var media = ContractMediaType.Select(response.Content, type, subtype);
        if (media is null)
        {
            return Refuse(new Violation(ViolationCodes.ResponseMediaType, "",
                $"Content-Type '{contentType}' is not declared for status {status} of {operation.Label}.", -1, "response", response.Model.Pointer + "/content"));
        }

        if (media.SchemaEntry < 0 || !bodyComplete || !string.IsNullOrEmpty(contentEncoding) && !contentEncoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return Verdict.Allow;
        }

        var kind = MediaTypes.Classify(contentType, out _);
        return kind switch
        {
            BodyKind.Json => CheckBody(_jsonGuards, media, body, isXml: false),
            BodyKind.Xml when media.Xml is not null => CheckBody(_xmlGuards, media, body, isXml: true),
            _ => Verdict.Allow,
        };
    }

    private Verdict CheckBody(GuardPool pool, ContractMediaType media, ReadOnlySequence<byte> body, bool isXml)
    {
        var guard = pool.Rent();
        var validator = _validators.Rent();
        try
        {
            validator.Reset(_contract.Schemas, media.SchemaEntry, ValidationDirection.Response, _maxViolations, "response");
            if (isXml)
            {
                var xml = (XmlGuard)guard;
                xml.Mapping = media.Xml;
                xml.TokenSink = validator;
            }
            else
            {
                ((JsonGuard)guard).Validator = validator;
            }

            var status = guard.Feed(body, isFinalBlock: true, out _);
            if (status == GuardStatus.Allowed && (!isXml || validator.Finish()))
            {
                return Verdict.Allow;
            }

            return RefuseBody(guard, validator, status);
        }
        finally
        {
            if (guard is XmlGuard xml)
            {
                xml.Mapping = null;
                xml.TokenSink = null;
            }

            pool.Return(guard);
            _validators.Return(validator);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Verdict RefuseBody(IBodyGuard guard, JsonSchemaValidator validator, GuardStatus status)
    {
        var details = new List<Violation>();
        if (validator.Violations.Count > 0)
        {
            details.AddRange(validator.Violations);
        }
        else if (guard.Violation is { } violation)
        {
            details.Add(violation);
        }

        var first = details.Count > 0 ? details[0] : null;
        var summary = new Violation(ViolationCodes.ResponseBody, "",
            first is null
                ? $"the response body is incomplete ({status})."
                : $"the response body does not match its declared schema: {first.Code} at '{first.Pointer}': {first.Message}",
            -1, "response", first?.SchemaLocation);
        details.Insert(0, summary);
        return Verdict.Refuse(502, [.. details]);
    }

    /// <summary>Required headers present, and each declared header's value valid against its schema.</summary>
    private Verdict CheckHeaders(ContractResponse response, IRequestHeaders? headers)
    {
        var checker = _checkers.Rent();
        checker.Start(response.Headers.Definitions, response.HeaderEntries, response.HeaderPointers, _contract.Schemas, _maxViolations,
            ValidationDirection.Response, "response");
        bool ok;
        Violation? violation;
        Violation[]? refusal;
        try
        {
            ok = response.Headers.Check([], [], [], headers, checker, out violation);
            refusal = checker.Refusal;
        }
        finally
        {
            checker.Clear();
            _checkers.Return(checker);
        }

        return ok ? Verdict.Allow : RefuseHeaders(response, violation, refusal);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Verdict RefuseHeaders(ContractResponse response, Violation? violation, Violation[]? refusal)
    {
        var details = new List<Violation>();
        if (refusal is not null)
        {
            details.AddRange(refusal);
        }
        else if (violation is not null)
        {
            details.Add(violation);
        }

        var first = details.Count > 0 ? details[0] : null;
        details.Insert(0, new Violation(ViolationCodes.ResponseHeader, first?.Pointer ?? "",
            first is null ? "a declared response header is missing or invalid." : $"a declared response header is missing or invalid: {first.Message}",
            -1, "response", first?.SchemaLocation ?? response.Model.Pointer + "/headers"));
        return Verdict.Refuse(502, [.. details]);
    }

    /// <summary>The declared response for <paramref name="status"/>: the exact code, else its range, else <c>default</c> (OAS 3.1 section 4.8.16.2).</summary>
    private static ContractResponse? Select(ContractResponse[] responses, int status)
    {
        ContractResponse? range = null;
        ContractResponse? fallback = null;
        foreach (var response in responses)
        {
            switch (response.Model.Kind)
            {
                case ResponseStatusKind.Exact when response.Model.Code == status:
                    return response;
                case ResponseStatusKind.Range when response.Model.Matches(status):
                    range ??= response;
                    break;
                case ResponseStatusKind.Default:
                    fallback ??= response;
                    break;
            }
        }

        return range ?? fallback;
    }

    private static Verdict Refuse(Violation violation) => Verdict.Refuse(502, violation);
}
