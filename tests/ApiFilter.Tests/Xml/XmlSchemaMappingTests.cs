using System.Text.Json.Nodes;
using ApiFilter.Pipeline;
using ApiFilter.Xml;
using static ApiFilter.Tests.Xml.XmlSchemaMappingRun;

namespace ApiFilter.Tests.Xml;

/// <summary>
/// XML bodies become the JSON value the OpenAPI XML Object says they represent. The schemas and
/// documents are the worked examples of the XML Object section of the OpenAPI Specification
/// (3.0.3 section 4.7.26.2, 3.1.0 section 4.8.26.2); the expected tokens are written by hand from
/// the JSON those examples stand for. Every body is also judged split at every byte.
/// </summary>
public class XmlSchemaMappingTests
{
    private const string Sample = "http://example.com/schema/sample";

    // ---- "XML Attribute, Prefix and Namespace" and "XML Namespace and Prefix" ----

    private static readonly JsonNode PersonAttribute = Document("""
        {"Person":{"type":"object","properties":{
          "id":{"type":"integer","format":"int32","xml":{"attribute":true}},
          "name":{"type":"string","xml":{"namespace":"http://example.com/schema/sample","prefix":"sample"}}}}}
        """);

    private static readonly JsonNode PersonNamespaced = Document("""
        {"Person":{"type":"object","properties":{
          "id":{"type":"integer","format":"int32"},
          "name":{"type":"string"}},
          "xml":{"prefix":"sample","namespace":"http://example.com/schema/sample"}}}
        """);

    [Fact]
    public void Attribute_and_namespaced_element_become_members()
    {
        var mapping = Ref(PersonAttribute, "Person");
        Assert.Equal("Person", mapping.RootName);
        var outcome = Everywhere(mapping, $"""
            <Person id="123">
                <sample:name xmlns:sample="{Sample}">example</sample:name>
            </Person>
            """);
        Assert.Equal(GuardStatus.Allowed, outcome.Status);
        Assert.Equal("""{"id":123,"name":"example"}""", outcome.Json);
    }

    public static TheoryData<string> SamplePersons() => new()
    {
        // As the specification writes it, then with another prefix, then with the default namespace.
        $"<sample:Person xmlns:sample=\"{Sample}\">\n  <sample:id>123</sample:id>\n  <sample:name>example</sample:name>\n</sample:Person>",
        $"<s:Person xmlns:s=\"{Sample}\"><s:id>123</s:id><s:name>example</s:name></s:Person>",
        $"<Person xmlns=\"{Sample}\"><id>123</id><name>example</name></Person>",
        $"<a:Person xmlns:a=\"{Sample}\" xmlns:b=\"{Sample}\"><b:id>123</b:id><a:name>example</a:name></a:Person>",
    };

    [Theory]
    [MemberData(nameof(SamplePersons))]
    public void Namespaces_are_compared_by_uri_not_prefix(string xml)
    {
        var outcome = Everywhere(Ref(PersonNamespaced, "Person"), xml);
        Assert.Equal(GuardStatus.Allowed, outcome.Status);
        Assert.Equal("""{"id":123,"name":"example"}""", outcome.Json);
    }

    [Fact]
    public void A_root_in_another_namespace_is_refused()
    {
        var outcome = Everywhere(Ref(PersonNamespaced, "Person"), "<sample:Person xmlns:sample=\"urn:other\"><sample:id>1</sample:id></sample:Person>");
        Assert.Equal((GuardStatus.Refused, ViolationCodes.SchemaType, "", 0L, ""), (outcome.Status, outcome.Code, outcome.Pointer, outcome.Offset, outcome.Json));
    }

    [Fact]
    public void A_child_in_no_namespace_is_not_the_namespaced_member()
    {
        // id is inherited into the sample namespace; <id xmlns=""> is a different element that would pass as "id".
        var outcome = Everywhere(Ref(PersonNamespaced, "Person"), $"<s:Person xmlns:s=\"{Sample}\"><id xmlns=\"\">1</id></s:Person>");
        Assert.Equal((GuardStatus.Refused, ViolationCodes.SchemaAdditionalProperties, "/id"), (outcome.Status, outcome.Code, outcome.Pointer));
        Assert.Equal("{", outcome.Json);
    }

    // ---- "XML Name Replacement" ----

