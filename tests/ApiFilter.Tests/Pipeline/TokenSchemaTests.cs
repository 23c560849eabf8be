using System.Text.Json.Nodes;
using ApiFilter.Pipeline;
using ApiFilter.Policy;
using ApiFilter.Schema;
using ApiFilter.Tests.Tokens;
using ApiFilter.Tokens;

namespace ApiFilter.Tests.Pipeline;

/// <summary>
/// A scheme's <c>claimsSchema</c> and <c>headerSchema</c>: JSON Schemas for the token's claims set and JOSE
/// header, compiled into the same program bodies run through and checked once the signature holds.
/// </summary>
public sealed class TokenSchemaTests : IDisposable
{
    private const long Now = SecurityRequirementTests.Now;

    /// <summary>client_id from a list, roles an array of known names, no other claims than these.</summary>
    private const string ClaimsSchemaText = """
        {
          "type": "object",
          "required": ["sub", "client_id"],
          "properties": {
            "client_id": { "enum": ["shop-web", "shop-app"] },
            "roles": { "type": "array", "items": { "enum": ["buyer", "support"] } }
          }
        }
        """;

    /// <summary>Only alg, kid and typ; kid of the shape the issuer uses.</summary>
    private const string HeaderSchemaText = """
        {
          "type": "object",
          "required": ["kid", "typ"],
          "additionalProperties": false,
          "properties": { "alg": { "const": "HS256" }, "kid": { "type": "string", "minLength": 1 }, "typ": { "const": "at+jwt" } }
        }
        """;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("apifilter-token-schema-");

    private static readonly Lazy<RequestFilter> Filter = new(() => new RequestFilter(Policy(SecurityRequirementTests.Jwt with
    {
        ClaimsSchema = CompileSchema(ClaimsSchemaText),
        HeaderSchema = CompileSchema(HeaderSchemaText),
    }), SecurityRequirementTests.Contract.Value));

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void A_token_whose_claims_and_header_match_the_schemas_passes()
    {
        var verdict = Judge(Token(Claims("\"client_id\":\"shop-web\",\"roles\":[\"buyer\"]")));

        Assert.True(verdict.IsAllowed, verdict.FirstViolation?.ToString());
    }

    [Theory]
    [InlineData("\"client_id\":\"evil-client\"")]
    [InlineData("\"client_id\":\"shop-web\",\"roles\":[\"admin\"]")]
    [InlineData("\"roles\":[\"buyer\"]")]
    public void A_token_whose_claims_break_the_claims_schema_is_refused_as_an_invalid_token(string extra)
    {
        var verdict = Judge(Token(Claims(extra)));

        Assert.Equal((401, "auth.jwt.claims"), (verdict.Status, verdict.FirstViolation!.Code));
        Assert.Equal("Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The access token's claims do not match the claims schema\"", verdict.Challenge);
    }

    [Fact]
    public void A_token_whose_header_breaks_the_header_schema_is_refused()
    {
        // a jku member: never used for key selection, and this issuer never sends one
        var header = $"{{\"alg\":\"HS256\",\"kid\":\"{TestTokens.KidFor(JwsAlgorithm.HS256)}\",\"typ\":\"at+jwt\",\"jku\":\"https://attacker.example/keys\"}}";
        var verdict = Judge(TestTokens.Sign(header, Claims("\"client_id\":\"shop-web\""), JwsAlgorithm.HS256));

        Assert.Equal((401, "auth.jwt.header"), (verdict.Status, verdict.FirstViolation!.Code));
        Assert.Contains("error=\"invalid_token\"", verdict.Challenge, StringComparison.Ordinal);
    }

    [Fact]
    public void The_signature_is_checked_before_the_schemas()
    {
        var token = Token(Claims("\"client_id\":\"evil-client\""));
        var forged = token[..^4] + (token[^4] == 'A' ? "B" : "A") + token[^3..];

        Assert.Equal("auth.jwt.signature", Judge(forged).FirstViolation!.Code);
    }

    [Fact]
    public void Checking_the_schemas_allocates_nothing()
    {
        var request = SecurityRequirementTests.Get("/orders", SecurityRequirementTests.Bearer(Token(Claims("\"client_id\":\"shop-app\",\"roles\":[\"buyer\",\"support\"]"))));
        for (int i = 0; i < 5; i++)
        {
            Assert.True(Filter.Value.Plan(request).Refusal.IsAllowed);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            Filter.Value.Plan(request);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void The_policy_loads_schema_files_relative_to_itself_and_names_a_broken_one()
    {
        File.WriteAllBytes(Path.Combine(_dir.FullName, "hs.key"), TestTokens.Secret);
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "schemas"));
        File.WriteAllText(Path.Combine(_dir.FullName, "schemas", "claims.json"), ClaimsSchemaText);
        File.WriteAllText(Path.Combine(_dir.FullName, "schemas", "broken.json"), "{\"type\": 5}");
        const string Scheme = """
            auth:
              schemes:
                bearer:
                  issuer: https://issuer.example
                  audience: orders-api
                  algorithms: [HS256]
                  secretFile: hs.key
                  claimsSchema: schemas/SCHEMA
            """;

        var policy = PolicyLoader.Load(Scheme.Replace("SCHEMA", "claims.json", StringComparison.Ordinal), "policy.yaml", isJson: false, _dir.FullName);
        var error = Assert.Throws<PolicyException>(() =>
            PolicyLoader.Load(Scheme.Replace("SCHEMA", "broken.json", StringComparison.Ordinal), "policy.yaml", isJson: false, _dir.FullName));

        Assert.NotNull(Assert.IsType<JwtBearerSettings>(policy.Auth.Schemes["bearer"]).ClaimsSchema);
        Assert.Contains("auth.schemes.bearer.claimsSchema", error.Message, StringComparison.Ordinal);
        Assert.Contains("broken.json", error.Message, StringComparison.Ordinal);
    }

    private static Verdict Judge(string token) =>
        Filter.Value.Plan(SecurityRequirementTests.Get("/orders", SecurityRequirementTests.Bearer(token))).Refusal;

    private static string Claims(string extra) =>
        $"{{\"iss\":\"https://issuer.example\",\"aud\":\"orders-api\",\"exp\":{Now + 600},\"iat\":{Now - 10},\"sub\":\"u-1\",\"scope\":\"orders:read\",{extra}}}";

    private static string Token(string claims) =>
        TestTokens.Sign($"{{\"alg\":\"HS256\",\"kid\":\"{TestTokens.KidFor(JwsAlgorithm.HS256)}\",\"typ\":\"at+jwt\"}}", claims, JwsAlgorithm.HS256);

    private static FilterPolicy Policy(JwtBearerSettings bearer) => SecurityRequirementTests.Policy() with
    {
        Auth = SecurityRequirementTests.Policy().Auth with
        {
            Schemes = new Dictionary<string, AuthSchemeSettings>(SecurityRequirementTests.Policy().Auth.Schemes) { ["bearer"] = bearer },
        },
    };

    private static SchemaProgram CompileSchema(string text)
    {
        var compiler = new SchemaCompiler(SchemaDialect.Draft2020_12);
        compiler.AddSchema(JsonNode.Parse(text)!);
        return compiler.Compile();
    }
}
