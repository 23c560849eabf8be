using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using ApiFilter.Json;
using ApiFilter.Pipeline;
using ApiFilter.Xml;

namespace ApiFilter.Tests.Xml;

/// <summary>Once warm, mapping an acceptable XML body to JSON tokens allocates nothing (no timing assertions).</summary>
public class XmlSchemaMappingAllocationTests
{
    private static readonly XmlMapping Order = XmlMapping.Compile(JsonNode.Parse("""{"$ref":"#/components/schemas/Order"}"""), JsonNode.Parse("""
        {"components":{"schemas":{
          "Order":{"type":"object","xml":{"name":"order","namespace":"urn:shop","prefix":"o"},"properties":{
            "id":{"type":"string","xml":{"attribute":true}},
            "items":{"type":"array","xml":{"wrapped":true},"items":{"$ref":"#/components/schemas/Item"}},
            "tags":{"type":"array","items":{"type":"string","xml":{"name":"tag"}}},
            "note":{"type":"string"}}},
          "Item":{"type":"object","xml":{"name":"item"},"properties":{
            "sku":{"type":"string","xml":{"attribute":true}},
            "qty":{"type":"integer"},"price":{"type":"number"},"gift":{"type":"boolean"}}}}}}
        """));

    private static readonly byte[] Body = Build(300);

    private static byte[] Build(int items)
    {
        var sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<o:order xmlns:o=\"urn:shop\" id=\"A&amp;1\">\n  <o:items>\n");
        for (int i = 0; i < items; i++)
        {
            sb.Append($"    <o:item sku=\"S-{i}\"><o:qty>{i % 9 + 1}</o:qty><o:price> {i}.25 </o:price><o:gift>{(i % 2 == 0 ? "true" : "false")}</o:gift></o:item>\n");
        }

        sb.Append("  </o:items>\n  <o:tag>a</o:tag><o:tag>b</o:tag>\n  <o:note>fragile &lt;glass&gt;\r\n<![CDATA[handle <with> care]]></o:note>\n</o:order>\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    [Fact]
    public void Mapping_a_body_allocates_nothing_when_warm()
    {
        var guard = new XmlGuard(XmlThreatLimits.Default);
        var sink = new CountingSink();
        foreach (var body in new[] { new ReadOnlySequence<byte>(Body), XmlTestDriver.Chunked(Body, 37), XmlTestDriver.Chunked(Body, 4096) })
        {
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(GuardStatus.Allowed, Run(guard, sink, body));
            }

            sink.Tokens = 0;
            long before = GC.GetAllocatedBytesForCurrentThread();
            var status = Run(guard, sink, body);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(GuardStatus.Allowed, status);
            Assert.Equal(0, allocated);

            // {, id, "", items, [, 300 × ({ sku "" qty n price n gift b }), ], tags, [, "", "", ], note, "", }
            Assert.Equal(5 + (300 * 10) + 1 + 5 + 2 + 1, sink.Tokens);
        }
    }

    private static GuardStatus Run(XmlGuard guard, CountingSink sink, ReadOnlySequence<byte> body)
    {
        guard.Reset();
        guard.Mapping = Order;
        guard.TokenSink = sink;
        return guard.Feed(body, isFinalBlock: true, out _);
    }

    private sealed class CountingSink : IJsonTokenSink
    {
        public int Tokens { get; set; }

        public bool StartObject() => Count();

        public bool EndObject() => Count();

        public bool StartArray() => Count();

        public bool EndArray() => Count();

        public bool PropertyName(ReadOnlySpan<byte> utf8Name) => Count();

        public bool String(ReadOnlySpan<byte> utf8Value) => Count();

        public bool Number(ReadOnlySpan<byte> literal) => Count();

        public bool Boolean(bool value) => Count();

        public bool Null() => Count();

        private bool Count()
        {
            Tokens++;
            return true;
        }
    }
}
