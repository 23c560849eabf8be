using System.Security.Cryptography;
using System.Text;
using ApiFilter.Tokens;
using BenchmarkDotNet.Attributes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ApiFilter.Benchmarks.Tokens;

/// <summary>
/// One access token checked end to end: signature, issuer, audience, expiry. Ours is JwsReader + JwsVerifier +
/// JwtClaimsPolicy over the token bytes; the peer is JsonWebTokenHandler.ValidateTokenAsync with equivalent
/// TokenValidationParameters (same key, algorithm, issuer, audience, lifetime check) over the token string.
/// </summary>
[MemoryDiagnoser]
public class JwtVerifyBenchmarks
{
    private const string Issuer = "https://issuer.example";
    private const string Audience = "api://orders";

    private byte[] _token = [];
    private string _tokenString = string.Empty;
    private JwtValidator _validator = null!;
    private JsonWebTokenHandler _handler = null!;
    private TokenValidationParameters _parameters = null!;

    /// <summary>The signing algorithm.</summary>
    [Params("RS256", "ES256", "HS256")]
    public string Algorithm { get; set; } = "RS256";

    [GlobalSetup]
    public void Setup()
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string header = $"{{\"alg\":\"{Algorithm}\",\"kid\":\"k1\",\"typ\":\"at+jwt\"}}";
        string claims = $"{{\"iss\":\"{Issuer}\",\"sub\":\"alice\",\"aud\":\"{Audience}\",\"exp\":{now + 3600},\"iat\":{now - 10},\"scope\":\"orders:read orders:write\",\"client_id\":\"c1\",\"jti\":\"abc\"}}";
        string input = B64(Encoding.UTF8.GetBytes(header)) + "." + B64(Encoding.UTF8.GetBytes(claims));
        byte[] inputBytes = Encoding.ASCII.GetBytes(input);

        string jwk;
        byte[] signature;
        SecurityKey peerKey;
        switch (Algorithm)
        {
            case "RS256":
                {
                    var rsa = RSA.Create(2048);
                    RSAParameters p = rsa.ExportParameters(false);
                    jwk = $"{{\"kty\":\"RSA\",\"kid\":\"k1\",\"n\":\"{B64(p.Modulus!)}\",\"e\":\"{B64(p.Exponent!)}\"}}";
                    signature = rsa.SignData(inputBytes, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                    peerKey = new RsaSecurityKey(p) { KeyId = "k1" };
                    break;
                }

            case "ES256":
                {
                    var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                    ECParameters p = ec.ExportParameters(false);
                    jwk = $"{{\"kty\":\"EC\",\"kid\":\"k1\",\"crv\":\"P-256\",\"x\":\"{B64(p.Q.X!)}\",\"y\":\"{B64(p.Q.Y!)}\"}}";
                    signature = ec.SignData(inputBytes, HashAlgorithmName.SHA256);
                    peerKey = new ECDsaSecurityKey(ECDsa.Create(p)) { KeyId = "k1" };
                    break;
                }

            default:
                {
                    byte[] secret = RandomNumberGenerator.GetBytes(32);
                    jwk = $"{{\"kty\":\"oct\",\"kid\":\"k1\",\"k\":\"{B64(secret)}\"}}";
                    signature = HMACSHA256.HashData(secret, inputBytes);
                    peerKey = new SymmetricSecurityKey(secret) { KeyId = "k1" };
                    break;
                }
        }

        _tokenString = input + "." + B64(signature);
        _token = Encoding.ASCII.GetBytes(_tokenString);
        JwsAlgorithm algorithm = Enum.Parse<JwsAlgorithm>(Algorithm);
        var verifier = new JwsVerifier(ApiFilter.Tokens.JsonWebKeySet.Parse(Encoding.UTF8.GetBytes("{\"keys\":[" + jwk + "]}")), new JwsVerifierOptions { AllowedAlgorithms = [algorithm] });
        _validator = new JwtValidator(verifier, new JwtClaimsPolicy([Issuer], [Audience]) { ClockSkew = TimeSpan.FromMinutes(1) });
        _handler = new JsonWebTokenHandler();
        _parameters = new TokenValidationParameters
        {
            IssuerSigningKey = peerKey,
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            ValidAlgorithms = [Algorithm],
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromMinutes(1),
        };

        if (Ours() != TokenValidationStatus.Valid || !IdentityModel().GetAwaiter().GetResult())
        {
            throw new InvalidOperationException("The benchmark token must be accepted by both.");
        }
    }

    /// <summary>Read, verify and validate the claims with this library (JwtValidator: JwsReader, JwsVerifier, JwtClaimsPolicy).</summary>
    [Benchmark(Baseline = true)]
    public TokenValidationStatus Ours()
    {
        Span<byte> scratch = stackalloc byte[JwtClaimsPolicy.StackScratchSize];
        TokenValidationStatus status = _validator.Validate(_token, scratch, out JwtClaims claims);
        claims.Dispose();
        return status;
    }

    /// <summary>JsonWebTokenHandler.ValidateTokenAsync with equivalent parameters.</summary>
    [Benchmark]
    public async Task<bool> IdentityModel()
    {
        TokenValidationResult result = await _handler.ValidateTokenAsync(_tokenString, _parameters).ConfigureAwait(false);
        return result.IsValid;
    }

    private static string B64(byte[] bytes) => ApiFilter.Tokens.Base64Url.EncodeToString(bytes);
}
