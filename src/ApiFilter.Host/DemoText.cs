using System.Text;
using ApiFilter.Policy;

namespace ApiFilter.Host;

/// <summary>
/// What <c>apifilter demo</c> prints: where it listens, then requests to try against the built-in
/// store contract (<c>DemoContract.yaml</c>): some it allows, some it refuses, each refusal with
/// the code it is refused with and why.
/// </summary>
internal static class DemoText
{
    /// <summary>A product of the sample upstream's catalogue.</summary>
    private const string ProductId = "6f1c2a8e-4b7d-4e0a-9c3f-1d2e3f4a5b6c";

    private const string RequestId = "3f0c6a55-8a1e-4c55-9d0e-6b7c2f9a1d24";

    public static string Describe(string filterAddress, string upstreamAddress, FilterPolicy policy, DemoCredentials credentials)
    {
        var baseUrl = filterAddress.TrimEnd('/');
        // one level deeper than the policy allows
        var depth = policy.Json.MaxDepth + 1;
        var deep = new string('[', depth) + new string(']', depth);
        // orders need an access token (the contract's OAuth2 scheme); every order example sends one
        const string json = "-H 'Content-Type: application/json' -H \"Authorization: Bearer $TOKEN\"";
        const string xml = "-H 'Content-Type: application/xml' -H \"Authorization: Bearer $TOKEN\"";
        var text = new StringBuilder();
        text.AppendLine($"apifilter demo: filter listening on {baseUrl}, sample upstream on {upstreamAddress.TrimEnd('/')}");
        text.AppendLine($"Contract: the built-in store API ({SampleUpstream.ContractFileName}). Press Ctrl+C to stop.");
        text.AppendLine();

        text.AppendLine("## Access tokens: orders need an OAuth2 access token (RFC 9068 JWT, ES256) with the operation's scope; products are public");
        text.AppendLine($"# minted by the demo with a key made at start-up (issuer {DemoTokens.Issuer}, audience {DemoTokens.Audience}), valid {DemoTokens.Lifetime.TotalHours:0} hours; paste these lines first");
        text.AppendLine("# scopes orders:write orders:read");
        text.AppendLine($"export TOKEN='{credentials.Token}'");
        text.AppendLine("# scope orders:read only");
        text.AppendLine($"export READ_TOKEN='{credentials.ReadOnlyToken}'");
        text.AppendLine("# expired an hour ago");
        text.AppendLine($"export EXPIRED_TOKEN='{credentials.ExpiredToken}'");
        text.AppendLine("# the demo key's id, signed by another key");
        text.AppendLine($"export FORGED_TOKEN='{credentials.ForgedToken}'");
        text.AppendLine();

        text.AppendLine("## Allowed: each reaches the upstream, whose answer is valid against the contract");
        text.AppendLine("# list products: limit 1..100, tags repeated (form, explode), sort enum, filter as deepObject, X-Request-Id a uuid");
        text.AppendLine($"curl -i -g '{baseUrl}/products?limit=2&tags=garden&sort=-price&filter[maxPrice]=50' -H 'X-Request-Id: {RequestId}'");
        text.AppendLine("# free-text search: an apostrophe in a name is just an apostrophe");
        text.AppendLine($"curl -i \"{baseUrl}/products?q=O'Brien\"");
        text.AppendLine("# one product by its uuid");
        text.AppendLine($"curl -i {baseUrl}/products/{ProductId}");
        text.AppendLine("# place an order (JSON), paid by card, with a public callback URL; the upstream answers the size and SHA-256 of what it received");
        text.AppendLine($"curl -i -X POST {baseUrl}/orders {json} -d '{{\"items\":[{{\"sku\":\"A-1\",\"qty\":2}}],\"callback\":\"https://shop.example.com/hooks/orders\",\"payment\":{{\"method\":\"card\",\"cardToken\":\"tok_4242424242\"}}}}'");
        text.AppendLine("# the same order as XML (the schema's xml names: <order>, wrapped <items>, <item>)");
        text.AppendLine($"curl -i -X POST {baseUrl}/orders {xml} -d '<order><items><item><sku>A-1</sku><qty>2</qty></item></items></order>'");
        text.AppendLine();

        text.AppendLine("## Refused for want of a valid token: 401 with WWW-Authenticate (RFC 6750), 403 for a missing scope");
        text.AppendLine("# 401 auth.missing: no access token for an operation that needs one");
        text.AppendLine($"curl -i -X POST {baseUrl}/orders -H 'Content-Type: application/json' -d '{{\"items\":[{{\"sku\":\"A-1\",\"qty\":1}}]}}'");
        text.AppendLine("# 401 auth.jwt.expired: the token's exp has passed");
        text.AppendLine($"curl -i -X POST {baseUrl}/orders -H 'Content-Type: application/json' -H \"Authorization: Bearer $EXPIRED_TOKEN\" -d '{{\"items\":[{{\"sku\":\"A-1\",\"qty\":1}}]}}'");
        text.AppendLine("# 401 auth.jwt.signature: the signature is not the demo key's");
        text.AppendLine($"curl -i -X POST {baseUrl}/orders -H 'Content-Type: application/json' -H \"Authorization: Bearer $FORGED_TOKEN\" -d '{{\"items\":[{{\"sku\":\"A-1\",\"qty\":1}}]}}'");
        text.AppendLine("# 403 auth.scope: placing an order needs orders:write, this token has orders:read only");
        text.AppendLine($"curl -i -X POST {baseUrl}/orders -H 'Content-Type: application/json' -H \"Authorization: Bearer $READ_TOKEN\" -d '{{\"items\":[{{\"sku\":\"A-1\",\"qty\":1}}]}}'");
        text.AppendLine();

        text.AppendLine("## Refused by the contract: never reach the upstream");
        text.AppendLine("# 404 route.unknown: no such path in the contract (shadow endpoint)");
        text.AppendLine($"curl -i {baseUrl}/admin/users");
        text.AppendLine("# 405 route.method: the path exists, DELETE is not declared for it (Allow: GET)");
        text.AppendLine($"curl -i -X DELETE {baseUrl}/products/{ProductId}");
        text.AppendLine("# 400 schema.format: productId must be a uuid");
        text.AppendLine($"curl -i {baseUrl}/products/42");
        text.AppendLine("# 400 schema.type: limit must be an integer; 400 schema.maximum: at most 100");
        text.AppendLine($"curl -i '{baseUrl}/products?limit=ten'");
        text.AppendLine($"curl -i '{baseUrl}/products?limit=500'");
        text.AppendLine("# 400 schema.enum: sort is one of name, price, -price");
        text.AppendLine($"curl -i '{baseUrl}/products?sort=random'");
        text.AppendLine("# 400 param.unknown: the contract declares no query parameter debug");
        text.AppendLine($"curl -i '{baseUrl}/products?debug=1'");
        text.AppendLine("# 400 schema.format: X-Request-Id must be a uuid");
        text.AppendLine($"curl -i {baseUrl}/products -H 'X-Request-Id: 42'");
        text.AppendLine("# 400 schema.required: an order needs items");
        text.AppendLine($"curl -i -X POST {baseUrl}/orders {json} -d '{{\"note\":\"no items\"}}'");
        text.AppendLine("# 400 schema.readOnly: id is assigned by the server and read-only in requests");
        text.AppendLine($"curl -i -X POST {baseUrl}/orders {json} -d '{{\"id\":\"{ProductId}\",\"items\":[{{\"sku\":\"A-1\",\"qty\":2}}]}}'");
        text.AppendLine("# 400 schema.pattern: sku must look like A-1; 400 schema.maximum: qty at most 99");
        text.AppendLine($"curl -i -X POST {baseUrl}/orders {json} -d '{{\"items\":[{{\"sku\":\"a1\",\"qty\":100}}]}}'");
        text.AppendLine("# 400 schema.discriminator: payment method 'cash' is neither card nor bank_transfer");
        text.AppendLine($"curl -i -X POST {baseUrl}/orders {json} -d '{{\"items\":[{{\"sku\":\"A-1\",\"qty\":1}}],\"payment\":{{\"method\":\"cash\"}}}}'");
        text.AppendLine("# 400 schema.pattern: selected by method bank_transfer, the iban is checked (only that branch reports)");
        text.AppendLine($"curl -i -X POST {baseUrl}/orders {json} -d '{{\"items\":[{{\"sku\":\"A-1\",\"qty\":1}}],\"payment\":{{\"method\":\"bank_transfer\",\"iban\":\"not-an-iban\"}}}}'");
        text.AppendLine("# 415 body.mediaType: orders are JSON or XML");
        text.AppendLine($"curl -i -X POST {baseUrl}/orders -H 'Content-Type: text/plain' -H \"Authorization: Bearer $TOKEN\" -d 'two hoses please'");
        text.AppendLine("# 400 body.required: an order needs a body");
        text.AppendLine($"curl -i -X POST {baseUrl}/orders {json}");
        text.AppendLine();

        text.AppendLine("## Refused by the attack detectors, inside values the contract allows");
        text.AppendLine("# 400 inject.sql: the search breaks out of its string and continues as a tautology");
        text.AppendLine($"curl -i \"{baseUrl}/products?q=1'%20OR%20'1'%3D'1\"");
        text.AppendLine("# 400 inject.xss: an order note that would run script where it is shown");
        text.AppendLine($"curl -i -X POST {baseUrl}/orders {json} -d '{{\"items\":[{{\"sku\":\"A-1\",\"qty\":1}}],\"note\":\"<svg onload=alert(1)>\"}}'");
        text.AppendLine("# 400 inject.ssrf: the callback URL (format: uri) aims at the cloud metadata address");
        text.AppendLine($"curl -i -X POST {baseUrl}/orders {json} -d '{{\"items\":[{{\"sku\":\"A-1\",\"qty\":1}}],\"callback\":\"http://169.254.169.254/latest/meta-data/\"}}'");
        text.AppendLine();

        text.AppendLine("## Refused by the threat limits, before any schema");
        text.AppendLine($"# 400 json.depth: nesting {depth} deep, the policy allows {policy.Json.MaxDepth}");
        text.AppendLine($"curl -i -X POST {baseUrl}/orders {json} -d '{deep}'");
        text.AppendLine("# 400 xml.dtd: a document type declaration (entity expansion, XXE)");
        text.AppendLine($"curl -i -X POST {baseUrl}/orders {xml} -d '<!DOCTYPE order [<!ENTITY x \"boom\">]><order>&x;</order>'");
        return text.ToString();
    }
}
