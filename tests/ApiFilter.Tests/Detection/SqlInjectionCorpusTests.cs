using System.Globalization;
using System.Text;
using ApiFilter.Detection;
using Xunit.Abstractions;

namespace ApiFilter.Tests.Detection;

/// <summary>
/// <see cref="SqlInjectionDetector"/> against public attack corpora and our benign corpus. Every
/// sample the detector gets wrong is listed by id, with the sensitivity it was judged at and the
/// reason, in SqlInjectionKnownMisses.txt; a test fails on a wrong answer that is not listed, and
/// on a listed one that has become right (so the list only ever shrinks with the code that earns
/// it). A CRS must-match stage is judged at the paranoia level of its rule (a level-3 rule's test
/// must match when running at level 3); everything else is judged at
/// <see cref="DetectionSensitivity.Standard"/>, and the rates at the other levels are printed.
/// </summary>
public class SqlInjectionCorpusTests
{
    private const string CrsFolder = "REQUEST-942-APPLICATION-ATTACK-SQLI";

    private static readonly DetectionSensitivity[] Levels = [DetectionSensitivity.Standard, DetectionSensitivity.Elevated, DetectionSensitivity.High, DetectionSensitivity.Paranoid];

    private static readonly Lazy<Dictionary<string, Dictionary<string, DetectionSensitivity>>> KnownMisses = new(LoadKnownMisses);

    private readonly ITestOutputHelper _output;

    public SqlInjectionCorpusTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> LibinjectionFiles() => [.. SqlCorpus.LibinjectionSqliFiles()];

    [Theory]
    [MemberData(nameof(LibinjectionFiles))]
    public void Libinjection_attack_samples_are_detected(string file)
    {
        var values = SqlCorpus.Libinjection(file);
        var misses = values.Where(v => !SqlInjectionDetector.Detect(v.Bytes).Detected).Select(v => (v.Id, DetectionSensitivity.Standard)).ToList();
        _output.WriteLine($"{file}: {values.Count - misses.Count}/{values.Count} detected");
        AssertMatchesKnown("libinjection", values.Select(v => v.Id), misses);
    }

    [Fact]
    public void Libinjection_false_positive_list_passes()
    {
        var values = SqlCorpus.Libinjection("false_positives.txt");
        var hits = values.Where(v => SqlInjectionDetector.Detect(v.Bytes).Detected).Select(v => (v.Id, DetectionSensitivity.Standard)).ToList();
        _output.WriteLine($"false_positives.txt: {hits.Count}/{values.Count} flagged");
        AssertMatchesKnown("libinjection-fp", values.Select(v => v.Id), hits);
    }

    [Fact]
    public void Crs_942_must_match_payloads_are_detected_at_their_rules_paranoia_level()
    {
        var levels = SqlCorpus.CrsRuleLevels();
        var cases = SqlCorpus.Crs(CrsFolder).Where(c => c.MustMatch).ToList();
        var misses = new List<(string Id, DetectionSensitivity Level)>();
        foreach (var c in cases)
        {
            DetectionSensitivity level = levels[c.Id[..6]];
            if (!AnyDetected(c, level))
            {
                misses.Add((c.Id, level));
            }
        }

        _output.WriteLine($"CRS 942 must-match at the rule's level: {cases.Count - misses.Count}/{cases.Count} detected");
        AssertMatchesKnown("crs942", cases.Select(c => c.Id), misses);
    }

    [Fact]
    public void Crs_942_must_not_match_payloads_pass()
    {
        var cases = SqlCorpus.Crs(CrsFolder).Where(c => !c.MustMatch).ToList();
        var hits = cases.Where(c => AnyDetected(c, DetectionSensitivity.Standard)).Select(c => (c.Id, DetectionSensitivity.Standard)).ToList();
        _output.WriteLine($"CRS 942 must-not-match: {hits.Count}/{cases.Count} flagged");
        AssertMatchesKnown("crs942-no", cases.Select(c => c.Id), hits);
    }

