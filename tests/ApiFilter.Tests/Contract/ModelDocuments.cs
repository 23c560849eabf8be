using System.Text;
using ApiFilter.Contract;
using Microsoft.OpenApi;

namespace ApiFilter.Tests.Contract;

/// <summary>Builds operation models from small inline documents.</summary>
internal static class ModelDocuments
{
    /// <summary>Loads <paramref name="yaml"/> with the contract loader and builds its model.</summary>
    public static ContractModel Build(string yaml, string fileName = "api.yaml")
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(yaml));
        var contract = ContractLoader.LoadAsync(stream, fileName, baseUri: null).GetAwaiter().GetResult();
        return ContractModelBuilder.Build(contract);
    }

    /// <summary>
    /// Builds the model straight from the parsed document, without the loader's own validation, so
    /// the builder's checks are exercised on documents the loader would already refuse.
    /// </summary>
    public static ContractModel BuildRaw(string yaml, OpenApiSpecVersion version, string fileName = "api.yaml") =>
        ContractModelBuilder.Build(YamlToJson.Parse(yaml, fileName), version, fileName);

    /// <summary>The refusal of <see cref="BuildRaw"/>.</summary>
    public static ContractLoadException RefuseRaw(string yaml, OpenApiSpecVersion version = OpenApiSpecVersion.OpenApi3_1) =>
        Assert.Throws<ContractLoadException>(() => BuildRaw(yaml, version));

    /// <summary>The single operation of a model.</summary>
    public static OperationModel Only(ContractModel model) => Assert.Single(model.Operations);

    /// <summary>The operation with the given method and template.</summary>
    public static OperationModel Operation(ContractModel model, string method, string template) =>
        Assert.Single(model.Operations, o => o.Method == method && o.PathTemplate == template);
}
