using ApiFilter.Parameters;

namespace ApiFilter.Contract;

/// <summary>
/// One operation of an <see cref="ApiContract"/>, compiled: its parameters with their schema
/// entries, the media types its request body may have, and its declared responses. Immutable.
/// </summary>
public sealed class ContractOperation
{
    internal ContractOperation(
        OperationModel model,
        OperationParameters parameters,
        int[] parameterSchemaEntries,
        string[] parameterPointers,
        ContractMediaType[] requestMedia,
        ContractResponse[] responses)
    {
        Model = model;
        Parameters = parameters;
        ParameterSchemaEntries = parameterSchemaEntries;
        ParameterPointers = parameterPointers;
        RequestMedia = requestMedia;
        Responses = responses;
        Label = model.Method + " " + model.PathTemplate;
        BodyRequired = model.RequestBody?.Required ?? false;
        HasBody = requestMedia.Length > 0;
    }

    /// <summary>The operation as the contract declares it.</summary>
    public OperationModel Model { get; }

    /// <summary><c>METHOD /template</c>, for logs and problems.</summary>
    public string Label { get; }

    /// <summary>The compiled parameter checks.</summary>
    public OperationParameters Parameters { get; }

    /// <summary>True when the operation declares a request body that must be present.</summary>
    public bool BodyRequired { get; }

    /// <summary>True when the operation declares a request body at all.</summary>
    public bool HasBody { get; }

    /// <summary>Schema entry per parameter (index as in <see cref="Parameters"/>), -1 when none.</summary>
    internal int[] ParameterSchemaEntries { get; }

    /// <summary>The instance-pointer prefix of each parameter's violations: <c>/</c> + its escaped name.</summary>
    internal string[] ParameterPointers { get; }

    internal ContractMediaType[] RequestMedia { get; }

    /// <summary>The operation's (or its path item's) <c>x-apifilter-detect</c> choice (a <see cref="Detection.ValueDetectors"/> mask with the report-only and keep-defaults bits of <see cref="Detection.ValueDetectorNames"/>), -1 when none.</summary>
    internal int DetectChosen { get; init; } = -1;

    /// <summary>Per parameter: its own <c>x-apifilter-detect</c>, else the operation's; -1 when none.</summary>
    internal int[] ParameterDetectChosen { get; init; } = [];

    /// <summary>Per parameter: the detectors a value its schema says nothing about gets.</summary>
    internal Detection.ValueDetectors[] ParameterDetectDefaults { get; init; } = [];

    internal ContractResponse[] Responses { get; }
}
