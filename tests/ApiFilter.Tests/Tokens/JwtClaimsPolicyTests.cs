using System.Text;
using ApiFilter.Tokens;

namespace ApiFilter.Tests.Tokens;

public sealed class JwtClaimsPolicyTests
{
    private const long Now = 1_750_000_000;
    private static readonly FixedTimeProvider Clock = new(DateTimeOffset.FromUnixTimeSeconds(Now));

    private static JwtClaimsPolicy Policy(int skewSeconds = 60) => new(["https://issuer.example"], ["api://orders", "api://billing"])
    {
        ClockSkew = TimeSpan.FromSeconds(skewSeconds),
        TimeProvider = Clock,
    };

    private static string Claims(string extra = "", long exp = Now + 300) =>
        $"{{\"iss\":\"https://issuer.example\",\"aud\":\"api://orders\",\"exp\":{exp}{extra}}}";

    private static TokenValidationStatus Validate(JwtClaimsPolicy policy, string claims, string header = "{\"alg\":\"RS256\"}")
    {
        string token = TestTokens.B64(header) + "." + TestTokens.B64(claims) + "." + TestTokens.B64(new byte[8]);
        Span<byte> buffer = stackalloc byte[JwsReader.StackBufferSize];
        Assert.Equal(TokenValidationStatus.Valid, JwsReader.TryRead(Encoding.UTF8.GetBytes(token), buffer, JwsReaderLimits.Default, out JwsReader reader));
        Span<byte> scratch = stackalloc byte[JwtClaimsPolicy.StackScratchSize];
        TokenValidationStatus status = policy.Validate(reader.Payload, reader.Header, scratch, out JwtClaims result);
        result.Dispose();
        reader.Dispose();
        return status;
    }

    [Fact]
    public void AcceptsAGoodToken() => Assert.Equal(TokenValidationStatus.Valid, Validate(Policy(), Claims()));

    [Fact]
    public void ReadsTheRegisteredClaims()
    {
        byte[] payload = Encoding.UTF8.GetBytes(Claims(",\"sub\":\"al\\u0069ce\",\"client_id\":\"c1\",\"jti\":\"j\",\"nbf\":1749999990.5,\"iat\":1749999990,\"scope\":\"orders:read orders:write\",\"scp\":[\"admin\"]"));
        Span<byte> scratch = stackalloc byte[JwtClaimsPolicy.StackScratchSize];
        Assert.Equal(TokenValidationStatus.Valid, Policy().Validate(payload, default, scratch, out JwtClaims claims));
        Assert.True(claims.Subject.SequenceEqual("alice"u8));
        Assert.True(claims.ClientId.SequenceEqual("c1"u8));
        Assert.True(claims.JwtId.SequenceEqual("j"u8));
        Assert.True(claims.Issuer.SequenceEqual("https://issuer.example"u8));
        Assert.Equal(Now + 300, claims.ExpirationTime);
        Assert.Equal(1749999991, claims.NotBefore);
        Assert.Equal(1749999990, claims.IssuedAt);
        Assert.Equal(3, claims.Scopes.Count);
        Assert.True(claims.Scopes.Value.SequenceEqual("orders:read orders:write admin"u8));
        Assert.True(claims.Scopes.Contains("orders:write"u8));
        Assert.True(claims.Scopes.Contains("admin".AsSpan()));
        Assert.False(claims.Scopes.Contains("orders".AsSpan()));
        Assert.False(claims.Scopes.Contains("Orders:read".AsSpan()));
        Assert.True(claims.Scopes.ContainsAll(["orders:read", "admin"]));
        Assert.False(claims.Scopes.ContainsAll(["orders:read", "orders:delete"]));
        claims.Dispose();
    }

    [Fact]
    public void ReadsScpAsAString()
    {
        byte[] payload = Encoding.UTF8.GetBytes(Claims(",\"scp\":\"a b\""));
        Span<byte> scratch = stackalloc byte[JwtClaimsPolicy.StackScratchSize];
        Assert.Equal(TokenValidationStatus.Valid, Policy().Validate(payload, default, scratch, out JwtClaims claims));
        Assert.Equal(2, claims.Scopes.Count);
        claims.Dispose();
    }

    [Theory]
    [InlineData(",\"scope\":\"a  b\"")]
    [InlineData(",\"scope\":\" a\"")]
    [InlineData(",\"scope\":\"a\\\"b\"")]
    [InlineData(",\"scope\":\"caf\u00e9\"")]
    [InlineData(",\"scope\":[\"a\"]")]
    [InlineData(",\"scp\":[\"a b\"]")]
    [InlineData(",\"scp\":[\"\"]")]
    [InlineData(",\"scp\":[1]")]
    public void RefusesScopesOutsideTheRfc6749Grammar(string extra) =>
        Assert.Equal(TokenValidationStatus.InvalidClaims, Validate(Policy(), Claims(extra)));

