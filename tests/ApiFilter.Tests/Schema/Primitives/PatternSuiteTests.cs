using System.Text;
using System.Text.Json;
using ApiFilter.Schema;
using Xunit.Abstractions;

namespace ApiFilter.Tests.Schema.Primitives;

/// <summary>
/// JSON Schema Test Suite pattern cases run against <see cref="SchemaPattern"/>: <c>pattern</c> (with an
/// optional <c>type: string</c>) matched against string instances; <c>patternProperties</c> with
/// <c>additionalProperties: false</c> and <c>true</c> subschemas as "every key matches"; the
/// <c>format: regex</c> files as "the pattern is accepted".
/// </summary>
public sealed class PatternSuiteTests(ITestOutputHelper output)
{
    private static readonly string[] PatternFiles =
    [
        "draft2020-12/pattern.json", "draft2020-12/optional/ecmascript-regex.json", "draft2020-12/optional/non-bmp-regex.json",
    ];

    private static readonly string[] RegexFormatFiles =
    [
        "draft2020-12/optional/format/regex.json", "draft2020-12/optional/format/ecmascript-regex.json",
    ];

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases())
        {
            data.Add(c.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void SuiteCase_MatchesExpectedValidity(string name)
    {
        var c = Cases().Single(x => x.Name == name);
        var passes = Evaluate(c) == c.Valid;
        if (PatternKnownFailures.Cases.TryGetValue(name, out var reason))
        {
            Assert.False(passes, $"listed as a known failure ({reason}) but passes now: remove it from the list");
        }
        else
        {
            Assert.True(passes, $"expected valid={c.Valid}");
        }
    }

    [Fact]
    public void PassCounts_PerFile()
    {
        var cases = Cases();
        foreach (var group in cases.GroupBy(c => c.File))
        {
            output.WriteLine($"{group.Key}: {group.Count(c => Evaluate(c) == c.Valid)}/{group.Count()}");
        }

        foreach (var c in cases.Where(c => Evaluate(c) != c.Valid))
        {
            output.WriteLine($"failing: {c.Name}");
        }

        var names = new HashSet<string>(cases.Select(c => c.Name));
        Assert.All(PatternKnownFailures.Cases.Keys, k => Assert.Contains(k, names));
        Assert.All(PatternFiles.Concat(RegexFormatFiles), f => Assert.Contains(cases, c => c.File == f));
    }

    private static List<SuiteCase> Cases()
    {
        var result = new List<SuiteCase>();
        foreach (var file in PatternFiles)
        {
            foreach (var c in SuiteCase.Load(file))
            {
                var keywords = c.Keywords();
                var isPattern = keywords.Contains("pattern") && keywords.All(k => k is "pattern" or "type");
                var isPatternProperties = keywords.Contains("patternProperties")
                    && c.Schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False
                    && c.Schema.GetProperty("patternProperties").EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.True);
                if (isPattern || isPatternProperties)
                {
                    result.Add(c);
                }
            }
        }

        foreach (var file in RegexFormatFiles)
        {
            result.AddRange(SuiteCase.Load(file));
        }

        return result;
    }

    private static bool Evaluate(SuiteCase c)
    {
        if (c.Schema.TryGetProperty("format", out _))
        {
            return c.Data.ValueKind != JsonValueKind.String
                || SchemaPattern.TryCreate(c.Data.GetString()!, SchemaPatternOptions.Default, out _, out _);
        }

        if (c.Schema.TryGetProperty("pattern", out var patternText))
        {
            if (c.Data.ValueKind != JsonValueKind.String)
            {
                // a type: string sibling refuses non-strings; pattern alone ignores them
                return !c.Schema.TryGetProperty("type", out _);
            }

            Assert.True(SchemaPattern.TryCreate(patternText.GetString()!, SchemaPatternOptions.Default, out var pattern, out var error), error);
            return pattern!.Match(Encoding.UTF8.GetBytes(c.Data.GetString()!)) == PatternMatch.Match;
        }

        if (c.Data.ValueKind != JsonValueKind.Object)
        {
            return !c.Schema.TryGetProperty("type", out _);
        }

        var patterns = new List<SchemaPattern>();
        foreach (var property in c.Schema.GetProperty("patternProperties").EnumerateObject())
        {
            Assert.True(SchemaPattern.TryCreate(property.Name, SchemaPatternOptions.Default, out var pattern, out var error), error);
            patterns.Add(pattern!);
        }

        foreach (var member in c.Data.EnumerateObject())
        {
            var key = Encoding.UTF8.GetBytes(member.Name);
            if (!patterns.Any(p => p.Match(key) == PatternMatch.Match))
            {
                return false;
            }
        }

        return true;
    }
}
