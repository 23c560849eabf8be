namespace ApiFilter.Schema;

/// <summary>
/// A schema that cannot be compiled strictly: every problem found, not just the first, so a
/// contract author can fix them all in one round. Load-time only.
/// </summary>
public sealed class SchemaCompileException : Exception
{
    /// <summary>Creates the exception for <paramref name="problems"/> (at least one).</summary>
    public SchemaCompileException(IReadOnlyList<SchemaProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>Creates the exception with a message and no listed problem.</summary>
    public SchemaCompileException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a single problem described by <paramref name="message"/>.</summary>
    public SchemaCompileException(string message)
        : this([new SchemaProblem("", message)])
    {
    }

    /// <summary>Creates the exception with a single problem and its cause.</summary>
    public SchemaCompileException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [new SchemaProblem("", message)];
    }

    /// <summary>Every problem found, in document order per schema.</summary>
    public IReadOnlyList<SchemaProblem> Problems { get; }

    private static string Describe(IReadOnlyList<SchemaProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count switch
        {
            0 => "the schema cannot be compiled",
            1 => $"the schema cannot be compiled: {problems[0]}",
            _ => $"the schema cannot be compiled ({problems.Count} problems):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems),
        };
    }
}