    [Fact]
    public void Renamed_elements_and_attributes_take_their_xml_names()
    {
        var doc = Document("""
            {"Animal":{"type":"object","xml":{"name":"animal"},"properties":{
              "kind":{"type":"string","xml":{"name":"species","attribute":true}},
              "legs":{"type":"integer","xml":{"name":"leg-count"}}}}}
            """);
        var mapping = Ref(doc, "Animal");
        Assert.Equal("animal", mapping.RootName);
        var outcome = Everywhere(mapping, "<animal species=\"cat\"><leg-count>4</leg-count></animal>");
        Assert.Equal("""{"kind":"cat","legs":4}""", outcome.Json);

        // The JSON name in XML is the wrong name: refused, not accepted as the member.
        var misnamed = Everywhere(mapping, "<animal><legs>4</legs></animal>");
        Assert.Equal((GuardStatus.Refused, ViolationCodes.SchemaAdditionalProperties, "/legs"), (misnamed.Status, misnamed.Code, misnamed.Pointer));
    }

    [Fact]
    public void A_primitive_root_is_its_text()
    {
        var mapping = XmlMapping.Compile(JsonNode.Parse("""{"type":"string","xml":{"name":"animals"}}"""), null);
        Assert.Equal("\"...\"", Everywhere(mapping, "<animals>...</animals>").Json);
    }

    // ---- "XML Arrays": the seven examples, as a member of <zoo> ----

    private static XmlMapping Zoo(string animals) =>
        XmlMapping.Compile(JsonNode.Parse("""{"type":"object","xml":{"name":"zoo"},"properties":{"animals":""" + animals + "}}"), null);

    public static TheoryData<string, string> ArrayExamples() => new()
    {
        // Simple embedded array: repeated elements named after the property.
        { """{"type":"array","items":{"type":"string"}}""", "<zoo><animals>value</animals><animals>value</animals></zoo>" },

        // External name: items.xml.name names each element.
        { """{"type":"array","items":{"type":"string","xml":{"name":"animal"}}}""", "<zoo><animal>value</animal><animal>value</animal></zoo>" },

        // Internal name on an unwrapped array has no effect.
        { """{"type":"array","items":{"type":"string"},"xml":{"name":"aliens"}}""", "<zoo><animals>value</animals><animals>value</animals></zoo>" },

        // Wrapped: the wrapper and the items both take the property name.
        { """{"type":"array","items":{"type":"string"},"xml":{"wrapped":true}}""", "<zoo><animals><animals>value</animals><animals>value</animals></animals></zoo>" },

        // Wrapped with item name.
        { """{"type":"array","items":{"type":"string","xml":{"name":"animal"}},"xml":{"wrapped":true}}""", "<zoo><animals><animal>value</animal><animal>value</animal></animals></zoo>" },

        // Wrapped with wrapper name.
        { """{"type":"array","items":{"type":"string"},"xml":{"name":"aliens","wrapped":true}}""", "<zoo><aliens><animals>value</animals><animals>value</animals></aliens></zoo>" },

        // Wrapped with both names.
        { """{"type":"array","items":{"type":"string","xml":{"name":"animal"}},"xml":{"name":"aliens","wrapped":true}}""", "<zoo><aliens><animal>value</animal><animal>value</animal></aliens></zoo>" },
    };

    [Theory]
    [MemberData(nameof(ArrayExamples))]
    public void Specification_array_examples_map_to_one_array(string schema, string xml)
    {
        var outcome = Everywhere(Zoo(schema), xml);
        Assert.Equal(GuardStatus.Allowed, outcome.Status);
        Assert.Equal("""{"animals":["value","value"]}""", outcome.Json);
    }

    [Fact]
    public void The_ignored_name_of_an_unwrapped_array_is_an_undeclared_member()
    {
        var outcome = Everywhere(Zoo("""{"type":"array","items":{"type":"string"},"xml":{"name":"aliens"}}"""), "<zoo><aliens>value</aliens></zoo>");
        Assert.Equal("""{"aliens":"value"}""", outcome.Json);
    }

    [Fact]
    public void Single_and_empty_arrays_are_arrays()
    {
        Assert.Equal("""{"animals":["one"]}""", Everywhere(Zoo("""{"type":"array","items":{"type":"string"}}"""), "<zoo><animals>one</animals></zoo>").Json);
        Assert.Equal("""{"animals":[]}""", Everywhere(Zoo("""{"type":"array","items":{"type":"string"},"xml":{"wrapped":true}}"""), "<zoo><animals/></zoo>").Json);
        Assert.Equal("{}", Everywhere(Zoo("""{"type":"array","items":{"type":"string"}}"""), "<zoo/>").Json);
    }

