using System.Text.Json;

namespace ApiFilter.Tests.Schema.Primitives;

/// <summary>One test of the JSON Schema Test Suite (corpus/json-schema-test-suite), with its case's schema.</summary>
internal sealed record SuiteCase(string File, string CaseDescription, string TestDescription, JsonElement Schema, JsonElement Data, bool Valid)
{
    /// <summary>A stable name: <c>file :: case :: test</c>.</summary>
    public string Name => $"{File} :: {CaseDescription} :: {TestDescription}";

    /// <summary>The suite's tests folder in the repository's corpus.</summary>
    public static string TestsRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "corpus", "json-schema-test-suite", "tests");
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "ApiFilter.sln")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("corpus/json-schema-test-suite/tests not found above the test binaries");
    }

    /// <summary>Every test of one suite file, path relative to the tests folder (e.g. <c>draft4/minimum.json</c>).</summary>
    public static IReadOnlyList<SuiteCase> Load(string relativeFile)
    {
        var bytes = System.IO.File.ReadAllBytes(Path.Combine(TestsRoot(), relativeFile));
        using var document = JsonDocument.Parse(bytes);
        var result = new List<SuiteCase>();
        foreach (var testCase in document.RootElement.EnumerateArray())
        {
            var caseDescription = testCase.GetProperty("description").GetString()!;
            var schema = testCase.GetProperty("schema").Clone();
            foreach (var test in testCase.GetProperty("tests").EnumerateArray())
            {
                result.Add(new SuiteCase(
                    relativeFile,
                    caseDescription,
                    test.GetProperty("description").GetString()!,
                    schema,
                    test.GetProperty("data").Clone(),
                    test.GetProperty("valid").GetBoolean()));
            }
        }

        return result;
    }

    /// <summary>The schema's keywords other than <c>$schema</c>.</summary>
    public IReadOnlyList<string> Keywords()
    {
        var names = new List<string>();
        if (Schema.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in Schema.EnumerateObject())
            {
                if (property.Name != "$schema")
                {
                    names.Add(property.Name);
                }
            }
        }

        return names;
    }
}
