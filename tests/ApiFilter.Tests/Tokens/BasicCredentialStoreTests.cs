using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using ApiFilter.Tokens;

namespace ApiFilter.Tests.Tokens;

public sealed class BasicCredentialStoreTests
{
    private static readonly Lazy<BasicCredentialStore> Store = new(() => BasicCredentialStore.Parse(
        "# users\n" + BasicCredentialStore.HashLine("alice", "correct horse", BasicCredentialStore.MinIterations) + "\n"
        + BasicCredentialStore.HashLine("böb", "pässword", BasicCredentialStore.MinIterations) + "\n", "users.txt"));

    [Fact]
    public void Only_the_right_password_of_a_known_user_verifies()
    {
        var store = Store.Value;
        Assert.Equal(2, store.Count);
        Assert.True(store.Verify("alice"u8, "correct horse"u8));
        Assert.True(store.Verify(Encoding.UTF8.GetBytes("böb"), Encoding.UTF8.GetBytes("pässword")));
        Assert.False(store.Verify("alice"u8, "correct horse "u8));
        Assert.False(store.Verify("alice"u8, ""u8));
        Assert.False(store.Verify("carol"u8, "correct horse"u8));
        Assert.False(store.Verify("Alice"u8, "correct horse"u8));
    }

    [Fact]
    public void A_line_is_salted_pbkdf2_sha256()
    {
        var line = BasicCredentialStore.HashLine("u", "p", 100_001);
        var parts = line["u:".Length..].Split('$');
        Assert.Equal(("pbkdf2-sha256", "100001"), (parts[0], parts[1]));
        var expected = Rfc2898DeriveBytes.Pbkdf2("p"u8, Convert.FromBase64String(parts[2]), 100_001, HashAlgorithmName.SHA256, 32);
        Assert.Equal(expected, Convert.FromBase64String(parts[3]));
        Assert.NotEqual(line, BasicCredentialStore.HashLine("u", "p", 100_001));
    }

    [Theory]
    [InlineData("alice:pbkdf2-sha256$99999$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "at least 100000")]
    [InlineData("alice:pbkdf2-sha1$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "expected pbkdf2-sha256$")]
    [InlineData("alice:pbkdf2-sha256$100000$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "salt must have at least 16 bytes")]
    [InlineData("alice:pbkdf2-sha256$100000$!!$??", "base64")]
    [InlineData("alice", "expected user:")]
    [InlineData("", "no user")]
    public void Weak_or_malformed_lines_are_refused(string text, string problem)
    {
        var e = Assert.Throws<FormatException>(() => BasicCredentialStore.Parse(text, "users.txt"));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_listed_twice_is_refused()
    {
        var line = BasicCredentialStore.HashLine("alice", "x", BasicCredentialStore.MinIterations);
        Assert.Contains("listed twice", Assert.Throws<FormatException>(() => BasicCredentialStore.Parse(line + "\n" + line, "u")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_id_with_a_colon_or_too_few_iterations_is_not_hashed()
    {
        Assert.Throws<ArgumentException>(() => BasicCredentialStore.HashLine("a:b", "p"));
        Assert.Throws<ArgumentOutOfRangeException>(() => BasicCredentialStore.HashLine("a", "p", 1000));
    }

    [Fact]
    public void An_unknown_user_costs_a_pbkdf2_run_and_a_correct_repeat_does_not()
    {
        var store = Store.Value;
        Assert.True(store.Verify("alice"u8, "correct horse"u8));
        var cached = Stopwatch.StartNew();
        for (int i = 0; i < 10; i++)
        {
            Assert.True(store.Verify("alice"u8, "correct horse"u8));
        }

        cached.Stop();
        var unknown = Stopwatch.StartNew();
        Assert.False(store.Verify("mallory"u8, "guess"u8));
        unknown.Stop();
        // 100,000 PBKDF2-SHA256 iterations take tens of milliseconds; ten HMACs take microseconds
        Assert.True(unknown.Elapsed > cached.Elapsed, $"unknown user {unknown.Elapsed.TotalMilliseconds} ms, ten cached checks {cached.Elapsed.TotalMilliseconds} ms");
        Assert.True(unknown.Elapsed.TotalMilliseconds > 5, $"unknown user answered in {unknown.Elapsed.TotalMilliseconds} ms: no PBKDF2 run");
    }
}
