namespace ApiFilter.Routing;

/// <summary>The outcome of matching a request against a <see cref="RouteTable"/>.</summary>
public enum RouteMatchStatus : byte
{
    /// <summary>
    /// No declared path matches (404, <c>route.unknown</c>). Also the answer for paths the filter will
    /// not interpret: dot segments, empty segments, malformed percent-encoding, non-UTF-8 bytes.
    /// </summary>
    UnknownPath,

    /// <summary>A declared operation matches the path and the method.</summary>
    Matched,

    /// <summary>The path is declared, the method is not (405, <c>route.method</c>, with <see cref="RouteMatch.Allow"/>).</summary>
    MethodNotAllowed,
}
