using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using ApiFilter.Contract;
using ApiFilter.Pipeline;
using ApiFilter.Policy;
using ApiFilter.Tests.Pipeline;

namespace ApiFilter.Tests.Contract;

/// <summary>
/// XML, urlencoded-form and multipart bodies are validated against the same schema programs as
/// JSON, through the mapping each format defines (OpenAPI XML Object, form fields, multipart parts).
/// Expected outcomes follow from the contract text below and the demo contract.
/// </summary>
public sealed class BodyKindsEnforcementTests
{
    /// <summary>The default policy without authentication: the demo contract's OAuth2 requirements are tested with tokens in the host's demo tests; this file tests other stages.</summary>
    private static readonly FilterPolicy DemoPolicy = FilterPolicy.Default with { Auth = AuthenticationPolicy.Default with { Mode = EnforcementMode.Off } };

    private const string Forms = """
        openapi: 3.1.0
        info: {title: forms, version: '1'}
        paths:
          /profile:
            post:
              requestBody:
                required: true
                content:
                  application/x-www-form-urlencoded:
                    schema:
                      type: object
                      additionalProperties: false
                      required: [name]
                      properties:
                        name: {type: string, maxLength: 10}
                        age: {type: integer, minimum: 0}
                        tags: {type: array, items: {type: string}}
              responses:
                '204': {description: saved}
          /upload:
            post:
              requestBody:
                required: true
                content:
                  multipart/form-data:
                    schema:
                      type: object
                      required: [file]
                      properties:
                        title: {type: string, maxLength: 20}
                        meta:
                          type: object
                          properties:
                            pages: {type: integer, minimum: 1}
                        file: {type: string, format: binary}
                    encoding:
                      meta: {contentType: application/json}
              responses:
                '204': {description: stored}
        """;

