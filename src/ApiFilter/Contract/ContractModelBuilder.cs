using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace ApiFilter.Contract;

/// <summary>
/// Reads a loaded contract's document (<see cref="LoadedContract.Root"/>, as written) into a
/// <see cref="ContractModel"/>, checking what the later compilers rely on: every path template
/// parameter declared and every declared path parameter in its template, no duplicate
/// parameters, no two templates of one method that differ only in parameter names, known
/// locations and styles, parseable media types, resolvable and acyclic <c>$ref</c>s (schemas may
/// recurse; parameters, responses and the like may not). Every problem is collected and all are
/// thrown together.
/// </summary>
public static class ContractModelBuilder
{
    /// <summary>Builds the operation model of <paramref name="contract"/>.</summary>
    /// <exception cref="ContractLoadException">The contract cannot be enforced strictly; lists every problem with file and pointer.</exception>
    public static ContractModel Build(LoadedContract contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        return Build(contract.Root, contract.SpecVersion, contract.FileName);
    }

    /// <summary>Builds the model of a parsed document of the given version.</summary>
    internal static ContractModel Build(JsonNode root, OpenApiSpecVersion version, string fileName)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(fileName);
        return new ContractModelReader(root, version, fileName).Read();
    }
}
