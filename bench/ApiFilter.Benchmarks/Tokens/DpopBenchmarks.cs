using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ApiFilter.Tokens;
using BenchmarkDotNet.Attributes;

namespace ApiFilter.Benchmarks.Tokens;

/// <summary>
/// One ES256 DPoP proof checked for a resource request (RFC 9449 section 4.3, with "ath"), with the proof key cached
/// by thumbprint (a client's usual case) and imported per proof (a first proof, or the cache turned off); and one
/// ReplayCache.TryAdd. The same proof is validated on every iteration, so after the first the replay check reports
/// Replayed: every check, the signature and the replay lookup still run, only the final slot write differs.
/// </summary>
[MemoryDiagnoser]
public class DpopBenchmarks
{
    private const string AccessToken = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";

    private byte[] _proof = [];
    private byte[] _accessToken = [];
    private DpopProofValidator _cached = null!;
    private DpopProofValidator _uncached = null!;
    private ReplayCache _cache = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ECParameters p = key.ExportParameters(false);
        string jwk = $"{{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"{B64(p.Q.X!)}\",\"y\":\"{B64(p.Q.Y!)}\"}}";
        string ath = B64(SHA256.HashData(Encoding.ASCII.GetBytes(AccessToken)));
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string header = $"{{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{jwk}}}";
        string claims = $"{{\"jti\":\"e1j3V_bKic8-LAEB\",\"htm\":\"GET\",\"htu\":\"https://resource.example.org/protectedresource\",\"iat\":{now},\"ath\":\"{ath}\"}}";
        string input = B64(Encoding.UTF8.GetBytes(header)) + "." + B64(Encoding.UTF8.GetBytes(claims));
        _proof = Encoding.ASCII.GetBytes(input + "." + B64(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256)));
        _accessToken = Encoding.ASCII.GetBytes(AccessToken);

        // The longest window the options allow keeps the proof acceptable for a short run.
        var options = new DpopProofValidatorOptions { MaxAge = TimeSpan.FromMinutes(10) };
        _cached = new DpopProofValidator(new ReplayCache(1024), options);
        _uncached = new DpopProofValidator(new ReplayCache(1024), options with { KeyCacheSize = 0 });
        if (CachedKey() != DpopStatus.Valid || ImportedKey() != DpopStatus.Valid)
        {
            throw new InvalidOperationException("The benchmark proof must be accepted.");
        }

        _cache = new ReplayCache(1 << 17);
    }

    /// <summary>Validate the proof with its key found in the thumbprint cache.</summary>
    [Benchmark(Baseline = true)]
    public DpopStatus CachedKey() => Validate(_cached);

    /// <summary>Validate the proof importing its key (ECDsa.Create from the JWK) every time.</summary>
    [Benchmark]
    public DpopStatus ImportedKey() => Validate(_uncached);

    /// <summary>
    /// One TryAdd of a 16-byte id: the keyed SHA-256, the two bucket scans under their stripe locks, and the write.
    /// Ids cycle through 65,536 values living one second, so calls mix Added and Replayed as under real traffic.
    /// </summary>
    [Benchmark]
    public ReplayCacheStatus ReplayCacheTryAdd()
    {
        Span<byte> id = stackalloc byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(id, _next++ & 0xFFFF);
        return _cache.TryAdd(id, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
    }

    private DpopStatus Validate(DpopProofValidator validator)
    {
        Span<byte> thumbprint = stackalloc byte[DpopProofValidator.ThumbprintSize];
        DpopStatus status = validator.Validate(_proof, "GET", "https", "resource.example.org", "/protectedresource", _accessToken, thumbprint);
        return status == DpopStatus.Replayed ? DpopStatus.Valid : status;
    }

    private static string B64(byte[] bytes) => ApiFilter.Tokens.Base64Url.EncodeToString(bytes);
}
