namespace ApiFilter.Contract;

/// <summary>Raised inside the reader when an external reference points anywhere but a local file.</summary>
internal sealed class ExternalReferenceRefusedException(string reference, string message) : IOException(message)
{
    /// <summary>The reference as written in the contract.</summary>
    public string Reference { get; } = reference;
}
