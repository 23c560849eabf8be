using ApiFilter.Tokens;

namespace ApiFilter.Tests.Tokens;

/// <summary>AES Key Wrap against the RFC 3394 section 4 test vectors, and its refusals.</summary>
public sealed class AesKeyWrapTests
{
    private const string Kek256 = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";

    // RFC 3394 section 4.1-4.6: KEK, key data, ciphertext.
    public static TheoryData<string, string, string, string> Vectors => new()
    {
        { "4.1", "000102030405060708090A0B0C0D0E0F", "00112233445566778899AABBCCDDEEFF", "1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5" },
        { "4.2", "000102030405060708090A0B0C0D0E0F1011121314151617", "00112233445566778899AABBCCDDEEFF", "96778B25AE6CA435F92B5B97C050AED2468AB8A17AD84E5D" },
        { "4.3", Kek256, "00112233445566778899AABBCCDDEEFF", "64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7" },
        { "4.4", "000102030405060708090A0B0C0D0E0F1011121314151617", "00112233445566778899AABBCCDDEEFF0001020304050607", "031D33264E15D33268F24EC260743EDCE1C6C7DDEE725A936BA814915C6762D2" },
        { "4.5", Kek256, "00112233445566778899AABBCCDDEEFF0001020304050607", "A8F9BC1612C68B3FF6E6F4FBE30E71E4769C8B80A32CB8958CD5D17D6B254DA1" },
        { "4.6", Kek256, "00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F", "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void WrapGivesTheRfcCiphertext(string section, string kek, string keyData, string ciphertext)
    {
        byte[] data = Convert.FromHexString(keyData);
        byte[] wrapped = new byte[data.Length + AesKeyWrap.SemiblockSize];
        AesKeyWrap.Wrap(Convert.FromHexString(kek), data, wrapped);
        Assert.True(ciphertext == Convert.ToHexString(wrapped), section);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void UnwrapGivesTheRfcKeyData(string section, string kek, string keyData, string ciphertext)
    {
        byte[] wrapped = Convert.FromHexString(ciphertext);
        byte[] data = new byte[wrapped.Length - AesKeyWrap.SemiblockSize];
        Assert.True(AesKeyWrap.TryUnwrap(Convert.FromHexString(kek), wrapped, data), section);
        Assert.Equal(keyData, Convert.ToHexString(data));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void AnyFlippedBitFailsTheIntegrityCheckAndLeavesNothing(string section, string kek, string keyData, string ciphertext)
    {
        _ = keyData;
        byte[] original = Convert.FromHexString(ciphertext);
        for (int bit = 0; bit < original.Length * 8; bit += 5)
        {
            byte[] wrapped = (byte[])original.Clone();
            wrapped[bit / 8] ^= (byte)(1 << (bit % 8));
            byte[] data = new byte[wrapped.Length - AesKeyWrap.SemiblockSize];
            Assert.False(AesKeyWrap.TryUnwrap(Convert.FromHexString(kek), wrapped, data), $"{section} bit {bit}");
            Assert.All(data, b => Assert.Equal(0, b));
        }
    }

    [Fact]
    public void WrongKeyFails()
    {
        byte[] wrapped = Convert.FromHexString("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5");
        byte[] kek = Convert.FromHexString("000102030405060708090A0B0C0D0E0E");
        Assert.False(AesKeyWrap.TryUnwrap(kek, wrapped, new byte[16]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(23)]
    public void BadWrappedLengthsAreRefusedWithoutThrowing(int length)
    {
        Assert.False(AesKeyWrap.TryUnwrap(new byte[16], new byte[length], new byte[64]));
    }

    [Fact]
    public void TooShortDestinationIsRefused()
    {
        byte[] wrapped = Convert.FromHexString("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5");
        Assert.False(AesKeyWrap.TryUnwrap(Convert.FromHexString("000102030405060708090A0B0C0D0E0F"), wrapped, new byte[15]));
    }

    [Fact]
    public void BadKekAndKeyDataSizesThrowOnTheConfigurationSide()
    {
        Assert.Throws<ArgumentException>(() => AesKeyWrap.Wrap(new byte[15], new byte[16], new byte[24]));
        Assert.Throws<ArgumentException>(() => AesKeyWrap.Wrap(new byte[16], new byte[12], new byte[20]));
        Assert.Throws<ArgumentException>(() => AesKeyWrap.Wrap(new byte[16], new byte[16], new byte[23]));
        Assert.Throws<ArgumentException>(() => AesKeyWrap.TryUnwrap(new byte[20], new byte[24], new byte[16]));
    }
}
