using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using ApiFilter.Contract;
using ApiFilter.Pipeline;
using ApiFilter.Policy;
using BenchmarkDotNet.Attributes;

namespace ApiFilter.Benchmarks.Pipeline;

/// <summary>
/// A whole request judged against the demo store contract (src/ApiFilter.Host/DemoContract.yaml):
/// route lookup, path/query/header parameters decoded and checked by their schemas, and for the
/// POST the JSON body checked by the Order schema (nested items, patterns, a oneOf with a
/// discriminator) in the same pass as the threat limits. The body is already in the pipe, as for a
/// body Kestrel has buffered, so the body loop completes synchronously.
/// </summary>
[MemoryDiagnoser]
public class ContractRequestBenchmarks
{
    private const string RequestId = "3f6d2a8e-5b1c-4e7a-9d2f-0c8b7a6e5d4c";

    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
    private readonly RequestIdHeader _headers = new(RequestId);
    private RequestFilter _filter = null!;
    private byte[] _order = [];
    private HttpMessageView _post;
    private HttpMessageView _get;

    /// <summary>The demo contract, read from the copy beside the benchmark binary.</summary>
    internal static string ContractPath() => Path.Combine(AppContext.BaseDirectory, "Pipeline", "DemoContract.yaml");

    /// <summary>A valid order of about 1 KB: 30 items, a note, a card payment (the discriminated oneOf).</summary>
    internal static byte[] Order()
    {
        var json = new StringBuilder("{\"items\":[");
        for (int i = 0; i < 30; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("{\"sku\":\"").Append((char)('A' + (i % 26))).Append('-').Append(1000 + (i * 37))
                .Append("\",\"qty\":").Append(1 + (i % 9)).Append('}');
        }

        json.Append("],\"note\":\"Please ring twice; leave with the neighbour at number 12 if nobody answers. Fragile \\u2014 glass.\"")
            .Append(",\"payment\":{\"method\":\"card\",\"cardToken\":\"tok_4eC39HqLyjWDarjtT1zdp7dc\"}}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    [GlobalSetup]
    public void Setup()
    {
        // Authentication is off here: this measures the contract and detection stages; the cost of
        // checking an access token is SecurityBenchmarks' subject.
        var policy = FilterPolicy.Default with { Auth = AuthenticationPolicy.Default with { Mode = EnforcementMode.Off } };
        _filter = new RequestFilter(policy, ContractCompiler.Compile(ContractLoader.LoadFile(ContractPath())));
        _order = Order();
        _post = new HttpMessageView("POST", "/orders", null, "application/json", null, _order.Length, hasBody: true, _headers);
        _get = new HttpMessageView("GET", "/products", "?limit=5&sort=name&filter[maxPrice]=50", null, null, null, hasBody: false, _headers);
        if (!PostOrder() || !GetProducts())
        {
            throw new InvalidOperationException("The benchmark requests must be allowed.");
        }

        // And the contract really is enforced on this path: one bad item quantity, one bad query value.
        byte[] valid = _order;
        _order = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(valid).Replace("\"qty\":1}", "\"qty\":0}", StringComparison.Ordinal));
        bool brokenPost = PostOrder();
        _order = valid;
        var badGet = new HttpMessageView("GET", "/products", "?limit=500&sort=name&filter[maxPrice]=50", null, null, null, hasBody: false, _headers);
        if (brokenPost || _filter.Plan(badGet).Refusal.IsAllowed)
        {
            throw new InvalidOperationException("A request that breaks the contract was allowed.");
        }
    }

    [Benchmark(Description = "POST /orders (~1 KB JSON): route + header + body schema")]
    public bool PostOrder() => PipelineRequest.Judge(_filter, _post, _order, _pipe);

    [Benchmark(Description = "GET /products?limit=5&sort=name&filter[maxPrice]=50: route + query + header")]
    public bool GetProducts()
    {
        var plan = _filter.Plan(_get);
        return plan.Refusal.IsAllowed && plan.Kind == BodyKind.None;
    }

    private sealed class RequestIdHeader(string value) : IRequestHeaders
    {
        public int GetValueCount(string name) => string.Equals(name, "X-Request-Id", StringComparison.OrdinalIgnoreCase) ? 1 : 0;

        public ReadOnlySpan<char> GetValue(string name, int index) => value;
    }
}
