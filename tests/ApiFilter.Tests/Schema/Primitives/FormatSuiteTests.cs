using System.Text;
using System.Text.Json;
using ApiFilter.Schema;
using Xunit.Abstractions;

namespace ApiFilter.Tests.Schema.Primitives;

/// <summary>
/// JSON Schema Test Suite optional/format files (draft2020-12 and draft4) run directly against
/// <see cref="SchemaFormats"/>, with format assertion on. Failing cases are listed in
/// <see cref="FormatKnownFailures"/> with a reason; an unlisted failure fails, and so does a listed case that passes.
/// </summary>
public sealed class FormatSuiteTests(ITestOutputHelper output)
{
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
        if (FormatKnownFailures.Cases.TryGetValue(name, out var reason))
        {
            Assert.False(passes, $"listed as a known failure ({reason}) but passes now: remove it from the list");
        }
        else
        {
            Assert.True(passes, $"expected valid={c.Valid}");
        }
    }

    [Fact]
    public void PassCounts_PerFormat()
    {
        var cases = Cases();
        var names = new HashSet<string>(cases.Select(c => c.Name));
        foreach (var group in cases.GroupBy(c => c.File).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var passed = group.Count(c => Evaluate(c) == c.Valid);
            output.WriteLine($"{group.Key}: {passed}/{group.Count()}");
        }

        foreach (var c in cases.Where(c => Evaluate(c) != c.Valid))
        {
            output.WriteLine($"failing: {c.Name}");
        }

        output.WriteLine($"total: {cases.Count(c => Evaluate(c) == c.Valid)}/{cases.Count}");
        Assert.All(FormatKnownFailures.Cases.Keys, k => Assert.Contains(k, names));
        Assert.True(cases.Count > 900, $"only {cases.Count} format cases found");
    }

    internal static List<SuiteCase> Cases()
    {
        var root = SuiteCase.TestsRoot();
        var result = new List<SuiteCase>();
        foreach (var draft in new[] { "draft2020-12", "draft4" })
        {
            var folder = Path.Combine(root, draft, "optional", "format");
            foreach (var path in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
            {
                foreach (var c in SuiteCase.Load($"{draft}/optional/format/{Path.GetFileName(path)}"))
                {
                    if (c.Keywords() is ["format"])
                    {
                        result.Add(c);
                    }
                }
            }
        }

        return result;
    }

    internal static bool Evaluate(SuiteCase c)
    {
        if (!SchemaFormats.TryParse(c.Schema.GetProperty("format").GetString()!, out var format))
        {
            return true;
        }

        return c.Data.ValueKind switch
        {
            JsonValueKind.String => !SchemaFormats.AppliesToStrings(format) || SchemaFormats.IsValidString(format, Encoding.UTF8.GetBytes(c.Data.GetString()!)),
            JsonValueKind.Number => !SchemaFormats.AppliesToNumbers(format) || SchemaFormats.IsValidNumber(format, Encoding.UTF8.GetBytes(c.Data.GetRawText())),
            _ => true,
        };
    }
}
