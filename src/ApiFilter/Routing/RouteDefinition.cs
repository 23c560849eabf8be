namespace ApiFilter.Routing;

/// <summary>One declared route of a <see cref="RouteTable"/>: a method on a path template (cold data).</summary>
public sealed class RouteDefinition
{
    internal RouteDefinition(string method, string template, int operationIndex, IReadOnlyList<string> parameterNames)
    {
        Method = method;
        Template = template;
        OperationIndex = operationIndex;
        ParameterNames = parameterNames;
    }

    /// <summary>The method, upper case (HTTP methods are case-sensitive, RFC 9110 section 9.1).</summary>
    public string Method { get; }

    /// <summary>The path template as declared in the contract, without a server base path.</summary>
    public string Template { get; }

    /// <summary>The caller's operation index.</summary>
    public int OperationIndex { get; }

    /// <summary>The template's parameter names in order of appearance: capture <c>i</c> is parameter <c>i</c>.</summary>
    public IReadOnlyList<string> ParameterNames { get; }
}