    private static readonly Lazy<ApiContract> FormsContract = new(() =>
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Forms));
        return ContractCompiler.Compile(ContractLoader.LoadAsync(stream, "forms.yaml", null).GetAwaiter().GetResult());
    });

    private static readonly Lazy<ApiContract> Demo = new(() =>
        ContractCompiler.Compile(ContractLoader.LoadFile(Path.Combine(ContractCorpusTests.RepoRoot(), "src", "ApiFilter.Host", "DemoContract.yaml"))));

    [Fact]
    public void An_xml_order_is_validated_through_its_xml_names()
    {
        var filter = new RequestFilter(DemoPolicy, Demo.Value);
        var allowed = Judge(filter, "/orders", "application/xml", "<order><items><item><sku>A-1</sku><qty>2</qty></item></items></order>");
        Assert.True(allowed.IsAllowed, Describe(allowed));

        var zero = Judge(filter, "/orders", "application/xml", "<order><items><item><sku>A-1</sku><qty>0</qty></item></items></order>");
        Assert.Equal(("schema.minimum", "/items/0/qty"), (zero.FirstViolation?.Code, zero.FirstViolation?.Pointer));

        var extra = Judge(filter, "/orders", "application/xml", "<order><items><item><sku>A-1</sku><qty>1</qty></item></items><coupon>FREE</coupon></order>");
        Assert.Equal("schema.additionalProperties", extra.FirstViolation?.Code);

        var readOnly = Judge(filter, "/orders", "application/xml",
            "<order id=\"3f6d2a8e-5b1c-4e7a-9d2f-0c8b7a6e5d4c\"><items><item><sku>A-1</sku><qty>1</qty></item></items></order>");
        Assert.Equal(("schema.readOnly", "/id"), (readOnly.FirstViolation?.Code, readOnly.FirstViolation?.Pointer));
    }

    [Theory]
    [InlineData("name=Ann&age=3", null, null)]
    [InlineData("name=Ann&tags=a&tags=b", null, null)]
    [InlineData("name=Ann+Lee", null, null)]
    [InlineData("name=Ann&age=-1", "schema.minimum", "/age")]
    [InlineData("name=Ann&age=old", "schema.type", "/age")]
    [InlineData("age=3", "schema.required", "")]
    [InlineData("name=Annabel+Lee+Smith", "schema.maxLength", "/name")]
    [InlineData("name=Ann&admin=true", "schema.additionalProperties", "/admin")]
    public void A_form_body_is_validated_field_by_field(string body, string? code, string? pointer)
    {
        var verdict = Judge(new RequestFilter(FilterPolicy.Default, FormsContract.Value), "/profile", "application/x-www-form-urlencoded", body);
        if (code is null)
        {
            Assert.True(verdict.IsAllowed, Describe(verdict));
        }
        else
        {
            Assert.Equal((code, pointer), (verdict.FirstViolation?.Code, verdict.FirstViolation?.Pointer));
        }
    }

    [Fact]
    public void A_multipart_body_is_validated_part_by_part()
    {
        var filter = new RequestFilter(FilterPolicy.Default, FormsContract.Value);
        var ok = Judge(filter, "/upload", "multipart/form-data; boundary=XyZ", Multipart(("title", null, "Q3 report"), ("meta", "application/json", "{\"pages\":3}"), ("file", "application/pdf", "%PDF-1.7 ...")));
        Assert.True(ok.IsAllowed, Describe(ok));

        var pages = Judge(filter, "/upload", "multipart/form-data; boundary=XyZ", Multipart(("meta", "application/json", "{\"pages\":0}"), ("file", "application/pdf", "%PDF")));
        Assert.Equal(("schema.minimum", "/meta/pages"), (pages.FirstViolation?.Code, pages.FirstViolation?.Pointer));

        var title = Judge(filter, "/upload", "multipart/form-data; boundary=XyZ", Multipart(("title", null, new string('t', 21)), ("file", "application/pdf", "%PDF")));
        Assert.Equal(("schema.maxLength", "/title"), (title.FirstViolation?.Code, title.FirstViolation?.Pointer));

        var noFile = Judge(filter, "/upload", "multipart/form-data; boundary=XyZ", Multipart(("title", null, "Q3")));
        Assert.False(noFile.IsAllowed);
        Assert.Contains(noFile.FirstViolation!.Code, new[] { "multipart.missingField", "schema.required" });

        var noBoundary = Judge(filter, "/upload", "multipart/form-data", Multipart(("file", "application/pdf", "%PDF")));
        Assert.Equal("multipart.boundary", noBoundary.FirstViolation?.Code);

        var unterminated = Judge(filter, "/upload", "multipart/form-data; boundary=XyZ", "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF");
        Assert.False(unterminated.IsAllowed);
        Assert.StartsWith("multipart.", unterminated.FirstViolation!.Code, StringComparison.Ordinal);
    }

    private static string Multipart(params (string Name, string? ContentType, string Value)[] parts)
    {
        var text = new StringBuilder();
        foreach (var (name, contentType, value) in parts)
        {
            text.Append("--XyZ\r\n");
            text.Append("Content-Disposition: form-data; name=\"").Append(name).Append('"');
            if (contentType == "application/pdf")
            {
                text.Append("; filename=\"").Append(name).Append(".pdf\"");
            }

            text.Append("\r\n");
            if (contentType is not null)
            {
                text.Append("Content-Type: ").Append(contentType).Append("\r\n");
            }

            text.Append("\r\n").Append(value).Append("\r\n");
        }

        return text.Append("--XyZ--\r\n").ToString();
    }

    private static Verdict Judge(RequestFilter filter, string path, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var view = new HttpMessageView("POST", path, null, contentType, null, bytes.Length, true);
        // every body here is read by a guard: a plan that forwards it unjudged would pass for the wrong reason
        var plan = filter.Plan(view);
        Assert.True(plan.IsRefused || plan.Kind != BodyKind.None, $"{contentType} was planned without a guard");
        return RequestJudge.Judge(filter, view, bytes);
    }

    private static string Describe(Verdict verdict) =>
        verdict.IsAllowed ? "allowed" : string.Join("; ", verdict.Violations.ToArray().Select(v => v.ToString()));
}
