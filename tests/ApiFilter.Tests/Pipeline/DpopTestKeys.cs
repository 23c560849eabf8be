using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ApiFilter.Tests.Tokens;
using ApiFilter.Tokens;

namespace ApiFilter.Tests.Pipeline;

/// <summary>A DPoP client key (P-256) that mints proofs, and client certificates for RFC 8705 bindings.</summary>
internal sealed class DpopTestKeys
{
    public static readonly DpopTestKeys Client = new();
    public static readonly DpopTestKeys Other = new();

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>The RFC 7638 thumbprint, as a token's <c>cnf.jkt</c>.</summary>
    public string Jkt
    {
        get
        {
            var p = _key.ExportParameters(false);
            var canonical = $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{TestTokens.B64(p.Q.X!)}\",\"y\":\"{TestTokens.B64(p.Q.Y!)}\"}}";
            return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        }
    }

    public string Proof(string method, string htu, string accessToken, long iat, string? jti = null)
    {
        var p = _key.ExportParameters(false);
        var jwk = $"{{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"{TestTokens.B64(p.Q.X!)}\",\"y\":\"{TestTokens.B64(p.Q.Y!)}\"}}";
        var header = $"{{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{jwk}}}";
        var ath = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)));
        var claims = $"{{\"jti\":\"{jti ?? Guid.NewGuid().ToString("N")}\",\"htm\":\"{method}\",\"htu\":\"{htu}\",\"iat\":{iat},\"ath\":\"{ath}\"}}";
        var input = TestTokens.B64(header) + "." + TestTokens.B64(claims);
        return input + "." + TestTokens.B64(_key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256));
    }

    public static X509Certificate2 Certificate(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + subject, key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>The RFC 8705 <c>x5t#S256</c> of <paramref name="certificate"/>.</summary>
    public static string X5t(X509Certificate2 certificate) => Base64Url.EncodeToString(SHA256.HashData(certificate.RawData));
}