    [Fact]
    public void Unwrapped_items_interleaved_with_other_elements_are_refused()
    {
        var outcome = Everywhere(
            Zoo("""{"type":"array","items":{"type":"string","xml":{"name":"animal"}}}"""),
            "<zoo><animal>a</animal><keeper>k</keeper><animal>b</animal></zoo>");
        Assert.Equal((GuardStatus.Refused, ViolationCodes.SchemaType, "/animals", 41L), (outcome.Status, outcome.Code, outcome.Pointer, outcome.Offset));
        Assert.Equal("{\"animals\":[\"a\"],\"keeper\":\"k\"", outcome.Json);
    }

    [Fact]
    public void A_wrapped_array_refuses_elements_not_named_as_its_items()
    {
        var outcome = Everywhere(
            Zoo("""{"type":"array","items":{"type":"string","xml":{"name":"animal"}},"xml":{"wrapped":true}}"""),
            "<zoo><animals><animal>a</animal><plant>b</plant></animals></zoo>");
        Assert.Equal((GuardStatus.Refused, ViolationCodes.SchemaItems, "/animals", 32L), (outcome.Status, outcome.Code, outcome.Pointer, outcome.Offset));
    }

    // ---- scalars ----

    private static readonly XmlMapping Scalars = XmlMapping.Compile(JsonNode.Parse("""
        {"type":"object","properties":{
          "n":{"type":"number"},"i":{"type":"integer"},"b":{"type":"boolean"},
          "s":{"type":"string"},"u":{"type":["integer","string"]},"f":{"type":"boolean"},"e":{"type":"number"}}}
        """), null);

    [Fact]
    public void Numbers_and_booleans_are_parsed_by_the_schema_types()
    {
        var outcome = Everywhere(Scalars, "<r>\n <n> 12.5e1 </n>\n <i>-7</i>\n <b>true</b>\n <s>12</s>\n <u>abc</u>\n <f>\tfalse\n</f>\n</r>");
        Assert.Equal("""{"n":12.5e1,"i":-7,"b":true,"s":"12","u":"abc","f":false}""", outcome.Json);
    }

    [Fact]
    public void Text_that_does_not_parse_as_the_type_is_passed_as_a_string()
    {
        // XML Schema spellings JSON does not have stay strings, so the validator reports schema.type.
        var outcome = Everywhere(Scalars, "<r><n>+1</n><i>007</i><b>1</b><e/></r>");
        Assert.Equal("""{"n":"+1","i":"007","b":"1","e":""}""", outcome.Json);
    }

    [Fact]
    public void String_text_keeps_its_whitespace_and_decodes_references()
    {
        var outcome = Everywhere(Scalars, "<r><s>  a &amp; b&#x41;&#66;&lt;<![CDATA[<x> &amp;]]>\r\nz\r  </s></r>");
        Assert.Equal("{\"s\":\"  a & bAB<<x> &amp;\\nz\\n  \"}", outcome.Json);
    }

    [Fact]
    public void Whitespace_only_and_split_text_is_kept_exactly()
    {
        Assert.Equal("{\"s\":\"   \"}", Everywhere(Scalars, "<r><s>   </s></r>").Json);
        Assert.Equal("{\"s\":\"a \\n b\"}", Everywhere(Scalars, "<r><s>a <!--c-->\n<?p?> b</s></r>").Json);
    }

    [Fact]
    public void Attribute_values_are_normalized()
    {
        var mapping = XmlMapping.Compile(JsonNode.Parse("""{"type":"object","properties":{"a":{"type":"string","xml":{"attribute":true}}}}"""), null);
        Assert.Equal("{\"a\":\"x\\ty z &\"}", Everywhere(mapping, "<r a=\"x&#9;y\r\nz &amp;\"/>").Json);
    }

    [Fact]
    public void Xsi_nil_is_null_and_other_xsi_attributes_are_not_members()
    {
        const string Xsi = "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";
        var outcome = Everywhere(Scalars, $"<r {Xsi} xsi:schemaLocation=\"urn:x r.xsd\"><s xsi:nil=\"true\"/><i xsi:nil=\"false\">1</i></r>");
        Assert.Equal("""{"s":null,"i":1}""", outcome.Json);

        var withText = Everywhere(Scalars, $"<r {Xsi}><s xsi:nil=\"true\">x</s></r>");
        Assert.Equal((GuardStatus.Refused, ViolationCodes.SchemaType, "/s"), (withText.Status, withText.Code, withText.Pointer));
    }

