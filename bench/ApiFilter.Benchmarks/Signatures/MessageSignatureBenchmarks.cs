using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using ApiFilter.Pipeline;
using ApiFilter.Signatures;
using BenchmarkDotNet.Attributes;

namespace ApiFilter.Benchmarks.Signatures;

/// <summary>
/// RFC 9421 verification of one request signature, end to end (parse Signature-Input and
/// Signature, policy and time checks, signature base, cryptography), on the RFC 9421 test
/// request with the Appendix B.1 keys: hmac-sha256 and rsa-pss-sha512 over the B.2.3 full
/// coverage components (eight), ecdsa-p256-sha256 over the section 4.3 client signature (six).
/// The signature-base-only benchmark separates our work from the cryptography.
/// </summary>
[MemoryDiagnoser]
public class MessageSignatureBenchmarks
{
    private const string Covered = "(\"date\" \"@method\" \"@path\" \"@query\" \"@authority\" \"content-type\" \"content-digest\" \"content-length\");created=1618884473";

    private Headers _hmac = null!;
    private Headers _rsaPss = null!;
    private Headers _ecdsa = null!;
    private MessageSignatureVerifier _verifier = null!;
    private MessageSignatureKeyStore _keys = null!;

    [GlobalSetup]
    public void Setup()
    {
        string keys = Path.Combine(Root(), "corpus", "rfc9421", "keys");
        byte[] secret = Convert.FromBase64String(File.ReadAllText(Path.Combine(keys, "test-shared-secret.b64")).Trim());
        _keys = new MessageSignatureKeyStore();
        _keys.Add("test-key-rsa-pss", MessageSignatureKey.FromPublicKeyPem(MessageSignatureAlgorithm.RsaPssSha512, File.ReadAllText(Path.Combine(keys, "test-key-rsa-pss.pub.pem"))));
        _keys.Add("test-key-ecc-p256", MessageSignatureKey.FromPublicKeyPem(MessageSignatureAlgorithm.EcdsaP256Sha256, File.ReadAllText(Path.Combine(keys, "test-key-ecc-p256.pub.pem"))));
        _keys.Add("test-shared-secret", MessageSignatureKey.FromSharedSecret(secret));
        _verifier = new MessageSignatureVerifier(_keys, new MessageSignaturePolicy(), new FixedClock(1618884480));

        // RFC 9421 B.2.3 (published signature)
        _rsaPss = Request()
            .Add("Signature-Input", "sig-b23=" + Covered + ";keyid=\"test-key-rsa-pss\"")
            .Add("Signature", "sig-b23=:bbN8oArOxYoyylQQUU6QYwrTuaxLwjAC9fbY2F6SVWvh0yBiMIRGOnMYwZ/5MR6fb0Kh1rIRASVxFkeGt683+qRpRRU5p2voTp768ZrCUb38K0fUxN0O0iC59DzYx8DFll5GmydPxSmme9v6ULbMFkl+V5B1TP/yPViV7KsLNmvKiLJH1pFkh/aYA2HXXZzNBXmIkoQoLd7YfW91kE9o/CCoC1xMy7JA1ipwvKvfrs65ldmlu9bpG6A9BmzhuzF8Eim5f8ui9eH8LZH896+QIF61ka39VBrohr9iyMUJpvRX2Zbhl5ZJzSRxpJyoEZAFL2FUo5fTIztsDZKEgM4cUA==:");

        // RFC 9421 section 4.3, the client's signature (published)
        _ecdsa = Request()
            .Add("Signature-Input", "sig1=(\"@method\" \"@authority\" \"@path\" \"content-digest\" \"content-type\" \"content-length\");created=1618884475;keyid=\"test-key-ecc-p256\"")
            .Add("Signature", "sig1=:X5spyd6CFnAG5QnDyHfqoSNICd+BUP4LYMz2Q0JXlb//4Ijpzp+kve2w4NIyqeAuM7jTDX+sNalzA8ESSaHD3A==:");

        // the B.2.3 components signed with the B.1.5 shared secret
        const string signatureBase = "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n\"@method\": POST\n\"@path\": /foo\n\"@query\": ?param=Value&Pet=dog\n\"@authority\": example.com\n\"content-type\": application/json\n\"content-digest\": sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:\n\"content-length\": 18\n\"@signature-params\": " + Covered + ";keyid=\"test-shared-secret\"";
        _hmac = Request()
            .Add("Signature-Input", "sig=" + Covered + ";keyid=\"test-shared-secret\"")
            .Add("Signature", "sig=:" + Convert.ToBase64String(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signatureBase))) + ":");

        if (VerifyHmacSha256() != SignatureVerificationStatus.Valid || VerifyRsaPssSha512() != SignatureVerificationStatus.Valid || VerifyEcdsaP256Sha256() != SignatureVerificationStatus.Valid)
        {
            throw new InvalidOperationException("benchmark vectors do not verify");
        }
    }

    [Benchmark(Baseline = true)]
    public SignatureVerificationStatus VerifyHmacSha256() => _verifier.Verify(Components(_hmac), "sig");

    [Benchmark]
    public SignatureVerificationStatus VerifyEcdsaP256Sha256() => _verifier.Verify(Components(_ecdsa), "sig1");

    [Benchmark]
    public SignatureVerificationStatus VerifyRsaPssSha512() => _verifier.Verify(Components(_rsaPss), "sig-b23");

    /// <summary>Parsing and the signature base alone (what verification costs before the cryptography).</summary>
    [Benchmark]
    public int SignatureBaseOnly()
    {
        ReadOnlySpan<char> input = _hmac.GetValue("Signature-Input", 0);
        Span<StructuredFieldNode> nodes = stackalloc StructuredFieldNode[64];
        StructuredFieldParser.Parse(input, StructuredFieldType.Dictionary, nodes, out int count);
        SignatureInput.TryParse(nodes[..count], input, "sig", out SignatureInput parsed);
        CountingWriter writer = CountingWriter.Instance;
        writer.Count = 0;
        SignatureBase.TryCreate(Components(_hmac), parsed, MessageSignaturePolicy.Default, writer);
        return writer.Count;
    }

    private static HttpMessageComponents Components(Headers headers) =>
        new("POST", "https", "example.com", "/foo", "param=Value&Pet=dog", headers);

    private static Headers Request() => new Headers()
        .Add("Host", "example.com")
        .Add("Date", "Tue, 20 Apr 2021 02:07:55 GMT")
        .Add("Content-Type", "application/json")
        .Add("Content-Digest", "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:")
        .Add("Content-Length", "18");

    private static string Root()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ApiFilter.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("ApiFilter.sln not found above " + AppContext.BaseDirectory);
    }

    private sealed class Headers : IRequestHeaders
    {
        private readonly List<KeyValuePair<string, string>> _lines = [];

        public Headers Add(string name, string value)
        {
            _lines.Add(new(name, value));
            return this;
        }

        public int GetValueCount(string name)
        {
            int count = 0;
            for (int i = 0; i < _lines.Count; i++)
            {
                if (string.Equals(_lines[i].Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    count++;
                }
            }

            return count;
        }

        public ReadOnlySpan<char> GetValue(string name, int index)
        {
            for (int i = 0; i < _lines.Count; i++)
            {
                if (string.Equals(_lines[i].Key, name, StringComparison.OrdinalIgnoreCase) && index-- == 0)
                {
                    return _lines[i].Value;
                }
            }

            return default;
        }
    }

    private sealed class FixedClock(long unixSeconds) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
    }

    private sealed class CountingWriter : IBufferWriter<byte>
    {
        public static readonly CountingWriter Instance = new();

        private readonly byte[] _buffer = new byte[4096];

        public int Count { get; set; }

        public void Advance(int count) => Count += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => _buffer;

        public Span<byte> GetSpan(int sizeHint = 0) => _buffer;
    }
}
