using ApiFilter.Pipeline;

namespace ApiFilter.Tests.Pipeline;

public class ViolationCodesTests
{
    [Theory]
    [InlineData(ViolationCodes.JsonSize, 413)]
    [InlineData(ViolationCodes.XmlSize, 413)]
    [InlineData(ViolationCodes.BodyEncoding, 415)]
    [InlineData(ViolationCodes.JsonDepth, 400)]
    [InlineData(ViolationCodes.XmlDtd, 400)]
    [InlineData(ViolationCodes.UpstreamUnavailable, 502)]
    [InlineData(ViolationCodes.RouteUnknown, 404)]
    [InlineData(ViolationCodes.RouteMethod, 405)]
    [InlineData(ViolationCodes.BodyMediaType, 415)]
    [InlineData(ViolationCodes.SchemaMaxLength, 400)]
    [InlineData(ViolationCodes.ParamUnknown, 400)]
    [InlineData(ViolationCodes.ResponseBody, 502)]
    [InlineData(ViolationCodes.JoseDecrypt, 400)]
    [InlineData(ViolationCodes.JoseSignatureInvalid, 400)]
    public void Status_follows_the_kind_of_violation(string code, int status)
    {
        Assert.Equal(status, ViolationCodes.StatusFor(code));
    }

    [Fact]
    public void Allow_verdict_has_no_violations()
    {
        var verdict = Verdict.Allow;
        Assert.True(verdict.IsAllowed);
        Assert.Equal(0, verdict.Violations.Length);
        Assert.Null(verdict.FirstViolation);
    }

    [Fact]
    public void Refusal_carries_status_and_violation()
    {
        var v = new Violation(ViolationCodes.JsonDepth, "/a/0", "too deep", 12);
        var verdict = Verdict.Refuse(v);
        Assert.False(verdict.IsAllowed);
        Assert.Equal(400, verdict.Status);
        Assert.Same(v, verdict.FirstViolation);
    }

    /// <summary>The README's code table is the one place users look codes up: every code is in it.</summary>
    [Fact]
    public void Every_code_is_documented_in_the_readme()
    {
        var readme = File.ReadAllText(Path.Combine(Contract.ContractCorpusTests.RepoRoot(), "README.md"));
        var codes = typeof(ViolationCodes).GetFields()
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();
        Assert.True(codes.Count > 50, $"found only {codes.Count} codes");
        var missing = codes.Where(code => !readme.Contains("`" + code + "`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "not in README.md: " + string.Join(", ", missing));
    }
}
