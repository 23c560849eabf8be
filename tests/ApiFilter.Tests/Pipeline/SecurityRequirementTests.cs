using System.Text;
using ApiFilter.Contract;
using ApiFilter.Pipeline;
using ApiFilter.Policy;
using ApiFilter.Tests.Parameters;
using ApiFilter.Tests.Tokens;
using ApiFilter.Tokens;

namespace ApiFilter.Tests.Pipeline;

/// <summary>
/// The contract's security requirements enforced at the edge: OR over requirements, AND within one,
/// <c>{}</c> and <c>security: []</c>, operation overrides, and every refusal with its exact
/// WWW-Authenticate value (RFC 6750 section 3, RFC 7617).
/// </summary>
public sealed class SecurityRequirementTests
{
    internal const long Now = 1_750_000_000;
    internal const string HeaderKey = "hk-7f3a9c2e41b8";
    internal const string QueryKey = "qk+/=%key";
    internal const string CookieKey = "ck-19d0e";

    internal const string Spec = """
        openapi: 3.1.0
        info: { title: secured, version: '1' }
        security:
          - bearer: [orders:read]
        components:
          securitySchemes:
            bearer: { type: http, scheme: bearer, bearerFormat: JWT }
            oauth:
              type: oauth2
              flows: { clientCredentials: { tokenUrl: 'https://issuer.example/token', scopes: { 'orders:write': write } } }
            headerKey: { type: apiKey, in: header, name: X-API-Key }
            queryKey: { type: apiKey, in: query, name: api_key }
            cookieKey: { type: apiKey, in: cookie, name: session_key }
            basic: { type: http, scheme: basic }
        paths:
          /orders:
            get:
              responses: { '200': { description: ok } }
            post:
              security: [ { oauth: ['orders:write'] }, { headerKey: [] } ]
              responses: { '200': { description: ok } }
          /both:
            get:
              security: [ { bearer: [], headerKey: [] } ]
              responses: { '200': { description: ok } }
          /open:
            get:
              security: []
              responses: { '200': { description: ok } }
          /optional:
            get:
              security: [ { bearer: [] }, {} ]
              responses: { '200': { description: ok } }
          /query:
            get:
              security: [ { queryKey: [] } ]
              parameters: [ { name: q, in: query, schema: { type: string } } ]
              responses: { '200': { description: ok } }
          /cookie:
            get:
              security: [ { cookieKey: [] } ]
              responses: { '200': { description: ok } }
          /basic:
            get:
              security: [ { basic: [] } ]
              responses: { '200': { description: ok } }
        """;

    internal static readonly Lazy<ApiContract> Contract = new(() => Compile(Spec));

    private static readonly Lazy<BasicCredentialStore> Users = new(() =>
        BasicCredentialStore.Parse(BasicCredentialStore.HashLine("alice", "wönderland", BasicCredentialStore.MinIterations), "users.txt"));

