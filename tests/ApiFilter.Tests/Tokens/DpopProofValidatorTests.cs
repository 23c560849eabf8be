using System.Security.Cryptography;
using System.Text;
using ApiFilter.Tokens;
using Xunit.Abstractions;

namespace ApiFilter.Tests.Tokens;

public sealed class DpopProofValidatorTests(ITestOutputHelper output)
{
    private const long Now = 1_750_000_000;

    // RFC 9449 figure 5 (section 5): the token request proof; its key's thumbprint is the section 6.1 "jkt".
    private const string Rfc9449TokenRequestProof =
        "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6Ik" +
        "VDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCR" +
        "nMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JE" +
        "QSIsImNydiI6IlAtMjU2In19.eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIj" +
        "oiUE9TVCIsImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwia" +
        "WF0IjoxNTYyMjYyNjE2fQ.2-GxA6T8lP4vfrg8v-FdWP0A0zdrj8igiMLvqRMUvwnQg" +
        "4PtFLbdLXiOSsX0x7NVY-FNyJK70nfbV37xRZT3Lg";

    // RFC 9449 figure 13 (section 7.1): the resource request proof with "ath" for the figure 6 access token.
    private const string Rfc9449ResourceProof =
        "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6Ik" +
        "VDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCR" +
        "nMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JE" +
        "QSIsImNydiI6IlAtMjU2In19.eyJqdGkiOiJlMWozVl9iS2ljOC1MQUVCIiwiaHRtIj" +
        "oiR0VUIiwiaHR1IjoiaHR0cHM6Ly9yZXNvdXJjZS5leGFtcGxlLm9yZy9wcm90ZWN0Z" +
        "WRyZXNvdXJjZSIsImlhdCI6MTU2MjI2MjYxOCwiYXRoIjoiZlVIeU8ycjJaM0RaNTNF" +
        "c05yV0JiMHhXWG9hTnk1OUlpS0NBcWtzbVFFbyJ9.2oW9RP35yRqzhrtNP86L-Ey71E" +
        "OptxRimPPToA1plemAgR6pxHF8y6-yqyVnmcw6Fy1dqd-jfxSYoMxhAJpLjA";

    private const string Rfc9449Jkt = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";
    private const string Rfc9449AccessToken = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";

    private static readonly ECDsa Client = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private static readonly ECDsa Other = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>
    /// A validator and its replay cache on one fixed clock. (With the cache on the system clock, the proofs'
    /// fixed past iat made every stored jti expire within a second, so a slow run accepted replays.)
    /// </summary>
    private static DpopProofValidator Validator(long now = Now, DpopProofValidatorOptions? options = null)
    {
        var clock = new FixedTimeProvider(DateTimeOffset.FromUnixTimeSeconds(now));
        return new(new ReplayCache(4096, clock), (options ?? new DpopProofValidatorOptions()) with { TimeProvider = clock });
    }

    private static DpopStatus Validate(
        DpopProofValidator validator,
        string proof,
        string method,
        string scheme,
        string authority,
        string path,
        string accessToken,
        out string thumbprint)
    {
        Span<byte> print = stackalloc byte[DpopProofValidator.ThumbprintSize];
        DpopStatus status = validator.Validate(Encoding.ASCII.GetBytes(proof), method, scheme, authority, path, Encoding.ASCII.GetBytes(accessToken), print);
        thumbprint = status == DpopStatus.Valid ? Base64Url.EncodeToString(print) : string.Empty;
        return status;
    }

    private static DpopStatus Validate(DpopProofValidator validator, string proof, string accessToken = "", string method = "POST", string path = "/token") =>
        Validate(validator, proof, method, "https", "server.example.com", path, accessToken, out _);

    private static string PublicJwk(ECDsa key, string crv = "P-256", string extra = "")
    {
        ECParameters p = key.ExportParameters(false);
        return $"{{\"kty\":\"EC\",\"crv\":\"{crv}\",\"x\":\"{TestTokens.B64(p.Q.X!)}\",\"y\":\"{TestTokens.B64(p.Q.Y!)}\"{extra}}}";
    }

