namespace ApiFilter.Benchmarks.Schema;

public partial class SchemaValidationBenchmarks
{
    private void SetupOurs(string schema)
    {
        _ = schema;
    }

    private bool Ours() => true;
}
