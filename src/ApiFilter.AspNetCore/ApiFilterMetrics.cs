using System.Diagnostics.Metrics;

namespace ApiFilter.AspNetCore;

/// <summary>
/// Metrics of the filter: the counter <c>apifilter.requests</c>, tagged <c>verdict</c>
/// (<c>allow</c>, <c>refuse</c>, <c>pass</c> for bodies not judged) and <c>code</c> (the first violation code, or <c>none</c>).
/// </summary>
public sealed class ApiFilterMetrics
{
    /// <summary>Name of the meter.</summary>
    public const string MeterName = "ApiFilter";

    private readonly Counter<long> _requests;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public ApiFilterMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("apifilter.requests", "{request}", "Requests judged by the filter.");
    }

    /// <summary>Counts one request.</summary>
    public void Request(string verdict, string code) =>
        _requests.Add(1, new KeyValuePair<string, object?>("verdict", verdict), new KeyValuePair<string, object?>("code", code));
}
