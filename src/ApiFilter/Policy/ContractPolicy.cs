using ApiFilter.Forms;
using ApiFilter.Multipart;

namespace ApiFilter.Policy;

/// <summary>How the contract is enforced: what the filter does where the OpenAPI description is silent.</summary>
public sealed record ContractPolicy
{
    /// <summary>The strict defaults: every undeclared thing is refused, responses are checked in report mode.</summary>
    public static ContractPolicy Default { get; } = new();

    /// <summary>Allow query parameters the operation does not declare (default false: <c>param.unknown</c>).</summary>
    public bool AllowUnknownQueryParameters { get; init; }

    /// <summary>
    /// Let CORS preflight requests through (default true): an <c>OPTIONS</c> request with
    /// <c>Origin</c> and <c>Access-Control-Request-Method</c>, no body, for a path whose requested
    /// method the contract declares. Browsers send it before a cross-origin call (Fetch standard,
    /// CORS protocol); the contract does not declare it because it is not an operation. The
    /// upstream answers it; false refuses it as any undeclared method (<c>route.method</c>).
    /// </summary>
    public bool AllowCorsPreflight { get; init; } = true;

    /// <summary>Most violations reported for one request (default 10); reading stops once it is reached.</summary>
    public int MaxViolations { get; init; } = 10;

    /// <summary>What happens when an upstream response breaks the contract (default Report).</summary>
    public EnforcementMode Responses { get; init; } = EnforcementMode.Report;

    /// <summary>
    /// Largest upstream response body (bytes) that is checked against its schema (default 1 MiB). In
    /// Block mode a response is held until it is judged, so this bounds the memory a response costs;
    /// a longer body is judged by status, content type and headers only.
    /// </summary>
    public long MaxResponseBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>Limits of <c>application/x-www-form-urlencoded</c> bodies.</summary>
    public FormLimits Form { get; init; } = new();

    /// <summary>Limits of <c>multipart/form-data</c> bodies.</summary>
    public MultipartLimits Multipart { get; init; } = MultipartLimits.Default;

    /// <summary>Checks the values are usable.</summary>
    public void Validate()
    {
        ThrowHelper.ThrowIfNotPositive(MaxViolations, nameof(MaxViolations));
        ThrowHelper.ThrowIfNotPositive(MaxResponseBodyBytes, nameof(MaxResponseBodyBytes));
        ArgumentNullException.ThrowIfNull(Form);
        ArgumentNullException.ThrowIfNull(Multipart);
    }
}
