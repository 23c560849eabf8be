using System.Text;
using System.Text.Json;
using ApiFilter.Schema;
using Xunit.Abstractions;

namespace ApiFilter.Tests.Schema.Primitives;

/// <summary>
/// The suite's numeric keyword files, taken where they are pure number questions (a number instance
/// against type integer/number, multipleOf, minimum/maximum and their exclusive forms), answered
/// with <see cref="JsonNumberMath"/> directly.
/// </summary>
public sealed class JsonNumberSuiteTests(ITestOutputHelper output)
{
    private static readonly string[] Files =
    [
        "draft2020-12/multipleOf.json", "draft2020-12/minimum.json", "draft2020-12/maximum.json",
        "draft2020-12/exclusiveMinimum.json", "draft2020-12/exclusiveMaximum.json",
        "draft2020-12/optional/bignum.json", "draft2020-12/optional/float-overflow.json",
        "draft4/multipleOf.json", "draft4/minimum.json", "draft4/maximum.json",
        "draft4/optional/bignum.json", "draft4/optional/float-overflow.json", "draft4/optional/zeroTerminatedFloats.json",
    ];

    private static readonly HashSet<string> NumberKeywords = ["type", "multipleOf", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"];

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
        Assert.Equal(c.Valid, Evaluate(c));
    }

    [Fact]
    public void SuiteFiles_AreCovered()
    {
        var cases = Cases();
        foreach (var file in Files)
        {
            output.WriteLine($"{file}: {cases.Count(c => c.File == file)} number cases");
        }

        // every listed file contributes: a missing or renamed corpus file would make the theory vacuous
        Assert.All(Files, f => Assert.Contains(cases, c => c.File == f));
        Assert.True(cases.Count >= 60, $"only {cases.Count} number cases found");
    }

    private static List<SuiteCase> Cases()
    {
        var result = new List<SuiteCase>();
        foreach (var file in Files)
        {
            foreach (var c in SuiteCase.Load(file))
            {
                if (c.Data.ValueKind == JsonValueKind.Number
                    && c.Keywords().All(NumberKeywords.Contains)
                    && !(c.Schema.TryGetProperty("type", out var type) && type.GetString() is not ("integer" or "number")))
                {
                    result.Add(c);
                }
            }
        }

        return result;
    }

    private static bool Evaluate(SuiteCase c)
    {
        var draft4 = c.File.StartsWith("draft4/", StringComparison.Ordinal);
        var value = Encoding.UTF8.GetBytes(c.Data.GetRawText());
        var schema = c.Schema;
        var valid = true;
        if (schema.TryGetProperty("type", out var type) && type.GetString() == "integer")
        {
            // draft 4 leaves 1.0 to the implementation; its optional zeroTerminatedFloats file asks for the literal form
            valid &= c.File.EndsWith("zeroTerminatedFloats.json", StringComparison.Ordinal)
                ? !JsonNumberMath.HasFractionOrExponent(value)
                : JsonNumberMath.IsIntegral(value);
        }

        if (schema.TryGetProperty("multipleOf", out var multipleOf))
        {
            valid &= JsonNumberMath.IsMultipleOf(value, Raw(multipleOf));
        }

        var exclusiveMinimumFlag = draft4 && schema.TryGetProperty("exclusiveMinimum", out var exMin) && exMin.GetBoolean();
        var exclusiveMaximumFlag = draft4 && schema.TryGetProperty("exclusiveMaximum", out var exMax) && exMax.GetBoolean();
        if (schema.TryGetProperty("minimum", out var minimum))
        {
            var cmp = JsonNumberMath.Compare(value, Raw(minimum));
            valid &= exclusiveMinimumFlag ? cmp > 0 : cmp >= 0;
        }

        if (schema.TryGetProperty("maximum", out var maximum))
        {
            var cmp = JsonNumberMath.Compare(value, Raw(maximum));
            valid &= exclusiveMaximumFlag ? cmp < 0 : cmp <= 0;
        }

        if (!draft4 && schema.TryGetProperty("exclusiveMinimum", out var exclusiveMinimum))
        {
            valid &= JsonNumberMath.Compare(value, Raw(exclusiveMinimum)) > 0;
        }

        if (!draft4 && schema.TryGetProperty("exclusiveMaximum", out var exclusiveMaximum))
        {
            valid &= JsonNumberMath.Compare(value, Raw(exclusiveMaximum)) < 0;
        }

        return valid;
    }

    private static byte[] Raw(JsonElement number) => Encoding.UTF8.GetBytes(number.GetRawText());
}
