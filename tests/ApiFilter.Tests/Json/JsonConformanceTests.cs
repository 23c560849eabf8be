using System.Text.RegularExpressions;
using ApiFilter.Json;
using ApiFilter.Pipeline;
using Xunit.Abstractions;

namespace ApiFilter.Tests.Json;

/// <summary>
/// JSONTestSuite (corpus/json-test-suite): every <c>y_</c> file accepted, every <c>n_</c> file
/// refused, every <c>i_</c> file decided as corpus/json-test-suite/DECISIONS.md records, all with
/// default limits and all judged split at every byte as well.
/// </summary>
public sealed class JsonConformanceTests
{
    /// <summary>
    /// Valid RFC 8259 files refused on purpose by a default limit (see DECISIONS.md): duplicate
    /// member names are valid syntax (§4: SHOULD be unique) but <c>RejectDuplicateNames</c> is on;
    /// an 81-character number literal is valid syntax but over <c>MaxNumberLength</c> (64).
    /// Each is also checked to pass once that one limit is relaxed.
    /// </summary>
    private static readonly Dictionary<string, string> YesButRefusedByDefaultLimit = new(StringComparer.Ordinal)
    {
        ["y_object_duplicated_key.json"] = ViolationCodes.JsonDuplicateName,
        ["y_object_duplicated_key_and_value.json"] = ViolationCodes.JsonDuplicateName,
        ["y_number_double_close_to_zero.json"] = ViolationCodes.JsonNumberLength,
    };

    private readonly ITestOutputHelper _output;

    public JsonConformanceTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> YesFiles() => Files("y_");

    public static TheoryData<string> NoFiles() => Files("n_");

    public static TheoryData<string> ImplementationDefinedFiles() => Files("i_");

    [Theory]
    [MemberData(nameof(YesFiles))]
    public void Yes_Accepted(string file)
    {
        GuardOutcome outcome = GuardRun.AssertSameAtEverySplit(Read(file));
        if (YesButRefusedByDefaultLimit.TryGetValue(file, out string? code))
        {
            Assert.Equal(code, outcome.Code);
            JsonThreatLimits lenient = code == ViolationCodes.JsonDuplicateName
                ? JsonThreatLimits.Default with { RejectDuplicateNames = false }
                : JsonThreatLimits.Default with { MaxNumberLength = 100 };
            Assert.Equal(GuardStatus.Allowed, GuardRun.AssertSameAtEverySplit(Read(file), lenient).Status);
            return;
        }

        Assert.True(outcome.Status == GuardStatus.Allowed, $"{file}: {outcome}");
    }

    [Theory]
    [MemberData(nameof(NoFiles))]
    public void No_Refused(string file)
    {
        GuardOutcome outcome = GuardRun.AssertSameAtEverySplit(Read(file));
        Assert.True(outcome.Status == GuardStatus.Refused, $"{file}: {outcome}");

        // Every n_ file is malformed; the only limit allowed to get there first is depth
        // (n_structure_100000_opening_arrays, n_structure_open_array_object).
        Assert.True(outcome.Code is ViolationCodes.JsonSyntax or ViolationCodes.JsonDepth, $"{file}: {outcome}");
    }

    [Theory]
    [MemberData(nameof(ImplementationDefinedFiles))]
    public void ImplementationDefined_AsDecided(string file)
    {
        Assert.True(Decisions().TryGetValue(file, out Decision? decision), $"{file} has no row in DECISIONS.md");
        GuardOutcome outcome = GuardRun.AssertSameAtEverySplit(Read(file));
        if (decision.Accept)
        {
            Assert.True(outcome.Status == GuardStatus.Allowed, $"{file}: {outcome}");
        }
        else
        {
            Assert.True(outcome.Status == GuardStatus.Refused, $"{file}: {outcome}");
            Assert.Equal(decision.Code, outcome.Code);
        }
    }

    [Fact]
    public void Summary_AllFilesAsExpected()
    {
        int yes = 0, yesOk = 0, no = 0, noOk = 0, impl = 0, implOk = 0;
        Dictionary<string, Decision> decisions = Decisions();
        foreach (string path in Directory.EnumerateFiles(SuiteDirectory(), "*.json"))
        {
            string file = Path.GetFileName(path);
            GuardOutcome outcome = GuardRun.Single(File.ReadAllBytes(path));
            switch (file[..2])
            {
                case "y_":
                    yes++;
                    bool expectedYes = YesButRefusedByDefaultLimit.TryGetValue(file, out string? code)
                        ? outcome.Code == code
                        : outcome.Status == GuardStatus.Allowed;
                    yesOk += expectedYes ? 1 : 0;
                    break;
                case "n_":
                    no++;
                    noOk += outcome.Status == GuardStatus.Refused ? 1 : 0;
                    break;
                case "i_":
                    impl++;
                    Decision d = decisions[file];
                    implOk += (d.Accept ? outcome.Status == GuardStatus.Allowed : outcome.Code == d.Code) ? 1 : 0;
                    break;
            }
        }

        int implAccepted = decisions.Values.Count(d => d.Accept);
        _output.WriteLine($"{yesOk}/{yes} y accepted ({YesButRefusedByDefaultLimit.Count} of them refused by a default limit, as documented)");
        _output.WriteLine($"{noOk}/{no} n refused");
        _output.WriteLine($"{implOk}/{impl} i as decided ({implAccepted} accept, {impl - implAccepted} refuse)");

        // The suite's own counts (SOURCE.txt): a missing file would make every other check vacuous.
        Assert.Equal((95, 188, 35), (yes, no, impl));
        Assert.Equal((yes, no, impl), (yesOk, noOk, implOk));
        Assert.Equal(impl, decisions.Count);
    }

    private sealed record Decision(bool Accept, string Code);

    private static Dictionary<string, Decision> Decisions()
    {
        var decisions = new Dictionary<string, Decision>(StringComparer.Ordinal);
        string table = File.ReadAllText(Path.Combine(SuiteDirectory(), "..", "DECISIONS.md"));
        foreach (Match row in Regex.Matches(table, @"^\| *(i_[^ |]+) *\| *(accept|refuse) *\| *([^ |]*) *\|", RegexOptions.Multiline, TimeSpan.FromSeconds(1)))
        {
            decisions.Add(row.Groups[1].Value, new Decision(row.Groups[2].Value == "accept", row.Groups[3].Value));
        }

        return decisions;
    }

    private static TheoryData<string> Files(string prefix)
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.EnumerateFiles(SuiteDirectory(), prefix + "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    private static byte[] Read(string file) => File.ReadAllBytes(Path.Combine(SuiteDirectory(), file));

    private static string SuiteDirectory()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ApiFilter.sln")))
            {
                return Path.Combine(dir.FullName, "corpus", "json-test-suite", "test_parsing");
            }
        }

        throw new DirectoryNotFoundException("ApiFilter.sln not found above " + AppContext.BaseDirectory);
    }
}
