namespace ApiFilter.Host.Tests;

/// <summary><c>apifilter validate</c>, run as the real host process.</summary>
public sealed class ValidateCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("apifilter-validate-tests-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Schema() => Write("pet.schema.json", """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "required": ["name", "kind"],
          "properties": { "name": { "type": "string", "maxLength": 3 }, "kind": { "enum": ["cat", "dog"] } }
        }
        """);

    [Fact]
    public async Task Invalid_documents_exit_1_with_one_line_per_violation()
    {
        var schema = Schema();
        var good = Write("good.json", """{"name":"Rex","kind":"dog"}""");
        var bad = Write("bad.json", """{"name":"Rexford","kind":"cow"}""");
        using var host = HostProcess.Start("validate", "--schema", schema, good, bad);

        Assert.Equal(1, await host.WaitForExitAsync());
        var lines = host.Stdout.Split('\n');
        Assert.Contains($"{good}: valid", lines);
        Assert.Contains(lines, l => l.StartsWith($"{bad}: schema.maxLength at '/name': string has 7 code points, more than maxLength 3", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"{bad}: schema.enum at '/kind': ", StringComparison.Ordinal));
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public async Task All_valid_exits_0()
    {
        using var host = HostProcess.Start("validate", "--schema", Schema(), "--dialect", "openapi-3.1", Write("a.json", """{"name":"Tom","kind":"cat"}"""));

        Assert.Equal(0, await host.WaitForExitAsync());
    }

    [Fact]
    public async Task Schema_that_does_not_compile_exits_2_naming_the_problem()
    {
        var schema = Write("broken.json", """{ "properties": { "a": { "$ref": "#/$defs/nowhere" } } }""");
        using var host = HostProcess.Start("validate", "--schema", schema, Write("a.json", "{}"));

        Assert.Equal(2, await host.WaitForExitAsync());
        Assert.Contains("#/properties/a/$ref", host.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--dialect", "draft7")]
    [InlineData("--bogus")]
    public async Task Bad_arguments_exit_2(params string[] extra)
    {
        using var host = HostProcess.Start(["validate", "--schema", Schema(), .. extra, Write("a.json", "{}")]);

        Assert.Equal(2, await host.WaitForExitAsync());
    }
}
