using System.Text;
using ApiFilter.Tokens;

namespace ApiFilter.Tests.Tokens;

public sealed class Base64UrlTests
{
    private static (Base64UrlDecodeStatus Status, byte[] Bytes) Decode(string text)
    {
        byte[] source = Encoding.UTF8.GetBytes(text);
        byte[] destination = new byte[source.Length];
        Base64UrlDecodeStatus status = Base64Url.TryDecode(source, destination, out int written);
        return (status, destination[..written]);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("Zg", "f")]
    [InlineData("Zm8", "fo")]
    [InlineData("Zm9v", "foo")]
    [InlineData("Zm9vYg", "foob")]
    [InlineData("Zm9vYmE", "fooba")]
    [InlineData("Zm9vYmFy", "foobar")]
    public void DecodesTheRfc4648Section10Vectors(string encoded, string expected)
    {
        (Base64UrlDecodeStatus status, byte[] bytes) = Decode(encoded);
        Assert.Equal(Base64UrlDecodeStatus.Done, status);
        Assert.Equal(expected, Encoding.ASCII.GetString(bytes));
        Assert.Equal(encoded, Base64Url.EncodeToString(bytes));
    }

    [Fact]
    public void UsesTheUrlSafeAlphabet()
    {
        (Base64UrlDecodeStatus status, byte[] bytes) = Decode("-_-_");
        Assert.Equal(Base64UrlDecodeStatus.Done, status);
        Assert.Equal(new byte[] { 0xFB, 0xFF, 0xBF }, bytes);
    }

    [Theory]
    [InlineData("Zg==")]
    [InlineData("Zm8=")]
    [InlineData("Zm9v\n")]
    [InlineData("Zm 9v")]
    [InlineData("Zm9v+A")]
    [InlineData("Zm9v/A")]
    [InlineData("Zm9\u00e9")]
    [InlineData("Zm9v\0A")]
    public void RefusesPaddingWhitespaceAndForeignCharacters(string encoded) =>
        Assert.NotEqual(Base64UrlDecodeStatus.Done, Decode(encoded).Status);

    [Theory]
    [InlineData("Zh")] // 'h' leaves low bits set where "Zg" is the canonical spelling of "f"
    [InlineData("Zm9")] // '9' has its low two bits set where "Zm8" is canonical for "fo"
    public void RefusesNonCanonicalTrailingBits(string encoded) =>
        Assert.Equal(Base64UrlDecodeStatus.NonCanonical, Decode(encoded).Status);

    [Theory]
    [InlineData("Z")]
    [InlineData("Zm9vY")]
    public void RefusesALengthNoInputHas(string encoded) =>
        Assert.Equal(Base64UrlDecodeStatus.InvalidLength, Decode(encoded).Status);

    [Fact]
    public void ReportsAShortDestination()
    {
        Assert.Equal(Base64UrlDecodeStatus.DestinationTooSmall, Base64Url.TryDecode("Zm9v"u8, new byte[2], out int written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void RoundTripsEveryLengthAndByte()
    {
        var random = new Random(7515);
        for (int length = 0; length < 70; length++)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            string encoded = Base64Url.EncodeToString(data);
            Assert.Equal(Base64Url.GetEncodedLength(length), encoded.Length);
            Assert.Equal(length, Base64Url.GetDecodedLength(encoded.Length));
            (Base64UrlDecodeStatus status, byte[] bytes) = Decode(encoded);
            Assert.Equal(Base64UrlDecodeStatus.Done, status);
            Assert.Equal(data, bytes);
        }
    }
}
