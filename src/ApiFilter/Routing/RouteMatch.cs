namespace ApiFilter.Routing;

/// <summary>
/// The result of <see cref="RouteTable.Match(ReadOnlySpan{char}, ReadOnlySpan{char}, Span{PathCapture})"/>:
/// a small value, no allocation. The path parameter captures are written to the span the caller
/// passed, in the order of <see cref="RouteDefinition.ParameterNames"/>.
/// </summary>
public readonly struct RouteMatch
{
    internal RouteMatch(RouteMatchStatus status, int operationIndex, int routeIndex, int captureCount, string? allow)
    {
        Status = status;
        OperationIndex = operationIndex;
        RouteIndex = routeIndex;
        CaptureCount = captureCount;
        Allow = allow;
    }

    /// <summary>Matched, unknown path, or method not allowed.</summary>
    public RouteMatchStatus Status { get; }

    /// <summary>The operation index given to <see cref="RouteTableBuilder.Add"/>; -1 unless matched.</summary>
    public int OperationIndex { get; }

    /// <summary>The index of the matched route in <see cref="RouteTable.Routes"/>; -1 unless matched.</summary>
    public int RouteIndex { get; }

    /// <summary>How many captures were written (the matched template's parameter count); 0 unless matched.</summary>
    public int CaptureCount { get; }

    /// <summary>
    /// For <see cref="RouteMatchStatus.MethodNotAllowed"/>, the <c>Allow</c> header value (RFC 9110
    /// section 10.2.1): the methods declared for the path, upper case, in ordinal order, separated by
    /// ", ". Null otherwise.
    /// </summary>
    public string? Allow { get; }
}
