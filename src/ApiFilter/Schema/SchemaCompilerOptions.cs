namespace ApiFilter.Schema;

/// <summary>How a <see cref="SchemaCompiler"/> treats the parts of a dialect that are left to the implementation.</summary>
public sealed record SchemaCompilerOptions
{
    /// <summary>Default options: format assertion as the dialect's default, default pattern limits.</summary>
    public static SchemaCompilerOptions Default { get; } = new();

    /// <summary>
    /// True to assert <c>format</c>, false to treat it as an annotation, null for the dialect's
    /// default: asserted for the OpenAPI dialects (a contract that says <c>format: date</c> means it),
    /// an annotation for plain draft 4 and 2020-12 (2020-12 validation section 7.2.1: annotation by
    /// default; the draft 4 test suite expects the same).
    /// </summary>
    public bool? AssertFormat { get; init; }

    /// <summary>Limits for patterns that need the backtracking engine.</summary>
    public SchemaPatternOptions PatternOptions { get; init; } = SchemaPatternOptions.Default;

    /// <summary>True when <paramref name="dialect"/> asserts <c>format</c> under these options.</summary>
    public bool AssertsFormat(SchemaDialect dialect) =>
        AssertFormat ?? dialect is SchemaDialect.OpenApi30 or SchemaDialect.OpenApi31 or SchemaDialect.Swagger20;
}