    internal static JwtBearerSettings Jwt => new()
    {
        Issuers = ["https://issuer.example"],
        Audiences = ["orders-api"],
        Algorithms = [JwsAlgorithm.HS256, JwsAlgorithm.RS256, JwsAlgorithm.ES256],
        Keys = TestTokens.KeySet,
        TimeProvider = new FixedTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Now)),
    };

    internal static FilterPolicy Policy(EnforcementMode mode = EnforcementMode.Block) => FilterPolicy.Default with
    {
        Auth = AuthenticationPolicy.Default with
        {
            Mode = mode,
            Schemes = new Dictionary<string, AuthSchemeSettings>
            {
                ["bearer"] = Jwt,
                ["oauth"] = Jwt,
                ["headerKey"] = new ApiKeySettings { Keys = ApiKeyStore.Create(HeaderKey, "another-key") },
                ["queryKey"] = new ApiKeySettings { Keys = ApiKeyStore.Create(QueryKey) },
                ["cookieKey"] = new ApiKeySettings { Keys = ApiKeyStore.Create(CookieKey) },
                ["basic"] = new BasicAuthSettings { Users = Users.Value },
            },
        },
    };

    private static readonly Lazy<RequestFilter> Filter = new(() => new RequestFilter(Policy(), Contract.Value));

    internal static ApiContract Compile(string yaml, ContractPolicy? policy = null)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(yaml));
        return ContractCompiler.Compile(ContractLoader.LoadAsync(stream, "secured.yaml", null).GetAwaiter().GetResult(), policy);
    }

    internal static string Token(string scopeClaims = "\"scope\":\"orders:read orders:write\"", JwsAlgorithm algorithm = JwsAlgorithm.HS256,
        string audience = "orders-api", long exp = Now + 600, string? kid = null) =>
        TestTokens.Sign($"{{\"alg\":\"{algorithm}\",\"kid\":\"{kid ?? TestTokens.KidFor(algorithm)}\",\"typ\":\"at+jwt\"}}",
            $"{{\"iss\":\"https://issuer.example\",\"aud\":\"{audience}\",\"exp\":{exp},\"iat\":{Now - 10}{(scopeClaims.Length == 0 ? "" : "," + scopeClaims)}}}",
            algorithm);

    internal static HttpMessageView Get(string path, TestHeaders? headers = null, string? query = null, string method = "GET") =>
        new(method, path, query, null, null, null, hasBody: false, headers ?? new TestHeaders());

    internal static TestHeaders Bearer(string token) => new TestHeaders().Add("Authorization", "Bearer " + token);

    private static Verdict Judge(HttpMessageView request, RequestFilter? filter = null) => (filter ?? Filter.Value).Plan(request).Refusal;

    private static void AssertRefused(Verdict verdict, int status, string code, string challenge)
    {
        Assert.False(verdict.IsAllowed);
        Assert.Equal((status, code, challenge), (verdict.Status, verdict.FirstViolation!.Code, verdict.Challenge));
        Assert.Equal(status, ViolationCodes.StatusFor(code));
    }

    [Theory]
    [InlineData(JwsAlgorithm.HS256)]
    [InlineData(JwsAlgorithm.RS256)]
    [InlineData(JwsAlgorithm.ES256)]
    public void A_valid_bearer_token_with_the_scope_is_allowed(JwsAlgorithm algorithm)
    {
        Assert.True(Judge(Get("/orders", Bearer(Token(algorithm: algorithm)))).IsAllowed);
    }

    [Fact]
    public void Scopes_count_from_the_scope_string_and_the_scp_array()
    {
        Assert.True(Judge(Get("/orders", Bearer(Token("\"scp\":[\"orders:read\"]")))).IsAllowed);
        Assert.True(Judge(Get("/orders", Bearer(Token("\"scope\":\"profile orders:read\"")))).IsAllowed);
    }

    [Fact]
    public void The_auth_scheme_name_is_case_insensitive()
    {
        Assert.True(Judge(Get("/orders", new TestHeaders().Add("Authorization", "bEARER " + Token()))).IsAllowed);
    }

    [Fact]
    public void No_credentials_is_401_with_a_bare_challenge()
    {
        var verdict = Judge(Get("/orders"));
        AssertRefused(verdict, 401, "auth.missing", "Bearer realm=\"api\"");
        Assert.Equal("header", verdict.FirstViolation!.Location);
    }

    [Fact]
    public void A_token_without_the_scope_is_403_naming_the_scope()
    {
        var verdict = Judge(Get("/orders", Bearer(Token("\"scope\":\"orders:write\""))));
        AssertRefused(verdict, 403, "auth.scope", "Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"orders:read\"");
        Assert.Equal("/components/securitySchemes/bearer", verdict.FirstViolation!.SchemaLocation);
    }

    [Fact]
    public void A_token_without_any_scope_is_403()
    {
        AssertRefused(Judge(Get("/orders", Bearer(Token("")))), 403, "auth.scope",
            "Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"orders:read\"");
    }

    public static TheoryData<string, string, string> InvalidTokens() => new()
    {
        { Token(exp: Now - 3600), "auth.jwt.expired", "The access token expired" },
        { Token(audience: "billing-api"), "auth.jwt.audience", "The access token is not meant for this API" },
        { Forged(), "auth.jwt.signature", "The access token signature is invalid" },
        { TestTokens.B64("{\"alg\":\"none\"}") + "." + TestTokens.B64("{\"iss\":\"https://issuer.example\"}") + ".", "auth.jwt.algorithm", "The access token algorithm is not accepted" },
        { Token(algorithm: JwsAlgorithm.HS256, kid: "rsa-1"), "auth.jwt.key", "No accepted key verifies the access token" },
        { Token(kid: "unknown-kid"), "auth.jwt.key", "No accepted key verifies the access token" },
        { "abc.def", "auth.jwt.malformed", "The access token is not a valid JWS" },
        { TestTokens.Sign("{\"alg\":\"HS256\",\"kid\":\"hmac-1\"}", $"{{\"iss\":\"https://evil.example\",\"aud\":\"orders-api\",\"exp\":{Now + 600},\"scope\":\"orders:read\"}}", JwsAlgorithm.HS256),
            "auth.jwt.issuer", "The access token issuer is not accepted" },
        { TestTokens.Sign("{\"alg\":\"HS256\",\"kid\":\"hmac-1\"}", $"{{\"iss\":\"https://issuer.example\",\"aud\":\"orders-api\",\"exp\":{Now + 600},\"exp\":{Now + 900}}}", JwsAlgorithm.HS256),
            "auth.jwt.claims", "The access token claims are invalid" },
        { Token(exp: Now + 600).Replace("eyJ", "eyK", StringComparison.Ordinal), "auth.jwt.malformed", "The access token is not a valid JWS" },
    };

    private static string Forged()
    {
        var token = Token();
        var dot = token.LastIndexOf('.');
        return token[..(dot + 1)] + TestTokens.B64(new byte[32]);
    }

    [Theory]
    [MemberData(nameof(InvalidTokens))]
    public void An_invalid_token_is_401_invalid_token_with_its_specific_code(string token, string code, string description)
    {
        var verdict = Judge(Get("/orders", Bearer(token)));
        AssertRefused(verdict, 401, code, $"Bearer realm=\"api\", error=\"invalid_token\", error_description=\"{description}\"");
        Assert.DoesNotContain(token, verdict.FirstViolation!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scheme_requiring_access_tokens_refuses_another_typ()
    {
        var policy = Policy();
        var schemes = new Dictionary<string, AuthSchemeSettings>(policy.Auth.Schemes) { ["bearer"] = Jwt with { RequireAccessTokenType = true } };
        var filter = new RequestFilter(policy with { Auth = policy.Auth with { Schemes = schemes } }, Contract.Value);
        var plainJwt = TestTokens.Sign("{\"alg\":\"HS256\",\"kid\":\"hmac-1\",\"typ\":\"JWT\"}",
            $"{{\"iss\":\"https://issuer.example\",\"aud\":\"orders-api\",\"exp\":{Now + 600},\"scope\":\"orders:read\"}}", JwsAlgorithm.HS256);
        AssertRefused(Judge(Get("/orders", Bearer(plainJwt)), filter), 401, "auth.jwt.type",
            "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The token is not an access token (typ at+jwt)\"");
        Assert.True(Judge(Get("/orders", Bearer(Token())), filter).IsAllowed);
    }

    [Fact]
    public void A_token_not_valid_yet_is_refused()
    {
        var token = TestTokens.Sign("{\"alg\":\"HS256\",\"kid\":\"hmac-1\"}",
            $"{{\"iss\":\"https://issuer.example\",\"aud\":\"orders-api\",\"exp\":{Now + 7200},\"nbf\":{Now + 3600},\"scope\":\"orders:read\"}}", JwsAlgorithm.HS256);
        Assert.Equal("auth.jwt.notYetValid", Judge(Get("/orders", Bearer(token))).FirstViolation?.Code);
    }

    [Theory]
    [InlineData("Bearer abc def")]
    [InlineData("Bearer a=b")]
    [InlineData("Bearer \"abc\"")]
    [InlineData("Bearer")]
    public void Credentials_outside_the_b64token_syntax_are_400_invalid_request(string authorization)
    {
        var verdict = Judge(Get("/orders", new TestHeaders().Add("Authorization", authorization)));
        AssertRefused(verdict, 400, "auth.malformed",
            "Bearer realm=\"api\", error=\"invalid_request\", error_description=\"The Bearer credentials are not a b64token (RFC 6750 section 2.1)\"");
    }

    [Fact]
    public void Two_authorization_lines_are_400()
    {
        var verdict = Judge(Get("/orders", new TestHeaders().Add("Authorization", "Bearer " + Token(), "Bearer " + Token())));
        AssertRefused(verdict, 400, "auth.malformed",
            "Bearer realm=\"api\", error=\"invalid_request\", error_description=\"The request has more than one Authorization field\"");
    }

    [Fact]
    public void A_token_in_the_access_token_query_parameter_is_not_a_credential()
    {
        var lenient = ContractPolicy.Default with { AllowUnknownQueryParameters = true };
        var contract = Compile(Spec, lenient);
        var filter = new RequestFilter(Policy() with { Contract = lenient }, contract);
        AssertRefused(Judge(Get("/orders", query: "?access_token=" + Token()), filter), 401, "auth.missing", "Bearer realm=\"api\"");
    }

    [Fact]
    public void The_operation_security_overrides_the_top_level_one_and_its_requirements_are_alternatives()
    {
        // POST /orders: oauth with orders:write OR the header key; the top-level bearer does not apply
        Assert.True(Judge(Get("/orders", Bearer(Token("\"scope\":\"orders:write\"")), method: "POST")).IsAllowed);
        Assert.True(Judge(Get("/orders", new TestHeaders().Add("X-API-Key", HeaderKey), method: "POST")).IsAllowed);
        Assert.True(Judge(Get("/orders", new TestHeaders().Add("X-API-Key", "another-key"), method: "POST")).IsAllowed);
        AssertRefused(Judge(Get("/orders", method: "POST")), 401, "auth.missing",
            "Bearer realm=\"api\", ApiKey realm=\"api\", in=\"header\", name=\"X-API-Key\"");
    }

    [Fact]
    public void A_presented_but_wrong_credential_beats_a_missing_one()
    {
        AssertRefused(Judge(Get("/orders", new TestHeaders().Add("X-API-Key", "nope"), method: "POST")), 401, "auth.apiKey",
            "ApiKey realm=\"api\", in=\"header\", name=\"X-API-Key\"");
        // a valid token without orders:write, and no key: the scope is the reason, not the missing key
        AssertRefused(Judge(Get("/orders", Bearer(Token("\"scope\":\"orders:read\"")), method: "POST")), 403, "auth.scope",
            "Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"orders:write\"");
    }

    [Fact]
    public void Every_scheme_of_one_requirement_must_accept()
    {
        var both = Bearer(Token()).Add("X-API-Key", HeaderKey);
        Assert.True(Judge(Get("/both", both)).IsAllowed);
        AssertRefused(Judge(Get("/both", Bearer(Token()))), 401, "auth.missing",
            "Bearer realm=\"api\", ApiKey realm=\"api\", in=\"header\", name=\"X-API-Key\"");
        AssertRefused(Judge(Get("/both", new TestHeaders().Add("X-API-Key", HeaderKey))), 401, "auth.missing",
            "Bearer realm=\"api\", ApiKey realm=\"api\", in=\"header\", name=\"X-API-Key\"");
        AssertRefused(Judge(Get("/both", Bearer(Token()).Add("X-API-Key", "wrong"))), 401, "auth.apiKey",
            "ApiKey realm=\"api\", in=\"header\", name=\"X-API-Key\"");
    }

    [Fact]
    public void An_empty_security_list_needs_no_credentials()
    {
        Assert.True(Judge(Get("/open")).IsAllowed);
        Assert.True(Judge(Get("/open", Bearer("not-even-checked"))).IsAllowed);
    }

    [Fact]
    public void An_empty_requirement_makes_credentials_optional_but_a_wrong_one_is_still_refused()
    {
        Assert.True(Judge(Get("/optional")).IsAllowed);
        Assert.True(Judge(Get("/optional", Bearer(Token()))).IsAllowed);
        AssertRefused(Judge(Get("/optional", Bearer(Token(exp: Now - 3600)))), 401, "auth.jwt.expired",
            "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The access token expired\"");
    }

    [Fact]
    public void An_api_key_in_the_query_is_checked_and_is_not_an_undeclared_parameter()
    {
        Assert.True(Judge(Get("/query", query: "?q=x&api_key=" + Uri.EscapeDataString(QueryKey))).IsAllowed);
        var wrong = Judge(Get("/query", query: "?api_key=guessed-key-123"));
        AssertRefused(wrong, 401, "auth.apiKey", "ApiKey realm=\"api\", in=\"query\", name=\"api_key\"");
        Assert.Equal("query", wrong.FirstViolation!.Location);
        Assert.DoesNotContain("guessed-key-123", wrong.FirstViolation.ToString(), StringComparison.Ordinal);
        AssertRefused(Judge(Get("/query", query: "?q=x")), 401, "auth.missing", "ApiKey realm=\"api\", in=\"query\", name=\"api_key\"");
        Assert.Equal("auth.malformed", Judge(Get("/query", query: "?api_key=a&api_key=b")).FirstViolation?.Code);
        // elsewhere the name is still an undeclared parameter
        Assert.Equal("param.unknown", Judge(Get("/orders", Bearer(Token()), "?api_key=x")).FirstViolation?.Code);
    }

    [Fact]
    public void An_api_key_in_a_cookie_is_checked()
    {
        Assert.True(Judge(Get("/cookie", new TestHeaders().Add("Cookie", "theme=dark; session_key=" + CookieKey))).IsAllowed);
        Assert.True(Judge(Get("/cookie", new TestHeaders().Add("Cookie", "theme=dark", "session_key=\"" + CookieKey + "\""))).IsAllowed);
        var wrong = Judge(Get("/cookie", new TestHeaders().Add("Cookie", "session_key=ck-guess")));
        AssertRefused(wrong, 401, "auth.apiKey", "ApiKey realm=\"api\", in=\"cookie\", name=\"session_key\"");
        Assert.DoesNotContain("ck-guess", wrong.FirstViolation!.ToString(), StringComparison.Ordinal);
        Assert.Equal("auth.missing", Judge(Get("/cookie", new TestHeaders().Add("Cookie", "theme=dark"))).FirstViolation?.Code);
    }

    [Fact]
    public void Basic_credentials_are_checked_against_pbkdf2_hashes()
    {
        static TestHeaders Basic(string pair) => new TestHeaders().Add("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        const string Challenge = "Basic realm=\"api\", charset=\"UTF-8\"";
        Assert.True(Judge(Get("/basic", Basic("alice:wönderland"))).IsAllowed);
        Assert.True(Judge(Get("/basic", Basic("alice:wönderland"))).IsAllowed);
        AssertRefused(Judge(Get("/basic", Basic("alice:wonderland"))), 401, "auth.basic", Challenge);
        AssertRefused(Judge(Get("/basic", Basic("bob:wönderland"))), 401, "auth.basic", Challenge);
        AssertRefused(Judge(Get("/basic")), 401, "auth.missing", Challenge);
        AssertRefused(Judge(Get("/basic", new TestHeaders().Add("Authorization", "Basic !!!"))), 400, "auth.malformed", Challenge);
        AssertRefused(Judge(Get("/basic", Basic("no-colon"))), 400, "auth.malformed", Challenge);
        // a bearer token is no credential for a Basic scheme
        AssertRefused(Judge(Get("/basic", Bearer(Token()))), 401, "auth.missing", Challenge);
    }

    [Fact]
    public void Report_mode_lets_the_request_pass_and_reports_the_refusal()
    {
        var reported = new List<Violation>();
        var filter = new RequestFilter(Policy(EnforcementMode.Report), Contract.Value) { DetectionReported = reported.Add };
        Assert.True(Judge(Get("/orders"), filter).IsAllowed);
        Assert.True(Judge(Get("/orders", Bearer(Token())), filter).IsAllowed);
        Assert.Equal(["auth.missing"], reported.Select(v => v.Code));
    }

    [Fact]
    public void An_unconfigured_scheme_stops_the_filter_from_being_built()
    {
        var policy = Policy();
        var schemes = new Dictionary<string, AuthSchemeSettings>(policy.Auth.Schemes);
        schemes.Remove("headerKey");
        var e = Assert.Throws<AuthenticationConfigurationException>(() =>
            new RequestFilter(policy with { Auth = policy.Auth with { Schemes = schemes } }, Contract.Value));
        Assert.Contains("scheme 'headerKey' (apiKey in header 'X-API-Key') is not configured; needed by POST /orders, GET /both", e.Message, StringComparison.Ordinal);
        Assert.Contains("auth.mode: off", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_of_the_wrong_kind_stop_the_filter_from_being_built()
    {
        var policy = Policy();
        var schemes = new Dictionary<string, AuthSchemeSettings>(policy.Auth.Schemes) { ["basic"] = Jwt };
        var e = Assert.Throws<AuthenticationConfigurationException>(() =>
            new RequestFilter(policy with { Auth = policy.Auth with { Schemes = schemes } }, Contract.Value));
        Assert.Contains("scheme 'basic' (http basic) is configured with JWT bearer tokens, which do not fit it; needed by GET /basic", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_auth_off_nothing_needs_configuring_and_nothing_is_checked()
    {
        var filter = new RequestFilter(FilterPolicy.Default with { Auth = AuthenticationPolicy.Default with { Mode = EnforcementMode.Off } }, Contract.Value);
        Assert.True(Judge(Get("/orders"), filter).IsAllowed);
        Assert.Throws<AuthenticationConfigurationException>(() => new RequestFilter(FilterPolicy.Default, Contract.Value));
    }

    [Fact]
    public void The_realm_is_the_policy_one()
    {
        var policy = Policy();
        var filter = new RequestFilter(policy with { Auth = policy.Auth with { Realm = "orders" } }, Contract.Value);
        Assert.Equal("Bearer realm=\"orders\"", Judge(Get("/orders"), filter).Challenge);
    }

    [Fact]
    public void Roles_on_a_scheme_without_scopes_cannot_be_enforced()
    {
        var contract = Compile(Spec.Replace("security: [ { cookieKey: [] } ]", "security: [ { cookieKey: [admin] } ]", StringComparison.Ordinal));
        var e = Assert.Throws<AuthenticationConfigurationException>(() => new RequestFilter(Policy(), contract));
        Assert.Contains("'cookieKey'", e.Message, StringComparison.Ordinal);
        Assert.Contains("[admin]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allow_paths_allocate_nothing()
    {
        var filter = Filter.Value;
        var bearer = Get("/orders", Bearer(Token()));
        var key = Get("/orders", new TestHeaders().Add("X-API-Key", HeaderKey), method: "POST");
        var query = Get("/query", query: "?q=x&api_key=" + Uri.EscapeDataString(QueryKey));
        Assert.Equal((0L, 0L, 0L), (Allocated(filter, bearer), Allocated(filter, key), Allocated(filter, query)));
    }

    private static long Allocated(RequestFilter filter, HttpMessageView request)
    {
        for (int i = 0; i < 5; i++)
        {
            Assert.True(filter.Plan(request).Refusal.IsAllowed);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            filter.Plan(request);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
