using System.Text;

namespace ApiFilter.Benchmarks.Xml;

/// <summary>A deterministic, realistic XML document: an orders feed with namespaces, attributes, references, CDATA, comments and PIs.</summary>
internal static class OrdersFeed
{
    private static readonly string[] Names = ["Jane &amp; John Doe", "Jürgen Müller", "東京 商事", "O&apos;Brien &#x26; Sons", "Zoë Ä. Ørsted"];
    private static readonly string[] Products = ["Widget &#x2013; blue &lt;large&gt;", "Gadget", "Sprocket (10&#37; off)", "Ünïcödé thing", "Cable 2&quot;"];

    public static byte[] Create(int targetBytes, int seed = 7)
    {
        var random = new Random(seed);
        var sb = new StringBuilder(targetBytes + 1024);
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- orders feed -->\n");
        sb.Append("<o:orders xmlns:o=\"urn:example:orders\" xmlns:c=\"urn:example:customer\" generated=\"2026-01-01T00:00:00Z\">\n");
        int id = 1000;
        while (sb.Length < targetBytes - 600)
        {
            sb.Append("  <o:order id=\"").Append(id++).Append("\" status=\"").Append(random.Next(3) switch { 0 => "open", 1 => "paid", _ => "shipped" }).Append("\" c:ref=\"C-").Append(random.Next(1, 999)).Append("\">\n");
            sb.Append("    <c:customer c:id=\"").Append(random.Next(1, 99_999)).Append("\"><c:name>").Append(Names[random.Next(Names.Length)]).Append("</c:name><c:email>user").Append(random.Next(1000)).Append("@example.com</c:email></c:customer>\n");
            sb.Append("    <o:items>\n");
            int items = random.Next(1, 6);
            for (int i = 0; i < items; i++)
            {
                sb.Append("      <o:item sku=\"SKU-").Append(random.Next(10_000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture)).Append("\" qty=\"").Append(random.Next(1, 20)).Append("\" price=\"").Append(random.Next(100, 99_999) / 100.0m).Append("\">").Append(Products[random.Next(Products.Length)]).Append("</o:item>\n");
            }

            sb.Append("    </o:items>\n");
            if (random.Next(4) == 0)
            {
                sb.Append("    <o:note><![CDATA[Leave at the door <if> nobody & answers]]></o:note>\n");
            }

            if (random.Next(8) == 0)
            {
                sb.Append("    <!-- manual review -->\n    <?audit checked=\"yes\"?>\n");
            }

            sb.Append("  </o:order>\n");
        }

        sb.Append("</o:orders>\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