    [Fact]
    public void ChecksExpirationWithAndWithoutSkew()
    {
        Assert.Equal(TokenValidationStatus.Expired, Validate(Policy(skewSeconds: 0), Claims(exp: Now)));
        Assert.Equal(TokenValidationStatus.Valid, Validate(Policy(skewSeconds: 0), Claims(exp: Now + 1)));
        Assert.Equal(TokenValidationStatus.Valid, Validate(Policy(skewSeconds: 60), Claims(exp: Now - 59)));
        Assert.Equal(TokenValidationStatus.Expired, Validate(Policy(skewSeconds: 60), Claims(exp: Now - 60)));
        Assert.Equal(TokenValidationStatus.Expired, Validate(Policy(), Claims(exp: Now - 86_400)));
    }

    [Fact]
    public void ChecksNotBeforeAndIssuedAtWithAndWithoutSkew()
    {
        Assert.Equal(TokenValidationStatus.NotYetValid, Validate(Policy(skewSeconds: 0), Claims($",\"nbf\":{Now + 1}")));
        Assert.Equal(TokenValidationStatus.Valid, Validate(Policy(skewSeconds: 0), Claims($",\"nbf\":{Now}")));
        Assert.Equal(TokenValidationStatus.Valid, Validate(Policy(skewSeconds: 60), Claims($",\"nbf\":{Now + 60}")));
        Assert.Equal(TokenValidationStatus.NotYetValid, Validate(Policy(skewSeconds: 60), Claims($",\"nbf\":{Now + 61}")));
        Assert.Equal(TokenValidationStatus.IssuedInFuture, Validate(Policy(skewSeconds: 0), Claims($",\"iat\":{Now + 1}")));
        Assert.Equal(TokenValidationStatus.Valid, Validate(Policy(skewSeconds: 60), Claims($",\"iat\":{Now + 60}")));
        Assert.Equal(TokenValidationStatus.IssuedInFuture, Validate(Policy(skewSeconds: 60), Claims($",\"iat\":{Now + 61}")));
    }

