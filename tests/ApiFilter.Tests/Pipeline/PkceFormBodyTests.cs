using System.Security.Cryptography;
using System.Text;
using ApiFilter.Contract;
using ApiFilter.Pipeline;
using ApiFilter.Policy;
using ApiFilter.Tokens;

namespace ApiFilter.Tests.Pipeline;

/// <summary>
/// PKCE on a token endpoint whose parameters come, as RFC 6749 section 4.1.3 says, in an
/// application/x-www-form-urlencoded body: the verifier is checked in the form pass (RFC 7636 sections 4.1, 4.5).
/// </summary>
public sealed class PkceFormBodyTests
{
    // the contract declares the form loosely (no pattern on code_verifier): the PKCE check is what judges it
    private const string Spec = """
        openapi: 3.1.0
        info: { title: as, version: '1' }
        paths:
          /token:
            post:
              operationId: token
              requestBody:
                required: true
                content:
                  application/x-www-form-urlencoded:
                    schema:
                      type: object
                      required: [grant_type]
                      properties:
                        grant_type: { type: string }
                        code: { type: string }
                        code_verifier: { type: string }
                        refresh_token: { type: string }
                        redirect_uri: { type: string }
              responses: { '200': { description: ok } }
          /other:
            post:
              operationId: other
              requestBody:
                content:
                  application/x-www-form-urlencoded:
                    schema: { type: object, properties: { grant_type: { type: string }, code_verifier: { type: string } } }
              responses: { '200': { description: ok } }
        """;

    private static readonly Lazy<ApiContract> Contract = new(() => SecurityRequirementTests.Compile(Spec));

    private static readonly string Verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static RequestFilter Filter(EnforcementMode mode = EnforcementMode.Block) => new(FilterPolicy.Default with
    {
        Auth = AuthenticationPolicy.Default with { Mode = mode, Pkce = new PkceSettings { Token = ["token"] } },
    }, Contract.Value);

    private static Verdict Judge(RequestFilter filter, string body, string path = "/token")
    {
        var bytes = Encoding.ASCII.GetBytes(body);
        var view = new HttpMessageView("POST", path, null, "application/x-www-form-urlencoded", null, bytes.Length, true);
        return RequestJudge.Judge(filter, view, bytes);
    }

    [Fact]
    public void An_authorization_code_request_with_a_well_formed_verifier_passes()
    {
        using var filter = Filter();

        var verdict = Judge(filter, $"grant_type=authorization_code&code=abc&code_verifier={Verifier}&redirect_uri=https%3A%2F%2Fclient.example%2Fcb");

        Assert.True(verdict.IsAllowed, verdict.FirstViolation?.ToString());
    }

    [Theory]
    [InlineData("grant_type=authorization_code&code=abc", "has no code_verifier")]
    [InlineData("grant_type=authorization_code&code=abc&code_verifier=too-short", "43 to 128")]
    [InlineData("grant_type=authorization_code&code=abc&code_verifier=VERIFIER%21", "43 to 128")]
    [InlineData("code_verifier=VERIFIERVERIFIERVERIFIERVERIFIERVERIFIERVERIFIERVERIFIER&grant_type=authorization_code", "43 to 128")]
    public void An_authorization_code_request_without_a_proper_verifier_is_400(string body, string reason)
    {
        using var filter = Filter();

        var verdict = Judge(filter, body.Replace("VERIFIER", Verifier, StringComparison.Ordinal));

        Assert.False(verdict.IsAllowed);
        var violation = verdict.FirstViolation!;
        Assert.Equal((400, "auth.pkce.verifier", "/code_verifier", "body"), (verdict.Status, violation.Code, violation.Pointer, violation.Location));
        Assert.Contains(reason, violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_grants_and_other_operations_are_not_asked_for_a_verifier()
    {
        using var filter = Filter();

        Assert.True(Judge(filter, "grant_type=refresh_token&refresh_token=r1").IsAllowed);
        Assert.True(Judge(filter, "grant_type=authorization_code", "/other").IsAllowed);
    }

    [Fact]
    public void Report_mode_reports_and_lets_the_request_pass()
    {
        using var filter = Filter(EnforcementMode.Report);
        var reported = new List<Violation>();
        filter.DetectionReported = reported.Add;

        var verdict = Judge(filter, "grant_type=authorization_code&code=abc");

        Assert.True(verdict.IsAllowed);
        Assert.Equal("auth.pkce.verifier", Assert.Single(reported).Code);
    }

    [Fact]
    public void The_check_allocates_nothing_on_the_allow_path()
    {
        using var filter = Filter();
        var bytes = Encoding.ASCII.GetBytes($"grant_type=authorization_code&code=abc&code_verifier={Verifier}");
        var view = new HttpMessageView("POST", "/token", null, "application/x-www-form-urlencoded", null, bytes.Length, true);
        var body = new System.Buffers.ReadOnlySequence<byte>(bytes);
        for (int i = 0; i < 5; i++)
        {
            Assert.True(JudgeInPlace(filter, view, body));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            JudgeInPlace(filter, view, body);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Plan, pooled guard with its sinks, the body fed whole, the verdict: the per-request path without a pipe.</summary>
    private static bool JudgeInPlace(RequestFilter filter, in HttpMessageView view, System.Buffers.ReadOnlySequence<byte> body)
    {
        var plan = filter.Plan(view);
        var guard = filter.RentGuard(plan);
        try
        {
            return guard.Feed(body, isFinalBlock: true, out _) == GuardStatus.Allowed && RequestFilter.Completed(guard).IsAllowed;
        }
        finally
        {
            filter.ReturnGuard(guard);
        }
    }
}
