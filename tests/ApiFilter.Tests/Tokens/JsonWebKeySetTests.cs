using System.Text;
using ApiFilter.Tokens;

namespace ApiFilter.Tests.Tokens;

public sealed class JsonWebKeySetTests
{
    private static JsonWebKeySet Parse(string json) => JsonWebKeySet.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void ComputesTheRfc7638Section31Thumbprint()
    {
        JsonWebKey key = Assert.Single(Parse(RfcVectors.Rfc7638Key).Keys);
        Assert.Equal(RfcVectors.Rfc7638Thumbprint, key.Thumbprint);
        Assert.Equal("2011-04-29", key.KeyId);
        Assert.Equal(JwsAlgorithm.RS256, key.Algorithm);
        Assert.Equal(2048, key.KeySizeInBits);
    }

    [Fact]
    public void ThumbprintsIgnoreMembersOutsideTheRequiredOnes()
    {
        // RFC 7638 section 3.2: only "e", "kty", "n" count, so "kid", "use" and "alg" change nothing.
        string bare = RfcVectors.Rfc7638Key.Replace(",\"alg\":\"RS256\",\"kid\":\"2011-04-29\"", string.Empty, StringComparison.Ordinal);
        Assert.Equal(RfcVectors.Rfc7638Thumbprint, Assert.Single(Parse(bare).Keys).Thumbprint);
    }

    [Fact]
    public void ReadsAllKeyTypesAndTheirRestrictions()
    {
        JsonWebKeySet set = Parse("{\"keys\":[" + RfcVectors.Rfc7520RsaKey + "," + RfcVectors.Rfc7520P521Key + "," + RfcVectors.Rfc7520HmacKey + "]}");
        Assert.Equal(3, set.Keys.Count);
        Assert.Equal(JsonWebKeyType.Rsa, set.Keys[0].KeyType);
        Assert.Equal("sig", set.Keys[0].Use);
        Assert.Equal(JsonWebKeyType.EllipticCurve, set.Keys[1].KeyType);
        Assert.Equal(JsonWebKeyCurve.P521, set.Keys[1].Curve);
        Assert.Equal(521, set.Keys[1].KeySizeInBits);
        Assert.Equal(JsonWebKeyType.Octet, set.Keys[2].KeyType);
        Assert.Equal(JwsAlgorithm.HS256, set.Keys[2].Algorithm);
        Assert.True(set.HasSharedSecret);
        Assert.Same(set.Keys[2], set.FindByKeyId("018c0ae5-4d9b-471b-bfd6-eef314bc7037"));
        Assert.Null(set.FindByKeyId("nobody"));
    }

    [Fact]
    public void SkipsKeyTypesItDoesNotUse()
    {
        // RFC 7517 section 5: members of a set with an unknown "kty" are ignored. Ed25519 (OKP) has no .NET 10 API.
        JsonWebKeySet set = Parse("{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}," + RfcVectors.Rfc7515P256Key + "]}");
        Assert.Single(set.Keys);
        Assert.Equal(1, set.IgnoredKeyCount);
        Assert.False(set.HasSharedSecret);
    }

    [Fact]
    public void ReadsUseAndKeyOperations()
    {
        JsonWebKeySet set = Parse("{\"keys\":[" + TestTokens.RsaJwk("a", ",\"use\":\"enc\"") + "," + TestTokens.RsaJwk("b", ",\"key_ops\":[\"sign\",\"verify\"]") + "," + TestTokens.RsaJwk("c", ",\"key_ops\":[\"encrypt\"]") + "]}");
        Assert.False(set.Keys[0].CanVerify);
        Assert.True(set.Keys[1].CanVerify);
        Assert.Equal(["sign", "verify"], set.Keys[1].KeyOperations);
        Assert.False(set.Keys[2].CanVerify);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"keys\":{}}")]
    [InlineData("{\"keys\":[{\"kty\":\"RSA\",\"e\":\"AQAB\"}]}")] // no modulus
    [InlineData("{\"keys\":[{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}")] // 17-bit modulus
    [InlineData("{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256K\",\"x\":\"AA\",\"y\":\"AA\"}]}")] // unsupported curve
    [InlineData("{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AAAA\",\"y\":\"AAAA\"}]}")] // short coordinates
    [InlineData("{\"keys\":[{\"kty\":\"oct\",\"k\":\"\"}]}")] // empty secret
    [InlineData("{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0==\"}]}")] // padded base64
    [InlineData("{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\",\"k\":\"b3RoZXI\"}]}")] // duplicate member
    [InlineData("{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\",\"key_ops\":[\"verify\",\"verify\"]}]}")] // duplicate key_ops
    [InlineData("{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\",\"kid\":7}]}")] // kid not a string
    public void RefusesMalformedKeysLoudly(string json) =>
        Assert.Throws<JsonWebKeyException>(() => Parse(json));

    [Fact]
    public void RefusesAPointNotOnTheCurve()
    {
        // RFC 7515 A.3's x with a y shifted by one: import validates the point, closing the invalid-curve attack.
        string bad = RfcVectors.Rfc7515P256Key.Replace("x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0", "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a4", StringComparison.Ordinal);
        Assert.Throws<JsonWebKeyException>(() => Parse(bad));
    }

    [Fact]
    public void LoadsAKeySetFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"jwks-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\"keys\":[" + RfcVectors.Rfc7638Key + "]}");
        try
        {
            Assert.Equal(RfcVectors.Rfc7638Thumbprint, Assert.Single(JsonWebKeySet.Load(path).Keys).Thumbprint);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SharedSecretsFromConfigurationAreOctKeys()
    {
        JsonWebKey key = JsonWebKey.CreateSharedSecret(TestTokens.Secret, "cfg", JwsAlgorithm.HS512);
        Assert.Equal(JsonWebKeyType.Octet, key.KeyType);
        Assert.Equal(JwsAlgorithm.HS512, key.Algorithm);
        Assert.Equal(512, key.KeySizeInBits);
        Assert.Throws<JsonWebKeyException>(() => JsonWebKey.CreateSharedSecret(TestTokens.Secret, "cfg", JwsAlgorithm.RS256));
        Assert.Throws<JsonWebKeyException>(() => JsonWebKey.CreateSharedSecret([], "cfg"));
    }
}
