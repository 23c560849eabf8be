using System.Text;
using ApiFilter.Detection;
using BenchmarkDotNet.Attributes;

namespace ApiFilter.Benchmarks.Detection;

/// <summary>
/// The NoSQL, path traversal, command, header, SSRF, JSON Pointer and JSONPath detectors on the
/// common case: benign values of 20 to 200 bytes of the kind each detector is given (prose, names
/// and addresses for the free-text detectors, header values, URLs, pointers, expressions). Each
/// benchmark judges <see cref="ValuesPerSet"/> values, so the reported time is per value.
/// </summary>
[MemoryDiagnoser]
public class OtherDetectorsBenchmarks
{
    /// <summary>Values judged per benchmark invocation.</summary>
    public const int ValuesPerSet = 8;

    private static readonly byte[][] FreeText = Set(
        "O'Brien & Sons; est. 1990",
        "Tom & Jerry; then lunch at 12:30 — table for 4, please",
        "221B Baker Street, London NW1 6XE, United Kingdom",
        "A lightweight 3-in-1 jacket with a detachable hood; water-resistant (10,000 mm) and breathable. Sizes S-XXL.",
        "Please call me back after 5pm; my number is +44 20 7946 0958. Thanks!",
        "docs/guide/intro.md",
        "Wait... what? That costs $5 or {$10} depending on the store.",
        "Skills: Java; Python; Perl — 5+ years, remote or hybrid (Berlin/Munich), start ASAP. Salary 70-80k EUR, see https://jobs.example.com/42");

