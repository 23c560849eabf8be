using System.Security.Cryptography;
using System.Text;
using ApiFilter.Contract;
using ApiFilter.Pipeline;
using ApiFilter.Policy;
using ApiFilter.Tokens;

namespace ApiFilter.Tests.Pipeline;

/// <summary>PKCE at the edge of an authorization server (RFC 7636, RFC 9700 section 2.1.1): S256 challenges on the authorization endpoint, verifier shape on the token endpoint.</summary>
public sealed class PkceTests
{
    private const string Spec = """
        openapi: 3.1.0
        info: { title: as, version: '1' }
        paths:
          /authorize:
            get:
              operationId: authorize
              responses: { '302': { description: redirect } }
          /token:
            post:
              operationId: token
              responses: { '200': { description: ok } }
          /other:
            get:
              operationId: other
              responses: { '200': { description: ok } }
        """;

    // the contract declares no query parameter: the PKCE check is what judges them here
    private static readonly Lazy<ApiContract> Contract = new(() =>
        SecurityRequirementTests.Compile(Spec, ContractPolicy.Default with { AllowUnknownQueryParameters = true }));

    private static readonly string Verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
    private static readonly string Challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));

    private static RequestFilter Filter(EnforcementMode mode = EnforcementMode.Block) => new(FilterPolicy.Default with
    {
        Auth = AuthenticationPolicy.Default with { Mode = mode, Pkce = new PkceSettings { Authorize = ["authorize"], Token = ["token"] } },
    }, Contract.Value);

    private static Verdict Judge(RequestFilter filter, string path, string query, string method = "GET") =>
        filter.Plan(SecurityRequirementTests.Get(path, query: query, method: method)).Refusal;

    private static void AssertRefused(Verdict verdict, string code, string parameter)
    {
        Assert.False(verdict.IsAllowed);
        Assert.Equal((400, code, "/" + parameter, "query"), (verdict.Status, verdict.FirstViolation!.Code, verdict.FirstViolation.Pointer, verdict.FirstViolation.Location));
        Assert.Null(verdict.Challenge);
        Assert.Equal(400, ViolationCodes.StatusFor(code));
    }

    [Fact]
    public void An_S256_challenge_passes_and_percent_encoding_is_decoded()
    {
        using var filter = Filter();
        Assert.True(Judge(filter, "/authorize", $"?response_type=code&code_challenge={Challenge}&code_challenge_method=S256").IsAllowed);
        Assert.True(Judge(filter, "/authorize", $"?code_challenge={Challenge.Replace("-", "%2D", StringComparison.Ordinal)}&code_challenge_method=%53256").IsAllowed);
    }

    [Theory]
    [InlineData("?response_type=code", "auth.pkce.challenge", "code_challenge")]
    [InlineData("?code_challenge=&code_challenge_method=S256", "auth.pkce.challenge", "code_challenge")]
    [InlineData("?code_challenge=short&code_challenge_method=S256", "auth.pkce.challenge", "code_challenge")]
    [InlineData("?code_challenge=CHALLENGE&code_challenge=CHALLENGE&code_challenge_method=S256", "auth.pkce.challenge", "code_challenge")]
    [InlineData("?code_challenge=CHALLENGE%", "auth.pkce.challenge", "code_challenge")]
    [InlineData("?code_challenge=CHALLENGE", "auth.pkce.method", "code_challenge_method")]
    [InlineData("?code_challenge=CHALLENGE&code_challenge_method=plain", "auth.pkce.method", "code_challenge_method")]
    [InlineData("?code_challenge=CHALLENGE&code_challenge_method=s256", "auth.pkce.method", "code_challenge_method")]
    [InlineData("?code_challenge=CHALLENGE&code_challenge_method=S256&code_challenge_method=plain", "auth.pkce.method", "code_challenge_method")]
    public void An_authorization_request_without_an_S256_challenge_is_400(string query, string code, string parameter)
    {
        using var filter = Filter();
        AssertRefused(Judge(filter, "/authorize", query.Replace("CHALLENGE", Challenge, StringComparison.Ordinal)), code, parameter);
    }

    [Theory]
    [InlineData("?grant_type=authorization_code&code=abc")]
    [InlineData("?grant_type=authorization_code&code_verifier=too-short")]
    [InlineData("?grant_type=authorization_code&code_verifier=VERIFIER%21")]
    [InlineData("?grant_type=authorization_code&code_verifier=VERIFIER&code_verifier=VERIFIER")]
    public void A_code_grant_without_a_valid_verifier_is_400(string query)
    {
        using var filter = Filter();
        AssertRefused(Judge(filter, "/token", query.Replace("VERIFIER", Verifier, StringComparison.Ordinal), "POST"), "auth.pkce.verifier", "code_verifier");
    }

    [Theory]
    [InlineData("?grant_type=authorization_code&code_verifier=VERIFIER")]
    [InlineData("?grant_type=refresh_token")]
    [InlineData("")]
    public void Token_requests_pass_with_a_verifier_or_another_grant_or_a_body_the_head_does_not_see(string query)
    {
        using var filter = Filter();
        Assert.True(Judge(filter, "/token", query.Replace("VERIFIER", Verifier, StringComparison.Ordinal), "POST").IsAllowed);
    }

    [Fact]
    public void Operations_not_named_are_not_checked()
    {
        using var filter = Filter();
        Assert.True(Judge(filter, "/other", "").IsAllowed);
    }

    [Fact]
    public void Report_mode_reports_and_lets_the_request_pass()
    {
        using var filter = Filter(EnforcementMode.Report);
        var reported = new List<string>();
        filter.DetectionReported = v => reported.Add(v.Code);
        Assert.True(Judge(filter, "/authorize", "?code_challenge_method=plain").IsAllowed);
        Assert.Equal(["auth.pkce.challenge"], reported);
    }

    [Fact]
    public void An_operationId_the_contract_does_not_declare_stops_the_build()
    {
        var policy = FilterPolicy.Default with
        {
            Auth = AuthenticationPolicy.Default with { Pkce = new PkceSettings { Authorize = ["authorise"], Token = ["token"] } },
        };
        var e = Assert.Throws<AuthenticationConfigurationException>(() => new RequestFilter(policy, Contract.Value));
        Assert.Contains("auth.pkce.authorize: authorise", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_authorization_request_allocates_nothing()
    {
        using var filter = Filter();
        var request = SecurityRequirementTests.Get("/authorize", query: $"?response_type=code&code_challenge={Challenge}&code_challenge_method=S256");
        for (var i = 0; i < 20; i++)
        {
            Assert.True(filter.Plan(request).Refusal.IsAllowed);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var allowed = filter.Plan(request).Refusal.IsAllowed;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allowed);
        Assert.Equal(0, allocated);
    }
}
