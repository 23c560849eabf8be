using ApiFilter.Schema;
using System.Text.Json.Nodes;
using ApiFilter.Contract;
using ApiFilter.Parameters;
using OpenApiSpecVersion = Microsoft.OpenApi.OpenApiSpecVersion;
using static ApiFilter.Tests.Contract.ModelDocuments;

namespace ApiFilter.Tests.Contract;

/// <summary>Swagger 2.0 documents mapped to the 3.x-shaped operation model, expectations from the 2.0 spec text.</summary>
public sealed class ContractModelSwagger2Tests
{
    [Fact]
    public void Base_path_and_dialect()
    {
        var model = Build("swagger: '2.0'\ninfo: {title: t, version: '1'}\nbasePath: /v1/\npaths:\n  /a:\n    get: {responses: {'200': {description: ok}}}\n");
        Assert.Equal(SchemaDialect.Swagger20, model.Dialect);
        Assert.Equal(["/v1"], model.BasePaths);
        Assert.Equal(["/v1"], Only(model).BasePaths);
    }

    [Fact]
    public void Without_base_path_the_base_is_the_root()
    {
        var model = Build("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n");
        Assert.Equal([""], model.BasePaths);
    }

    [Fact]
    public void Parameter_keywords_become_a_schema_at_the_parameter_pointer()
    {
        // the document is valid Swagger 2.0 (Parameter Object fixed fields include exclusiveMinimum,
        // minItems and uniqueItems), but Microsoft.OpenApi's 2.0 reader refuses those fields on
        // parameters, so the model is built without the loader here
        var model = BuildRaw("""
            swagger: '2.0'
            info: {title: t, version: '1'}
            paths:
              /items/{id}:
                get:
                  parameters:
                    - {name: id, in: path, required: true, type: integer, format: int64, minimum: 1, exclusiveMinimum: true}
                    - name: sort
                      in: query
                      type: string
                      enum: [asc, desc]
                      default: asc
                      pattern: '^[a-z]+$'
                      maxLength: 4
                      x-apifilter-note: kept
                    - name: ids
                      in: query
                      type: array
                      minItems: 1
                      uniqueItems: true
                      items: {type: integer, maximum: 9, items: {type: string}}
                  responses: {'200': {description: ok}}
            """, OpenApiSpecVersion.OpenApi2_0);

        var byName = Only(model).Parameters.ToDictionary(p => p.Name);
        var id = byName["id"];
        Assert.Equal("/paths/~1items~1{id}/get/parameters/0", id.SchemaPointer);
        Assert.Equal(id.Pointer, id.SchemaPointer);
        AssertJson("""{"type":"integer","format":"int64","minimum":1,"exclusiveMinimum":true}""", id.Schema);
        AssertJson("""{"type":"string","default":"asc","maxLength":4,"pattern":"^[a-z]+$","enum":["asc","desc"]}""", byName["sort"].Schema);
        Assert.Equal("kept", (string?)byName["sort"].Extensions["x-apifilter-note"]);
        AssertJson("""{"type":"array","minItems":1,"uniqueItems":true,"items":{"type":"integer","maximum":9,"items":{"type":"string"}}}""", byName["ids"].Schema);
    }

    [Theory]
    // 2.0 Parameter Object, collectionFormat: csv (default) foo,bar; ssv foo bar; tsv foo\tbar; pipes foo|bar; multi foo=a&foo=b
    [InlineData("query", null, ParameterStyle.Form, false)]
    [InlineData("query", "csv", ParameterStyle.Form, false)]
    [InlineData("path", "csv", ParameterStyle.Simple, false)]
    [InlineData("header", null, ParameterStyle.Simple, false)]
    [InlineData("query", "ssv", ParameterStyle.SpaceDelimited, false)]
    [InlineData("query", "tsv", ParameterStyle.TabDelimited, false)]
    [InlineData("query", "pipes", ParameterStyle.PipeDelimited, false)]
    [InlineData("query", "multi", ParameterStyle.Form, true)]
    public void Collection_format_maps_to_style_and_explode(string location, string? format, ParameterStyle style, bool explode)
    {
        var formatLine = format is null ? "" : $", collectionFormat: {format}";
        var template = location == "path" ? "/a/{v}" : "/a";
        // Microsoft.OpenApi's 2.0 reader throws on collectionFormat tsv (it has no 3.x style), so the
        // model is built without the loader
        var model = BuildRaw($$$"""
            swagger: '2.0'
            info: {title: t, version: '1'}
            paths:
              {{{template}}}:
                get:
                  parameters:
                    - {name: v, in: {{{location}}}, required: true{{{formatLine}}}, type: array, items: {type: string}}
                  responses: {'200': {description: ok}}
            """, OpenApiSpecVersion.OpenApi2_0);

        var parameter = Assert.Single(Only(model).Parameters);
        Assert.Equal((style, explode), (parameter.Style, parameter.Explode));
    }

