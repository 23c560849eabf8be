namespace ApiFilter.Contract;

/// <summary>One declared response of an operation, compiled: its media types with their schema entries.</summary>
internal sealed class ContractResponse
{
    public ContractResponse(ResponseModel model, ContractMediaType[] content)
    {
        Model = model;
        Content = content;
    }

    public ResponseModel Model { get; }

    public ContractMediaType[] Content { get; }
}
