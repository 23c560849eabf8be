using ApiFilter.Contract;
using ApiFilter.Pipeline;
using ApiFilter.Policy;
using ApiFilter.Tests.Contract;
using ApiFilter.Tests.Parameters;

namespace ApiFilter.Tests.Pipeline;

/// <summary>
/// A browser's CORS preflight (OPTIONS with Origin and Access-Control-Request-Method) passes for a
/// method the contract declares on the path; anything else that is OPTIONS is an undeclared method.
/// </summary>
public sealed class CorsPreflightTests
{
    /// <summary>The default policy without authentication: the demo contract's OAuth2 requirements are tested with tokens in the host's demo tests; this file tests other stages.</summary>
    private static readonly FilterPolicy DemoPolicy = FilterPolicy.Default with { Auth = AuthenticationPolicy.Default with { Mode = EnforcementMode.Off } };

    private static readonly Lazy<ApiContract> Demo = new(() =>
        ContractCompiler.Compile(ContractLoader.LoadFile(Path.Combine(ContractCorpusTests.RepoRoot(), "src", "ApiFilter.Host", "DemoContract.yaml"))));

    [Theory]
    [InlineData("/products", "GET")]
    [InlineData("/orders", "POST")]
    public void A_preflight_for_a_declared_method_passes(string path, string method)
    {
        var verdict = Plan(new RequestFilter(DemoPolicy, Demo.Value), path,
            new TestHeaders().Add("Origin", "https://shop.example.com").Add("Access-Control-Request-Method", method));
        Assert.True(verdict.IsAllowed, verdict.FirstViolation?.ToString());
    }

    [Theory]
    [InlineData("/products", "DELETE")] // not declared on the path
    [InlineData("/products", "get")] // methods are case-sensitive (RFC 9110 section 9.1)
    [InlineData("/products", "OPTIONS")]
    [InlineData("/products", "")]
    public void A_preflight_for_an_undeclared_method_is_refused(string path, string method)
    {
        var verdict = Plan(new RequestFilter(DemoPolicy, Demo.Value), path,
            new TestHeaders().Add("Origin", "https://shop.example.com").Add("Access-Control-Request-Method", method));
        Assert.Equal((405, "route.method"), (verdict.Status, verdict.FirstViolation?.Code));
    }

    [Fact]
    public void OPTIONS_that_is_not_a_preflight_or_a_policy_that_refuses_them_gets_405()
    {
        var filter = new RequestFilter(DemoPolicy, Demo.Value);
        Assert.Equal(405, Plan(filter, "/products", new TestHeaders().Add("Access-Control-Request-Method", "GET")).Status);
        Assert.Equal(405, Plan(filter, "/products", new TestHeaders()).Status);
        Assert.Equal(404, Plan(filter, "/admin", new TestHeaders().Add("Origin", "https://a.example").Add("Access-Control-Request-Method", "GET")).Status);

        var strict = DemoPolicy with { Contract = ContractPolicy.Default with { AllowCorsPreflight = false } };
        var verdict = Plan(new RequestFilter(strict, Demo.Value), "/products",
            new TestHeaders().Add("Origin", "https://shop.example.com").Add("Access-Control-Request-Method", "GET"));
        Assert.Equal(405, verdict.Status);
        Assert.False(PolicyLoader.Load("contract:\n  allowCorsPreflight: false\n", "policy.yaml", isJson: false).Contract.AllowCorsPreflight);
    }

    private static Verdict Plan(RequestFilter filter, string path, TestHeaders headers) =>
        filter.Plan(new HttpMessageView("OPTIONS", path, null, null, null, null, false, headers)).Refusal;
}
