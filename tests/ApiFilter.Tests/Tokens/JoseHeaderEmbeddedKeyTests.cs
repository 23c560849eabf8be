using System.Text;
using ApiFilter.Tokens;

namespace ApiFilter.Tests.Tokens;

public sealed class JoseHeaderEmbeddedKeyTests
{
    private static string EmbeddedKey(string header)
    {
        string token = TestTokens.B64(header) + "." + TestTokens.B64("{}") + "." + TestTokens.B64(new byte[8]);
        Span<byte> buffer = stackalloc byte[JwsReader.StackBufferSize];
        Assert.Equal(TokenValidationStatus.Valid, JwsReader.TryRead(Encoding.UTF8.GetBytes(token), buffer, JwsReaderLimits.Default, out JwsReader reader));
        string json = Encoding.UTF8.GetString(reader.Header.EmbeddedKeyJson);
        reader.Dispose();
        return json;
    }

    [Fact]
    public void ExposesTheRawJwkMemberText()
    {
        const string Jwk = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"a\\u0062\",\"key_ops\":[\"verify\"]}";
        Assert.Equal(Jwk, EmbeddedKey("{\"alg\":\"ES256\",\"jwk\":" + Jwk + ",\"typ\":\"dpop+jwt\"}"));
        Assert.Equal(Jwk, EmbeddedKey("{\"jwk\": " + Jwk + " ,\"alg\":\"ES256\"}"));
    }

    [Fact]
    public void IsEmptyWithoutAJwk() => Assert.Equal(string.Empty, EmbeddedKey("{\"alg\":\"ES256\",\"kid\":\"k\"}"));
}
