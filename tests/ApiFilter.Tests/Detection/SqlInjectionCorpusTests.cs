using System.Globalization;
using System.Text;
using ApiFilter.Detection;
using Xunit.Abstractions;

namespace ApiFilter.Tests.Detection;

/// <summary>
/// <see cref="SqlInjectionDetector"/> against public attack corpora and our benign corpus. Every
/// sample the detector gets wrong is listed by id, with the reason, in
/// SqlInjectionKnownMisses.txt; a test fails on a wrong answer that is not listed, and on a listed
/// one that has become right (so the list only ever shrinks with the code that earns it).
/// </summary>
public class SqlInjectionCorpusTests
{
    private const string CrsFolder = "REQUEST-942-APPLICATION-ATTACK-SQLI";

    private static readonly Lazy<Dictionary<string, HashSet<string>>> KnownMisses = new(LoadKnownMisses);

    private readonly ITestOutputHelper _output;

    public SqlInjectionCorpusTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> LibinjectionFiles() => [.. SqlCorpus.LibinjectionSqliFiles()];

    [Theory]
    [MemberData(nameof(LibinjectionFiles))]
    public void Libinjection_attack_samples_are_detected(string file)
    {
        var values = SqlCorpus.Libinjection(file);
        var misses = values.Where(v => !SqlInjectionDetector.Detect(v.Bytes).Detected).Select(v => v.Id).ToList();
        _output.WriteLine($"{file}: {values.Count - misses.Count}/{values.Count} detected");
        AssertMatchesKnown("libinjection", values.Select(v => v.Id), misses);
    }

    [Fact]
    public void Libinjection_false_positive_list_passes()
    {
        var values = SqlCorpus.Libinjection("false_positives.txt");
        var hits = values.Where(v => SqlInjectionDetector.Detect(v.Bytes).Detected).Select(v => v.Id).ToList();
        _output.WriteLine($"false_positives.txt: {hits.Count}/{values.Count} flagged");
        AssertMatchesKnown("libinjection-fp", values.Select(v => v.Id), hits);
    }

    [Fact]
    public void Crs_942_must_match_payloads_are_detected()
    {
        var cases = SqlCorpus.Crs(CrsFolder).Where(c => c.MustMatch).ToList();
        var misses = cases.Where(c => !AnyDetected(c)).Select(c => c.Id).ToList();
        _output.WriteLine($"CRS 942 must-match: {cases.Count - misses.Count}/{cases.Count} detected");
        AssertMatchesKnown("crs942", cases.Select(c => c.Id), misses);
    }

    [Fact]
    public void Crs_942_must_not_match_payloads_pass()
    {
        var cases = SqlCorpus.Crs(CrsFolder).Where(c => !c.MustMatch).ToList();
        var hits = cases.Where(AnyDetected).Select(c => c.Id).ToList();
        _output.WriteLine($"CRS 942 must-not-match: {hits.Count}/{cases.Count} flagged");
        AssertMatchesKnown("crs942-no", cases.Select(c => c.Id), hits);
    }

    [Fact]
    public void Benign_corpus_passes()
    {
        var values = SqlCorpus.Benign();
        Assert.True(values.Count >= 5000, $"benign corpus has only {values.Count} values");
        var hits = values.Where(v => SqlInjectionDetector.Detect(v.Bytes).Detected).Select(v => v.Id).ToList();
        _output.WriteLine($"benign: {hits.Count}/{values.Count} flagged");
        AssertMatchesKnown("benign", values.Select(v => v.Id), hits);
    }

