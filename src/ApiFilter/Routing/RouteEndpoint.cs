namespace ApiFilter.Routing;

/// <summary>A method declared at a trie node: which route it is and how many leading captures belong to the base path.</summary>
internal sealed class RouteEndpoint
{
    public RouteEndpoint(int routeIndex, int operationIndex, int baseCaptures, string fullTemplate)
    {
        RouteIndex = routeIndex;
        OperationIndex = operationIndex;
        BaseCaptures = baseCaptures;
        FullTemplate = fullTemplate;
    }

    public int RouteIndex { get; }

    public int OperationIndex { get; }

    /// <summary>Captures made by server-variable segments of the base path; dropped from the result.</summary>
    public int BaseCaptures { get; }

    /// <summary>Base path plus template, for error messages.</summary>
    public string FullTemplate { get; }
}
