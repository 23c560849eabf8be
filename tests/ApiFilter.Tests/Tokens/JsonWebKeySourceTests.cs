using System.Security.Cryptography;
using System.Text;
using ApiFilter.Tokens;

namespace ApiFilter.Tests.Tokens;

/// <summary>
/// <see cref="JsonWebKeySource"/> against a real Kestrel issuer on loopback with real TLS; the refresh schedule and
/// expiry run on a <see cref="ManualTimeProvider"/>, the network on real time.
/// </summary>
public sealed class JsonWebKeySourceTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly RSA KeyA = TestTokens.Rsa;
    private static readonly RSA KeyB = RSA.Create(2048);

    private static string Jwk(RSA key, string kid)
    {
        RSAParameters p = key.ExportParameters(false);
        return $"{{\"kty\":\"RSA\",\"kid\":\"{kid}\",\"use\":\"sig\",\"n\":\"{TestTokens.B64(p.Modulus!)}\",\"e\":\"{TestTokens.B64(p.Exponent!)}\"}}";
    }

    private static string Set(params string[] keys) => "{\"keys\":[" + string.Join(",", keys) + "]}";

    private static byte[] Token(RSA key, string kid)
    {
        string input = TestTokens.B64($"{{\"alg\":\"RS256\",\"kid\":\"{kid}\"}}") + "." + TestTokens.B64("{\"sub\":\"alice\"}");
        byte[] signature = key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return Encoding.ASCII.GetBytes(input + "." + TestTokens.B64(signature));
    }

    private static JwsVerifier Verifier(JsonWebKeySource source) => new(source, new JwsVerifierOptions { AllowedAlgorithms = [JwsAlgorithm.RS256] });

    private static JsonWebKeySourceOptions Options(JwksTestServer server, ManualTimeProvider clock) => new()
    {
        JwksUri = server.JwksUri,
        CaCertificate = server.CaFile,
        TimeProvider = clock,
    };

    /// <summary>Moves the clock forward, letting every refresh a timer starts on the way finish before going on.</summary>
    private static async Task AdvanceAsync(ManualTimeProvider clock, JsonWebKeySource source, TimeSpan by)
    {
        DateTimeOffset target = clock.GetUtcNow() + by;
        while (true)
        {
            DateTimeOffset now = clock.GetUtcNow();
            DateTimeOffset? due = clock.NextDue;
            if (due is null || due > target)
            {
                clock.Advance(target - now);
                await source.WhenIdle();
                return;
            }

            clock.Advance(due.Value - now);
            await source.WhenIdle();
        }
    }

    [Fact]
    public async Task FirstFetchLoadsTheIssuersKeys()
    {
        await using JwksTestServer server = await JwksTestServer.StartAsync();
        server.Jwks = Set(Jwk(KeyA, "a"));
        var clock = new ManualTimeProvider(Start);
        using var source = new JsonWebKeySource(Options(server, clock));
        Assert.True(source.Status.FailedClosed);
        Assert.Empty(source.Current.Keys);

        Assert.True(await source.InitializeAsync());

        Assert.Equal(1, server.JwksRequests);
        Assert.Equal("a", Assert.Single(source.Current.Keys).KeyId);
        Assert.False(source.Status.FailedClosed);
        Assert.Null(source.Status.LastError);
        Assert.Equal(TokenValidationStatus.Valid, Verifier(source).Verify(Token(KeyA, "a")));
        Assert.Equal(TokenValidationStatus.BadSignature, Verifier(source).Verify(Token(KeyB, "a")));
    }

    [Fact]
    public async Task OpenIdConnectDiscoveryFindsTheJwksUri()
    {
        await using JwksTestServer server = await JwksTestServer.StartAsync();
        server.Jwks = Set(Jwk(KeyA, "a"));
        var clock = new ManualTimeProvider(Start);
        using var source = new JsonWebKeySource(Options(server, clock) with { JwksUri = null, Discovery = server.Issuer });

        Assert.True(await source.InitializeAsync(), source.Status.LastError);

        Assert.Equal(1, server.MetadataRequests);
        Assert.Equal("/.well-known/openid-configuration", server.LastMetadataPath);
        Assert.Equal(1, server.JwksRequests);
        Assert.Equal(TokenValidationStatus.Valid, Verifier(source).Verify(Token(KeyA, "a")));
    }

    [Fact]
    public async Task Rfc8414MetadataIsReadBetweenHostAndIssuerPath()
    {
        await using JwksTestServer server = await JwksTestServer.StartAsync();
        server.Jwks = Set(Jwk(KeyA, "a"));
        server.MetadataIssuer = server.Issuer + "/tenant";
        var clock = new ManualTimeProvider(Start);
        using var source = new JsonWebKeySource(Options(server, clock) with
        {
            JwksUri = null,
            Discovery = server.Issuer + "/tenant",
            DiscoveryKind = DiscoveryMetadataKind.OAuthAuthorizationServer,
        });

        Assert.True(await source.InitializeAsync(), source.Status.LastError);

        Assert.Equal("/.well-known/oauth-authorization-server/tenant", server.LastMetadataPath);
        Assert.Equal(TokenValidationStatus.Valid, Verifier(source).Verify(Token(KeyA, "a")));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/other")]
    [InlineData("X")]
    public async Task DiscoveryWithAnotherIssuerIsRefused(string suffix)
    {
        await using JwksTestServer server = await JwksTestServer.StartAsync();
        server.Jwks = Set(Jwk(KeyA, "a"));
        server.MetadataIssuer = server.Issuer + suffix;
        var clock = new ManualTimeProvider(Start);
        using var source = new JsonWebKeySource(Options(server, clock) with { JwksUri = null, Discovery = server.Issuer });

        Assert.False(await source.InitializeAsync());

        Assert.Equal(0, server.JwksRequests);
        Assert.Contains("\"issuer\"", source.Status.LastError, StringComparison.Ordinal);
        Assert.True(source.Status.FailedClosed);
        Assert.Equal(TokenValidationStatus.KeyNotFound, Verifier(source).Verify(Token(KeyA, "a")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DiscoveryNamingAPlainHttpJwksUriIsRefused(bool allowInsecureLoopback)
    {
        await using JwksTestServer server = await JwksTestServer.StartAsync();
        server.MetadataJwksUri = allowInsecureLoopback ? "http://keys.example/jwks" : "http://127.0.0.1:1/jwks";
        var clock = new ManualTimeProvider(Start);
        using var source = new JsonWebKeySource(Options(server, clock) with
        {
            JwksUri = null,
            Discovery = server.Issuer,
            AllowInsecureLoopback = allowInsecureLoopback,
        });

        Assert.False(await source.InitializeAsync());

        Assert.Contains("jwks_uri", source.Status.LastError, StringComparison.Ordinal);
        Assert.Contains("plain http", source.Status.LastError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/jwks", false, false)]
    [InlineData("http://localhost/jwks", false, false)]
    [InlineData("http://keys.example/jwks", true, false)]
    [InlineData("http://10.0.0.1/jwks", true, false)]
    [InlineData("ftp://keys.example/jwks", true, false)]
    [InlineData("http://127.0.0.1:8080/jwks", true, true)]
    [InlineData("http://[::1]:8080/jwks", true, true)]
    [InlineData("https://keys.example/jwks", false, true)]
    public void PlainHttpIsRefusedUnlessLoopbackAndAllowed(string uri, bool allowInsecureLoopback, bool accepted)
    {
        var options = new JsonWebKeySourceOptions { JwksUri = new Uri(uri), AllowInsecureLoopback = allowInsecureLoopback };
        if (accepted)
        {
            using var source = new JsonWebKeySource(options);
            Assert.Empty(source.Current.Keys);
        }
        else
        {
            Assert.Throws<ArgumentException>(() => new JsonWebKeySource(options));
            Assert.Throws<ArgumentException>(() => new JsonWebKeySource(new JsonWebKeySourceOptions
            {
                Discovery = uri.Replace("/jwks", "", StringComparison.Ordinal),
                AllowInsecureLoopback = allowInsecureLoopback,
            }));
        }
    }

    [Fact]
    public async Task PlainHttpOnLoopbackIsFetchedWhenAllowed()
    {
        await using JwksTestServer server = await JwksTestServer.StartAsync(plainHttp: true);
        server.Jwks = Set(Jwk(KeyA, "a"));
        Assert.Equal("http", server.JwksUri.Scheme);
        var clock = new ManualTimeProvider(Start);
        using var source = new JsonWebKeySource(new JsonWebKeySourceOptions { JwksUri = server.JwksUri, AllowInsecureLoopback = true, TimeProvider = clock });

        Assert.True(await source.InitializeAsync(), source.Status.LastError);

        Assert.Equal(TokenValidationStatus.Valid, Verifier(source).Verify(Token(KeyA, "a")));
    }

    [Fact]
    public async Task ARedirectIsNotFollowed()
    {
        await using JwksTestServer server = await JwksTestServer.StartAsync();
        server.Jwks = Set(Jwk(KeyA, "a"));
        server.StatusCode = 302;
        var clock = new ManualTimeProvider(Start);
        using var source = new JsonWebKeySource(Options(server, clock));

        Assert.False(await source.InitializeAsync());

        Assert.Contains("302", source.Status.LastError, StringComparison.Ordinal);
        Assert.Equal(1, server.JwksRequests);
    }

    [Fact]
    public void OptionsNeedExactlyOneLocation()
    {
        Assert.Throws<ArgumentException>(() => new JsonWebKeySource(new JsonWebKeySourceOptions()));
        Assert.Throws<ArgumentException>(() => new JsonWebKeySource(new JsonWebKeySourceOptions { File = "keys.json", JwksUri = new Uri("https://keys.example/jwks") }));
        Assert.Throws<ArgumentException>(() => new JsonWebKeySource(new JsonWebKeySourceOptions { Discovery = "https://issuer.example/?tenant=1" }));
    }

    [Fact]
    public async Task ACertificateNotChainingToTheTrustedOnesIsRefused()
    {
        await using JwksTestServer server = await JwksTestServer.StartAsync();
        server.Jwks = Set(Jwk(KeyA, "a"));
        var clock = new ManualTimeProvider(Start);

        // The system roots do not know the test certificate.
        using (var system = new JsonWebKeySource(Options(server, clock) with { CaCertificate = null }))
        {
            Assert.False(await system.InitializeAsync());
            Assert.Contains("SSL", system.Status.LastError, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(system.Current.Keys);
        }

        // Nor does a trust file holding another certificate.
        using System.Security.Cryptography.X509Certificates.X509Certificate2 other = JwksTestServer.CreateCertificate();
        string otherFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(otherFile, other.ExportCertificatePem());
            using var pinned = new JsonWebKeySource(Options(server, clock) with { CaCertificate = otherFile });
            Assert.False(await pinned.InitializeAsync());
            Assert.Empty(pinned.Current.Keys);
        }
        finally
        {
            File.Delete(otherFile);
        }

        Assert.Equal(0, server.JwksRequests);
    }

    [Fact]
    public async Task ATrustedCertificateForAnotherHostIsRefused()
    {
        await using JwksTestServer server = await JwksTestServer.StartAsync(JwksTestServer.CreateCertificate("keys.example", withLoopbackAddress: false));
        server.Jwks = Set(Jwk(KeyA, "a"));
        var clock = new ManualTimeProvider(Start);
        using var source = new JsonWebKeySource(Options(server, clock));

        Assert.False(await source.InitializeAsync());

        Assert.Equal(0, server.JwksRequests);
    }

    [Fact]
    public async Task ARotatedInKeyVerifiesAfterTheUnknownKidRefreshAndTheRetiredOneIsRefused()
    {
        await using JwksTestServer server = await JwksTestServer.StartAsync();
        server.Jwks = Set(Jwk(KeyA, "a"));
        var clock = new ManualTimeProvider(Start);
        using var source = new JsonWebKeySource(Options(server, clock) with { UnknownKeyWait = TimeSpan.FromSeconds(20) });
        Assert.True(await source.InitializeAsync());
        JwsVerifier verifier = Verifier(source);
        Assert.Equal(TokenValidationStatus.Valid, verifier.Verify(Token(KeyA, "a")));

        // The issuer rotates: only "b" is published from now on.
        server.Jwks = Set(Jwk(KeyB, "b"));
        clock.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(TokenValidationStatus.Valid, verifier.Verify(Token(KeyB, "b")));
        Assert.Equal(2, server.JwksRequests);
        Assert.Equal(TokenValidationStatus.KeyNotFound, verifier.Verify(Token(KeyA, "a")));

        // The refused old kid did not cost a fetch: it came within the minimum refresh interval.
        Assert.Equal(2, server.JwksRequests);
    }

    [Fact]
    public async Task ManyUnknownKidsCauseOneFetchPerInterval()
    {
        await using JwksTestServer server = await JwksTestServer.StartAsync();
        server.Jwks = Set(Jwk(KeyA, "a"));
        var clock = new ManualTimeProvider(Start);
        using var source = new JsonWebKeySource(Options(server, clock));
        Assert.True(await source.InitializeAsync());
        JwsVerifier verifier = Verifier(source);
        clock.Advance(TimeSpan.FromSeconds(31));

        // Slow answers keep the fetch in flight while the others arrive: they share it.
        server.Delay = TimeSpan.FromMilliseconds(300);
        byte[][] tokens = [.. Enumerable.Range(0, 64).Select(i => Token(KeyB, "made-up-" + i))];
        TokenValidationStatus[] results = await Task.WhenAll(tokens.Select(token => Task.Run(() => verifier.Verify(token))));

        Assert.All(results, status => Assert.Equal(TokenValidationStatus.KeyNotFound, status));
        await source.WhenIdle();
        Assert.Equal(2, server.JwksRequests);

        // Later unknown kids within the interval fail fast, without waiting or fetching.
        byte[][] again = [.. Enumerable.Range(0, 20).Select(i => Token(KeyB, "again-" + i))];
        long started = Environment.TickCount64;
        foreach (byte[] token in again)
        {
            Assert.Equal(TokenValidationStatus.KeyNotFound, verifier.Verify(token));
        }

        // Twenty waits would take 40 s; failing fast takes milliseconds (the bound leaves room for a loaded machine).
        Assert.True(Environment.TickCount64 - started < 1500);
        Assert.Equal(2, server.JwksRequests);

        // Known kids never ask for a refresh.
        Assert.Equal(TokenValidationStatus.Valid, verifier.Verify(Token(KeyA, "a")));
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(TokenValidationStatus.Valid, verifier.Verify(Token(KeyA, "a")));
        Assert.Equal(2, server.JwksRequests);

        // The next interval allows the next fetch.
        Assert.Equal(TokenValidationStatus.KeyNotFound, verifier.Verify(Token(KeyB, "later")));
        await source.WhenIdle();
        Assert.Equal(3, server.JwksRequests);
    }

    [Fact]
    public async Task OnlyAFewRequestsBlockOnTheSharedRefresh()
    {
        await using JwksTestServer server = await JwksTestServer.StartAsync();
        server.Jwks = Set(Jwk(KeyA, "a"));
        var clock = new ManualTimeProvider(Start);
        using var source = new JsonWebKeySource(Options(server, clock) with { UnknownKeyWait = TimeSpan.FromSeconds(20) });
        Assert.True(await source.InitializeAsync());
        JwsVerifier verifier = Verifier(source);
        clock.Advance(TimeSpan.FromSeconds(31));
        server.Delay = TimeSpan.FromSeconds(3);
        byte[][] tokens = [.. Enumerable.Range(0, 12).Select(i => Token(KeyB, "made-up-" + i))];

        long[] elapsed = await Task.WhenAll(tokens.Select(token => Task.Factory.StartNew(
            () =>
            {
                long started = Environment.TickCount64;
                Assert.Equal(TokenValidationStatus.KeyNotFound, verifier.Verify(token));
                return Environment.TickCount64 - started;
            },
            TaskCreationOptions.LongRunning)));

        // The fetch takes at least 3 s: the waiters are those that took over 2.5 s, the rest failed fast.
        int waited = elapsed.Count(ms => ms >= 2500);
        Assert.InRange(waited, 1, 4);
        Assert.Equal(12 - waited, elapsed.Count(ms => ms < 1500));
        await source.WhenIdle();
        Assert.Equal(2, server.JwksRequests);
    }

    [Fact]
    public async Task WithoutAWaitTheTriggeringRequestFailsButTheRefreshServesTheNextOne()
    {
        await using JwksTestServer server = await JwksTestServer.StartAsync();
        server.Jwks = Set(Jwk(KeyA, "a"));
        var clock = new ManualTimeProvider(Start);
        using var source = new JsonWebKeySource(Options(server, clock) with { UnknownKeyWait = TimeSpan.Zero });
        Assert.True(await source.InitializeAsync());
        JwsVerifier verifier = Verifier(source);
        server.Jwks = Set(Jwk(KeyA, "a"), Jwk(KeyB, "b"));
        clock.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(TokenValidationStatus.KeyNotFound, verifier.Verify(Token(KeyB, "b")));
        await source.WhenIdle();

        Assert.Equal(TokenValidationStatus.Valid, verifier.Verify(Token(KeyB, "b")));
        Assert.Equal(2, server.JwksRequests);
    }

    [Theory]
    [InlineData("max-age=600", 600)]
    [InlineData("public, max-age=7200", 7200)]
    [InlineData("max-age=10", 300)]
    [InlineData("max-age=9999999", 86400)]
    [InlineData("no-store", 300)]
    [InlineData(null, 3600)]
    public async Task MaxAgeIsHonouredWithinTheClamp(string? cacheControl, int expectedSeconds)
    {
        await using JwksTestServer server = await JwksTestServer.StartAsync();
        server.Jwks = Set(Jwk(KeyA, "a"));
        server.CacheControl = cacheControl;
        var clock = new ManualTimeProvider(Start);
        using var source = new JsonWebKeySource(Options(server, clock));
        Assert.True(await source.InitializeAsync());

        TimeSpan lifetime = TimeSpan.FromSeconds(expectedSeconds);
        Assert.Equal(Start + lifetime, source.Status.FreshUntil);
        Assert.Equal(Start + lifetime + TimeSpan.FromHours(24), source.Status.StaleUntil);

        // The background refresh comes ahead of expiry, at 80 % of the lifetime, and not before.
        TimeSpan ahead = lifetime * 0.8;
        Assert.Equal(Start + ahead, source.Status.NextRefresh);
        await AdvanceAsync(clock, source, ahead - TimeSpan.FromSeconds(1));
        Assert.Equal(1, server.JwksRequests);
        await AdvanceAsync(clock, source, TimeSpan.FromSeconds(1));
        Assert.Equal(2, server.JwksRequests);
        Assert.Equal(Start + ahead + lifetime, source.Status.FreshUntil);
    }

    [Fact]
    public async Task WhenTheIssuerIsDownTheStaleSetIsServedUntilTheLimitThenNothing()
    {
        await using JwksTestServer server = await JwksTestServer.StartAsync();
        server.Jwks = Set(Jwk(KeyA, "a"));
        server.CacheControl = "max-age=600";
        var clock = new ManualTimeProvider(Start);
        using var source = new JsonWebKeySource(Options(server, clock) with { MaxStaleAge = TimeSpan.FromHours(2) });
        Assert.True(await source.InitializeAsync());
        JwsVerifier verifier = Verifier(source);
        JsonWebKeySet good = source.Current;
        await server.StopAsync();

        // Past expiry, refreshes failing: the last good set is still served.
        await AdvanceAsync(clock, source, TimeSpan.FromHours(1));
        Assert.Same(good, source.Current);
        Assert.True(source.Status.ConsecutiveFailures > 3);
        Assert.NotNull(source.Status.LastError);
        Assert.False(source.Status.FailedClosed);
        Assert.Equal(TokenValidationStatus.Valid, verifier.Verify(Token(KeyA, "a")));

        // Retries back off, capped at five minutes.
        Assert.Equal(TimeSpan.FromMinutes(5), source.Status.NextRefresh - source.Status.LastAttempt);

        // One second before the stale limit: still served; at it: fail closed, on time.
        DateTimeOffset limit = Start + TimeSpan.FromSeconds(600) + TimeSpan.FromHours(2);
        Assert.Equal(limit, source.Status.StaleUntil);
        await AdvanceAsync(clock, source, limit - clock.GetUtcNow() - TimeSpan.FromSeconds(1));
        Assert.Same(good, source.Current);
        await AdvanceAsync(clock, source, TimeSpan.FromSeconds(1));
        Assert.Empty(source.Current.Keys);
        Assert.True(source.Status.FailedClosed);
        Assert.Equal(TokenValidationStatus.KeyNotFound, verifier.Verify(Token(KeyA, "a")));
    }

    [Fact]
    public async Task AFailedFirstFetchFailsClosedAndRetriesWithBackoff()
    {
        await using JwksTestServer server = await JwksTestServer.StartAsync();
        server.Jwks = Set(Jwk(KeyA, "a"));
        server.StatusCode = 503;
        var clock = new ManualTimeProvider(Start);
        using var source = new JsonWebKeySource(Options(server, clock));

        Assert.False(await source.InitializeAsync());
        Assert.True(source.Status.FailedClosed);
        Assert.Contains("503", source.Status.LastError, StringComparison.Ordinal);
        Assert.Equal(TokenValidationStatus.KeyNotFound, Verifier(source).Verify(Token(KeyA, "a")));

        // 1 s, 2 s, 4 s between attempts.
        Assert.Equal(Start + TimeSpan.FromSeconds(1), source.Status.NextRefresh);
        await AdvanceAsync(clock, source, TimeSpan.FromSeconds(1));
        Assert.Equal(2, server.JwksRequests);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(2), source.Status.NextRefresh);
        await AdvanceAsync(clock, source, TimeSpan.FromSeconds(2));
        Assert.Equal(3, server.JwksRequests);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(4), source.Status.NextRefresh);

        server.StatusCode = 200;
        await AdvanceAsync(clock, source, TimeSpan.FromSeconds(4));
        Assert.Equal(4, server.JwksRequests);
        Assert.False(source.Status.FailedClosed);
        Assert.Equal(0, source.Status.ConsecutiveFailures);
        Assert.Equal(TokenValidationStatus.Valid, Verifier(source).Verify(Token(KeyA, "a")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnOversizedDocumentKeepsThePreviousSet(bool sendContentLength)
    {
        await using JwksTestServer server = await JwksTestServer.StartAsync();
        server.Jwks = Set(Jwk(KeyA, "a"));
        server.SendContentLength = sendContentLength;
        var clock = new ManualTimeProvider(Start);
        using var source = new JsonWebKeySource(Options(server, clock));
        Assert.True(await source.InitializeAsync());
        JsonWebKeySet good = source.Current;

        server.Jwks = "{\"keys\":[" + Jwk(KeyB, "b") + "],\"pad\":\"" + new string('x', 256 * 1024) + "\"}";
        await source.RefreshAsync();

        Assert.Same(good, source.Current);
        Assert.Contains("limit", source.Status.LastError, StringComparison.Ordinal);
        Assert.Equal(TokenValidationStatus.Valid, Verifier(source).Verify(Token(KeyA, "a")));
    }

    [Theory]
    [InlineData("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"b\"}]}", "\"n\" is missing")]
    [InlineData("{\"keys\":[", "not valid JSON")]
    [InlineData("[]", "JSON object")]
    [InlineData("{\"keys\":[{\"kty\":\"oct\",\"kid\":\"s\",\"k\":\"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI\"}]}", "shared secret")]
    public async Task AnInvalidDocumentKeepsThePreviousSet(string document, string reason)
    {
        await using JwksTestServer server = await JwksTestServer.StartAsync();
        server.Jwks = Set(Jwk(KeyA, "a"));
        var clock = new ManualTimeProvider(Start);
        using var source = new JsonWebKeySource(Options(server, clock));
        Assert.True(await source.InitializeAsync());
        JsonWebKeySet good = source.Current;
        var reported = new List<JsonWebKeySourceStatus>();
        source.StatusChanged += (_, status) => reported.Add(status);

        server.Jwks = document;
        await source.RefreshAsync();

        Assert.Same(good, source.Current);
        Assert.Contains(reason, source.Status.LastError, StringComparison.Ordinal);
        Assert.Equal(1, source.Status.ConsecutiveFailures);
        Assert.Contains(reason, Assert.Single(reported).LastError, StringComparison.Ordinal);
        Assert.Equal(TokenValidationStatus.Valid, Verifier(source).Verify(Token(KeyA, "a")));
    }

    [Fact]
    public async Task ASlowIssuerTimesOut()
    {
        await using JwksTestServer server = await JwksTestServer.StartAsync();
        server.Jwks = Set(Jwk(KeyA, "a"));
        server.Delay = TimeSpan.FromSeconds(10);
        var clock = new ManualTimeProvider(Start);
        using var source = new JsonWebKeySource(Options(server, clock) with { RequestTimeout = TimeSpan.FromMilliseconds(300) });

        long started = Environment.TickCount64;
        Assert.False(await source.InitializeAsync());

        Assert.True(Environment.TickCount64 - started < 8000);
        Assert.Contains("within", source.Status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileSourceIsReadAgainAfterItChanges()
    {
        string path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, Set(Jwk(KeyA, "a")));
            var clock = new ManualTimeProvider(Start);
            using var source = new JsonWebKeySource(new JsonWebKeySourceOptions { File = path, TimeProvider = clock });
            Assert.True(await source.InitializeAsync());
            JwsVerifier verifier = Verifier(source);
            Assert.Equal(TokenValidationStatus.Valid, verifier.Verify(Token(KeyA, "a")));
            JsonWebKeySet first = source.Current;

            // Unchanged: the poll does not parse it again.
            await AdvanceAsync(clock, source, TimeSpan.FromSeconds(5));
            Assert.Same(first, source.Current);

            await File.WriteAllTextAsync(path, Set(Jwk(KeyB, "b")));
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(10));
            await AdvanceAsync(clock, source, TimeSpan.FromSeconds(5));
            Assert.Equal(TokenValidationStatus.Valid, verifier.Verify(Token(KeyB, "b")));
            Assert.Equal(TokenValidationStatus.KeyNotFound, verifier.Verify(Token(KeyA, "a")));

            // A broken write keeps the last good set and is reported.
            JsonWebKeySet second = source.Current;
            await File.WriteAllTextAsync(path, "{\"keys\":[");
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(20));
            await AdvanceAsync(clock, source, TimeSpan.FromSeconds(5));
            Assert.Same(second, source.Current);
            Assert.NotNull(source.Status.LastError);
            Assert.Null(source.Status.StaleUntil);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task KnownKidsAllocateNothingOverASource()
    {
        string path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, Set(Jwk(KeyA, "a")));
            using var source = new JsonWebKeySource(new JsonWebKeySourceOptions { File = path, TimeProvider = new ManualTimeProvider(Start) });
            Assert.True(await source.InitializeAsync());
            JwsVerifier verifier = Verifier(source);
            byte[] token = Token(KeyA, "a");
            for (int warm = 0; warm < 5; warm++)
            {
                Assert.Equal(TokenValidationStatus.Valid, verifier.Verify(token));
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 20; i++)
            {
                verifier.Verify(token);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void HmacIsRefusedOverANetworkSource()
    {
        using var source = new JsonWebKeySource(new JsonWebKeySourceOptions { JwksUri = new Uri("https://keys.example/jwks") });
        Assert.Throws<ArgumentException>(() => new JwsVerifier(source, new JwsVerifierOptions { AllowedAlgorithms = [JwsAlgorithm.HS256] }));
        Assert.Same(source, Verifier(source).Source);
    }

    [Fact]
    public async Task DisposeStopsTheSchedule()
    {
        await using JwksTestServer server = await JwksTestServer.StartAsync();
        server.Jwks = Set(Jwk(KeyA, "a"));
        var clock = new ManualTimeProvider(Start);
        var source = new JsonWebKeySource(Options(server, clock));
        Assert.True(await source.InitializeAsync());
        Assert.NotNull(clock.NextDue);

        source.Dispose();

        Assert.Null(clock.NextDue);
        clock.Advance(TimeSpan.FromDays(2));
        await source.RefreshAsync();
        Assert.Equal(1, server.JwksRequests);
    }
}
