using System.Text;
using System.Text.Json;
using ApiFilter.Detection;
using ApiFilter.Tests.Contract;
using Xunit.Abstractions;

namespace ApiFilter.Tests.Detection.Others;

/// <summary>
/// The free-text detectors over every distinct string in the real-world OpenAPI descriptions of
/// corpus/openapi-real-world (descriptions in Markdown, summaries, examples, patterns, names):
/// ordinary API text written by people who were not thinking of these detectors. Code samples
/// (the <c>source</c> of <c>x-code-samples</c> entries) are left out: they are code, and a field
/// that carries code turns detection off in its contract.
/// </summary>
public class BenignCorpusTests(ITestOutputHelper output)
{
    private static readonly Lazy<List<string>> Strings = new(Load);

    public static TheoryData<string> Detectors => DetectorTestSupport.Data("NoSql", "PathTraversal", "Command", "JsonPath", "JsonPointer");

    [Theory]
    [MemberData(nameof(Detectors))]
    public void False_positive_rate_on_real_api_text_is_at_most_a_tenth_of_a_percent(string detector)
    {
        List<string> values = Strings.Value;
        Assert.True(values.Count > 5000, $"only {values.Count} strings");
        var flagged = new List<string>();
        foreach (string v in values)
        {
            byte[] b = Encoding.UTF8.GetBytes(v);
            DetectionResult r = detector switch
            {
                "NoSql" => NoSqlInjectionDetector.DetectValue(b),
                "PathTraversal" => PathTraversalDetector.Detect(b),
                "Command" => CommandInjectionDetector.Detect(b),
                "JsonPath" => JsonPathInjectionDetector.DetectFragment(b),
                _ => JsonPointerInjectionDetector.DetectFragment(b),
            };
            if (r.Detected)
            {
                flagged.Add($"{r}: {(v.Length > 160 ? v[..160] + "…" : v)}");
            }
        }

        double rate = (double)flagged.Count / values.Count;
        output.WriteLine($"{detector}: {flagged.Count} of {values.Count} flagged ({rate:P3})");
        foreach (string f in flagged)
        {
            output.WriteLine(f);
        }

        Assert.True(rate <= 0.001, $"{detector}: {flagged.Count} of {values.Count} ({rate:P3})\n" + string.Join("\n", flagged.Take(60)));
    }

    private static List<string> Load()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string root = Path.Combine(ContractCorpusTests.CorpusRoot(), "openapi-real-world");
        foreach (string file in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var reader = new Utf8JsonReader(File.ReadAllBytes(file), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            string? member = null;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    member = reader.GetString();
                }
                else if (reader.TokenType == JsonTokenType.String && member != "source")
                {
                    string? s = reader.GetString();
                    if (!string.IsNullOrEmpty(s))
                    {
                        seen.Add(s);
                    }
                }
            }
        }

        return [.. seen.Order(StringComparer.Ordinal)];
    }
}
