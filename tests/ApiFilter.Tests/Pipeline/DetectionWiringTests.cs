using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using ApiFilter.Contract;
using ApiFilter.Detection;
using ApiFilter.Pipeline;
using ApiFilter.Policy;
using ApiFilter.Tests.Contract;

namespace ApiFilter.Tests.Pipeline;

/// <summary>
/// The attack detectors run on the values a request carries, in the same pass as the contract:
/// parameter values, JSON string values and member names, with or without a contract, in Block,
/// Report or Off mode. The values are the issue's own examples.
/// </summary>
public sealed class DetectionWiringTests
{
    /// <summary>The default policy without authentication: the demo contract's OAuth2 requirements are tested with tokens in the host's demo tests; this file tests other stages.</summary>
    private static readonly FilterPolicy DemoPolicy = FilterPolicy.Default with { Auth = AuthenticationPolicy.Default with { Mode = EnforcementMode.Off } };

    private static readonly Lazy<ApiContract> Demo = new(() =>
        ContractCompiler.Compile(ContractLoader.LoadFile(Path.Combine(ContractCorpusTests.RepoRoot(), "src", "ApiFilter.Host", "DemoContract.yaml"))));

    private const string Tautology = "1' OR '1'='1";

    [Fact]
    public void A_query_value_that_breaks_into_SQL_is_refused_and_an_apostrophe_is_not()
    {
        var filter = new RequestFilter(DemoPolicy, Demo.Value);
        var refused = filter.Plan(Get("?q=1'%20OR%20'1'%3D'1")).Refusal;
        Assert.Equal((400, "inject.sql", "query", "/q"), (refused.Status, refused.FirstViolation?.Code, refused.FirstViolation?.Location, refused.FirstViolation?.Pointer));
        Assert.True(filter.Plan(Get("?q=O'Brien")).Refusal.IsAllowed);
    }

    [Theory]
    [InlineData(Tautology, "inject.sql")]
    [InlineData("<svg onload=alert(1)>", "inject.xss")]
    [InlineData("; cat /etc/passwd", "inject.command")]
    public void A_body_string_that_carries_an_attack_is_refused_at_its_pointer(string note, string code)
    {
        var body = "{\"items\":[{\"sku\":\"A-1\",\"qty\":1}],\"note\":" + System.Text.Json.JsonSerializer.Serialize(note) + "}";
        var verdict = Judge(new RequestFilter(DemoPolicy, Demo.Value), "/orders", body);
        Assert.Equal((code, "body", "/note"), (verdict.FirstViolation?.Code, verdict.FirstViolation?.Location, verdict.FirstViolation?.Pointer));
    }

    [Fact]
    public void Ordinary_text_passes()
    {
        var filter = new RequestFilter(DemoPolicy, Demo.Value);
        foreach (var note in new[] { "O'Brien", "Mrs. D'Angelo will select the blue box or the red one", "Tom & Jerry <3", "see ../docs later" })
        {
            var body = "{\"items\":[{\"sku\":\"A-1\",\"qty\":1}],\"note\":" + System.Text.Json.JsonSerializer.Serialize(note) + "}";
            var verdict = Judge(filter, "/orders", body);
            Assert.True(verdict.IsAllowed, $"{note}: {verdict.FirstViolation}");
        }
    }

    [Fact]
    public void A_NoSQL_operator_as_a_member_name_is_refused()
    {
        var verdict = Judge(new RequestFilter(FilterPolicy.Default), "/login", "{\"user\":\"admin\",\"password\":{\"$ne\":null}}");
        Assert.Equal(("inject.nosql", "/password/$ne"), (verdict.FirstViolation?.Code, verdict.FirstViolation?.Pointer));
    }

    [Fact]
    public void Detection_runs_without_a_contract_too()
    {
        var verdict = Judge(new RequestFilter(FilterPolicy.Default), "/search", "{\"filters\":[{\"q\":\"" + Tautology + "\"}]}");
        Assert.Equal(("inject.sql", "/filters/0/q"), (verdict.FirstViolation?.Code, verdict.FirstViolation?.Pointer));
    }

    [Fact]
    public void Report_mode_lets_the_value_pass_and_hands_over_what_it_saw()
    {
        var policy = DemoPolicy with { Detection = DetectionPolicy.Default with { Sql = EnforcementMode.Report } };
        var reported = new List<Violation>();
        var filter = new RequestFilter(policy, Demo.Value) { DetectionReported = reported.Add };
        Assert.True(filter.Plan(Get("?q=1'%20OR%20'1'%3D'1")).Refusal.IsAllowed);
        var body = Judge(filter, "/orders", "{\"items\":[{\"sku\":\"A-1\",\"qty\":1}],\"note\":\"" + Tautology + "\"}");
        Assert.True(body.IsAllowed);
        Assert.Equal([("inject.sql", "/q"), ("inject.sql", "/note")], reported.Select(v => (v.Code, v.Pointer)));
    }

    [Fact]
    public void Off_mode_does_not_look()
    {
        var policy = DemoPolicy with { Detection = DetectionPolicy.Default with { Sql = EnforcementMode.Off } };
        Assert.True(new RequestFilter(policy, Demo.Value).Plan(Get("?q=1'%20OR%20'1'%3D'1")).Refusal.IsAllowed);
    }

    [Fact]
    public void Detection_policy_is_read_from_the_policy_file()
    {
        var policy = PolicyLoader.Load("detection:\n  sql: report\n  xss: off\n", "policy.yaml", isJson: false);
        Assert.Equal((EnforcementMode.Report, EnforcementMode.Off, EnforcementMode.Block), (policy.Detection.Sql, policy.Detection.Xss, policy.Detection.NoSql));
        var e = Assert.Throws<PolicyException>(() => PolicyLoader.Load("detection:\n  ldap: block\n", "policy.yaml", isJson: false));
        Assert.StartsWith("policy.yaml: detection.ldap: unknown key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sensitivity_comes_from_the_policy_and_reaches_the_detectors()
    {
        Assert.Equal(DetectionSensitivity.Elevated, PolicyLoader.Load("detection:\n  sensitivity: elevated\n", "policy.yaml", isJson: false).Detection.Sensitivity);
        Assert.Equal(DetectionSensitivity.Paranoid, PolicyLoader.Load("detection:\n  sensitivity: 4\n", "policy.yaml", isJson: false).Detection.Sensitivity);
        Assert.Throws<PolicyException>(() => PolicyLoader.Load("detection:\n  sensitivity: extreme\n", "policy.yaml", isJson: false));

        // a link in a note: ordinary at Standard, a URL attribute in markup from Elevated on
        const string body = "{\"items\":[{\"sku\":\"A-1\",\"qty\":1}],\"note\":\"see <a href=\\\"https://docs.example.com\\\">the docs</a>\"}";
        Assert.True(Judge(new RequestFilter(DemoPolicy, Demo.Value), "/orders", body).IsAllowed);
        var elevated = DemoPolicy with { Detection = DetectionPolicy.Default with { Sensitivity = DetectionSensitivity.Elevated } };
        Assert.Equal(("inject.xss", "/note"), (Judge(new RequestFilter(elevated, Demo.Value), "/orders", body).FirstViolation?.Code,
            Judge(new RequestFilter(elevated, Demo.Value), "/orders", body).FirstViolation?.Pointer));
    }

    private static HttpMessageView Get(string query) => new("GET", "/products", query, null, null, null, false);

    private static Verdict Judge(RequestFilter filter, string path, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return RequestJudge.Judge(filter, new HttpMessageView("POST", path, null, "application/json", null, bytes.Length, true), bytes);
    }
}