    [Fact]
    public void Body_parameter_is_the_request_body_for_each_consumed_type()
    {
        var model = Build("""
            swagger: '2.0'
            info: {title: t, version: '1'}
            consumes: [application/xml]
            paths:
              /own:
                post:
                  consumes: [application/json, text/json]
                  parameters:
                    - {name: order, in: body, required: true, schema: {$ref: '#/definitions/Order'}}
                  responses: {'200': {description: ok}}
              /inherited:
                post:
                  parameters:
                    - {name: order, in: body, schema: {$ref: '#/definitions/Order'}}
                  responses: {'200': {description: ok}}
            definitions:
              Order: {type: object}
            """);

        var own = Operation(model, "POST", "/own");
        Assert.Empty(own.Parameters);
        var body = own.RequestBody!;
        Assert.True(body.Required);
        Assert.Equal("/paths/~1own/post/parameters/0", body.Pointer);
        Assert.Equal(["application/json", "text/json"], body.Content.Select(c => c.MediaRange));
        Assert.Equal("/paths/~1own/post/consumes/1", body.Content[1].Pointer);
        Assert.All(body.Content, c => Assert.Equal("/paths/~1own/post/parameters/0/schema", c.SchemaPointer));
        Assert.Equal("#/definitions/Order", (string?)body.Content[0].Schema!["$ref"]);

        var inherited = Operation(model, "POST", "/inherited").RequestBody!;
        Assert.False(inherited.Required);
        Assert.Equal("/consumes/0", Assert.Single(inherited.Content).Pointer);
        Assert.Equal("xml", inherited.Content[0].Subtype);
    }

    [Fact]
    public void Body_without_consumes_is_json()
    {
        var model = Build("""
            swagger: '2.0'
            info: {title: t, version: '1'}
            paths:
              /a:
                put:
                  parameters: [{name: b, in: body, schema: {type: object}}]
                  responses: {'200': {description: ok}}
            """);
        Assert.Equal("application/json", Assert.Single(Only(model).RequestBody!.Content).MediaRange);
    }

    [Fact]
    public void Form_data_becomes_an_object_schema_for_the_form_types()
    {
        var model = Build("""
            swagger: '2.0'
            info: {title: t, version: '1'}
            paths:
              /pets:
                post:
                  consumes: [multipart/form-data, application/x-www-form-urlencoded]
                  parameters:
                    - {name: name, in: formData, required: true, type: string, maxLength: 20}
                    - {name: photo, in: formData, type: file}
                    - {name: tags, in: formData, type: array, items: {type: string}, collectionFormat: pipes}
                  responses: {'200': {description: ok}}
            """);

        var body = Only(model).RequestBody!;
        Assert.True(body.Required);
        Assert.Equal(["multipart/form-data", "application/x-www-form-urlencoded"], body.Content.Select(c => c.MediaRange));
        // type: file is a binary string (the 3.x mapping of file uploads)
        AssertJson("""
            {"type":"object","properties":{
              "name":{"type":"string","maxLength":20},
              "photo":{"type":"string","format":"binary"},
              "tags":{"type":"array","items":{"type":"string"}}},
             "required":["name"]}
            """, body.Content[0].Schema);
        Assert.Empty(body.Content[0].Encoding);
        var tags = Assert.Single(body.Content[1].Encoding);
        Assert.Equal(("tags", ParameterStyle.PipeDelimited, false), (tags.PropertyName, tags.Style, tags.Explode));
    }