    [Fact]
    public void A_scalar_element_with_children_or_attributes_is_refused()
    {
        var child = Everywhere(Scalars, "<r><s>a<b/></s></r>");
        Assert.Equal((GuardStatus.Refused, ViolationCodes.SchemaType, "/s", 7L), (child.Status, child.Code, child.Pointer, child.Offset));
        var attribute = Everywhere(Scalars, "<r><n unit=\"kg\">1</n></r>");
        Assert.Equal((GuardStatus.Refused, ViolationCodes.SchemaType, "/n", 6L), (attribute.Status, attribute.Code, attribute.Pointer, attribute.Offset));
    }

    [Fact]
    public void A_member_given_twice_is_refused()
    {
        var outcome = Everywhere(Scalars, "<r><s>1</s><s>2</s></r>");
        Assert.Equal((GuardStatus.Refused, ViolationCodes.SchemaType, "/s", 11L), (outcome.Status, outcome.Code, outcome.Pointer, outcome.Offset));

        // An undeclared element cannot become an array after the fact: its repetition is refused too.
        var undeclared = Everywhere(Scalars, "<r><x>1</x><x>2</x></r>");
        Assert.Equal((GuardStatus.Refused, ViolationCodes.SchemaType, "/x", 11L), (undeclared.Status, undeclared.Code, undeclared.Pointer, undeclared.Offset));
        Assert.Equal("{\"x\":\"1\"", undeclared.Json);
    }

    [Fact]
    public void A_root_array_is_a_wrapper_whose_items_take_the_component_name()
    {
        var doc = Document("""{"Pet":{"type":"object","properties":{"name":{"type":"string"}}}}""");
        var schema = JsonNode.Parse("""{"type":"array","xml":{"name":"pets"},"items":{"$ref":"#/components/schemas/Pet"}}""");
        var mapping = XmlMapping.Compile(schema, doc);
        Assert.Equal("""[{"name":"a"},{"name":"b"}]""", Everywhere(mapping, "<pets><Pet><name>a</name></Pet><Pet><name>b</name></Pet></pets>").Json);
        var wrong = Everywhere(mapping, "<pets><Dog/></pets>");
        Assert.Equal((GuardStatus.Refused, ViolationCodes.SchemaItems, "", 6L), (wrong.Status, wrong.Code, wrong.Pointer, wrong.Offset));
    }

    // ---- objects ----

    [Fact]
    public void Undeclared_elements_and_attributes_become_members_so_the_schema_can_judge_them()
    {
        var outcome = Everywhere(Scalars, "<r x=\"1\"><s>a</s><extra k=\"v\"><deep>d</deep></extra><empty/><ns:s xmlns:ns=\"urn:n\">q</ns:s></r>");
        Assert.Equal(GuardStatus.Refused, outcome.Status);

        // <ns:s> is not <s> (another namespace) and its local name is a declared member's: refused by name.
        Assert.Equal((ViolationCodes.SchemaAdditionalProperties, "/s"), (outcome.Code, outcome.Pointer));
        Assert.Equal("{\"x\":\"1\",\"s\":\"a\",\"extra\":{\"k\":\"v\",\"deep\":\"d\"},\"empty\":\"\"", outcome.Json);

        var allowed = Everywhere(Scalars, "<r x=\"1\"><s>a</s><extra k=\"v\"><deep>d</deep></extra><empty/></r>");
        Assert.Equal("""{"x":"1","s":"a","extra":{"k":"v","deep":"d"},"empty":""}""", allowed.Json);
    }

    [Fact]
    public void Mixed_content_where_an_object_is_expected_is_refused()
    {
        var outcome = Everywhere(Ref(PersonAttribute, "Person"), "<Person id=\"1\">hello<name>n</name></Person>");
        Assert.Equal((GuardStatus.Refused, ViolationCodes.SchemaType, "", 0L), (outcome.Status, outcome.Code, outcome.Pointer, outcome.Offset));
        Assert.Equal("""{"id":1""", outcome.Json);

        var undeclared = Everywhere(Scalars, "<r><x>text<y/></x></r>");
        Assert.Equal((GuardStatus.Refused, ViolationCodes.SchemaType, "/x", 10L), (undeclared.Status, undeclared.Code, undeclared.Pointer, undeclared.Offset));
    }

