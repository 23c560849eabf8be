using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace ApiFilter.Host;

/// <summary>
/// A tiny store upstream for demos and smoke tests that honours the built-in demo contract
/// (<c>DemoContract.yaml</c>, embedded): every answer to a request the contract allows is valid
/// against the contract's response for it. <c>GET /health</c> answers <c>ok</c>; products come
/// from a fixed catalogue; <c>POST /orders</c> answers a receipt with the size and SHA-256 of the
/// body exactly as it arrived. Any other POST (outside the contract) still answers
/// <c>{"received", "sha256", "contentType", "contentEncoding"}</c> about its body, so the upstream
/// also serves a filter that runs without a contract.
/// </summary>
internal static class SampleUpstream
{
    /// <summary>Name of the embedded demo contract, also used as its file name in problems.</summary>
    public const string ContractFileName = "DemoContract.yaml";

    private const string ContractResource = "ApiFilter.Host.DemoContract.yaml";

    /// <summary>Receipts kept for <c>GET /orders/{orderId}</c>; older ones are forgotten beyond this.</summary>
    private const int MaxOrders = 1000;

    private static readonly Product[] Catalogue =
    [
        new(Guid.Parse("6f1c2a8e-4b7d-4e0a-9c3f-1d2e3f4a5b6c"), "Garden hose, 25 m", 34.90m, ["garden"], true),
        new(Guid.Parse("0b9d8c7e-6f5a-4b3c-8d2e-1f0a9b8c7d6e"), "Pruning shears", 19.50m, ["garden", "tools"], true),
        new(Guid.Parse("d3e4f5a6-b7c8-4d9e-8f0a-1b2c3d4e5f60"), "Cordless drill", 89.00m, ["tools"], false),
    ];

    private static readonly ConcurrentDictionary<Guid, Receipt> Orders = new();
    private static readonly ConcurrentQueue<Guid> OrderAge = new();

    /// <summary>Opens the embedded demo contract (OpenAPI 3.1 YAML); the caller disposes the stream.</summary>
    public static Stream OpenContract() =>
        typeof(SampleUpstream).Assembly.GetManifestResourceStream(ContractResource)
        ?? throw new InvalidOperationException($"the embedded resource {ContractResource} is missing from the build");