    [Theory]
    [InlineData("type: file", "multipart/form-data")]
    [InlineData("type: string", "application/x-www-form-urlencoded")]
    public void Form_data_without_a_form_type_consumed_picks_one(string type, string expected)
    {
        var model = Build($$$"""
            swagger: '2.0'
            info: {title: t, version: '1'}
            paths:
              /a:
                post:
                  parameters:
                    - {name: f, in: formData, {{{type}}} }
                  responses: {'200': {description: ok}}
            """);
        var body = Only(model).RequestBody!;
        Assert.False(body.Required);
        Assert.Equal(expected, Assert.Single(body.Content).MediaRange);
    }

    [Fact]
    public void Responses_use_produces_and_header_keywords()
    {
        var model = Build("""
            swagger: '2.0'
            info: {title: t, version: '1'}
            produces: [application/json, application/xml]
            paths:
              /a:
                get:
                  responses:
                    '200':
                      description: ok
                      schema: {type: array, items: {type: string}}
                      headers:
                        X-Rate-Limit: {type: integer, format: int32, minimum: 0}
                    '204': {description: none}
                    default: {$ref: '#/responses/Error'}
            responses:
              Error: {description: error, schema: {type: object}}
            """);

        var responses = Only(model).Responses;
        Assert.Equal(["200", "204", "default"], responses.Select(r => r.StatusKey));
        Assert.Equal(["/produces/0", "/produces/1"], responses[0].Content.Select(c => c.Pointer));
        Assert.All(responses[0].Content, c => Assert.Equal("/paths/~1a/get/responses/200/schema", c.SchemaPointer));
        var rate = Assert.Single(responses[0].Headers);
        Assert.False(rate.Required);
        Assert.Equal("/paths/~1a/get/responses/200/headers/X-Rate-Limit", rate.SchemaPointer);
        AssertJson("""{"type":"integer","format":"int32","minimum":0}""", rate.Schema);
        Assert.Empty(responses[1].Content);
        Assert.Equal("/responses/Error", responses[2].Pointer);
        Assert.Equal(2, responses[2].Content.Count);
    }

    [Fact]
    public void Security_definitions_map_to_3x_schemes()
    {
        var model = Build("""
            swagger: '2.0'
            info: {title: t, version: '1'}
            securityDefinitions:
              basicAuth: {type: basic}
              key: {type: apiKey, name: api_key, in: query}
              oauth:
                type: oauth2
                flow: accessCode
                authorizationUrl: https://a.example.com/auth
                tokenUrl: https://a.example.com/token
                scopes: {'read:pets': read your pets}
              app: {type: oauth2, flow: application, tokenUrl: https://a.example.com/token, scopes: {}}
            security:
              - basicAuth: []
            paths:
              /a:
                get:
                  security: [{oauth: ['read:pets']}, {key: []}]
                  responses: {'200': {description: ok}}
              /b:
                get: {responses: {'200': {description: ok}}}
            """);

        var schemes = model.SecuritySchemes;
        Assert.Equal((SecuritySchemeKind.Http, "basic"), (schemes["basicAuth"].Kind, schemes["basicAuth"].Scheme));
        Assert.Equal((ParameterLocation.Query, "api_key"), (schemes["key"].ApiKeyLocation, schemes["key"].ApiKeyName));
        var flow = Assert.Single(schemes["oauth"].Flows);
        Assert.Equal((OAuthFlowKind.AuthorizationCode, "https://a.example.com/auth", "https://a.example.com/token"), (flow.Kind, flow.AuthorizationUrl, flow.TokenUrl));
        Assert.Equal("read your pets", flow.Scopes["read:pets"]);
        Assert.Equal(OAuthFlowKind.ClientCredentials, Assert.Single(schemes["app"].Flows).Kind);
        Assert.Equal("/securityDefinitions/oauth", schemes["oauth"].Pointer);

        var a = Operation(model, "GET", "/a").Security;
        Assert.Equal(["read:pets"], a[0].Schemes["oauth"]);
        Assert.Equal(["key"], a[1].Schemes.Keys);
        Assert.Equal(["basicAuth"], Assert.Single(Operation(model, "GET", "/b").Security).Schemes.Keys);
    }

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}, got {actual?.ToJsonString()}");
}