    [Fact]
    public void Nested_objects_compose_through_refs_and_all_of()
    {
        var doc = Document("""
            {"Base":{"type":"object","properties":{"id":{"type":"integer","xml":{"attribute":true}}}},
             "Address":{"type":"object","properties":{"city":{"type":"string"},"zip":{"type":"string","xml":{"attribute":true}}}},
             "Customer":{"allOf":[{"$ref":"#/components/schemas/Base"},
               {"type":"object","properties":{"home":{"$ref":"#/components/schemas/Address"},"work":{"$ref":"#/components/schemas/Address"}}}]}}
            """);
        var outcome = Everywhere(Ref(doc, "Customer"), "<Customer id=\"7\"><home zip=\"1000\"><city>Paris</city></home><work zip=\"2\"/></Customer>");
        Assert.Equal("""{"id":7,"home":{"zip":"1000","city":"Paris"},"work":{"zip":"2"}}""", outcome.Json);
    }

    [Fact]
    public void A_recursive_schema_maps_a_tree_of_any_depth()
    {
        var doc = Document("""
            {"Node":{"type":"object","xml":{"name":"node"},"properties":{
              "value":{"type":"integer","xml":{"attribute":true}},
              "children":{"type":"array","xml":{"wrapped":true},"items":{"$ref":"#/components/schemas/Node"}}}}}
            """);
        var mapping = Ref(doc, "Node");
        Assert.True(mapping.Nodes.Length <= 4, "a recursive schema compiles to a bounded number of nodes");
        var outcome = Everywhere(mapping,
            "<node value=\"1\"><children><node value=\"2\"/><node value=\"3\"><children><node value=\"4\"><children/></node></children></node></children></node>");
        Assert.Equal("""{"value":1,"children":[{"value":2},{"value":3,"children":[{"value":4,"children":[]}]}]}""", outcome.Json);
    }

    [Fact]
    public void Without_a_name_any_root_is_accepted_and_an_untyped_schema_maps_by_shape()
    {
        var mapping = XmlMapping.Compile(JsonNode.Parse("{}"), null);
        Assert.Null(mapping.RootName);
        Assert.Equal("""{"a":"1","b":{"c":"2"},"d":""}""", Everywhere(mapping, "<anything a=\"1\"><b><c>2</c></b><d/></anything>").Json);
        Assert.Equal("\"text\"", Everywhere(mapping, "<x>text</x>").Json);
    }

    [Fact]
    public void When_the_sink_refuses_the_guard_stops_and_says_so()
    {
        var outcome = Everywhere(Scalars, "<r><s>stop</s><i>1</i></r>", inner => new RefusingSink(inner, "stop"));
        Assert.Equal((GuardStatus.Refused, (string?)null, true), (outcome.Status, outcome.Code, outcome.BySink));
        Assert.Equal("{\"s\":\"stop\"", outcome.Json);
    }

    // ---- the demo contract ----

    private static XmlMapping DemoOrder()
    {
        var contract = ApiFilter.Contract.ContractLoader.LoadFile(Path.Combine(Contract.ContractCorpusTests.RepoRoot(), "src", "ApiFilter.Host", "DemoContract.yaml"));
        var schema = contract.Root["paths"]!["/orders"]!["post"]!["requestBody"]!["content"]!["application/xml"]!["schema"];
        return XmlMapping.Compile(schema, contract.Root);
    }

    [Fact]
    public void Demo_order_maps_to_the_json_order()
    {
        var mapping = DemoOrder();
        Assert.Equal("order", mapping.RootName);
        var outcome = Everywhere(mapping, """
            <?xml version="1.0" encoding="UTF-8"?>
            <order>
              <items>
                <item><sku>A-1</sku><qty>2</qty></item>
                <item><sku>B-22</sku><qty>1</qty></item>
              </items>
              <note>leave at the door</note>
              <payment><method>card</method><cardToken>tok_abcdefgh</cardToken></payment>
            </order>
            """);
        Assert.Equal(GuardStatus.Allowed, outcome.Status);
        Assert.Equal("""{"items":[{"sku":"A-1","qty":2},{"sku":"B-22","qty":1}],"note":"leave at the door","payment":{"method":"card","cardToken":"tok_abcdefgh"}}""", outcome.Json);
    }

    [Fact]
    public void Demo_order_id_is_an_attribute_and_an_id_element_is_misnamed()
    {
        var mapping = DemoOrder();
        Assert.Equal("""{"id":"x","items":[]}""", Everywhere(mapping, "<order id=\"x\"><items/></order>").Json);
        var element = Everywhere(mapping, "<order><id>x</id></order>");
        Assert.Equal((GuardStatus.Refused, ViolationCodes.SchemaAdditionalProperties, "/id"), (element.Status, element.Code, element.Pointer));
    }
}
