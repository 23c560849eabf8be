using ApiFilter.Schema;
using ApiFilter.Contract;
using ApiFilter.Parameters;

namespace ApiFilter.Tests.Contract;

/// <summary>The contract `apifilter demo` embeds loads, builds, and keeps the features the demo shows.</summary>
public sealed class DemoContractTests
{
    private static ContractModel Model() =>
        ContractModelBuilder.Build(ContractLoader.LoadFile(Path.Combine(ContractCorpusTests.RepoRoot(), "src", "ApiFilter.Host", "DemoContract.yaml")));

    [Fact]
    public void Declares_the_store_operations()
    {
        var model = Model();
        Assert.Equal(SchemaDialect.OpenApi31, model.Dialect);
        Assert.Equal(
            ["GET /health", "GET /products", "GET /products/{productId}", "POST /orders", "GET /orders/{orderId}"],
            model.Operations.Select(o => o.Method + " " + o.PathTemplate));
        Assert.All(model.Operations, o => Assert.Equal([""], o.BasePaths));
    }

    [Fact]
    public void Orders_need_an_oauth2_token_with_their_scope_and_products_are_public()
    {
        var model = Model();
        var scheme = model.SecuritySchemes["storeAuth"];
        Assert.Equal(SecuritySchemeKind.OAuth2, scheme.Kind);
        Assert.Equal(["orders:write", "orders:read"], Assert.Single(scheme.Flows).Scopes.Keys);
        string Scopes(string operationId) => string.Join(" | ", Assert.Single(model.Operations, o => o.OperationId == operationId).Security
            .Select(r => string.Join(" & ", r.Schemes.Select(s => s.Key + "[" + string.Join(",", s.Value) + "]"))));
        Assert.Equal("storeAuth[orders:write]", Scopes("createOrder"));
        Assert.Equal("storeAuth[orders:read]", Scopes("getOrder"));
        Assert.Equal("", Scopes("listProducts"));
        Assert.Equal("", Scopes("health"));
    }

    [Fact]
    public void Product_listing_has_every_parameter_style_the_demo_shows()
    {
        var list = Assert.Single(Model().Operations, o => o.OperationId == "listProducts");
        var byName = list.Parameters.ToDictionary(p => p.Name);
        Assert.Equal(["limit", "tags", "sort", "q", "filter", "X-Request-Id"], list.Parameters.Select(p => p.Name));
        Assert.Equal((1L, 100L), ((long)byName["limit"].Schema!["minimum"]!, (long)byName["limit"].Schema!["maximum"]!));
        Assert.Equal((ParameterStyle.Form, true, "array"), (byName["tags"].Style, byName["tags"].Explode, (string?)byName["tags"].Schema!["type"]));
        Assert.Equal(3, byName["sort"].Schema!["enum"]!.AsArray().Count);
        Assert.Equal((ParameterStyle.DeepObject, true), (byName["filter"].Style, byName["filter"].Explode));
        var requestId = byName["X-Request-Id"];
        Assert.Equal((ParameterLocation.Header, "uuid"), (requestId.Location, (string?)requestId.Schema!["format"]));
        Assert.Equal("/components/parameters/RequestId", requestId.Pointer);
    }

    [Fact]
    public void Product_id_is_a_uuid_path_parameter()
    {
        var get = Assert.Single(Model().Operations, o => o.OperationId == "getProduct");
        var id = Assert.Single(get.Parameters, p => p.Location == ParameterLocation.Path);
        Assert.Equal(("productId", "uuid"), (id.Name, (string?)id.Schema!["format"]));
        Assert.Equal(["200", "4XX"], get.Responses.Select(r => r.StatusKey));
    }

    [Fact]
    public void Orders_accept_json_and_xml_with_a_discriminated_payment()
    {
        var model = Model();
        var create = Assert.Single(model.Operations, o => o.OperationId == "createOrder");
        var body = create.RequestBody!;
        Assert.True(body.Required);
        Assert.Equal(["application/json", "application/xml"], body.Content.Select(c => c.MediaRange));
        Assert.All(body.Content, c => Assert.Equal("#/components/schemas/Order", (string?)c.Schema!["$ref"]));

        var schemas = model.Root["components"]!["schemas"]!;
        var order = schemas["Order"]!;
        Assert.True((bool)order["properties"]!["id"]!["readOnly"]!);
        Assert.Equal("order", (string?)order["xml"]!["name"]);
        Assert.True((bool)order["properties"]!["items"]!["xml"]!["wrapped"]!);
        var discriminator = schemas["Payment"]!["discriminator"]!;
        Assert.Equal("method", (string?)discriminator["propertyName"]);
        Assert.Equal("#/components/schemas/BankTransferPayment", (string?)discriminator["mapping"]!["bank_transfer"]);
        Assert.Equal(2, schemas["Payment"]!["oneOf"]!.AsArray().Count);

        var receipt = Assert.Single(create.Responses, r => r.Code == 200);
        Assert.Equal("#/components/schemas/OrderReceipt", (string?)Assert.Single(receipt.Content).Schema!["$ref"]);
    }
}
