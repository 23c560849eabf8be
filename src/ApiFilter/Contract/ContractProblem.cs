namespace ApiFilter.Contract;

/// <summary>
/// One reason a contract cannot be used: the file, the JSON Pointer inside it and what is wrong,
/// formatted as <c>petstore.yaml: /paths/~1pets/get/responses: ...</c>.
/// </summary>
/// <param name="FileName">File name (or other label) of the document the problem was found in.</param>
/// <param name="Pointer">JSON Pointer (RFC 6901) to the offending node; empty for the whole document.</param>
/// <param name="Message">What is wrong, without file name and pointer.</param>
public sealed record ContractProblem(string FileName, string Pointer, string Message)
{
    /// <summary>The problem as one line: <c>file: pointer: message</c>, or <c>file: message</c> without a pointer.</summary>
    public override string ToString() =>
        Pointer.Length == 0 ? $"{FileName}: {Message}" : $"{FileName}: {Pointer}: {Message}";
}
