using ApiFilter.Schema;
using Xunit.Abstractions;

namespace ApiFilter.Tests.Schema;

/// <summary>
/// JSON-Schema-Test-Suite conformance: draft 4 (the OpenAPI 3.0 dialect) and 2020-12 (the OpenAPI
/// 3.1 dialect). Required tests must pass except the cases <see cref="KnownFailures"/> lists with
/// their reason; a listed case that passes fails the test too, so the list stays true. Optional
/// tests are counted and reported, not required.
/// </summary>
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
            else if (result.Verdict == SuiteVerdict.Pending)
            {
                _output.WriteLine($"pending: {result.Name}");
            }
        }

        Assert.True(unexpected.Count == 0, string.Join(Environment.NewLine, unexpected));
    }

    [Theory]
    [InlineData("draft4", 100.0)]
    [InlineData("draft2020-12", 98.0)]
    public void Required_pass_rate_meets_the_target_and_counts_are_printed(string draft, double target)
    {
        var required = Run(draft, optional: false);
        var optional = Run(draft, optional: true);
        Report(draft, "required", required);
        Report(draft, "optional", optional);
        foreach (var group in optional.Where(r => r.Verdict == SuiteVerdict.Fail).GroupBy(r => r.Name[..r.Name.IndexOf(':', StringComparison.Ordinal)]))
        {
            _output.WriteLine($"  optional failures in {group.Key}: {group.Count()}");
        }

        int judged = required.Count(r => r.Verdict != SuiteVerdict.Pending);
        int passed = required.Count(r => r.Verdict == SuiteVerdict.Pass);
        Assert.True(judged > 0, "no required test ran");
        double rate = 100.0 * passed / judged;
        Assert.True(rate >= target, $"{draft}: {passed}/{judged} required tests pass ({rate:F2}%), target {target}%");
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

    private void Report(string draft, string kind, List<SuiteResult> results)
    {
        int pass = results.Count(r => r.Verdict == SuiteVerdict.Pass);
        int fail = results.Count(r => r.Verdict == SuiteVerdict.Fail);
        int pending = results.Count(r => r.Verdict == SuiteVerdict.Pending);
        _output.WriteLine($"{draft} {kind}: {results.Count} tests, {pass} pass, {fail} fail, {pending} pending (schema primitives not yet implemented)");
    }
}