    private static readonly byte[][] HeaderValues = Set(
        "en-US,en;q=0.9,de;q=0.8",
        "text/html; charset=utf-8",
        "attachment; filename=\"quarterly report 2024.pdf\"",
        "max-age=31536000; includeSubDomains; preload",
        "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.c2lnbmF0dXJl",
        "<https://api.example.com/items?page=2>; rel=\"next\", <https://api.example.com/items?page=9>; rel=\"last\"",
        "W/\"0815-xyzzy\"",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36");

    private static readonly byte[][] Urls = Set(
        "https://example.com/",
        "https://hooks.example.com/services/T000/B000/XXXXXXXX",
        "https://api.example.com:8443/v1/callbacks?id=42&sig=abcdef",
        "https://cdn.example.net/images/products/2024/jacket-front.jpg",
        "http://93.184.216.34/status",
        "https://[2606:4700:4700::1111]/dns-query",
        "https://user:secret@ftp.example.org/pub/file.tar.gz",
        "https://sub.domain.example.co.uk/a/b/c?utm_source=newsletter&utm_medium=email#section-2");

    private static readonly byte[][] Pointers = Set(
        "/components/schemas/Pet",
        "/paths/~1pets~1{petId}/get/responses/200",
        "/items/0/price",
        "/a~1b/m~0n",
        "#/definitions/Order/properties/status",
        "/data/attributes/address/street",
        "/orders/12/lines/-",
        "/users/42/profile/settings/notifications/email");

    private static readonly byte[][] Paths = Set(
        "reports/2024/q3/summary.pdf",
        "images/products/jacket-front.jpg",
        "docs/guide/intro.md",
        "avatar.png",
        "exports/customers-2024-11-28.csv",
        "a/b/c/d/e/f/g/h/i/j.txt",
        "my..file.txt",
        "templates/email/welcome_en-GB.html");

    private static readonly byte[][] JsonPaths = Set(
        "$.store.book[0].title",
        "$['store']['book'][1]['author']",
        "$.orders[*].lines[0:3]",
        "$.a.b.c",
        "$.data.items[-1].id",
        "$[\"display name\"]",
        "$.users[0].addresses[1].postcode",
        "$");

    private static readonly byte[][] ParameterNames = Set(
        "page[size]", "filter[status]", "sort", "fields[articles]", "include", "q", "user[name]", "$top");

    [GlobalSetup]
    public void Setup()
    {
        // The benchmark measures the clean path: every value must pass.
        foreach (byte[] v in FreeText)
        {
            Require(NoSqlInjectionDetector.DetectValue(v));
            Require(CommandInjectionDetector.Detect(v));
            Require(JsonPathInjectionDetector.DetectFragment(v));
            Require(JsonPointerInjectionDetector.DetectFragment(v));
            Require(PathTraversalDetector.Detect(v));
        }

        foreach (byte[] v in HeaderValues)
        {
            Require(HeaderInjectionDetector.Detect(v));
        }

        foreach (byte[] v in Urls)
        {
            Require(SsrfDetector.Detect(v));
        }

        foreach (byte[] v in Pointers)
        {
            Require(JsonPointerInjectionDetector.DetectPointer(v));
        }

        foreach (byte[] v in Paths)
        {
            Require(PathTraversalDetector.Detect(v, PathTraversalMode.Path));
        }

        foreach (byte[] v in JsonPaths)
        {
            Require(JsonPathInjectionDetector.DetectExpression(v));
        }

        foreach (byte[] v in ParameterNames)
        {
            Require(NoSqlInjectionDetector.DetectParameterName(v));
        }
    }

    [Benchmark(OperationsPerInvoke = ValuesPerSet, Description = "NoSql.DetectValue (free text)")]
    public int NoSqlValue()
    {
        int found = 0;
        foreach (byte[] v in FreeText)
        {
            found += NoSqlInjectionDetector.DetectValue(v).Detected ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = ValuesPerSet, Description = "NoSql.DetectParameterName")]
    public int NoSqlParameterName()
    {
        int found = 0;
        foreach (byte[] v in ParameterNames)
        {
            found += NoSqlInjectionDetector.DetectParameterName(v).Detected ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = ValuesPerSet, Description = "PathTraversal (free text)")]
    public int PathTraversalFreeText()
    {
        int found = 0;
        foreach (byte[] v in FreeText)
        {
            found += PathTraversalDetector.Detect(v).Detected ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = ValuesPerSet, Description = "PathTraversal (declared path)")]
    public int PathTraversalPath()
    {
        int found = 0;
        foreach (byte[] v in Paths)
        {
            found += PathTraversalDetector.Detect(v, PathTraversalMode.Path).Detected ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = ValuesPerSet, Description = "CommandInjection (free text)")]
    public int Command()
    {
        int found = 0;
        foreach (byte[] v in FreeText)
        {
            found += CommandInjectionDetector.Detect(v).Detected ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = ValuesPerSet, Description = "HeaderInjection (header values)")]
    public int Header()
    {
        int found = 0;
        foreach (byte[] v in HeaderValues)
        {
            found += HeaderInjectionDetector.Detect(v).Detected ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = ValuesPerSet, Description = "Ssrf (URLs)")]
    public int Ssrf()
    {
        int found = 0;
        foreach (byte[] v in Urls)
        {
            found += SsrfDetector.Detect(v).Detected ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = ValuesPerSet, Description = "JsonPointer.DetectPointer")]
    public int JsonPointer()
    {
        int found = 0;
        foreach (byte[] v in Pointers)
        {
            found += JsonPointerInjectionDetector.DetectPointer(v).Detected ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = ValuesPerSet, Description = "JsonPath.DetectExpression")]
    public int JsonPathExpression()
    {
        int found = 0;
        foreach (byte[] v in JsonPaths)
        {
            found += JsonPathInjectionDetector.DetectExpression(v).Detected ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = ValuesPerSet, Description = "JsonPath.DetectFragment (free text)")]
    public int JsonPathFragment()
    {
        int found = 0;
        foreach (byte[] v in FreeText)
        {
            found += JsonPathInjectionDetector.DetectFragment(v).Detected ? 1 : 0;
        }

        return found;
    }

    private static byte[][] Set(params string[] values)
    {
        if (values.Length != ValuesPerSet)
        {
            throw new ArgumentException("Each set holds ValuesPerSet values.", nameof(values));
        }

        var result = new byte[values.Length][];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = Encoding.UTF8.GetBytes(values[i]);
        }

        return result;
    }

    private static void Require(DetectionResult r)
    {
        if (r.Detected)
        {
            throw new InvalidOperationException($"A benchmark value must be clean: {r}");
        }
    }
}
