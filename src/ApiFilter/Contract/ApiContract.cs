using ApiFilter.Routing;
using ApiFilter.Schema;

namespace ApiFilter.Contract;

/// <summary>
/// An OpenAPI contract compiled for enforcement by <see cref="ContractCompiler"/>: the route table,
/// every operation's parameter, body and response checks, and the schema program they share.
/// Immutable and thread-safe: a reload builds a new one and swaps the reference.
/// </summary>
public sealed class ApiContract
{
    private readonly ContractOperation[] _operations;

    internal ApiContract(ContractModel model, RouteTable routes, ContractOperation[] operations, SchemaProgram schemas)
    {
        Model = model;
        Routes = routes;
        _operations = operations;
        Schemas = schemas;
    }

    /// <summary>The version-independent description the contract was compiled from.</summary>
    public ContractModel Model { get; }

    /// <summary>The compiled path templates and methods.</summary>
    public RouteTable Routes { get; }

    /// <summary>Every operation, indexed by <see cref="RouteMatch.OperationIndex"/>.</summary>
    public IReadOnlyList<ContractOperation> Operations => _operations;

    /// <summary>The compiled schemas of every parameter, body and response.</summary>
    public SchemaProgram Schemas { get; }

    /// <summary>Operation <paramref name="index"/>, without bounds or interface overhead on the hot path.</summary>
    internal ContractOperation Operation(int index) => _operations[index];
}