    [Fact]
    public void Benign_corpus_passes()
    {
        var values = SqlCorpus.Benign();
        Assert.True(values.Count >= 5000, $"benign corpus has only {values.Count} values");
        var hits = values.Where(v => SqlInjectionDetector.Detect(v.Bytes).Detected).Select(v => (v.Id, DetectionSensitivity.Standard)).ToList();
        _output.WriteLine($"benign: {hits.Count}/{values.Count} flagged");
        AssertMatchesKnown("benign", values.Select(v => v.Id), hits);
    }

    /// <summary>Each level flags everything the level below it flags, on every corpus value.</summary>
    [Fact]
    public void Each_level_flags_what_the_lower_levels_flag()
    {
        var all = SqlCorpus.Benign().Select(v => (v.Id, v.Bytes))
            .Concat(SqlCorpus.Libinjection("false_positives.txt").Select(v => (v.Id, v.Bytes)))
            .Concat(SqlCorpus.Crs(CrsFolder).SelectMany(c => c.Values.Select(b => (c.Id, b))))
            .ToList();
        var broken = new List<string>();
        foreach (var (id, bytes) in all)
        {
            bool below = false;
            foreach (DetectionSensitivity level in Levels)
            {
                bool hit = SqlInjectionDetector.Detect(bytes, level).Detected;
                if (below && !hit)
                {
                    broken.Add($"{id} at {level}");
                }

                below = hit;
            }
        }

        Assert.True(broken.Count == 0, "flagged at a lower level only: " + string.Join(", ", broken.Take(20)));
    }

    /// <summary>The rates of the targets at each level, printed, and asserted where they are targets.</summary>
    [Fact]
    public void Summary_meets_the_targets()
    {
        var levels = SqlCorpus.CrsRuleLevels();
        var crs = SqlCorpus.Crs(CrsFolder);
        var mustMatch = crs.Where(c => c.MustMatch).ToList();
        var mustNot = crs.Where(c => !c.MustMatch).ToList();
        var benign = SqlCorpus.Benign();
        var fpList = SqlCorpus.Libinjection("false_positives.txt");
        var attacks = SqlCorpus.LibinjectionSqliFiles().SelectMany(SqlCorpus.Libinjection).ToList();

        // Recall at the matching level: each stage at its rule's paranoia level.
        int matchHit = 0;
        var byRuleLevel = new SortedDictionary<DetectionSensitivity, (int Hit, int All)>();
        foreach (var c in mustMatch)
        {
            DetectionSensitivity level = levels[c.Id[..6]];
            bool hit = AnyDetected(c, level);
            matchHit += hit ? 1 : 0;
            var (h, a) = byRuleLevel.GetValueOrDefault(level);
            byRuleLevel[level] = (h + (hit ? 1 : 0), a + 1);
        }

        double matchRecall = (double)matchHit / mustMatch.Count;
        _output.WriteLine(Invariant($"CRS 942 must-match, each stage at its rule's paranoia level: recall {matchRecall:P2} ({matchHit}/{mustMatch.Count})"));
        foreach (var (level, (h, a)) in byRuleLevel)
        {
            _output.WriteLine(Invariant($"  rules of PL{(int)level}: {h}/{a} ({(double)h / a:P1})"));
        }

        _output.WriteLine("level     | CRS must-match (all stages) | libinjection recall | benign FP | false_positives.txt FP | CRS must-not-match FP");
        var rates = new Dictionary<DetectionSensitivity, (double Recall, double Benign, double FpList)>();
        foreach (DetectionSensitivity level in Levels)
        {
            int crsHit = mustMatch.Count(c => AnyDetected(c, level));
            int crsFp = mustNot.Count(c => AnyDetected(c, level));
            int tp = attacks.Count(v => SqlInjectionDetector.Detect(v.Bytes, level).Detected);
            int benignHits = benign.Count(v => SqlInjectionDetector.Detect(v.Bytes, level).Detected);
            int fpListHits = fpList.Count(v => SqlInjectionDetector.Detect(v.Bytes, level).Detected);
            double recall = (double)tp / attacks.Count;
            double benignRate = (double)benignHits / benign.Count;
            double fpListRate = (double)fpListHits / fpList.Count;
            rates[level] = (recall, benignRate, fpListRate);
            _output.WriteLine(Invariant(
                $"{level,-9} | {(double)crsHit / mustMatch.Count,7:P2} ({crsHit}/{mustMatch.Count}) | {recall,7:P2} ({tp}/{attacks.Count}) | {benignRate,7:P3} ({benignHits}/{benign.Count}) | {fpListRate,6:P2} ({fpListHits}/{fpList.Count}) | {(double)crsFp / mustNot.Count,6:P2} ({crsFp}/{mustNot.Count})"));
        }

        Assert.True(matchRecall >= 0.95, Invariant($"CRS 942 recall at the matching level {matchRecall:P2} < 95%"));
        var standard = rates[DetectionSensitivity.Standard];
        Assert.True(standard.Recall >= 0.99, Invariant($"libinjection recall {standard.Recall:P2} < 99%"));
        Assert.True(standard.FpList <= 0.01, Invariant($"false_positives.txt FP rate {standard.FpList:P2} > 1%"));
        Assert.True(standard.Benign <= 0.001, Invariant($"benign FP rate {standard.Benign:P3} > 0.1%"));
        Assert.True(rates[DetectionSensitivity.Elevated].Benign <= 0.005, Invariant($"benign FP rate at Elevated {rates[DetectionSensitivity.Elevated].Benign:P3} > 0.5%"));
    }