    [Fact]
    public void FollowsTheInjectedClock()
    {
        var clock = new FixedTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Now));
        var policy = new JwtClaimsPolicy(["https://issuer.example"], ["api://orders"]) { TimeProvider = clock, ClockSkew = TimeSpan.Zero };
        string claims = Claims(exp: Now + 10);
        Assert.Equal(TokenValidationStatus.Valid, Validate(policy, claims));
        clock.Now = clock.Now.AddSeconds(10);
        Assert.Equal(TokenValidationStatus.Expired, Validate(policy, claims));
    }

    [Fact]
    public void RequiresExpirationUnlessTold()
    {
        string noExp = "{\"iss\":\"https://issuer.example\",\"aud\":\"api://orders\"}";
        Assert.Equal(TokenValidationStatus.MissingRequiredClaim, Validate(Policy(), noExp));
        var lenient = new JwtClaimsPolicy(["https://issuer.example"], ["api://orders"]) { RequireExpirationTime = false, TimeProvider = Clock };
        Assert.Equal(TokenValidationStatus.Valid, Validate(lenient, noExp));
    }

    [Theory]
    [InlineData("{\"iss\":\"https://issuer.example/\",\"aud\":\"api://orders\",\"exp\":1750000300}", TokenValidationStatus.InvalidIssuer)]
    [InlineData("{\"iss\":\"HTTPS://ISSUER.EXAMPLE\",\"aud\":\"api://orders\",\"exp\":1750000300}", TokenValidationStatus.InvalidIssuer)]
    [InlineData("{\"aud\":\"api://orders\",\"exp\":1750000300}", TokenValidationStatus.MissingRequiredClaim)]
    [InlineData("{\"iss\":\"https://issuer.example\",\"aud\":\"api://other\",\"exp\":1750000300}", TokenValidationStatus.InvalidAudience)]
    [InlineData("{\"iss\":\"https://issuer.example\",\"aud\":[],\"exp\":1750000300}", TokenValidationStatus.InvalidAudience)]
    [InlineData("{\"iss\":\"https://issuer.example\",\"aud\":[\"api://other\",\"api://x\"],\"exp\":1750000300}", TokenValidationStatus.InvalidAudience)]
    [InlineData("{\"iss\":\"https://issuer.example\",\"aud\":[\"api://other\",\"api://billing\"],\"exp\":1750000300}", TokenValidationStatus.Valid)]
    [InlineData("{\"iss\":\"https://issuer.example\",\"exp\":1750000300}", TokenValidationStatus.MissingRequiredClaim)]
    [InlineData("{\"iss\":\"https://issuer.example\",\"aud\":[\"api://orders\",7],\"exp\":1750000300}", TokenValidationStatus.InvalidClaims)]
    [InlineData("{\"iss\":1,\"aud\":\"api://orders\",\"exp\":1750000300}", TokenValidationStatus.InvalidClaims)]
    [InlineData("{\"iss\":\"https://issuer.example\",\"aud\":\"api://orders\",\"exp\":\"1750000300\"}", TokenValidationStatus.InvalidClaims)]
    [InlineData("{\"iss\":\"https://issuer.example\",\"aud\":\"api://orders\",\"exp\":1750000300,\"exp\":1}", TokenValidationStatus.DuplicateClaim)]
    [InlineData("{\"iss\":\"https://issuer.example\",\"aud\":\"api://orders\",\"exp\":1750000300,\"i\\u0073s\":\"x\"}", TokenValidationStatus.DuplicateClaim)]
    [InlineData("[1]", TokenValidationStatus.InvalidClaims)]
    [InlineData("{\"iss\":\"https://issuer.example\"", TokenValidationStatus.InvalidClaims)]
    public void ChecksIssuerAudienceAndShape(string claims, TokenValidationStatus expected) =>
        Assert.Equal(expected, Validate(Policy(), claims));

    [Theory]
    [InlineData("{\"alg\":\"RS256\",\"typ\":\"at+jwt\"}", TokenValidationStatus.Valid)]
    [InlineData("{\"alg\":\"RS256\",\"typ\":\"AT+JWT\"}", TokenValidationStatus.Valid)]
    [InlineData("{\"alg\":\"RS256\",\"typ\":\"application/at+jwt\"}", TokenValidationStatus.Valid)]
    [InlineData("{\"alg\":\"RS256\",\"typ\":\"Application/AT+JWT\"}", TokenValidationStatus.Valid)]
    [InlineData("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", TokenValidationStatus.InvalidTokenType)]
    [InlineData("{\"alg\":\"RS256\"}", TokenValidationStatus.InvalidTokenType)]
    [InlineData("{\"alg\":\"RS256\",\"typ\":\"at+jwt+x\"}", TokenValidationStatus.InvalidTokenType)]
    public void ChecksTheAccessTokenTypeWhenRequired(string header, TokenValidationStatus expected)
    {
        var policy = new JwtClaimsPolicy(["https://issuer.example"], ["api://orders"]) { RequireAccessTokenType = true, TimeProvider = Clock };
        Assert.Equal(expected, Validate(policy, Claims(), header));
    }

    [Fact]
    public void ChecksRequiredClaims()
    {
        var policy = new JwtClaimsPolicy(["https://issuer.example"], ["api://orders"]) { RequiredClaims = ["sub", "client_id"], TimeProvider = Clock };
        Assert.Equal(TokenValidationStatus.Valid, Validate(policy, Claims(",\"sub\":\"a\",\"client_id\":\"c\"")));
        Assert.Equal(TokenValidationStatus.MissingRequiredClaim, Validate(policy, Claims(",\"sub\":\"a\"")));
    }

    [Fact]
    public void TheValidatorLooksAtClaimsOnlyOnceTheSignatureHolds()
    {
        var validator = new JwtValidator(TestTokens.Verifier(JwsAlgorithm.ES256), Policy());
        string good = TestTokens.Sign("{\"alg\":\"ES256\",\"kid\":\"ec-1\"}", Claims(",\"sub\":\"alice\""), JwsAlgorithm.ES256);
        string expiredForged = TestTokens.Sign("{\"alg\":\"ES256\",\"kid\":\"ec-1\"}", Claims(exp: Now - 3600), JwsAlgorithm.ES256)[..^3] + "AAA";
        Span<byte> scratch = stackalloc byte[JwtClaimsPolicy.StackScratchSize];

        Assert.Equal(TokenValidationStatus.Valid, validator.Validate(Encoding.ASCII.GetBytes(good), scratch, out JwtClaims claims));
        Assert.True(claims.Subject.SequenceEqual("alice"u8));
        claims.Dispose();

        // Expired and forged: the signature is what is reported, the claims are never read.
        Assert.Equal(TokenValidationStatus.BadSignature, validator.Validate(Encoding.ASCII.GetBytes(expiredForged), scratch, out claims));
        claims.Dispose();
    }

    [Fact]
    public void RefusesAPolicyWithoutIssuerOrAudience()
    {
        Assert.Throws<ArgumentException>(() => new JwtClaimsPolicy([], ["api://orders"]));
        Assert.Throws<ArgumentException>(() => new JwtClaimsPolicy(["https://issuer.example"], []));
        Assert.Throws<ArgumentException>(() => new JwtClaimsPolicy([""], ["api://orders"]));
    }

    [Fact]
    public void EnforcesClaimCountAndDepth()
    {
        var policy = new JwtClaimsPolicy(["https://issuer.example"], ["api://orders"]) { MaxClaimCount = 4, MaxDepth = 3, TimeProvider = Clock };
        Assert.Equal(TokenValidationStatus.Valid, Validate(policy, Claims(",\"x\":{\"y\":[1]}")));
        Assert.Equal(TokenValidationStatus.InvalidClaims, Validate(policy, Claims(",\"x\":{\"y\":[[1]]}")));
        Assert.Equal(TokenValidationStatus.InvalidClaims, Validate(policy, Claims(",\"x\":1,\"y\":2")));
    }
}
