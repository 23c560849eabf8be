using ApiFilter.Parameters;

namespace ApiFilter.Contract;

/// <summary>One declared response of an operation, compiled: its media types with their schema entries, and its headers.</summary>
internal sealed class ContractResponse
{
    public ContractResponse(ResponseModel model, ContractMediaType[] content, OperationParameters headers, int[] headerEntries, string[] headerPointers)
    {
        Model = model;
        Content = content;
        Headers = headers;
        HeaderEntries = headerEntries;
        HeaderPointers = headerPointers;
    }

    public ResponseModel Model { get; }

    public ContractMediaType[] Content { get; }

    /// <summary>The declared headers, checked like header parameters (simple style, their schema).</summary>
    public OperationParameters Headers { get; }

    /// <summary>Schema entry per header, -1 when it declares none.</summary>
    public int[] HeaderEntries { get; }

    /// <summary>The instance-pointer prefix of each header's violations.</summary>
    public string[] HeaderPointers { get; }
}
