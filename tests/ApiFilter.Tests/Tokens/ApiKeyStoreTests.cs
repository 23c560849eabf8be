using System.Security.Cryptography;
using System.Text;
using ApiFilter.Tokens;

namespace ApiFilter.Tests.Tokens;

public sealed class ApiKeyStoreTests
{
    [Fact]
    public void A_hash_line_round_trips_and_only_its_key_verifies()
    {
        var text = "# clients\n" + ApiKeyStore.HashLine("key-one", "billing") + "\r\n\n" + ApiKeyStore.HashLine("key-two") + "\n";
        var store = ApiKeyStore.Parse(text, "keys.txt");
        Assert.Equal(2, store.Count);
        Assert.Equal(["billing", ""], store.Labels);
        Assert.True(store.Verify("key-one"));
        Assert.True(store.Verify("key-two".AsSpan()));
        Assert.Equal(1, store.Find("key-two"u8));
        Assert.False(store.Verify("key-three"));
        Assert.False(store.Verify("KEY-ONE"));
        Assert.False(store.Verify(""));
        Assert.False(store.Verify(new string('k', ApiKeyStore.MaxKeyBytes + 1)));
    }

    [Fact]
    public void The_line_is_the_lower_case_hex_sha256_of_the_utf8_key()
    {
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("clé")));
        Assert.Equal(expected + " mobile", ApiKeyStore.HashLine("clé", " mobile "));
        Assert.True(ApiKeyStore.Parse(expected, "k").Verify("clé"));
    }

    [Theory]
    [InlineData("plain-key-pasted-by-mistake")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678")]
    [InlineData("")]
    [InlineData("# only a comment")]
    public void Anything_but_hash_lines_is_refused_without_echoing_the_line(string text)
    {
        var e = Assert.Throws<FormatException>(() => ApiKeyStore.Parse(text, "keys.txt"));
        Assert.StartsWith("keys.txt: ", e.Message, StringComparison.Ordinal);
        if (text.Length > 0)
        {
            Assert.DoesNotContain(text, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Create_keeps_only_hashes_and_needs_a_key()
    {
        Assert.True(ApiKeyStore.Create("a-key").Verify("a-key"));
        Assert.Throws<ArgumentException>(() => ApiKeyStore.Create());
        Assert.Throws<ArgumentException>(() => ApiKeyStore.Create(""));
    }

    [Fact]
    public void Checking_a_key_allocates_nothing()
    {
        var store = ApiKeyStore.Create("k1", "k2", "k3");
        Assert.True(store.Verify("k3"));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            store.Verify("k3");
            store.Verify("nope");
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
