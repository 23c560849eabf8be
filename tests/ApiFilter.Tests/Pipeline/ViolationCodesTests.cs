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
}
