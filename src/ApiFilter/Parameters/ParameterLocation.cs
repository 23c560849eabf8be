namespace ApiFilter.Parameters;

/// <summary>Where a parameter travels (OpenAPI 3.1 section 4.8.12.1, <c>in</c>).</summary>
public enum ParameterLocation : byte
{
    /// <summary>A templated segment of the path, e.g. <c>/users/{id}</c>.</summary>
    Path,
    /// <summary>The query string.</summary>
    Query,
    /// <summary>A request header.</summary>
    Header,
    /// <summary>A cookie in the <c>Cookie</c> header.</summary>
    Cookie,
}