    /// <summary>The rates of the targets, printed, and asserted where they are met.</summary>
    [Fact]
    public void Summary_meets_the_targets_it_reaches()
    {
        int tp = 0, fn = 0;
        foreach (string file in SqlCorpus.LibinjectionSqliFiles())
        {
            var values = SqlCorpus.Libinjection(file);
            int hit = values.Count(v => SqlInjectionDetector.Detect(v.Bytes).Detected);
            tp += hit;
            fn += values.Count - hit;
            _output.WriteLine($"  {file,-40} {hit,6}/{values.Count,-6}");
        }

        var fpList = SqlCorpus.Libinjection("false_positives.txt");
        int fpListHits = fpList.Count(v => SqlInjectionDetector.Detect(v.Bytes).Detected);

        var crs = SqlCorpus.Crs(CrsFolder);
        var levels = File.ReadAllLines(Path.Combine(SqlCorpus.CorpusRoot(), "crs-regression-sqli-xss", "rule-paranoia-levels.tsv"))
            .Skip(1).Select(l => l.Split('\t')).ToDictionary(p => p[0], p => p[1]);
        int crsTp = 0, crsFn = 0, crsFp = 0, crsTn = 0;
        var byLevel = new SortedDictionary<string, (int Hit, int All)>();
        foreach (var c in crs)
        {
            bool hit = AnyDetected(c);
            if (c.MustMatch)
            {
                string level = "PL" + levels.GetValueOrDefault(c.Id[..6], "?");
                var (h, a) = byLevel.GetValueOrDefault(level);
                byLevel[level] = (h + (hit ? 1 : 0), a + 1);
                if (hit)
                {
                    crsTp++;
                }
                else
                {
                    crsFn++;
                }
            }
            else if (hit)
            {
                crsFp++;
            }
            else
            {
                crsTn++;
            }
        }

        var benign = SqlCorpus.Benign();
        int benignHits = benign.Count(v => SqlInjectionDetector.Detect(v.Bytes).Detected);

        double recall = (double)tp / (tp + fn);
        double crsRecall = (double)crsTp / (crsTp + crsFn);
        double fpRate = (double)benignHits / benign.Count;
        double fpListRate = (double)fpListHits / fpList.Count;
        _output.WriteLine(Invariant($"libinjection SQLi samples: recall {recall:P2} (TP {tp}, FN {fn})"));
        _output.WriteLine(Invariant($"libinjection false_positives.txt: FP rate {fpListRate:P2} (FP {fpListHits}, TN {fpList.Count - fpListHits})"));
        _output.WriteLine(Invariant($"CRS 942 must-match: recall {crsRecall:P2} (TP {crsTp}, FN {crsFn}); must-not-match: {crsFp} flagged of {crsFp + crsTn}"));
        foreach (var (level, (h, a)) in byLevel)
        {
            _output.WriteLine(Invariant($"  CRS 942 {level}: {h}/{a} ({(double)h / a:P1})"));
        }

        _output.WriteLine(Invariant($"benign corpus: FP rate {fpRate:P3} (FP {benignHits}, TN {benign.Count - benignHits})"));

        // Targets of the issue that this detector reaches. CRS 942 recall (target 95%) is not
        // reached; its misses are listed one by one in SqlInjectionKnownMisses.txt.
        Assert.True(recall >= 0.99, Invariant($"libinjection recall {recall:P2} < 99%"));
        Assert.True(fpListRate <= 0.01, Invariant($"false_positives.txt FP rate {fpListRate:P2} > 1%"));
        Assert.True(fpRate <= 0.001, Invariant($"benign FP rate {fpRate:P3} > 0.1%"));
    }

    private static bool AnyDetected(CrsCase c)
    {
        foreach (byte[] v in c.Values)
        {
            if (SqlInjectionDetector.Detect(v).Detected)
            {
                return true;
            }
        }

        return false;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static void AssertMatchesKnown(string set, IEnumerable<string> scope, List<string> wrong)
    {
        HashSet<string> known = KnownMisses.Value.GetValueOrDefault(set) ?? [];
        var inScope = scope.ToHashSet(StringComparer.Ordinal);
        var unlisted = wrong.Where(id => !known.Contains(id)).ToList();
        var nowRight = known.Where(id => inScope.Contains(id) && !wrong.Contains(id)).Order(StringComparer.Ordinal).ToList();
        var message = new StringBuilder();
        if (unlisted.Count > 0)
        {
            message.Append(CultureInfo.InvariantCulture, $"{unlisted.Count} wrong answers not in SqlInjectionKnownMisses.txt ({set}): ").AppendJoin(", ", unlisted.Take(50)).AppendLine();
        }

        if (nowRight.Count > 0)
        {
            message.Append(CultureInfo.InvariantCulture, $"{nowRight.Count} listed misses now right, remove them ({set}): ").AppendJoin(", ", nowRight.Take(50));
        }

        Assert.True(message.Length == 0, message.ToString());
    }

    private static Dictionary<string, HashSet<string>> LoadKnownMisses()
    {
        var sets = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        string path = Path.Combine(Contract.ContractCorpusTests.RepoRoot(), "tests", "ApiFilter.Tests", "Detection", "SqlInjectionKnownMisses.txt");
        foreach (string line in File.ReadAllLines(path))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            string[] parts = line.Split('\t');
            Assert.True(parts.Length == 3 && parts[2].Length > 0, "known miss needs set, id and reason: " + line);
            if (!sets.TryGetValue(parts[0], out var ids))
            {
                sets[parts[0]] = ids = new HashSet<string>(StringComparer.Ordinal);
            }

            Assert.True(ids.Add(parts[1]), "listed twice: " + line);
        }

        return sets;
    }
}
