using System.Text;
using ApiFilter.Detection;

namespace ApiFilter.Tests.Detection.Xss;

public class XssDumpTests
{
    [Fact]
    public void Dump()
    {
        string? target = Environment.GetEnvironmentVariable("XSS_DUMP");
        if (target is null)
        {
            return;
        }

        var all = new List<XssSample>();
        foreach (string f in XssCorpus.LibinjectionFiles()) all.AddRange(XssCorpus.Libinjection(f, true));
        all.AddRange(XssCorpus.Libinjection("false_positives.txt", false));
        foreach (string f in XssCorpus.CrsFiles()) all.AddRange(XssCorpus.Crs(f));
        foreach (string f in XssCorpus.BenignFiles()) all.AddRange(XssCorpus.Benign(f));
        var sb = new StringBuilder();
        var counts = new Dictionary<string, int[]>();
        foreach (var s in all)
        {
            DetectionResult hit = default;
            foreach (var v in s.Values) { hit = XssDetector.Detect(v); if (hit.Detected) break; }
            string group = s.Set.EndsWith(".yaml") ? "crs" : s.Set;
            if (!counts.TryGetValue(group, out var c)) counts[group] = c = new int[4];
            c[(s.Attack ? 0 : 2) + (hit.Detected == s.Attack ? 0 : 1)]++;
            if (hit.Detected != s.Attack)
                sb.AppendLine($"{(s.Attack ? "MISS" : "FP  ")} {s.Name} {hit} :: {string.Join(" | ", s.Values.Select(v => Encoding.UTF8.GetString(v).Replace("\n", "\\n")))}");
        }
        foreach (var (k, c) in counts) sb.Insert(0, $"{k}: attacks ok {c[0]} miss {c[1]}; benign ok {c[2]} fp {c[3]}\n");
        File.WriteAllText(target, sb.ToString());
    }
}