    public static WebApplication Build(string listen)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(listen);
        builder.WebHost.ConfigureKestrel(options => options.Limits.MaxRequestBodySize = ProxyKestrelLimits.PassThroughBodyBytes);
        var app = builder.Build();
        app.MapGet("/health", (RequestDelegate)(context =>
        {
            context.Response.ContentType = "text/plain";
            return context.Response.WriteAsync("ok");
        }));
        app.MapGet("/products", (RequestDelegate)ListProductsAsync);
        app.MapGet("/products/{productId}", (RequestDelegate)GetProductAsync);
        app.MapPost("/orders", (RequestDelegate)CreateOrderAsync);
        app.MapGet("/orders/{orderId}", (RequestDelegate)GetOrderAsync);
        app.MapPost("/{**path}", (RequestDelegate)EchoAsync);
        return app;
    }

    private static async Task ListProductsAsync(HttpContext context)
    {
        var query = context.Request.Query;
        // the filter has checked these when it enforces the contract; without it, out-of-contract
        // values fall back to defaults so the answer stays valid against the contract
        var limit = int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 1, 100) : 20;
        var tags = query["tags"];
        var minPrice = Price(query["filter[minPrice]"]);
        var maxPrice = Price(query["filter[maxPrice]"]);
        bool? inStock = bool.TryParse(query["filter[inStock]"], out var stock) ? stock : null;

        var selected = new List<Product>();
        foreach (var product in Catalogue)
        {
            var matches = (minPrice is null || product.Price >= minPrice) && (maxPrice is null || product.Price <= maxPrice)
                && (inStock is null || product.InStock == inStock);
            foreach (var tag in tags)
            {
                matches &= tag is not null && product.Tags.Contains(tag, StringComparer.Ordinal);
            }

            if (matches)
            {
                selected.Add(product);
            }
        }

        switch (query["sort"].ToString())
        {
            case "name":
                selected.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                break;
            case "price":
                selected.Sort((a, b) => a.Price.CompareTo(b.Price));
                break;
            case "-price":
                selected.Sort((a, b) => b.Price.CompareTo(a.Price));
                break;
        }

        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        json.WriteStartArray();
        for (var i = 0; i < selected.Count && i < limit; i++)
        {
            Write(json, selected[i]);
        }

        json.WriteEndArray();
        await json.FlushAsync(context.RequestAborted);
    }

    private static decimal? Price(string? text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static async Task GetProductAsync(HttpContext context)
    {
        if (Guid.TryParse(context.Request.RouteValues["productId"] as string, out var id))
        {
            foreach (var product in Catalogue)
            {
                if (product.Id == id)
                {
                    context.Response.ContentType = "application/json";
                    await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
                    Write(json, product);
                    await json.FlushAsync(context.RequestAborted);
                    return;
                }
            }
        }

        await ProblemAsync(context, StatusCodes.Status404NotFound, "Not Found", "no product has this id");
    }

    private static async Task CreateOrderAsync(HttpContext context)
    {
        var (received, sha256) = await HashBodyAsync(context);
        var receipt = new Receipt(Guid.NewGuid(), received, sha256, context.Request.ContentType, context.Request.Headers.ContentEncoding.ToString());
        Orders[receipt.Id] = receipt;
        OrderAge.Enqueue(receipt.Id);
        while (OrderAge.Count > MaxOrders && OrderAge.TryDequeue(out var oldest))
        {
            Orders.TryRemove(oldest, out _);
        }

        await WriteReceiptAsync(context, receipt);
    }

    private static async Task GetOrderAsync(HttpContext context)
    {
        if (Guid.TryParse(context.Request.RouteValues["orderId"] as string, out var id) && Orders.TryGetValue(id, out var receipt))
        {
            await WriteReceiptAsync(context, receipt);
            return;
        }

        await ProblemAsync(context, StatusCodes.Status404NotFound, "Not Found", "no order has this id");
    }

    private static async Task WriteReceiptAsync(HttpContext context, Receipt receipt)
    {
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        json.WriteStartObject();
        json.WriteString("id", receipt.Id);
        json.WriteString("status", "received");
        json.WriteNumber("received", receipt.Received);
        json.WriteString("sha256", receipt.Sha256);
        // the contract declares both as strings: omitted rather than null when the request had none
        if (!string.IsNullOrEmpty(receipt.ContentType))
        {
            json.WriteString("contentType", receipt.ContentType);
        }

        if (!string.IsNullOrEmpty(receipt.ContentEncoding))
        {
            json.WriteString("contentEncoding", receipt.ContentEncoding);
        }

        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    private static async Task EchoAsync(HttpContext context)
    {
        var (received, sha256) = await HashBodyAsync(context);
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        json.WriteStartObject();
        json.WriteNumber("received", received);
        json.WriteString("sha256", sha256);
        json.WriteString("contentType", context.Request.ContentType);
        json.WriteString("contentEncoding", context.Request.Headers.ContentEncoding.ToString());
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    private static async Task<(long Received, string Sha256)> HashBodyAsync(HttpContext context)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[16 * 1024];
        long received = 0;
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            received += read;
        }

        return (received, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static void Write(Utf8JsonWriter json, Product product)
    {
        json.WriteStartObject();
        json.WriteString("id", product.Id);
        json.WriteString("name", product.Name);
        json.WriteNumber("price", product.Price);
        json.WriteStartArray("tags");
        foreach (var tag in product.Tags)
        {
            json.WriteStringValue(tag);
        }

        json.WriteEndArray();
        json.WriteBoolean("inStock", product.InStock);
        json.WriteEndObject();
    }

    /// <summary>An RFC 9457 problem, the contract's 4XX response.</summary>
    private static async Task ProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        json.WriteStartObject();
        json.WriteString("type", "about:blank");
        json.WriteString("title", title);
        json.WriteNumber("status", status);
        json.WriteString("detail", detail);
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    private sealed record Product(Guid Id, string Name, decimal Price, string[] Tags, bool InStock);

    private sealed record Receipt(Guid Id, long Received, string Sha256, string? ContentType, string ContentEncoding);
}
