using System.Globalization;
using System.Text;

namespace ApiFilter.Tests.Json;

/// <summary>
/// Deterministic, realistic test bodies: an orders API payload with nested objects, arrays,
/// strings with escapes and non-ASCII text, integers and decimals.
/// </summary>
internal static class OrdersDocument
{
    /// <summary>A document of roughly <paramref name="approximateBytes"/> bytes (never smaller).</summary>
    public static byte[] Create(int approximateBytes)
    {
        var json = new StringBuilder(approximateBytes + 1024);
        json.Append("{\"tenant\":\"acme-\\u00e9u\",\"page\":{\"size\":50,\"cursor\":\"b2Zmc2V0PTEwMA==\"},\"orders\":[");
        int order = 0;
        while (json.Length < approximateBytes)
        {
            if (order > 0)
            {
                json.Append(',');
            }

            AppendOrder(json, order++);
        }

        json.Append("],\"total\":").Append(order).Append(",\"generatedAt\":\"2026-11-28T10:00:00Z\"}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    private static void AppendOrder(StringBuilder json, int n)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        json.Append("{\"id\":").Append(100_000 + n)
            .Append(",\"status\":\"").Append((n % 3) switch { 0 => "open", 1 => "shipped", _ => "cancelled" }).Append('"')
            .Append(",\"customer\":{\"name\":\"Zoë O\\\"Brien ").Append(n).Append("\",\"email\":\"customer")
            .Append(n).Append("@example.com\",\"vip\":").Append(n % 7 == 0 ? "true" : "false")
            .Append(",\"address\":{\"street\":\"").Append(n % 90 + 1).Append(" Rue de l’Église\",\"city\":\"Zürich\",\"zip\":\"80")
            .Append((n % 100).ToString("00", c)).Append("\",\"geo\":[47.3769,8.5417]}}")
            .Append(",\"items\":[");
        int items = 1 + (n % 4);
        for (int i = 0; i < items; i++)
        {
            if (i > 0)
            {
                json.Append(',');
            }

            json.Append("{\"sku\":\"SKU-").Append((n * 7 + i) % 10_000).Append("\",\"qty\":").Append(1 + ((n + i) % 5))
                .Append(",\"price\":").Append((((n + 1) * (i + 3) % 20_000) / 100.0).ToString("0.00", c))
                .Append(",\"tags\":[\"gift\",\"fragile\\/glass\"],\"discount\":null}");
        }

        json.Append("],\"note\":\"Leave at door.\\nCall \\\"before\\\" delivery \\u2014 thanks \\ud83d\\ude00\",\"weightKg\":")
            .Append((0.25 * (n % 40)).ToString("0.###e0", c)).Append('}');
    }
}