    private static string Claims(string jti = "jti-1", string htm = "POST", string htu = "https://server.example.com/token", long iat = Now, string extra = "") =>
        $"{{\"jti\":\"{jti}\",\"htm\":\"{htm}\",\"htu\":\"{htu}\",\"iat\":{iat}{extra}}}";

    private static string Mint(string claims, ECDsa? key = null, string? header = null)
    {
        key ??= Client;
        header ??= $"{{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{PublicJwk(key)}}}";
        string input = TestTokens.B64(header) + "." + TestTokens.B64(claims);
        return input + "." + TestTokens.B64(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256));
    }

    private static string Thumbprint(ECDsa key)
    {
        ECParameters p = key.ExportParameters(false);
        string canonical = $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{TestTokens.B64(p.Q.X!)}\",\"y\":\"{TestTokens.B64(p.Q.Y!)}\"}}";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static string Ath(string accessToken) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)));

    [Fact]
    public void AcceptsTheRfc9449TokenRequestProofAndYieldsTheSection61Thumbprint()
    {
        DpopProofValidator validator = Validator(1562262616);
        Assert.Equal(DpopStatus.Valid, Validate(validator, Rfc9449TokenRequestProof, "POST", "https", "server.example.com", "/token", string.Empty, out string thumbprint));
        Assert.Equal(Rfc9449Jkt, thumbprint);
        byte[] raw = new byte[32];
        Assert.Equal(Base64UrlDecodeStatus.Done, Base64Url.TryDecode(Encoding.ASCII.GetBytes(thumbprint), raw, out _));
        Assert.True(DpopProofValidator.ThumbprintMatches(raw, Encoding.ASCII.GetBytes(Rfc9449Jkt)));

        // The same proof again is a replay (RFC 9449 section 11.1).
        Assert.Equal(DpopStatus.Replayed, Validate(validator, Rfc9449TokenRequestProof, "POST", "https", "server.example.com", "/token", string.Empty, out _));
    }

    [Fact]
    public void AcceptsTheRfc9449ResourceProofWithItsAccessToken()
    {
        Assert.Equal(
            DpopStatus.Valid,
            Validate(Validator(1562262618), Rfc9449ResourceProof, "GET", "https", "resource.example.org", "/protectedresource", Rfc9449AccessToken, out string thumbprint));
        Assert.Equal(Rfc9449Jkt, thumbprint);
        Assert.Equal("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo", Ath(Rfc9449AccessToken));

        // Another access token: "ath" no longer matches (section 4.3 step 12).
        Assert.Equal(
            DpopStatus.AccessTokenHashMismatch,
            Validate(Validator(1562262618), Rfc9449ResourceProof, "GET", "https", "resource.example.org", "/protectedresource", Rfc9449AccessToken + "x", out _));

        // Outside the 60-second window the example proof is stale.
        Assert.Equal(
            DpopStatus.Expired,
            Validate(Validator(1562262618 + 61), Rfc9449ResourceProof, "GET", "https", "resource.example.org", "/protectedresource", Rfc9449AccessToken, out _));
    }

    [Fact]
    public void AcceptsAMintedProofAndItsThumbprintMatchesOnlyItsOwnJkt()
    {
        Span<byte> print = stackalloc byte[32];
        DpopProofValidator validator = Validator();
        Assert.Equal(DpopStatus.Valid, validator.Validate(Encoding.ASCII.GetBytes(Mint(Claims())), "POST", "https", "server.example.com", "/token", default, print));
        Assert.Equal(Thumbprint(Client), Base64Url.EncodeToString(print));
        Assert.True(DpopProofValidator.ThumbprintMatches(print, Encoding.ASCII.GetBytes(Thumbprint(Client))));

        // cnf.jkt naming another key, or malformed, never matches.
        Assert.False(DpopProofValidator.ThumbprintMatches(print, Encoding.ASCII.GetBytes(Thumbprint(Other))));
        Assert.False(DpopProofValidator.ThumbprintMatches(print, ReadOnlySpan<byte>.Empty));
        Assert.False(DpopProofValidator.ThumbprintMatches(print, Encoding.ASCII.GetBytes(Thumbprint(Client) + "=")));
        Assert.False(DpopProofValidator.ThumbprintMatches(print[..31], Encoding.ASCII.GetBytes(Thumbprint(Client))));
    }

    [Fact]
    public void TheProofKeyIsComparedWithTheAccessTokensCnfJkt()
    {
        // A resource request: the access token's "cnf"."jkt" (RFC 9449 section 6.1) against the proof's key (section 7.1).
        var policy = new JwtClaimsPolicy(["https://server.example.com"], ["api://orders"]) { TimeProvider = new FixedTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Now)) };
        byte[] boundToClient = Encoding.UTF8.GetBytes($"{{\"iss\":\"https://server.example.com\",\"aud\":\"api://orders\",\"exp\":{Now + 60},\"cnf\":{{\"jkt\":\"{Thumbprint(Client)}\"}}}}");
        Span<byte> scratch = stackalloc byte[JwtClaimsPolicy.StackScratchSize];
        Assert.Equal(TokenValidationStatus.Valid, policy.Validate(boundToClient, default, scratch, out JwtClaims claims));

        const string Token = "opaque-access-token";
        Span<byte> print = stackalloc byte[DpopProofValidator.ThumbprintSize];
        DpopProofValidator validator = Validator();
        byte[] fromClient = Encoding.ASCII.GetBytes(Mint(Claims(jti: "c", extra: $",\"ath\":\"{Ath(Token)}\"")));
        Assert.Equal(DpopStatus.Valid, validator.Validate(fromClient, "POST", "https", "server.example.com", "/token", Encoding.ASCII.GetBytes(Token), print));
        Assert.True(DpopProofValidator.ThumbprintMatches(print, claims.ConfirmationKeyThumbprint));

        // A valid proof by another key does not carry the token (the binding mismatch of section 7.1, figure 16).
        byte[] fromOther = Encoding.ASCII.GetBytes(Mint(Claims(jti: "o", extra: $",\"ath\":\"{Ath(Token)}\""), Other, $"{{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{PublicJwk(Other)}}}"));
        Assert.Equal(DpopStatus.Valid, validator.Validate(fromOther, "POST", "https", "server.example.com", "/token", Encoding.ASCII.GetBytes(Token), print));
        Assert.False(DpopProofValidator.ThumbprintMatches(print, claims.ConfirmationKeyThumbprint));
        claims.Dispose();
    }

    [Theory]
    [InlineData("GET", "/token", DpopStatus.MethodMismatch)]
    [InlineData("post", "/token", DpopStatus.MethodMismatch)]
    [InlineData("POST", "/token2", DpopStatus.UriMismatch)]
    [InlineData("POST", "/Token", DpopStatus.UriMismatch)]
    [InlineData("POST", "/token/", DpopStatus.UriMismatch)]
    [InlineData("POST", "/token?x=1", DpopStatus.Valid)]
    public void BindsTheMethodAndTarget(string method, string path, DpopStatus expected) =>
        Assert.Equal(expected, Validate(Validator(), Mint(Claims()), method: method, path: path));

    [Theory]
    [InlineData("https://server.example.com/token", "https", "server.example.com", "/token")]
    [InlineData("HTTPS://Server.Example.COM/token", "https", "server.example.com", "/token")]
    [InlineData("https://server.example.com:443/token", "https", "server.example.com", "/token")]
    [InlineData("https://server.example.com/token", "HTTPS", "server.example.com:443", "/token")]
    [InlineData("https://server.example.com:/token", "https", "server.example.com", "/token")]
    [InlineData("http://server.example.com:80/token", "http", "server.example.com", "/token")]
    [InlineData("https://server.example.com:8443/token", "https", "server.example.com:8443", "/token")]
    [InlineData("https://server.example.com", "https", "server.example.com", "/")]
    [InlineData("https://server.example.com/", "https", "server.example.com", "")]
    [InlineData("https://server.example.com/%7Euser/a%2fb", "https", "server.example.com", "/~user/a%2Fb")]
    [InlineData("https://server.example.com/caf%C3%A9", "https", "server.example.com", "/caf\u00e9")]
    [InlineData("https://[2001:DB8::1]:443/token", "https", "[2001:db8::1]", "/token")]
    public void NormalisesBeforeComparingHtu(string htu, string scheme, string authority, string path) =>
        Assert.Equal(DpopStatus.Valid, Validate(Validator(), Mint(Claims(htu: htu)), "POST", scheme, authority, path, string.Empty, out _));

    [Theory]
    [InlineData("https://server.example.com/token?x=1", "https", "server.example.com", "/token")]
    [InlineData("https://server.example.com/token#f", "https", "server.example.com", "/token")]
    [InlineData("http://server.example.com/token", "https", "server.example.com", "/token")]
    [InlineData("https://server.example.com:8443/token", "https", "server.example.com", "/token")]
    [InlineData("https://server.example.com:443/token", "http", "server.example.com:443", "/token")]
    [InlineData("https://user@server.example.com/token", "https", "server.example.com", "/token")]
    [InlineData("https://server.example.com.evil/token", "https", "server.example.com", "/token")]
    [InlineData("https://server.example.com/a/../token", "https", "server.example.com", "/a/../token")]
    [InlineData("https://server.example.com/a/%2E%2E/token", "https", "server.example.com", "/token")]
    [InlineData("https://server.example.com/%zztoken", "https", "server.example.com", "/%zztoken")]
    [InlineData("ftp://server.example.com/token", "ftp", "server.example.com", "/token")]
    [InlineData("https:server.example.com/token", "https", "server.example.com", "/token")]
    [InlineData("https://server.example.com:99999/token", "https", "server.example.com:99999", "/token")]
    public void RefusesHtuThatNamesAnotherTarget(string htu, string scheme, string authority, string path) =>
        Assert.Equal(DpopStatus.UriMismatch, Validate(Validator(), Mint(Claims(htu: htu)), "POST", scheme, authority, path, string.Empty, out _));

    [Fact]
    public void EnforcesTheIssuedAtWindow()
    {
        Assert.Equal(DpopStatus.Valid, Validate(Validator(), Mint(Claims(iat: Now - 60))));
        Assert.Equal(DpopStatus.Expired, Validate(Validator(), Mint(Claims(iat: Now - 61))));
        Assert.Equal(DpopStatus.Valid, Validate(Validator(), Mint(Claims(iat: Now + 5))));
        Assert.Equal(DpopStatus.IssuedInFuture, Validate(Validator(), Mint(Claims(iat: Now + 6))));
        Assert.Equal(DpopStatus.Valid, Validate(Validator(), Mint(Claims(extra: string.Empty).Replace($"{Now}", $"{Now}.75", StringComparison.Ordinal))));
        DpopProofValidator wide = Validator(options: new DpopProofValidatorOptions { MaxAge = TimeSpan.FromMinutes(5) });
        Assert.Equal(DpopStatus.Valid, Validate(wide, Mint(Claims(iat: Now - 299))));
    }

    [Fact]
    public void RefusesAReplayedJtiButNotTheSameJtiFromAnotherKey()
    {
        DpopProofValidator validator = Validator();
        string proof = Mint(Claims(jti: "once"));
        Assert.Equal(DpopStatus.Valid, Validate(validator, proof));
        Assert.Equal(DpopStatus.Replayed, Validate(validator, proof));
        Assert.Equal(DpopStatus.Replayed, Validate(validator, Mint(Claims(jti: "once", iat: Now - 1))));
        Assert.Equal(DpopStatus.Valid, Validate(validator, Mint(Claims(jti: "once"), Other)));
    }

    [Fact]
    public void AProofThatFailsDoesNotUseUpItsJti()
    {
        DpopProofValidator validator = Validator();
        string proof = Mint(Claims(jti: "kept"));
        Assert.Equal(DpopStatus.MethodMismatch, Validate(validator, proof, method: "GET"));
        Assert.Equal(DpopStatus.Valid, Validate(validator, proof));
    }

    [Fact]
    public void ReportsAFullReplayCache()
    {
        var validator = new DpopProofValidator(new ReplayCache(8), new DpopProofValidatorOptions { TimeProvider = new FixedTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Now)) });
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(DpopStatus.Valid, Validate(validator, Mint(Claims(jti: $"jti-{i}"))));
        }

        Assert.Equal(DpopStatus.ReplayCacheFull, Validate(validator, Mint(Claims(jti: "jti-8"))));
    }

    [Fact]
    public void ChecksAthWhenAnAccessTokenIsPresented()
    {
        const string Token = "eyJhbGciOiJFUzI1NiJ9.e30.sig";
        Assert.Equal(DpopStatus.Valid, Validate(Validator(), Mint(Claims(extra: $",\"ath\":\"{Ath(Token)}\"")), Token));
        Assert.Equal(DpopStatus.AccessTokenHashMismatch, Validate(Validator(), Mint(Claims(extra: $",\"ath\":\"{Ath(Token + "x")}\"")), Token));
        Assert.Equal(DpopStatus.AccessTokenHashMismatch, Validate(Validator(), Mint(Claims(extra: $",\"ath\":\"{Ath(Token)}=\"")), Token));
        Assert.Equal(DpopStatus.MissingClaim, Validate(Validator(), Mint(Claims()), Token));
        Assert.Equal(DpopStatus.InvalidClaims, Validate(Validator(), Mint(Claims(extra: ",\"ath\":7")), Token));
    }

    [Fact]
    public void RefusesAPrivateKeyInTheHeader()
    {
        ECParameters p = Client.ExportParameters(true);
        string jwk = PublicJwk(Client, extra: $",\"d\":\"{TestTokens.B64(p.D!)}\"");
        Assert.Equal(DpopStatus.PrivateKey, Validate(Validator(), Mint(Claims(), header: $"{{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{jwk}}}")));
        foreach (string member in new[] { "p", "q", "dp", "dq", "qi", "oth", "k" })
        {
            string withMember = PublicJwk(Client, extra: $",\"{member}\":\"AQAB\"");
            Assert.Equal(DpopStatus.PrivateKey, Validate(Validator(), Mint(Claims(), header: $"{{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{withMember}}}")));
        }
    }

    [Fact]
    public void RefusesSymmetricAndUnsecuredProofs()
    {
        string claims = TestTokens.B64(Claims());
        string hsHeader = TestTokens.B64("{\"typ\":\"dpop+jwt\",\"alg\":\"HS256\",\"jwk\":{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}}");
        string hs = hsHeader + "." + claims + "." + TestTokens.B64(HMACSHA256.HashData("secret"u8, Encoding.ASCII.GetBytes(hsHeader + "." + claims)));
        Assert.Equal(DpopStatus.AlgorithmNotAllowed, Validate(Validator(), hs));

        string none = TestTokens.B64($"{{\"typ\":\"dpop+jwt\",\"alg\":\"none\",\"jwk\":{PublicJwk(Client)}}}") + "." + claims + ".";
        Assert.Equal(DpopStatus.AlgorithmNone, Validate(Validator(), none));

        string es256Only = Mint(Claims(), header: $"{{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{PublicJwk(Client)}}}");
        DpopProofValidator rsaOnly = Validator(options: new DpopProofValidatorOptions { AllowedAlgorithms = [JwsAlgorithm.PS256] });
        Assert.Equal(DpopStatus.AlgorithmNotAllowed, Validate(rsaOnly, es256Only));
        Assert.Throws<ArgumentException>(() => new DpopProofValidatorOptions { AllowedAlgorithms = [JwsAlgorithm.HS256] });
        Assert.Throws<ArgumentException>(() => new DpopProofValidatorOptions { AllowedAlgorithms = [JwsAlgorithm.None] });
    }

    [Theory]
    [InlineData("{\"alg\":\"ES256\",\"jwk\":JWK}", DpopStatus.InvalidType)]
    [InlineData("{\"typ\":\"JWT\",\"alg\":\"ES256\",\"jwk\":JWK}", DpopStatus.InvalidType)]
    [InlineData("{\"typ\":\"at+jwt\",\"alg\":\"ES256\",\"jwk\":JWK}", DpopStatus.InvalidType)]
    [InlineData("{\"typ\":\"application/dpop+jwt\",\"alg\":\"ES256\",\"jwk\":JWK}", DpopStatus.Valid)]
    [InlineData("{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\"}", DpopStatus.MissingKey)]
    [InlineData("{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":JWK,\"jwk\":JWK}", DpopStatus.Malformed)]
    [InlineData("{\"typ\":\"dpop+jwt\",\"alg\":\"ES384\",\"jwk\":JWK}", DpopStatus.KeyAlgorithmMismatch)]
    [InlineData("{\"typ\":\"dpop+jwt\",\"alg\":\"RS256\",\"jwk\":JWK}", DpopStatus.KeyAlgorithmMismatch)]
    [InlineData("{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AAAA\",\"y\":\"AAAA\"}}", DpopStatus.InvalidKey)]
    [InlineData("{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AAAA\"}}", DpopStatus.InvalidKey)]
    [InlineData("{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{\"crv\":\"P-256\"}}", DpopStatus.InvalidKey)]
    public void ChecksTheHeader(string header, DpopStatus expected) =>
        Assert.Equal(expected, Validate(Validator(), Mint(Claims(), header: header.Replace("JWK", PublicJwk(Client), StringComparison.Ordinal))));

    [Fact]
    public void RefusesAPointOffTheCurveAndDuplicateKeyMembers()
    {
        ECParameters p = Client.ExportParameters(false);
        byte[] y = (byte[])p.Q.Y!.Clone();
        y[^1] ^= 1;
        string offCurve = $"{{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"{TestTokens.B64(p.Q.X!)}\",\"y\":\"{TestTokens.B64(y)}\"}}";
        Assert.Equal(DpopStatus.InvalidKey, Validate(Validator(), Mint(Claims(), header: $"{{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{offCurve}}}")));

        string duplicate = PublicJwk(Client, extra: $",\"x\":\"{TestTokens.B64(p.Q.X!)}\"");
        Assert.Equal(DpopStatus.InvalidKey, Validate(Validator(), Mint(Claims(), header: $"{{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{duplicate}}}")));
    }

    [Fact]
    public void RefusesASignatureByAnotherKey()
    {
        string header = $"{{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{PublicJwk(Client)}}}";
        Assert.Equal(DpopStatus.BadSignature, Validate(Validator(), Mint(Claims(), Other, header)));
        string proof = Mint(Claims());
        Assert.Equal(DpopStatus.BadSignature, Validate(Validator(), proof[..^4] + (proof[^4] == 'A' ? "B" : "A") + proof[^3..]));
    }

    [Theory]
    [InlineData("{\"htm\":\"POST\",\"htu\":\"https://server.example.com/token\",\"iat\":1750000000}", DpopStatus.MissingClaim)]
    [InlineData("{\"jti\":\"j\",\"htu\":\"https://server.example.com/token\",\"iat\":1750000000}", DpopStatus.MissingClaim)]
    [InlineData("{\"jti\":\"j\",\"htm\":\"POST\",\"iat\":1750000000}", DpopStatus.MissingClaim)]
    [InlineData("{\"jti\":\"j\",\"htm\":\"POST\",\"htu\":\"https://server.example.com/token\"}", DpopStatus.MissingClaim)]
    [InlineData("{\"jti\":\"\",\"htm\":\"POST\",\"htu\":\"https://server.example.com/token\",\"iat\":1750000000}", DpopStatus.InvalidJti)]
    [InlineData("{\"jti\":1,\"htm\":\"POST\",\"htu\":\"https://server.example.com/token\",\"iat\":1750000000}", DpopStatus.InvalidClaims)]
    [InlineData("{\"jti\":\"j\",\"htm\":\"POST\",\"htu\":\"https://server.example.com/token\",\"iat\":\"1750000000\"}", DpopStatus.InvalidClaims)]
    [InlineData("{\"jti\":\"j\",\"htm\":\"GET\",\"htm\":\"POST\",\"htu\":\"https://server.example.com/token\",\"iat\":1750000000}", DpopStatus.InvalidClaims)]
    [InlineData("{\"jti\":\"j\",\"htm\":\"POST\",\"htu\":\"https://server.example.com/token\",\"iat\":1750000000}x", DpopStatus.InvalidClaims)]
    [InlineData("[1]", DpopStatus.InvalidClaims)]
    [InlineData("{\"jti\":\"j\",\"htm\":\"P\\u004fST\",\"htu\":\"https:\\/\\/server.example.com\\/token\",\"iat\":1750000000,\"x\":{\"a\":[1]}}", DpopStatus.Valid)]
    public void ChecksTheClaims(string claims, DpopStatus expected) =>
        Assert.Equal(expected, Validate(Validator(), Mint(claims)));

    [Fact]
    public void CapsTheJtiLength()
    {
        Assert.Equal(DpopStatus.Valid, Validate(Validator(), Mint(Claims(jti: new string('a', 128)))));
        Assert.Equal(DpopStatus.InvalidJti, Validate(Validator(), Mint(Claims(jti: new string('a', 129)))));
    }

    [Fact]
    public void RefusesMalformedProofs()
    {
        string proof = Mint(Claims());
        Assert.Equal(DpopStatus.Missing, Validate(Validator(), string.Empty));
        Assert.Equal(DpopStatus.Malformed, Validate(Validator(), proof + "." + proof));
        Assert.Equal(DpopStatus.Malformed, Validate(Validator(), proof + " "));
        Assert.Equal(DpopStatus.Malformed, Validate(Validator(), "a.b.c.d.e"));
        Assert.Equal(DpopStatus.TooLarge, Validate(Validator(), proof + new string('A', 9000)));
        Assert.Throws<ArgumentException>(() => Validator().Validate(Encoding.ASCII.GetBytes(proof), "POST", "https", "server.example.com", "/token", default, new byte[31]));
    }

    [Fact]
    public void AsksTheNonceHookWhenOneIsConfigured()
    {
        var options = new DpopProofValidatorOptions { NonceCheck = static nonce => nonce.SequenceEqual("n-1"u8) };
        Assert.Equal(DpopStatus.NonceRequired, Validate(Validator(options: options), Mint(Claims())));
        Assert.Equal(DpopStatus.InvalidNonce, Validate(Validator(options: options), Mint(Claims(extra: ",\"nonce\":\"n-2\""))));
        Assert.Equal(DpopStatus.Valid, Validate(Validator(options: options), Mint(Claims(extra: ",\"nonce\":\"n-1\""))));
        Assert.Equal(DpopStatus.InvalidClaims, Validate(Validator(options: options), Mint(Claims(extra: ",\"nonce\":1"))));

        // Without a hook the nonce is not looked at.
        Assert.Equal(DpopStatus.Valid, Validate(Validator(), Mint(Claims(extra: ",\"nonce\":\"anything\""))));
    }

    [Theory]
    [InlineData(JwsAlgorithm.RS256)]
    [InlineData(JwsAlgorithm.PS256)]
    [InlineData(JwsAlgorithm.PS512)]
    public void AcceptsRsaProofs(JwsAlgorithm algorithm)
    {
        RSAParameters p = TestTokens.Rsa.ExportParameters(false);
        string jwk = $"{{\"kty\":\"RSA\",\"e\":\"{TestTokens.B64(p.Exponent!)}\",\"n\":\"{TestTokens.B64(p.Modulus!)}\",\"kid\":\"r\",\"key_ops\":[\"verify\"]}}";
        string input = TestTokens.B64($"{{\"typ\":\"dpop+jwt\",\"alg\":\"{algorithm}\",\"jwk\":{jwk}}}") + "." + TestTokens.B64(Claims());
        string proof = input + "." + TestTokens.B64(TestTokens.SignInput(Encoding.ASCII.GetBytes(input), algorithm));
        Assert.Equal(DpopStatus.Valid, Validate(Validator(), proof, "POST", "https", "server.example.com", "/token", string.Empty, out string thumbprint));
        string canonical = $"{{\"e\":\"{TestTokens.B64(p.Exponent!)}\",\"kty\":\"RSA\",\"n\":\"{TestTokens.B64(p.Modulus!)}\"}}";
        Assert.Equal(Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))), thumbprint);
    }

    [Fact]
    public void RefusesShortRsaKeys()
    {
        using RSA small = RSA.Create(1024);
        RSAParameters p = small.ExportParameters(false);
        string jwk = $"{{\"kty\":\"RSA\",\"e\":\"{TestTokens.B64(p.Exponent!)}\",\"n\":\"{TestTokens.B64(p.Modulus!)}\"}}";
        string input = TestTokens.B64($"{{\"typ\":\"dpop+jwt\",\"alg\":\"RS256\",\"jwk\":{jwk}}}") + "." + TestTokens.B64(Claims());
        string proof = input + "." + TestTokens.B64(small.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal(DpopStatus.InvalidKey, Validate(Validator(), proof));
    }

    [Fact]
    public void WorksWithoutTheKeyCache()
    {
        DpopProofValidator validator = Validator(options: new DpopProofValidatorOptions { KeyCacheSize = 0 });
        Assert.Equal(DpopStatus.Valid, Validate(validator, Mint(Claims(jti: "a"))));
        Assert.Equal(DpopStatus.Valid, Validate(validator, Mint(Claims(jti: "b"))));
    }

    [Fact]
    public void AcceptsProofsFromManyThreads()
    {
        DpopProofValidator validator = Validator();
        string[] proofs = new string[64];
        for (int i = 0; i < proofs.Length; i++)
        {
            proofs[i] = Mint(Claims(jti: $"p-{i}"), i % 2 == 0 ? Client : Other, i % 2 == 0 ? null : $"{{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{PublicJwk(Other)}}}");
        }

        int valid = 0;
        Parallel.For(0, proofs.Length * 2, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            if (Validate(validator, proofs[i % proofs.Length]) == DpopStatus.Valid)
            {
                Interlocked.Increment(ref valid);
            }
        });

        Assert.Equal(proofs.Length, valid);
    }

    [Fact]
    public void AWarmValidationAllocatesNoMoreThanThePlatformVerify()
    {
        DpopProofValidator validator = Validator();
        byte[][] proofs = new byte[30][];
        for (int i = 0; i < proofs.Length; i++)
        {
            proofs[i] = Encoding.ASCII.GetBytes(Mint(Claims(jti: $"alloc-{i}", extra: $",\"ath\":\"{Ath("token")}\"")));
        }

        byte[] token = "token"u8.ToArray();
        Span<byte> print = stackalloc byte[32];
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(DpopStatus.Valid, validator.Validate(proofs[i], "POST", "https", "server.example.com", "/token", token, print));
        }

        // The bare platform verify of one proof-sized input, for the baseline.
        byte[] input = Encoding.ASCII.GetBytes("header.payload");
        byte[] signature = Client.SignData(input, HashAlgorithmName.SHA256);
        using ECDsa platform = ECDsa.Create(Client.ExportParameters(false));
        platform.VerifyData(input, signature, HashAlgorithmName.SHA256);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            platform.VerifyData(input, signature, HashAlgorithmName.SHA256);
        }

        long baseline = (GC.GetAllocatedBytesForCurrentThread() - before) / 20;

        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 5; i < 25; i++)
        {
            validator.Validate(proofs[i], "POST", "https", "server.example.com", "/token", token, print);
        }

        long allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / 20;
        output.WriteLine($"ES256 DPoP proof, cached key: {allocated} B per validation; bare ECDsa.VerifyData: {baseline} B");
        Assert.True(allocated <= baseline, $"{allocated} B against {baseline} B for the platform call alone");

        // Refusals before the signature allocate nothing at all.
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            validator.Validate(proofs[25], "GET", "https", "server.example.com", "/token", token, print);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ImportingAFreshKeyCostsAKilobyteOrSo()
    {
        DpopProofValidator validator = Validator(options: new DpopProofValidatorOptions { KeyCacheSize = 0 });
        byte[][] proofs = new byte[25][];
        for (int i = 0; i < proofs.Length; i++)
        {
            proofs[i] = Encoding.ASCII.GetBytes(Mint(Claims(jti: $"fresh-{i}")));
        }

        Span<byte> print = stackalloc byte[32];
        for (int i = 0; i < 5; i++)
        {
            validator.Validate(proofs[i], "POST", "https", "server.example.com", "/token", default, print);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 5; i < 25; i++)
        {
            Assert.Equal(DpopStatus.Valid, validator.Validate(proofs[i], "POST", "https", "server.example.com", "/token", default, print));
        }

        long allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / 20;
        output.WriteLine($"ES256 DPoP proof, key imported per proof: {allocated} B per validation");
        Assert.True(allocated < 8192, $"{allocated} B");
    }
}
