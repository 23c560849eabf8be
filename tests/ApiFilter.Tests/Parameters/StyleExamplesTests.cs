using System.Text.Json.Nodes;
using ApiFilter.Parameters;
using ApiFilter.Routing;

namespace ApiFilter.Tests.Parameters;

/// <summary>
/// The style examples of OpenAPI 3.1 section 4.8.12.4.1 (color = "blue", ["blue","black","brown"],
/// {"R":100,"G":200,"B":150}), with label arrays and objects as RFC 6570 section 3.2.5 expands them.
/// </summary>
public class StyleExamplesTests
{
    private const string Primitive = "\"blue\"";
    private const string Array = "[\"blue\",\"black\",\"brown\"]";
    private const string Object = "{\"R\":100,\"G\":200,\"B\":150}";

    public static TheoryData<ParameterLocation, ParameterStyle, bool, string, string, string> Examples => new()
    {
        { ParameterLocation.Path, ParameterStyle.Simple, false, "string", "blue", Primitive },
        { ParameterLocation.Path, ParameterStyle.Simple, false, "array", "blue,black,brown", Array },
        { ParameterLocation.Path, ParameterStyle.Simple, false, "object", "R,100,G,200,B,150", Object },
        { ParameterLocation.Path, ParameterStyle.Simple, true, "string", "blue", Primitive },
        { ParameterLocation.Path, ParameterStyle.Simple, true, "array", "blue,black,brown", Array },
        { ParameterLocation.Path, ParameterStyle.Simple, true, "object", "R=100,G=200,B=150", Object },
        { ParameterLocation.Path, ParameterStyle.Label, false, "string", ".blue", Primitive },
        { ParameterLocation.Path, ParameterStyle.Label, false, "array", ".blue,black,brown", Array },
        { ParameterLocation.Path, ParameterStyle.Label, false, "object", ".R,100,G,200,B,150", Object },
        { ParameterLocation.Path, ParameterStyle.Label, true, "string", ".blue", Primitive },
        { ParameterLocation.Path, ParameterStyle.Label, true, "array", ".blue.black.brown", Array },
        { ParameterLocation.Path, ParameterStyle.Label, true, "object", ".R=100.G=200.B=150", Object },
        { ParameterLocation.Path, ParameterStyle.Matrix, false, "string", ";color=blue", Primitive },
        { ParameterLocation.Path, ParameterStyle.Matrix, false, "array", ";color=blue,black,brown", Array },
        { ParameterLocation.Path, ParameterStyle.Matrix, false, "object", ";color=R,100,G,200,B,150", Object },
        { ParameterLocation.Path, ParameterStyle.Matrix, true, "string", ";color=blue", Primitive },
        { ParameterLocation.Path, ParameterStyle.Matrix, true, "array", ";color=blue;color=black;color=brown", Array },
        { ParameterLocation.Path, ParameterStyle.Matrix, true, "object", ";R=100;G=200;B=150", Object },
        { ParameterLocation.Query, ParameterStyle.Form, false, "string", "color=blue", Primitive },
        { ParameterLocation.Query, ParameterStyle.Form, false, "array", "color=blue,black,brown", Array },
        { ParameterLocation.Query, ParameterStyle.Form, false, "object", "color=R,100,G,200,B,150", Object },
        { ParameterLocation.Query, ParameterStyle.Form, true, "string", "color=blue", Primitive },
        { ParameterLocation.Query, ParameterStyle.Form, true, "array", "color=blue&color=black&color=brown", Array },
        { ParameterLocation.Query, ParameterStyle.Form, true, "object", "R=100&G=200&B=150", Object },
        { ParameterLocation.Query, ParameterStyle.SpaceDelimited, false, "array", "color=blue%20black%20brown", Array },
        { ParameterLocation.Query, ParameterStyle.SpaceDelimited, false, "object", "color=R%20100%20G%20200%20B%20150", Object },
        { ParameterLocation.Query, ParameterStyle.PipeDelimited, false, "array", "color=blue|black|brown", Array },
        { ParameterLocation.Query, ParameterStyle.PipeDelimited, false, "object", "color=R|100|G|200|B|150", Object },
        { ParameterLocation.Query, ParameterStyle.DeepObject, true, "object", "color[R]=100&color[G]=200&color[B]=150", Object },
        { ParameterLocation.Query, ParameterStyle.TabDelimited, false, "array", "color=blue%09black%09brown", Array },
        { ParameterLocation.Header, ParameterStyle.Simple, false, "array", "blue, black ,brown", Array },
        { ParameterLocation.Header, ParameterStyle.Simple, true, "object", "R=100,G=200,B=150", Object },
        { ParameterLocation.Cookie, ParameterStyle.Form, false, "array", "color=blue,black,brown", Array },
        { ParameterLocation.Cookie, ParameterStyle.Form, true, "array", "color=blue; color=black; color=brown", Array },
    };

    internal static JsonNode SchemaFor(string shape) => shape switch
    {
        "string" => new JsonObject { ["type"] = "string" },
        "array" => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
        _ => new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["R"] = new JsonObject { ["type"] = "integer" },
                ["G"] = new JsonObject { ["type"] = "integer" },
                ["B"] = new JsonObject { ["type"] = "integer" },
            },
        },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Decodes_the_specification_examples(ParameterLocation location, ParameterStyle style, bool explode, string shape, string serialized, string expected)
    {
        var definition = new ParameterDefinition("color", location) { Style = style, Explode = explode, Schema = SchemaFor(shape) };
        OperationParameters compiled = ParameterCompiler.Compile([definition], null, location == ParameterLocation.Path ? ["color"] : null);
        var recorder = new TokenRecorder();
        string path = "/things/" + serialized;
        PathCapture[] captures = location == ParameterLocation.Path ? [new PathCapture(8, serialized.Length)] : [];
        TestHeaders headers = new();
        if (location == ParameterLocation.Header)
        {
            headers.Add("color", serialized);
        }
        else if (location == ParameterLocation.Cookie)
        {
            headers.Add("Cookie", serialized);
        }

        string query = location == ParameterLocation.Query ? "?" + serialized : "";
        bool ok = compiled.Check(path, captures, query, headers, recorder, out var violation);
        Assert.True(ok, violation?.ToString());
        Assert.Equal(expected, recorder.Values[0]);
    }
}
