using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using ApiFilter.Contract;
using ApiFilter.Pipeline;
using ApiFilter.Policy;
using ApiFilter.Signatures;
using ApiFilter.Tokens;
using BenchmarkDotNet.Attributes;

namespace ApiFilter.Benchmarks.Pipeline;

/// <summary>
/// A POST of about 1 KB of JSON validated against a small contract, with a detached ES256 JWS checked in the body
/// pass, and the same order sent as a compact JWE ("dir" + A256GCM) decrypted and judged as its plaintext.
/// </summary>
[MemoryDiagnoser]
public class JoseBenchmarks
{
    private const string Spec = """
        openapi: 3.1.0
        info: { title: orders, version: '1' }
        paths:
          /orders:
            post:
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        lines:
                          type: array
                          maxItems: 100
                          items:
                            type: object
                            properties: { sku: { type: string, maxLength: 16 }, qty: { type: integer, minimum: 1 } }
              responses: { '200': { description: ok } }
        """;

    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
    private RequestFilter _filter = null!;
    private byte[] _order = [];
    private byte[] _jwe = [];
    private HttpMessageView _signed;
    private HttpMessageView _encrypted;

    [GlobalSetup]
    public void Setup()
    {
        var signing = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = signing.ExportParameters(false);
        var keys = JsonWebKeySet.Parse(Encoding.UTF8.GetBytes(
            $"{{\"keys\":[{{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"c1\",\"x\":\"{Base64Url.EncodeToString(p.Q.X!)}\",\"y\":\"{Base64Url.EncodeToString(p.Q.Y!)}\"}}]}}"));
        var secret = RandomNumberGenerator.GetBytes(32);
        var policy = FilterPolicy.Default with
        {
            Jose = new JosePolicy
            {
                DetachedSignature = new DetachedSignatureSettings { Mode = EnforcementMode.Block, Keys = keys, Algorithms = [JwsAlgorithm.ES256] },
                Decrypt = new JweDecryptSettings { Mode = EnforcementMode.Block, Keys = [JweDecryptionKey.FromSymmetricKey(secret)] },
            },
        };
        using (var spec = new MemoryStream(Encoding.UTF8.GetBytes(Spec)))
        {
            _filter = new RequestFilter(policy, ContractCompiler.Compile(ContractLoader.LoadAsync(spec, "orders.yaml", null).GetAwaiter().GetResult()));
        }

        _order = Encoding.UTF8.GetBytes("{\"lines\": [" + string.Join(", ", Enumerable.Range(0, 32).Select(i => $"{{\"sku\": \"S-{i:D4}\", \"qty\": {i + 1}}}")) + "]}");
        using (var session = DetachedJwsSigner.ForEcdsa(signing, "c1").BeginSigning())
        {
            session.Append(_order);
            _signed = new("POST", "/orders", null, "application/json", null, _order.Length, hasBody: true, new Headers(session.Finish()));
        }

        var header = Base64Url.EncodeToString("{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"cty\":\"json\"}"u8);
        var iv = RandomNumberGenerator.GetBytes(12);
        var ciphertext = new byte[_order.Length];
        var tag = new byte[16];
        using (var gcm = new AesGcm(secret, 16))
        {
            gcm.Encrypt(iv, _order, ciphertext, tag, Encoding.ASCII.GetBytes(header));
        }

        _jwe = Encoding.ASCII.GetBytes(header + ".." + Base64Url.EncodeToString(iv) + "." + Base64Url.EncodeToString(ciphertext) + "." + Base64Url.EncodeToString(tag));
        _encrypted = new("POST", "/orders", null, "application/jose", null, _jwe.Length, hasBody: true, new Headers(null));
        if (!Post(_signed, _order) || !Post(_encrypted, _jwe))
        {
            throw new InvalidOperationException("The benchmark requests must be allowed.");
        }
    }

    [Benchmark(Description = "POST /orders (~1 KB JSON) + detached JWS ES256")]
    public bool PostSigned() => Post(_signed, _order);

    [Benchmark(Description = "POST /orders as JWE dir+A256GCM (~1 KB plaintext)")]
    public bool PostEncrypted() => Post(_encrypted, _jwe);

    private bool Post(in HttpMessageView view, byte[] body) => PipelineRequest.Judge(_filter, view, body, _pipe);

    private sealed class Headers(string? signature) : IRequestHeaders
    {
        public int GetValueCount(string name) =>
            signature is not null && string.Equals(name, "x-jws-signature", StringComparison.OrdinalIgnoreCase) ? 1 : 0;

        public ReadOnlySpan<char> GetValue(string name, int index) => signature;
    }
}
