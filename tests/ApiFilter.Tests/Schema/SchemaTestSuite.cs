using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApiFilter.Json;
using ApiFilter.Schema;

namespace ApiFilter.Tests.Schema;

/// <summary>
/// The JSON-Schema-Test-Suite (corpus/json-schema-test-suite): each test case's schema compiled in
/// the suite's dialect, each test's data serialized and judged through <see cref="JsonGuard"/> with
/// the validator attached, whole and (for short documents) split in two at every byte.
/// </summary>
internal static class SchemaTestSuite
{
    private static readonly Lazy<List<(Uri Uri, JsonNode Document)>> Remotes = new(LoadRemotes);

    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "corpus", "json-schema-test-suite")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return Path.Combine(dir.FullName, "corpus", "json-schema-test-suite");
    }

    /// <summary>Test files of a draft, relative to its folder ("ref.json", "optional/format/email.json").</summary>
    public static IEnumerable<string> Files(string draft, bool optional)
    {
        string folder = Path.Combine(Root(), "tests", draft);
        return Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(folder, path).Replace('\\', '/'))
            .Where(path => path.StartsWith("optional/", StringComparison.Ordinal) == optional)
            .Order(StringComparer.Ordinal);
    }

    public static SchemaDialect DialectOf(string draft) => draft == "draft4" ? SchemaDialect.Draft4 : SchemaDialect.Draft2020_12;

    /// <summary>Runs every test of one file; one result per test, named "draft/file: case / test".</summary>
    public static List<SuiteResult> RunFile(string draft, string file)
    {
        var results = new List<SuiteResult>();
        var cases = JsonNode.Parse(File.ReadAllText(Path.Combine(Root(), "tests", draft, file)))!.AsArray();
        var guard = new JsonGuard(SchemaRun.Limits);
        var validator = new JsonSchemaValidator();

        // The suite's README: optional/format/* run with format assertion on; elsewhere the dialect's default.
        var options = file.StartsWith("optional/format/", StringComparison.Ordinal) ? new SchemaCompilerOptions { AssertFormat = true } : null;
        foreach (JsonNode? testCase in cases)
        {
            string caseName = $"{draft}/{file}: {testCase!["description"]!.GetValue<string>()}";
            SchemaProgram? program = null;
            string? compileError = null;
            try
            {
                // The case's schema first: it is the primary document, and its own identifiers win.
                var compiler = new SchemaCompiler(DialectOf(draft), options);
                compiler.AddSchema(testCase["schema"]!.DeepClone(), new Uri("http://localhost:1234/test-case-schema.json"));
                foreach (var (uri, document) in Remotes.Value)
                {
                    compiler.AddResource(uri, document);
                }

                program = compiler.Compile();
            }
            catch (SchemaCompileException e)
            {
                compileError = e.Message;
            }

            foreach (JsonNode? test in testCase["tests"]!.AsArray())
            {
                string name = $"{caseName} / {test!["description"]!.GetValue<string>()}";
                bool expected = test["valid"]!.GetValue<bool>();
                if (program is null)
                {
                    results.Add(new SuiteResult(name, SuiteVerdict.Fail, "compile error: " + compileError));
                    continue;
                }

                results.Add(RunTest(name, guard, validator, program, test["data"], expected));
            }
        }

        return results;
    }

    private static SuiteResult RunTest(string name, JsonGuard guard, JsonSchemaValidator validator, SchemaProgram program, JsonNode? data, bool expected)
    {
        // Raw UTF-8 once, escaped (\uXXXX for non-ASCII) once: both string paths of the guard.
        byte[] raw = Encoding.UTF8.GetBytes(data?.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null");
        byte[] escaped = Encoding.UTF8.GetBytes(data?.ToJsonString() ?? "null");

        SchemaOutcome whole = SchemaRun.Whole(guard, validator, program, 0, raw);
        if (whole.Valid != expected)
        {
            return new SuiteResult(name, SuiteVerdict.Fail, $"expected {(expected ? "valid" : "invalid")}, got {whole}");
        }

        if (!whole.Valid && whole.Violations.Count == 0)
        {
            return new SuiteResult(name, SuiteVerdict.Fail, "refused without a violation");
        }

        SchemaOutcome again = SchemaRun.Whole(guard, validator, program, 0, escaped);
        if (again.Valid != expected)
        {
            return new SuiteResult(name, SuiteVerdict.Fail, $"escaped form: expected {(expected ? "valid" : "invalid")}, got {again}");
        }

        if (escaped.Length <= 128)
        {
            for (int cut = 1; cut < escaped.Length; cut++)
            {
                SchemaOutcome split = SchemaRun.Split(guard, validator, program, 0, escaped, cut);
                if (split.Valid != expected)
                {
                    return new SuiteResult(name, SuiteVerdict.Fail, $"split at {cut}: expected {(expected ? "valid" : "invalid")}, got {split}");
                }
            }
        }

        return new SuiteResult(name, SuiteVerdict.Pass, "");
    }

    private static List<(Uri, JsonNode)> LoadRemotes()
    {
        string folder = Path.Combine(Root(), "remotes");
        var remotes = new List<(Uri, JsonNode)>();
        foreach (string path in Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(folder, path).Replace('\\', '/');
            remotes.Add((new Uri("http://localhost:1234/" + relative), JsonNode.Parse(File.ReadAllText(path))!));
        }

        return remotes;
    }
}

internal enum SuiteVerdict
{
    Pass,
    Fail,
}

internal sealed record SuiteResult(string Name, SuiteVerdict Verdict, string Detail);
