namespace ApiFilter.Contract;

/// <summary>
/// A contract that cannot be used. Lists every problem the reader found, not only the first, so
/// one round of edits can fix them all; the message holds one problem per line.
/// </summary>
public sealed class ContractLoadException : Exception
{
    /// <summary>Creates an exception listing <paramref name="problems"/>.</summary>
    /// <param name="problems">The problems found; at least one.</param>
    /// <param name="innerException">The parser error that caused it, if any.</param>
    public ContractLoadException(IReadOnlyList<ContractProblem> problems, Exception? innerException = null)
        : base(Format(problems), innerException)
    {
        Problems = problems;
    }

    /// <summary>Every problem found, in the order the reader reported them.</summary>
    public IReadOnlyList<ContractProblem> Problems { get; }

    private static string Format(IReadOnlyList<ContractProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count == 0)
        {
            ThrowHelper.ThrowArgument(nameof(problems), "A contract load failure needs at least one problem.");
        }

        return string.Join(Environment.NewLine, problems);
    }
}
