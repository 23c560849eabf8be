using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using ApiFilter.Policy;
using ApiFilter.Tokens;
using Base64Url = System.Buffers.Text.Base64Url;

namespace ApiFilter.Host;

/// <summary>
/// The demo's token issuer: an ES256 key made at start-up (never written anywhere) that signs
/// RFC 9068 access tokens for the demo contract's OAuth2 scheme, so a newcomer can call the
/// protected operations without an authorization server. The filter trusts only this key's
/// public half; tokens die with the process.
/// </summary>
internal sealed class DemoTokens : IDisposable
{
    public const string Issuer = "https://issuer.demo.apifilter.invalid";

    public const string Audience = "apifilter-demo-store";

    public const string KeyId = "demo-es256";

    /// <summary>The demo contract's OAuth2 scheme.</summary>
    public const string SchemeName = "storeAuth";

    /// <summary>How long the printed tokens stay valid: long enough to try them all, short enough to show they expire.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>
    /// The policy with the demo scheme's verification added: this issuer, this audience, ES256 only,
    /// this key, RFC 9068 access tokens. A policy file that configures the scheme itself wins.
    /// </summary>
    public FilterPolicy Configure(FilterPolicy policy)
    {
        if (policy.Auth.Schemes.ContainsKey(SchemeName))
        {
            return policy;
        }

        var schemes = new Dictionary<string, AuthSchemeSettings>(policy.Auth.Schemes, StringComparer.Ordinal)
        {
            [SchemeName] = new JwtBearerSettings
            {
                Issuers = [Issuer],
                Audiences = [Audience],
                Algorithms = [JwsAlgorithm.ES256],
                Keys = JsonWebKeySet.Parse(PublicKeySet()),
                RequireAccessTokenType = true,
                RequiredClaims = ["sub"],
            },
        };
        return policy with { Auth = policy.Auth with { Schemes = schemes } };
    }

    /// <summary>The tokens the demo prints: valid with both scopes, valid read-only, expired, and one signed by a stranger's key under this key's id.</summary>
    public DemoCredentials Examples(DateTimeOffset now)
    {
        using var stranger = new DemoTokens();
        return new DemoCredentials(
            Mint("demo-user", "orders:write orders:read", now, Lifetime),
            Mint("demo-user", "orders:read", now, Lifetime),
            Mint("demo-user", "orders:write orders:read", now - TimeSpan.FromHours(2), TimeSpan.FromHours(1)),
            stranger.Mint("demo-user", "orders:write orders:read", now, Lifetime));
    }

    /// <summary>The public key as a JWKS document (RFC 7517 section 5), what the filter verifies with.</summary>
    public byte[] PublicKeySet()
    {
        var parameters = _key.ExportParameters(includePrivateParameters: false);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            writer.WriteStartObject();
            writer.WriteString("kty", "EC");
            writer.WriteString("crv", "P-256");
            writer.WriteString("kid", KeyId);
            writer.WriteString("use", "sig");
            writer.WriteString("alg", "ES256");
            writer.WriteString("x", Base64Url.EncodeToString(parameters.Q.X));
            writer.WriteString("y", Base64Url.EncodeToString(parameters.Q.Y));
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Mints an access token (JWS compact, ES256, <c>typ: at+jwt</c>) with <paramref name="scope"/>, valid from <paramref name="issuedAt"/> for <paramref name="lifetime"/>.</summary>
    public string Mint(string subject, string scope, DateTimeOffset issuedAt, TimeSpan lifetime)
    {
        var header = Json(writer =>
        {
            writer.WriteString("alg", "ES256");
            writer.WriteString("typ", "at+jwt");
            writer.WriteString("kid", KeyId);
        });
        var claims = Json(writer =>
        {
            writer.WriteString("iss", Issuer);
            writer.WriteString("aud", Audience);
            writer.WriteString("sub", subject);
            writer.WriteString("client_id", "demo-client");
            writer.WriteString("scope", scope);
            writer.WriteNumber("iat", issuedAt.ToUnixTimeSeconds());
            writer.WriteNumber("exp", (issuedAt + lifetime).ToUnixTimeSeconds());
            writer.WriteString("jti", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        });
        var signingInput = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(claims);
        // .NET's ECDsa signs in IEEE P1363 form (r || s), which is the JWS form (RFC 7518 section 3.4)
        var signature = _key.SignData(System.Text.Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    public void Dispose() => _key.Dispose();

    private static byte[] Json(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
