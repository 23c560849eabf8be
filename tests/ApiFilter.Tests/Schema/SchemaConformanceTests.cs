using ApiFilter.Schema;
using Xunit.Abstractions;

namespace ApiFilter.Tests.Schema;

/// <summary>
/// JSON-Schema-Test-Suite conformance: draft 4 (the OpenAPI 3.0 dialect) and 2020-12 (the OpenAPI
/// 3.1 dialect). Required tests must pass except the cases <see cref="KnownFailures"/> lists with
/// their reason; a listed case that passes fails the test too, so the list stays true. Optional
/// tests (optional/*.json) and format assertion tests (optional/format/*.json) are counted and
/// reported apart, not required.
/// </summary>
/// <remarks>
/// The counts are written to the test output, which <c>dotnet test</c> hides by default; to see them:
/// <code>
/// dotnet test tests/ApiFilter.Tests -c Release --filter "FullyQualifiedName~SchemaConformance" --logger "console;verbosity=detailed"
/// </code>
/// </remarks>
public sealed class SchemaConformanceTests
{
    private readonly ITestOutputHelper _output;

    public SchemaConformanceTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string, string> RequiredFiles()
    {
        var data = new TheoryData<string, string>();
        foreach (string draft in new[] { "draft4", "draft2020-12" })
        {
            foreach (string file in SchemaTestSuite.Files(draft, optional: false))
            {
                data.Add(draft, file);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RequiredFiles))]
    public void Required_tests_pass_or_are_known_failures(string draft, string file)
    {
        var unexpected = new List<string>();
        foreach (SuiteResult result in SchemaTestSuite.RunFile(draft, file))
        {
            bool listed = KnownFailures.Required.ContainsKey(result.Name);
            if (result.Verdict == SuiteVerdict.Fail && !listed)
            {
                unexpected.Add($"FAILS (not in KnownFailures): {result.Name}: {result.Detail}");
            }
            else if (result.Verdict == SuiteVerdict.Pass && listed)
            {
                unexpected.Add($"PASSES (remove from KnownFailures): {result.Name}");
            }
        }

        Assert.True(unexpected.Count == 0, string.Join(Environment.NewLine, unexpected));
    }

    [Theory]
    [InlineData("draft4", 100.0)]
    [InlineData("draft2020-12", 98.0)]
    public void Required_pass_rate_meets_the_target_and_counts_are_printed(string draft, double target)
    {
        List<SuiteResult> required = Run(draft, optional: false);
        List<SuiteResult> optional = Run(draft, optional: true);
        List<SuiteResult> format = optional.Where(r => r.Name.StartsWith($"{draft}/optional/format/", StringComparison.Ordinal)).ToList();
        List<SuiteResult> other = optional.Where(r => !r.Name.StartsWith($"{draft}/optional/format/", StringComparison.Ordinal)).ToList();

        int passed = required.Count(r => r.Verdict == SuiteVerdict.Pass);
        double rate = 100.0 * passed / Math.Max(1, required.Count);
        _output.WriteLine($"conformance {draft} required:        {Line(required)} (target {target}%)");
        _output.WriteLine($"conformance {draft} optional:        {Line(other)}");
        _output.WriteLine($"conformance {draft} optional/format: {Line(format)}");
        foreach (SuiteResult known in required.Where(r => r.Verdict == SuiteVerdict.Fail))
        {
            _output.WriteLine($"  known failure: {known.Name}: {known.Detail}");
        }

        foreach (var group in optional.Where(r => r.Verdict == SuiteVerdict.Fail).GroupBy(r => r.Name[..r.Name.IndexOf(':', StringComparison.Ordinal)]))
        {
            _output.WriteLine($"  optional failures in {group.Key}: {group.Count()}");
        }

        // Every listed known failure of this draft names a required test that exists and fails.
        var failing = required.Where(r => r.Verdict == SuiteVerdict.Fail).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var stale = KnownFailures.Required.Keys.Where(k => k.StartsWith(draft + "/", StringComparison.Ordinal) && !failing.Contains(k)).ToList();
        Assert.True(stale.Count == 0, "KnownFailures lists tests that do not fail: " + string.Join(", ", stale));

        Assert.True(required.Count > 0, "no required test ran");
        Assert.True(rate >= target, $"{draft}: {passed}/{required.Count} required tests pass ({rate:F2}%), target {target}%");
    }

    private static List<SuiteResult> Run(string draft, bool optional)
    {
        var results = new List<SuiteResult>();
        foreach (string file in SchemaTestSuite.Files(draft, optional))
        {
            results.AddRange(SchemaTestSuite.RunFile(draft, file));
        }

        return results;
    }

    private static string Line(List<SuiteResult> results)
    {
        int pass = results.Count(r => r.Verdict == SuiteVerdict.Pass);
        double rate = 100.0 * pass / Math.Max(1, results.Count);
        return $"{pass}/{results.Count} pass ({rate:F2}%), {results.Count - pass} fail";
    }
}
