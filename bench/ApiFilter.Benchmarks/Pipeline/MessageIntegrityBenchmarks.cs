using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using ApiFilter.Contract;
using ApiFilter.Pipeline;
using ApiFilter.Policy;
using BenchmarkDotNet.Attributes;

namespace ApiFilter.Benchmarks.Pipeline;

/// <summary>
/// The ContractRequest POST (about 1 KB of JSON against the demo contract) with a Content-Digest of
/// sha-256 or sha-512 checked in the same pass: the digest's cost on top of the whole request.
/// </summary>
[MemoryDiagnoser]
public class MessageIntegrityBenchmarks
{
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
    private RequestFilter _filter = null!;
    private byte[] _order = [];
    private HttpMessageView _sha256;
    private HttpMessageView _sha512;

    [GlobalSetup]
    public void Setup()
    {
        // authentication off, as in ContractRequestBenchmarks: the digest in the body pass is the subject
        var policy = FilterPolicy.Default with { Auth = AuthenticationPolicy.Default with { Mode = EnforcementMode.Off } };
        _filter = new RequestFilter(policy, ContractCompiler.Compile(ContractLoader.LoadFile(ContractRequestBenchmarks.ContractPath())));
        _order = ContractRequestBenchmarks.Order();
        _sha256 = View("sha-256=:" + Convert.ToBase64String(SHA256.HashData(_order)) + ":");
        _sha512 = View("sha-512=:" + Convert.ToBase64String(SHA512.HashData(_order)) + ":");
        if (!Post(_sha256) || !Post(_sha512))
        {
            throw new InvalidOperationException("The benchmark requests must be allowed.");
        }
    }

    [Benchmark(Description = "POST /orders (~1 KB JSON) + Content-Digest sha-256")]
    public bool PostSha256() => Post(_sha256);

    [Benchmark(Description = "POST /orders (~1 KB JSON) + Content-Digest sha-512")]
    public bool PostSha512() => Post(_sha512);

    private HttpMessageView View(string digest) =>
        new("POST", "/orders", null, "application/json", null, _order.Length, hasBody: true, new Headers(digest));

    private bool Post(in HttpMessageView view) => PipelineRequest.Judge(_filter, view, _order, _pipe);

    private sealed class Headers(string digest) : IRequestHeaders
    {
        private const string RequestId = "3f6d2a8e-5b1c-4e7a-9d2f-0c8b7a6e5d4c";

        public int GetValueCount(string name) =>
            string.Equals(name, "X-Request-Id", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "Content-Digest", StringComparison.OrdinalIgnoreCase) ? 1 : 0;

        public ReadOnlySpan<char> GetValue(string name, int index) =>
            string.Equals(name, "Content-Digest", StringComparison.OrdinalIgnoreCase) ? digest : RequestId;
    }
}
