using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Text;
using ApiFilter.Json;
using ApiFilter.Pipeline;
using ApiFilter.Policy;

namespace ApiFilter.Tests.Pipeline;

/// <summary>The body loop driven through a real <see cref="Pipe"/>, the writer feeding chunks as a socket would.</summary>
public class BodyLoopTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    // Thresholds like a Kestrel request pipe sized by the host for a 1 MiB policy.
    private static Pipe NewPipe() => new(new PipeOptions(pauseWriterThreshold: 4 * 1024 * 1024, resumeWriterThreshold: 2 * 1024 * 1024));

    private static async Task WriteInChunksAsync(PipeWriter writer, byte[] body, int chunk, bool complete = true)
    {
        for (var i = 0; i < body.Length; i += chunk)
        {
            await writer.WriteAsync(body.AsMemory(i, Math.Min(chunk, body.Length - i)));
            await Task.Delay(2);
        }

        if (complete)
        {
            await writer.CompleteAsync();
        }
    }

    private static async Task<BodyInspection> InspectAsync(RequestFilter filter, Pipe pipe, BodyKind kind, BodyPlan plan = default, CancellationToken cancellation = default)
    {
        var guard = filter.RentGuard(kind);
        try
        {
            return await filter.InspectBodyAsync(pipe.Reader, plan, guard, cancellation).AsTask().WaitAsync(Bound);
        }
        finally
        {
            filter.ReturnGuard(guard);
        }
    }

    [Fact]
    public async Task Allowed_body_is_returned_whole_and_byte_identical()
    {
        var filter = new RequestFilter(FilterPolicy.Default);
        var body = Encoding.UTF8.GetBytes("{\"id\":42,\"items\":[" + string.Join(',', Enumerable.Range(0, 2000).Select(i => $"{{\"sku\":\"A-{i}\",\"qty\":{i}}}")) + "]}");
        var pipe = NewPipe();
        var writing = WriteInChunksAsync(pipe.Writer, body, chunk: 997);

        var result = await InspectAsync(filter, pipe, BodyKind.Json);
        await writing.WaitAsync(Bound);

        Assert.True(result.Verdict.IsAllowed);
        Assert.Equal(body, result.Body.ToArray());
        Assert.Equal(body.Length, result.DecodedBytes);
        pipe.Reader.AdvanceTo(result.Body.End);
        await pipe.Reader.CompleteAsync();
    }

    [Fact]
    public async Task Refusal_comes_while_the_body_is_still_arriving()
    {
        var filter = new RequestFilter(FilterPolicy.Default);
        var pipe = NewPipe();
        // the writer sends a too-deep prefix and then waits: the verdict must not need the rest
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(new string('[', 200)));

        var result = await InspectAsync(filter, pipe, BodyKind.Json);

        Assert.False(result.Verdict.IsAllowed);
        Assert.Equal(ViolationCodes.JsonDepth, result.Verdict.FirstViolation!.Code);
        Assert.Equal(400, result.Verdict.Status);
        Assert.True(result.Body.IsEmpty);
        await pipe.Writer.CompleteAsync();
    }

    [Fact]
    public async Task Oversized_body_stops_reading_at_the_limit()
    {
        var limits = JsonThreatLimits.Default with { MaxBodyBytes = 1024 * 1024 };
        var filter = new RequestFilter(FilterPolicy.Default with { Json = limits });
        // a writer at most 256 KiB ahead of what the reader examined, like a socket with its buffers
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 256 * 1024, resumeWriterThreshold: 128 * 1024));
        long written = 0;
        const long total = 50L * 1024 * 1024;
        var chunk = Encoding.UTF8.GetBytes("[" + new string(' ', 64 * 1024 - 1));
        var writing = Task.Run(async () =>
        {
            while (written < total)
            {
                var flush = await pipe.Writer.WriteAsync(chunk);
                written += chunk.Length;
                if (flush.IsCompleted)
                {
                    break; // the reader is gone: like a server closing the connection
                }

                chunk = Encoding.UTF8.GetBytes(new string(' ', 64 * 1024));
            }
        });

        var result = await InspectAsync(filter, pipe, BodyKind.Json);
        await pipe.Reader.CompleteAsync();
        await writing.WaitAsync(Bound);

        Assert.Equal(ViolationCodes.JsonSize, result.Verdict.FirstViolation!.Code);
        Assert.Equal(413, result.Verdict.Status);
        // read a little past the limit (the writer's lead at most), never the 50 MB
        Assert.InRange(result.DecodedBytes, limits.MaxBodyBytes + 1, limits.MaxBodyBytes + 256 * 1024 + chunk.Length);
        Assert.True(written < 4L * 1024 * 1024, $"the writer got {written} bytes in");
    }

    [Fact]
    public async Task Client_abort_is_an_incomplete_body_not_an_exception()
    {
        var filter = new RequestFilter(FilterPolicy.Default);
        var pipe = NewPipe();
        await pipe.Writer.WriteAsync("{\"id\": "u8.ToArray());
        await pipe.Writer.CompleteAsync(new IOException("The client reset the connection."));

        var result = await InspectAsync(filter, pipe, BodyKind.Json);

        Assert.Equal(ViolationCodes.BodyIncomplete, result.Verdict.FirstViolation!.Code);
        Assert.Contains("reset", result.Verdict.FirstViolation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_is_an_incomplete_body()
    {
        var filter = new RequestFilter(FilterPolicy.Default);
        var pipe = NewPipe();
        await pipe.Writer.WriteAsync("{\"id\": "u8.ToArray());
        using var cancellation = new CancellationTokenSource();
        var inspecting = InspectAsync(filter, pipe, BodyKind.Json, cancellation: cancellation.Token);
        await cancellation.CancelAsync();

        var result = await inspecting;

        Assert.Equal(ViolationCodes.BodyIncomplete, result.Verdict.FirstViolation!.Code);
    }

    [Fact]
    public async Task Truncated_json_is_refused()
    {
        var filter = new RequestFilter(FilterPolicy.Default);
        var pipe = NewPipe();
        var writing = WriteInChunksAsync(pipe.Writer, "{\"id\": [1, 2"u8.ToArray(), chunk: 3);

        var result = await InspectAsync(filter, pipe, BodyKind.Json);
        await writing.WaitAsync(Bound);

        Assert.False(result.Verdict.IsAllowed);
    }

    [Fact]
    public async Task Xml_body_with_a_doctype_is_refused()
    {
        var filter = new RequestFilter(FilterPolicy.Default);
        var pipe = NewPipe();
        var writing = WriteInChunksAsync(pipe.Writer, "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>"u8.ToArray(), chunk: 5);

        var result = await InspectAsync(filter, pipe, BodyKind.Xml);
        await writing.WaitAsync(Bound);

        Assert.Equal(ViolationCodes.XmlDtd, result.Verdict.FirstViolation!.Code);
    }

    public static TheoryData<string> Codings => new() { "gzip", "deflate", "br", "gzip, br", "br, identity, deflate" };

    [Theory]
    [MemberData(nameof(Codings))]
    public async Task Encoded_body_is_judged_decoded_and_kept_encoded(string contentEncoding)
    {
        var filter = new RequestFilter(FilterPolicy.Default with { ContentEncodings = ContentCodings.Gzip | ContentCodings.Deflate | ContentCodings.Brotli });
        var json = Encoding.UTF8.GetBytes("{\"order\":" + string.Join(',', Enumerable.Repeat("1", 1)) + ",\"lines\":[" + string.Join(',', Enumerable.Range(0, 5000)) + "]}");
        var encoded = Encode(json, contentEncoding);
        var plan = filter.Plan(new HttpMessageView("POST", "/", null, "application/json", contentEncoding, encoded.Length, true));
        Assert.True(plan.IsEncoded);
        var pipe = NewPipe();
        var writing = WriteInChunksAsync(pipe.Writer, encoded, chunk: 1000);

        var result = await InspectAsync(filter, pipe, BodyKind.Json, plan);
        await writing.WaitAsync(Bound);

        Assert.True(result.Verdict.IsAllowed, result.Verdict.FirstViolation?.ToString());
        Assert.Equal(encoded, result.Body.ToArray());
        Assert.Equal(json.Length, result.DecodedBytes);
    }

    [Fact]
    public async Task Encoded_body_is_refused_on_its_decoded_content()
    {
        var filter = new RequestFilter(FilterPolicy.Default with { ContentEncodings = ContentCodings.Gzip });
        var encoded = Encode(Encoding.UTF8.GetBytes(new string('[', 100) + new string(']', 100)), "gzip");
        var plan = filter.Plan(new HttpMessageView("POST", "/", null, "application/json", "gzip", encoded.Length, true));
        var pipe = NewPipe();
        var writing = WriteInChunksAsync(pipe.Writer, encoded, chunk: 10);

        var result = await InspectAsync(filter, pipe, BodyKind.Json, plan);
        await writing.WaitAsync(Bound);

        Assert.Equal(ViolationCodes.JsonDepth, result.Verdict.FirstViolation!.Code);
    }

    [Fact]
    public async Task Corrupt_encoded_body_is_refused()
    {
        var filter = new RequestFilter(FilterPolicy.Default with { ContentEncodings = ContentCodings.Gzip });
        var plan = filter.Plan(new HttpMessageView("POST", "/", null, "application/json", "gzip", 20, true));
        var pipe = NewPipe();
        var writing = WriteInChunksAsync(pipe.Writer, "this is not gzip data"u8.ToArray(), chunk: 7);

        var result = await InspectAsync(filter, pipe, BodyKind.Json, plan);
        await writing.WaitAsync(Bound);

        Assert.Equal(ViolationCodes.BodyEncoding, result.Verdict.FirstViolation!.Code);
    }

    [Fact]
    public async Task Gzip_bomb_is_refused_at_the_ratio_cap()
    {
        // 100 MB of JSON whitespace inside an array: valid so far, so only the ratio cap can stop it
        var bomb = GzipBomb(100L * 1024 * 1024);
        Assert.True(bomb.Length < 1024 * 1024, $"bomb is {bomb.Length} bytes");
        var policy = FilterPolicy.Default with
        {
            ContentEncodings = ContentCodings.Gzip,
            MaxDecompressionRatio = 50,
            Json = JsonThreatLimits.Default with { MaxBodyBytes = 1024L * 1024 * 1024 },
        };
        var filter = new RequestFilter(policy);
        var plan = filter.Plan(new HttpMessageView("POST", "/", null, "application/json", "gzip", bomb.Length, true));
        var pipe = NewPipe();
        var writing = WriteInChunksAsync(pipe.Writer, bomb, chunk: 64 * 1024);

        var result = await InspectAsync(filter, pipe, BodyKind.Json, plan);
        await writing.WaitAsync(Bound);

        Assert.Equal(ViolationCodes.BodyCompressionRatio, result.Verdict.FirstViolation!.Code);
        Assert.Equal(413, result.Verdict.Status);
        var cap = bomb.Length * 50L;
        Assert.True(result.DecodedBytes > cap);
        Assert.True(result.DecodedBytes <= cap + 64 * 1024, $"decoded {result.DecodedBytes} bytes for a cap of {cap}");
    }

    [Fact]
    public async Task Gzip_bomb_under_the_ratio_stops_at_the_size_limit()
    {
        var bomb = GzipBomb(100L * 1024 * 1024);
        var filter = new RequestFilter(FilterPolicy.Default with { ContentEncodings = ContentCodings.Gzip, MaxDecompressionRatio = 100_000 });
        var plan = filter.Plan(new HttpMessageView("POST", "/", null, "application/json", "gzip", bomb.Length, true));
        var pipe = NewPipe();
        var writing = WriteInChunksAsync(pipe.Writer, bomb, chunk: 64 * 1024);

        var result = await InspectAsync(filter, pipe, BodyKind.Json, plan);
        await writing.WaitAsync(Bound);

        Assert.Equal(ViolationCodes.JsonSize, result.Verdict.FirstViolation!.Code);
        Assert.True(result.DecodedBytes <= FilterPolicy.Default.Json.MaxBodyBytes + 64 * 1024, $"decoded {result.DecodedBytes} bytes");
    }

    private static byte[] GzipBomb(long decodedSize)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write("["u8);
            var spaces = new byte[1024 * 1024];
            spaces.AsSpan().Fill((byte)' ');
            for (long i = 0; i < decodedSize; i += spaces.Length)
            {
                gzip.Write(spaces);
            }

            gzip.Write("]"u8);
        }

        return output.ToArray();
    }

    /// <summary>Applies the codings in the order listed, as RFC 9110 section 8.4 says the header lists them.</summary>
    private static byte[] Encode(byte[] data, string contentEncoding)
    {
        foreach (var raw in contentEncoding.Split(','))
        {
            var coding = raw.Trim();
            if (coding == "identity")
            {
                continue;
            }

            using var output = new MemoryStream();
            using (Stream encoder = coding switch
            {
                "gzip" => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
                "deflate" => new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true),
                "br" => new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true),
                _ => throw new ArgumentException(coding),
            })
            {
                encoder.Write(data);
            }

            data = output.ToArray();
        }

        return data;
    }
}
