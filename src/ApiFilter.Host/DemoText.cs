using System.Text;
using ApiFilter.Policy;

namespace ApiFilter.Host;

/// <summary>What <c>apifilter demo</c> prints: where it listens and three requests to try.</summary>
internal static class DemoText
{
    public static string Describe(string filterAddress, string upstreamAddress, FilterPolicy policy)
    {
        var baseUrl = filterAddress.TrimEnd('/');
        // one level deeper than the policy allows
        var depth = policy.Json.MaxDepth + 1;
        var deep = new string('[', depth) + new string(']', depth);
        var text = new StringBuilder();
        text.AppendLine($"apifilter demo: filter listening on {baseUrl}, sample upstream on {upstreamAddress.TrimEnd('/')}");
        text.AppendLine("Press Ctrl+C to stop.");
        text.AppendLine();
        text.AppendLine("# allowed: reaches the upstream, which echoes the size and SHA-256 of what it received");
        text.AppendLine($"curl -i -X POST {baseUrl}/orders -H 'Content-Type: application/json' -d '{{\"id\":42,\"items\":[{{\"sku\":\"A-1\",\"qty\":2}}]}}'");
        text.AppendLine();
        text.AppendLine($"# refused with 400 json.depth: nesting {depth} deep, the policy allows {policy.Json.MaxDepth}");
        text.AppendLine($"curl -i -X POST {baseUrl}/orders -H 'Content-Type: application/json' -d '{deep}'");
        text.AppendLine();
        text.AppendLine("# refused with 400 xml.dtd: a document type declaration (entity expansion, XXE)");
        text.AppendLine($"curl -i -X POST {baseUrl}/orders -H 'Content-Type: application/xml' -d '<!DOCTYPE order [<!ENTITY x \"boom\">]><order>&x;</order>'");
        return text.ToString();
    }
}
