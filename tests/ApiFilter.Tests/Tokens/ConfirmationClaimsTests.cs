using System.Text;
using ApiFilter.Tokens;

namespace ApiFilter.Tests.Tokens;

/// <summary>"cnf" (RFC 7800) with the "jkt" (RFC 9449 section 6.1) and "x5t#S256" (RFC 8705 section 3.1) members.</summary>
public sealed class ConfirmationClaimsTests
{
    private const long Now = 1_750_000_000;

    private static readonly JwtClaimsPolicy Policy = new(["https://server.example.com"], ["api://orders"])
    {
        TimeProvider = new FixedTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Now)),
    };

    private static TokenValidationStatus Validate(string extra, out string jkt, out string x5t, out bool present)
    {
        byte[] payload = Encoding.UTF8.GetBytes(
            $"{{\"sub\":\"someone@example.com\",\"iss\":\"https://server.example.com\",\"aud\":\"api://orders\",\"exp\":{Now + 60}{extra}}}");
        Span<byte> scratch = stackalloc byte[JwtClaimsPolicy.StackScratchSize];
        TokenValidationStatus status = Policy.Validate(payload, default, scratch, out JwtClaims claims);
        jkt = Encoding.UTF8.GetString(claims.ConfirmationKeyThumbprint);
        x5t = Encoding.UTF8.GetString(claims.ConfirmationCertificateThumbprint);
        present = claims.HasConfirmation;
        claims.Dispose();
        return status;
    }

    [Fact]
    public void ReadsTheRfc9449Section61Thumbprint()
    {
        Assert.Equal(TokenValidationStatus.Valid, Validate(",\"cnf\":{\"jkt\":\"0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I\"}", out string jkt, out string x5t, out bool present));
        Assert.Equal("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I", jkt);
        Assert.Equal(string.Empty, x5t);
        Assert.True(present);
    }

    [Fact]
    public void ReadsTheCertificateThumbprintAndSkipsOtherMethods()
    {
        string extra = ",\"cnf\":{\"jwk\":{\"kty\":\"EC\",\"key_ops\":[\"verify\"]},\"x5t#S256\":\"bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2\",\"kid\":\"k\"}";
        Assert.Equal(TokenValidationStatus.Valid, Validate(extra, out string jkt, out string x5t, out bool present));
        Assert.Equal(string.Empty, jkt);
        Assert.Equal("bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2", x5t);
        Assert.True(present);
    }

    [Fact]
    public void UnescapesMemberNamesAndValues()
    {
        Assert.Equal(TokenValidationStatus.Valid, Validate(",\"cnf\":{\"x5t\\u0023S256\":\"a\\u0062c\",\"j\\u006bt\":\"x\"}", out string jkt, out string x5t, out _));
        Assert.Equal("x", jkt);
        Assert.Equal("abc", x5t);
    }

    [Fact]
    public void NoConfirmationMeansEmptyViews()
    {
        Assert.Equal(TokenValidationStatus.Valid, Validate(string.Empty, out string jkt, out string x5t, out bool present));
        Assert.Equal(string.Empty, jkt);
        Assert.Equal(string.Empty, x5t);
        Assert.False(present);
    }

    [Theory]
    [InlineData(",\"cnf\":\"0ZcOCORZNYy\"")]
    [InlineData(",\"cnf\":[\"jkt\"]")]
    [InlineData(",\"cnf\":null")]
    [InlineData(",\"cnf\":{\"jkt\":42}")]
    [InlineData(",\"cnf\":{\"jkt\":{\"a\":1}}")]
    [InlineData(",\"cnf\":{\"x5t#S256\":[\"a\"]}")]
    [InlineData(",\"cnf\":{\"x5t#S256\":null}")]
    public void RefusesWrongTypes(string extra) =>
        Assert.Equal(TokenValidationStatus.InvalidClaims, Validate(extra, out _, out _, out _));

    [Theory]
    [InlineData(",\"cnf\":{\"jkt\":\"a\",\"jkt\":\"b\"}")]
    [InlineData(",\"cnf\":{\"jkt\":\"a\",\"j\\u006bt\":\"b\"}")]
    [InlineData(",\"cnf\":{\"kid\":\"a\",\"kid\":\"b\"}")]
    [InlineData(",\"cnf\":{\"jkt\":\"a\"},\"cnf\":{\"jkt\":\"b\"}")]
    public void RefusesDuplicateMembers(string extra) =>
        Assert.Equal(TokenValidationStatus.DuplicateClaim, Validate(extra, out _, out _, out _));

    [Fact]
    public void RefusesTooManyOrTooDeepMembers()
    {
        var many = new StringBuilder(",\"cnf\":{");
        for (int i = 0; i < 17; i++)
        {
            many.Append(i == 0 ? string.Empty : ",").Append($"\"m{i}\":1");
        }

        Assert.Equal(TokenValidationStatus.InvalidClaims, Validate(many.Append('}').ToString(), out _, out _, out _));
        Assert.Equal(TokenValidationStatus.InvalidClaims, Validate(",\"cnf\":{\"a\":[[[[[[[[1]]]]]]]]}", out _, out _, out _));
    }

    [Fact]
    public void ReadingConfirmationAllocatesNothing()
    {
        byte[] payload = Encoding.UTF8.GetBytes(
            $"{{\"iss\":\"https://server.example.com\",\"aud\":\"api://orders\",\"exp\":{Now + 60},\"cnf\":{{\"jkt\":\"0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I\",\"x5t#S256\":\"abc\"}}}}");
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(TokenValidationStatus.Valid, Run(payload));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            Run(payload);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        static TokenValidationStatus Run(byte[] payload)
        {
            Span<byte> scratch = stackalloc byte[JwtClaimsPolicy.StackScratchSize];
            TokenValidationStatus status = Policy.Validate(payload, default, scratch, out JwtClaims claims);
            if (claims.ConfirmationKeyThumbprint.Length != 43)
            {
                status = TokenValidationStatus.InvalidClaims;
            }

            claims.Dispose();
            return status;
        }
    }
}
