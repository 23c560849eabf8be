namespace ApiFilter.Policy;

/// <summary>
/// A policy file that cannot be used. The message names the file and the key path, e.g.
/// <c>policy.yaml: json.maxDepth: expected a positive integer, got "deep"</c>.
/// </summary>
public sealed class PolicyException : Exception
{
    /// <summary>Creates an exception for <paramref name="fileName"/> at <paramref name="keyPath"/>.</summary>
    /// <param name="fileName">File name (or other label) of the policy.</param>
    /// <param name="keyPath">Dotted key path, e.g. <c>json.maxDepth</c>; empty for the whole document.</param>
    /// <param name="problem">What is wrong with the value.</param>
    /// <param name="innerException">The parser error that caused it, if any.</param>
    public PolicyException(string fileName, string keyPath, string problem, Exception? innerException = null)
        : base(keyPath.Length == 0 ? $"{fileName}: {problem}" : $"{fileName}: {keyPath}: {problem}", innerException)
    {
        FileName = fileName;
        KeyPath = keyPath;
        Problem = problem;
    }

    /// <summary>File name (or other label) of the policy.</summary>
    public string FileName { get; }

    /// <summary>Dotted key path of the offending value; empty for the whole document.</summary>
    public string KeyPath { get; }

    /// <summary>What is wrong, without the file name and key path.</summary>
    public string Problem { get; }
}
