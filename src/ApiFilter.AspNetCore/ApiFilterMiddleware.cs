using ApiFilter.Contract;
using ApiFilter.Pipeline;
using ApiFilter.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace ApiFilter.AspNetCore;

/// <summary>
/// Judges each request with the <see cref="RequestFilter"/>. A refusal is answered with problem
/// details and the rest of the pipeline never runs; an allowed body is handed on byte for byte from
/// the buffer it was judged in.
/// </summary>
public sealed class ApiFilterMiddleware
{
    private readonly RequestDelegate _next;
    private readonly RequestFilter _filter;
    private readonly ApiFilterMetrics _metrics;
    private readonly ILogger _logger;
    private readonly ResponseFilter? _responses;
    private readonly EnforcementMode _responseMode;

    /// <summary>Creates the middleware.</summary>
    public ApiFilterMiddleware(RequestDelegate next, RequestFilter filter, ApiFilterMetrics metrics, ILogger<ApiFilterMiddleware> logger)
    {
        ArgumentNullException.ThrowIfNull(filter);
        _next = next;
        _filter = filter;
        _metrics = metrics;
        _logger = logger;
        _responseMode = filter.Policy.Contract.Responses;
        // detectors in Report mode let the value pass; what they saw is logged and counted
        filter.DetectionReported ??= violation =>
        {
            _metrics.Request("report", violation.Code);
            ApiFilterLog.DetectionReported(_logger, violation.Code, violation.Location ?? "body", violation.Pointer, violation.Message);
        };
        if (filter.Contract is not null && _responseMode != EnforcementMode.Off)
        {
            _responses = new ResponseFilter(filter.Policy, filter.Contract);
        }
    }

    /// <summary>Judges the request, then answers or calls the next middleware.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var hasBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true;
        var headers = HeaderDictionaryView.For(request.Headers);
        var view = new HttpMessageView(
            request.Method,
            RawPath(context),
            request.QueryString.Value,
            request.ContentType,
            request.Headers.ContentEncoding.Count == 0 ? null : request.Headers.ContentEncoding.ToString(),
            request.ContentLength,
            hasBody,
            headers)
        {
            Scheme = request.Scheme,
            Authority = request.Host.HasValue ? request.Host.Value : null,
            ClientCertificate = context.Connection.ClientCertificate,
        };

        BodyPlan plan;
        try
        {
            plan = _filter.Plan(view);
        }
        finally
        {
            headers.Release();
        }
        if (plan.IsRefused)
        {
            // the body was not read at all: close rather than drain it
            await RefuseAsync(context, plan.Refusal, closeConnection: true).ConfigureAwait(false);
            return;
        }

        if (!plan.MustInspectBody)
        {
            if (plan.IsUnrecognizedMediaType)
            {
                ApiFilterLog.UnjudgedMediaType(_logger, view.Method, view.Path, view.ContentType);
            }

            _metrics.Request("pass", "none");
            await NextAsync(context, plan.Operation).ConfigureAwait(false);
            return;
        }

        var reader = request.BodyReader;
        var guard = _filter.RentGuard(plan);
        BodyInspection inspection;
        try
        {
            inspection = await _filter.InspectBodyAsync(reader, plan, guard, context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            _filter.ReturnGuard(guard);
        }

        if (!inspection.Verdict.IsAllowed)
        {
            // 413 and incomplete bodies were not read to their end
            var closeConnection = inspection.Verdict.Status == StatusCodes.Status413PayloadTooLarge
                || inspection.Verdict.FirstViolation!.Code == ViolationCodes.BodyIncomplete;
            await RefuseAsync(context, inspection.Verdict, closeConnection).ConfigureAwait(false);
            return;
        }

        _metrics.Request("allow", "none");
        var originalBody = request.Body;
        // Kestrel notices the replaced stream and serves BodyReader from it too, so downstream code
        // reading either API sees exactly the judged bytes. The small stream is deliberately not
        // pooled: a forwarder still draining it after an upstream failure must never read the
        // next request's body.
        request.Body = new ReadOnlySequenceStream(inspection.Body);
        try
        {
            await NextAsync(context, plan.Operation).ConfigureAwait(false);
        }
        finally
        {
            request.Body = originalBody;
            reader.AdvanceTo(inspection.Body.End);
        }
    }

    /// <summary>
    /// Runs the rest of the pipeline; with a contract, the response is captured and judged against
    /// the operation: in Block mode it is held until judged and replaced by a 502 problem when it
    /// breaks the contract, in Report mode it streams through and a breach is logged.
    /// </summary>
    private Task NextAsync(HttpContext context, ContractOperation? operation) =>
        _responses is null || operation is null ? _next(context) : NextCheckingResponseAsync(context, operation, _responses);

    private async Task NextCheckingResponseAsync(HttpContext context, ContractOperation operation, ResponseFilter responses)
    {
        var original = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        var hold = _responseMode == EnforcementMode.Block;
        using var capture = new ResponseCapture(original, hold, responses.MaxBodyBytes);
        context.Features.Set<IHttpResponseBodyFeature>(capture);
        try
        {
            await _next(context).ConfigureAwait(false);
            await capture.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            context.Features.Set(original);
        }

        var response = context.Response;
        var headers = HeaderDictionaryView.For(response.Headers);
        Verdict verdict;
        try
        {
            verdict = responses.Check(operation, response.StatusCode, response.ContentType,
                response.Headers.ContentEncoding.Count == 0 ? null : response.Headers.ContentEncoding.ToString(),
                headers, capture.Body, capture.IsComplete);
        }
        finally
        {
            headers.Release();
        }

        if (verdict.IsAllowed)
        {
            await capture.ReleaseAsync(context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var first = verdict.FirstViolation!;
        _metrics.Request(hold && !capture.PassedThrough ? "refuse-response" : "report-response", first.Code);
        ApiFilterLog.ResponseBreach(_logger, context.Request.Method, context.Request.Path.Value ?? "/", response.StatusCode, first.Code, first.Message);
        if (!hold || capture.PassedThrough || response.HasStarted)
        {
            // Report mode, or too late to replace: the breach is logged, the client gets what was sent
            await capture.ReleaseAsync(context.RequestAborted).ConfigureAwait(false);
            return;
        }

        try
        {
            await ProblemDetailsWriter.WriteAsync(context, verdict).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // the client left while the replacement was written
        }
    }

    /// <summary>
    /// The request path exactly as the client sent it, still percent-encoded: the contract routes
    /// on it and decodes each segment once. <see cref="HttpRequest.Path"/> is already decoded
    /// (except <c>%2F</c>), and decoding it again would let <c>%2561</c> become <c>a</c>.
    /// </summary>
    private static string RawPath(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
        {
            // absolute-form or asterisk-form targets, or a host that does not keep the raw target
            return context.Request.PathBase.Add(context.Request.Path).Value ?? "/";
        }

        var query = raw.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? raw : raw[..query];
    }

    private async Task RefuseAsync(HttpContext context, Verdict verdict, bool closeConnection)
    {
        var first = verdict.FirstViolation!;
        _metrics.Request("refuse", first.Code);
        ApiFilterLog.Refused(_logger, context.Request.Method, context.Request.Path.Value ?? "/", verdict.Status, first.Code, first.Pointer, first.Message);
        if (context.RequestAborted.IsCancellationRequested)
        {
            // the client is gone (aborted or half-closed mid-body): nobody to answer
            return;
        }

        try
        {
            await ProblemDetailsWriter.WriteAsync(context, verdict, closeConnection).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // the connection dropped while answering: a refusal is not a server error
        }
    }
}