    private static bool AnyDetected(CrsCase c, DetectionSensitivity level)
    {
        foreach (byte[] v in c.Values)
        {
            if (SqlInjectionDetector.Detect(v, level).Detected)
            {
                return true;
            }
        }

        return false;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static void AssertMatchesKnown(string set, IEnumerable<string> scope, List<(string Id, DetectionSensitivity Level)> wrong)
    {
        Dictionary<string, DetectionSensitivity> known = KnownMisses.Value.GetValueOrDefault(set) ?? [];
        var inScope = scope.ToHashSet(StringComparer.Ordinal);
        var wrongIds = wrong.Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
        var unlisted = wrong.Where(w => !known.ContainsKey(w.Id)).Select(w => $"{w.Id} ({w.Level})").ToList();
        var misleveled = wrong.Where(w => known.TryGetValue(w.Id, out var l) && l != w.Level).Select(w => $"{w.Id} (judged at {w.Level}, listed at {known[w.Id]})").ToList();
        var nowRight = known.Keys.Where(id => inScope.Contains(id) && !wrongIds.Contains(id)).Order(StringComparer.Ordinal).ToList();
        var message = new StringBuilder();
        if (unlisted.Count > 0)
        {
            message.Append(CultureInfo.InvariantCulture, $"{unlisted.Count} wrong answers not in SqlInjectionKnownMisses.txt ({set}): ").AppendJoin(", ", unlisted.Take(50)).AppendLine();
        }

        if (misleveled.Count > 0)
        {
            message.Append(CultureInfo.InvariantCulture, $"{misleveled.Count} listed at another level ({set}): ").AppendJoin(", ", misleveled.Take(50)).AppendLine();
        }

        if (nowRight.Count > 0)
        {
            message.Append(CultureInfo.InvariantCulture, $"{nowRight.Count} listed misses now right, remove them ({set}): ").AppendJoin(", ", nowRight.Take(50));
        }

        Assert.True(message.Length == 0, message.ToString());
    }

    private static Dictionary<string, Dictionary<string, DetectionSensitivity>> LoadKnownMisses()
    {
        var sets = new Dictionary<string, Dictionary<string, DetectionSensitivity>>(StringComparer.Ordinal);
        string path = Path.Combine(Contract.ContractCorpusTests.RepoRoot(), "tests", "ApiFilter.Tests", "Detection", "SqlInjectionKnownMisses.txt");
        foreach (string line in File.ReadAllLines(path))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            string[] parts = line.Split('\t');
            Assert.True(parts.Length == 4 && parts[3].Length > 0, "known miss needs set, level, id and reason: " + line);
            Assert.True(Enum.TryParse(parts[1], out DetectionSensitivity level) && Enum.IsDefined(level) && parts[1] == level.ToString(), "unknown level: " + line);
            if (!sets.TryGetValue(parts[0], out var ids))
            {
                sets[parts[0]] = ids = new Dictionary<string, DetectionSensitivity>(StringComparer.Ordinal);
            }

            Assert.True(ids.TryAdd(parts[2], level), "listed twice: " + line);
        }

        return sets;
    }
}
