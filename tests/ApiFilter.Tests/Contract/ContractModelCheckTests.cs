using ApiFilter.Contract;
using Microsoft.OpenApi;
using static ApiFilter.Tests.Contract.ModelDocuments;

namespace ApiFilter.Tests.Contract;

/// <summary>Contracts the model refuses because they cannot be enforced strictly: file, pointer and reason for each problem.</summary>
public sealed class ContractModelCheckTests
{
    private const string Info = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n";

    [Fact]
    public void Template_parameter_without_declaration_is_refused()
    {
        var e = RefuseRaw(Info + """
            paths:
              /users/{id}/posts/{postId}:
                get:
                  parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                  responses: {'200': {description: ok}}
            """);
        var problem = Assert.Single(e.Problems);
        Assert.Equal("api.yaml: /paths/~1users~1{id}~1posts~1{postId}/get: path template /users/{id}/posts/{postId} has {postId}, but no in: path parameter 'postId' is declared",
            problem.ToString());
    }

    [Fact]
    public void Path_parameter_missing_from_the_template_is_refused()
    {
        var e = RefuseRaw(Info + """
            paths:
              /users:
                parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                get: {responses: {'200': {description: ok}}}
            """);
        Assert.Equal("api.yaml: /paths/~1users/parameters/0: in: path parameter 'id' does not appear in the path template /users",
            Assert.Single(e.Problems).ToString());
    }

    [Fact]
    public void Duplicate_parameters_are_refused()
    {
        // 3.1 section 4.8.10.1: the list MUST NOT include duplicated parameters (name and location);
        // header names compare case-insensitively
        var e = RefuseRaw(Info + """
            paths:
              /a:
                get:
                  parameters:
                    - {name: q, in: query, schema: {type: string}}
                    - {name: X-Id, in: header, schema: {type: string}}
                    - {name: q, in: query, schema: {type: integer}}
                    - {name: x-id, in: header, schema: {type: string}}
                    - {name: q, in: cookie, schema: {type: string}}
                  responses: {'200': {description: ok}}
            """);
        Assert.Equal(
            [
                "api.yaml: /paths/~1a/get/parameters/2: duplicate parameter 'q' in query (first at /paths/~1a/get/parameters/0)",
                "api.yaml: /paths/~1a/get/parameters/3: duplicate parameter 'x-id' in header (first at /paths/~1a/get/parameters/1)",
            ],
            e.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Templates_equal_up_to_parameter_names_are_refused_for_one_method()
    {
        // 3.1 section 4.8.8: templated paths with the same hierarchy but different names MUST NOT exist
        // (the loader refuses those for any methods; the model refuses them per method in any version)
        var e = RefuseRaw(Info + """
            paths:
              /pets/{petId}:
                get:
                  parameters: [{name: petId, in: path, required: true, schema: {type: string}}]
                  responses: {'200': {description: ok}}
              /pets/{name}:
                get:
                  parameters: [{name: name, in: path, required: true, schema: {type: string}}]
                  responses: {'200': {description: ok}}
            """);
        Assert.Equal("api.yaml: /paths/~1pets~1{name}/get: GET /pets/{name} and GET /pets/{petId} (/paths/~1pets~1{petId}/get) differ only in parameter names, so no request can tell them apart",
            Assert.Single(e.Problems).ToString());
    }

    [Theory]
    [InlineData("in: body", "api.yaml: /paths/~1a/get/parameters/0/in: parameter 'p' has unknown location 'body'; expected path, query, header or cookie")]
    [InlineData("in: querystring", "api.yaml: /paths/~1a/get/parameters/0/in: parameter 'p' has unknown location 'querystring'; expected path, query, header or cookie")]
    [InlineData("in: query, style: deep", "api.yaml: /paths/~1a/get/parameters/0/style: parameter 'p' has unknown style 'deep'")]
    [InlineData("in: header, style: form", "api.yaml: /paths/~1a/get/parameters/0/style: style 'form' is not allowed for an in: header parameter (allowed: simple)")]
    [InlineData("in: cookie, style: deepObject", "api.yaml: /paths/~1a/get/parameters/0/style: style 'deepObject' is not allowed for an in: cookie parameter (allowed: form)")]
    [InlineData("in: query, style: matrix", "api.yaml: /paths/~1a/get/parameters/0/style: style 'matrix' is not allowed for an in: query parameter (allowed: form, spaceDelimited, pipeDelimited, deepObject)")]
    public void Unknown_location_and_misplaced_style_are_refused(string fields, string expected)
    {
        var e = RefuseRaw(Info + $$$"""
            paths:
              /a:
                get:
                  parameters: [{name: p, {{{fields}}}, schema: {type: object}}]
                  responses: {'200': {description: ok}}
            """);
        Assert.Equal(expected, Assert.Single(e.Problems).ToString());
    }

    [Fact]
    public void Deep_object_in_path_is_refused()
    {
        // 3.1 section 4.8.12.4: deepObject is defined for query parameters only
        var e = RefuseRaw(Info + """
            paths:
              /a/{f}:
                get:
                  parameters: [{name: f, in: path, required: true, style: deepObject, schema: {type: object}}]
                  responses: {'200': {description: ok}}
            """);
        Assert.Equal("api.yaml: /paths/~1a~1{f}/get/parameters/0/style: style 'deepObject' is not allowed for an in: path parameter (allowed: simple, label, matrix)",
            Assert.Single(e.Problems).ToString());
    }

    [Fact]
    public void Swagger2_body_without_schema_is_refused()
    {
        var e = RefuseRaw("""
            swagger: '2.0'
            info: {title: t, version: '1'}
            paths:
              /a:
                post:
                  parameters: [{name: b, in: body}]
                  responses: {'200': {description: ok}}
            """, OpenApiSpecVersion.OpenApi2_0);
        Assert.Equal("api.yaml: /paths/~1a/post/parameters/0: in: body parameter 'b' has no schema", Assert.Single(e.Problems).ToString());
    }

    [Fact]
    public void Swagger2_body_beside_form_data_is_refused()
    {
        var e = RefuseRaw("""
            swagger: '2.0'
            info: {title: t, version: '1'}
            paths:
              /a:
                post:
                  parameters:
                    - {name: b, in: body, schema: {type: object}}
                    - {name: f, in: formData, type: string}
                  responses: {'200': {description: ok}}
            """, OpenApiSpecVersion.OpenApi2_0);
        Assert.Contains("/paths/~1a/post/parameters: in: body and in: formData parameters cannot both be declared", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Swagger2_file_outside_form_data_and_multi_outside_query_are_refused()
    {
        var e = RefuseRaw("""
            swagger: '2.0'
            info: {title: t, version: '1'}
            paths:
              /a:
                get:
                  parameters:
                    - {name: f, in: query, type: file}
                    - {name: h, in: header, type: array, items: {type: string}, collectionFormat: multi}
                  responses: {'200': {description: ok}}
            """, OpenApiSpecVersion.OpenApi2_0);
        Assert.Equal(
            [
                "api.yaml: /paths/~1a/get/parameters/0/type: type: file is only valid for in: formData, not for in: query",
                "api.yaml: /paths/~1a/get/parameters/1/collectionFormat: collectionFormat multi is only valid for in: query or formData, not in: header",
            ],
            e.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Unresolvable_refs_are_refused_wherever_they_are()
    {
        var e = RefuseRaw(Info + """
            paths:
              /a:
                get:
                  parameters: [{$ref: '#/components/parameters/Missing'}]
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json: {schema: {$ref: '#/components/schemas/Nope'}}
                    default: {$ref: '#/components/responses/Gone'}
            """);
        Assert.Equal(
            [
                "api.yaml: /paths/~1a/get/parameters/0/$ref: $ref '#/components/parameters/Missing' does not resolve: nothing at /components/parameters/Missing",
                "api.yaml: /paths/~1a/get/responses/default/$ref: $ref '#/components/responses/Gone' does not resolve: nothing at /components/responses/Gone",
                "api.yaml: /paths/~1a/get/responses/200/content/application~1json/schema/$ref: $ref '#/components/schemas/Nope' does not resolve: nothing at /components/schemas/Nope",
            ],
            e.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Percent_encoded_ref_resolves()
    {
        // RFC 6901 section 6: a pointer in a URI fragment is percent-encoded; {} become %7B %7D
        var model = BuildRaw(Info + """
            paths:
              /a/{id}:
                get:
                  parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                  responses: {'200': {description: ok}}
              /b/{id}:
                $ref: '#/paths/~1a~1%7Bid%7D'
            """, OpenApiSpecVersion.OpenApi3_1);
        Assert.Equal(2, model.Operations.Count);
    }

    [Fact]
    public void Parameter_ref_cycle_is_refused_naming_the_cycle()
    {
        var e = RefuseRaw(Info + """
            paths:
              /a:
                get:
                  parameters: [{$ref: '#/components/parameters/A'}]
                  responses: {'200': {description: ok}}
            components:
              parameters:
                A: {$ref: '#/components/parameters/B'}
                B: {$ref: '#/components/parameters/A'}
                C: {$ref: '#/components/parameters/C'}
            """);
        Assert.Equal(
            [
                "api.yaml: /components/parameters/A/$ref: $ref cycle: /components/parameters/A -> /components/parameters/B -> /components/parameters/A",
                "api.yaml: /components/parameters/B/$ref: $ref cycle: /components/parameters/B -> /components/parameters/A -> /components/parameters/B",
                "api.yaml: /components/parameters/C/$ref: $ref cycle: /components/parameters/C -> /components/parameters/C",
            ],
            e.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Response_ref_cycle_is_refused()
    {
        var e = RefuseRaw(Info + """
            paths:
              /a:
                get:
                  responses: {'200': {$ref: '#/components/responses/Loop'}}
            components:
              responses:
                Loop: {$ref: '#/components/responses/Loop'}
            """);
        Assert.Equal("api.yaml: /components/responses/Loop/$ref: $ref cycle: /components/responses/Loop -> /components/responses/Loop",
            Assert.Single(e.Problems).ToString());
    }

    [Theory]
    [InlineData("json")]
    [InlineData("application/")]
    [InlineData("/json")]
    [InlineData("application/json; charset")]
    [InlineData("*/json")]
    [InlineData("application/json, text/plain")]
    [InlineData("text/plain; charset=\"utf-8")]
    public void Unparseable_media_types_are_refused(string mediaType)
    {
        var e = RefuseRaw(Info + $$$"""
            paths:
              /a:
                post:
                  requestBody:
                    content:
                      '{{{mediaType}}}': {schema: {type: object}}
                  responses: {'200': {description: ok}}
            """);
        var problem = Assert.Single(e.Problems);
        Assert.Equal($"/paths/~1a/post/requestBody/content/{mediaType.Replace("/", "~1", StringComparison.Ordinal)}", problem.Pointer);
        Assert.Equal($"media type '{mediaType}' does not parse as type/subtype (RFC 9110 section 8.3.1)", problem.Message);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/vnd.api+json")]
    [InlineData("text/*")]
    [InlineData("*/*")]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("text/plain;charset=\"utf-8\" ; format=flowed")]
    public void Valid_media_ranges_build(string mediaType)
    {
        var model = BuildRaw(Info + $$$"""
            paths:
              /a:
                post:
                  requestBody:
                    content:
                      '{{{mediaType}}}': {schema: {type: object}}
                  responses: {'200': {description: ok}}
            """, OpenApiSpecVersion.OpenApi3_1);
        Assert.Equal(mediaType, Assert.Single(Only(model).RequestBody!.Content).MediaRange);
    }

    [Fact]
    public void Swagger2_consumes_that_does_not_parse_is_refused()
    {
        var e = RefuseRaw("""
            swagger: '2.0'
            info: {title: t, version: '1'}
            consumes: [json]
            paths:
              /a:
                post:
                  parameters: [{name: b, in: body, schema: {type: object}}]
                  responses: {'200': {description: ok}}
            """, OpenApiSpecVersion.OpenApi2_0);
        Assert.Equal("api.yaml: /consumes/0: media type 'json' does not parse as type/subtype (RFC 9110 section 8.3.1)", Assert.Single(e.Problems).ToString());
    }

    [Theory]
    [InlineData("'600'")]
    [InlineData("6XX")]
    [InlineData("'20'")]
    [InlineData("2X0")]
    [InlineData("ok")]
    public void Unknown_status_keys_are_refused(string key)
    {
        var e = RefuseRaw(Info + $$$"""
            paths:
              /a:
                get:
                  responses: { {{{key}}}: {description: x} }
            """);
        Assert.Contains("is not a status code (100-599), a range 1XX-5XX or default", Assert.Single(e.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Undeclared_security_scheme_is_refused()
    {
        var e = RefuseRaw(Info + """
            security: [{nope: []}]
            paths: {}
            """);
        Assert.Equal("api.yaml: /security/0/nope: security scheme 'nope' is not declared", Assert.Single(e.Problems).ToString());
    }

    [Fact]
    public void Server_variable_without_definition_is_refused()
    {
        var e = RefuseRaw(Info + """
            servers: [{url: 'https://{region}.example.com/v1'}]
            paths: {}
            """);
        Assert.Equal("api.yaml: /servers/0/url: server variable 'region' in 'https://{region}.example.com/v1' has no definition with a default",
            Assert.Single(e.Problems).ToString());
    }

    [Fact]
    public void Every_problem_is_listed_in_one_exception()
    {
        var e = RefuseRaw(Info + """
            paths:
              /a/{id}:
                get:
                  parameters:
                    - {name: q, in: query, style: simple, schema: {type: string}}
                  responses:
                    '200':
                      description: ok
                      content: {'text': {}}
              /b:
                post:
                  requestBody: {$ref: '#/components/requestBodies/None'}
                  responses: {'200': {description: ok}}
            """);
        Assert.Equal(4, e.Problems.Count);
        Assert.All(e.Problems, p => Assert.Equal("api.yaml", p.FileName));
        // one problem per line, each with file and pointer
        Assert.Equal(4, e.Message.Split(Environment.NewLine).Length);
        Assert.Contains("/paths/~1a~1{id}/get/parameters/0/style", e.Message, StringComparison.Ordinal);
        Assert.Contains("/paths/~1a~1{id}/get: path template /a/{id} has {id}", e.Message, StringComparison.Ordinal);
        Assert.Contains("/paths/~1a~1{id}/get/responses/200/content/text: media type 'text'", e.Message, StringComparison.Ordinal);
        Assert.Contains("/paths/~1b/post/requestBody/$ref: $ref '#/components/requestBodies/None' does not resolve", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_templates_are_refused()
    {
        var e = RefuseRaw(Info + """
            paths:
              /a/{id:
                get: {responses: {'200': {description: ok}}}
              /b/{}/c:
                get: {responses: {'200': {description: ok}}}
              /c/{x}/{x}:
                get: {responses: {'200': {description: ok}}}
            """);
        Assert.Equal(
            [
                "api.yaml: /paths/~1a~1{id: path template '/a/{id' has a malformed parameter expression at offset 3",
                "api.yaml: /paths/~1b~1{}~1c: path template '/b/{}/c' has a malformed parameter expression at offset 3",
                "api.yaml: /paths/~1c~1{x}~1{x}: path template '/c/{x}/{x}' names parameter 'x' twice",
            ],
            e.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void AllowReserved_outside_query_is_refused()
    {
        // 3.1 section 4.8.12.2: allowReserved only applies to in: query
        var e = RefuseRaw(Info + """
            paths:
              /a/{id}:
                get:
                  parameters:
                    - {name: id, in: path, required: true, allowReserved: true, schema: {type: string}}
                    - {name: q, in: query, allowReserved: true, schema: {type: string}}
                  responses:
                    '200':
                      description: ok
                      headers:
                        X-Next: {schema: {type: string}, allowReserved: true}
            """);
        Assert.Equal(
            [
                "api.yaml: /paths/~1a~1{id}/get/parameters/0/allowReserved: allowReserved is only defined for in: query parameters (3.1 section 4.8.12.2)",
                "api.yaml: /paths/~1a~1{id}/get/responses/200/headers/X-Next/allowReserved: allowReserved is only defined for in: query parameters (3.1 section 4.8.12.2)",
            ],
            e.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Example_and_examples_together_are_refused()
    {
        var e = RefuseRaw(Info + """
            paths:
              /a:
                post:
                  requestBody:
                    content:
                      application/json:
                        schema: {type: string}
                        example: x
                        examples: {one: {value: y}}
                  responses: {'204': {description: ok}}
            """);
        Assert.Equal("api.yaml: /paths/~1a/post/requestBody/content/application~1json: 'example' and 'examples' are mutually exclusive (3.1 section 4.8.12.4)",
            Assert.Single(e.Problems).ToString());
    }

    [Fact]
    public void Unused_components_are_checked()
    {
        var e = RefuseRaw(Info + """
            paths: {}
            components:
              parameters:
                Sort: {name: sort, in: query, style: matrix, schema: {type: string}}
              headers:
                Trace: {style: form, schema: {type: string}}
              requestBodies:
                Empty: {description: nothing}
              responses:
                Bad: {description: bad, content: {text: {schema: {type: string}}}}
            """);
        Assert.Equal(
            [
                "api.yaml: /components/parameters/Sort/style: style 'matrix' is not allowed for an in: query parameter (allowed: form, spaceDelimited, pipeDelimited, deepObject)",
                "api.yaml: /components/headers/Trace/style: header 'Trace' has style 'form'; headers use simple",
                "api.yaml: /components/requestBodies/Empty: a request body needs content",
                "api.yaml: /components/responses/Bad/content/text: media type 'text' does not parse as type/subtype (RFC 9110 section 8.3.1)",
            ],
            e.Problems.Select(p => p.ToString()));
    }

    [Theory]
    [InlineData(OpenApiSpecVersion.OpenApi3_1, "api.yaml: /components/schemas/Flag: a schema must be an object or a boolean, found a string")]
    [InlineData(OpenApiSpecVersion.OpenApi3_0, "api.yaml: /components/schemas/Flag: a schema must be an object, found a string")]
    public void Named_schema_that_is_not_a_schema_is_refused(OpenApiSpecVersion version, string expected)
    {
        var e = RefuseRaw(Info + "paths: {}\ncomponents:\n  schemas:\n    Flag: 'yes'\n    Any: {}\n", version);
        Assert.Equal(expected, Assert.Single(e.Problems).ToString());
    }

    [Fact]
    public void Boolean_schema_is_accepted_in_3_1_only()
    {
        const string yaml = Info + "paths: {}\ncomponents:\n  schemas:\n    Anything: true\n";
        BuildRaw(yaml, OpenApiSpecVersion.OpenApi3_1);
        Assert.Equal("api.yaml: /components/schemas/Anything: a schema must be an object, found a boolean",
            Assert.Single(RefuseRaw(yaml, OpenApiSpecVersion.OpenApi3_0).Problems).ToString());
    }

    [Fact]
    public void Server_variable_default_outside_its_enum_is_refused_in_3_1()
    {
        // 3.1 section 4.8.6.1: the default MUST exist in the enum's values; 3.0 only says SHOULD
        const string yaml = Info + """
            servers:
              - url: https://example.com/{stage}
                variables:
                  stage: {default: beta, enum: [v1, v2]}
            paths: {}
            """;
        Assert.Equal("api.yaml: /servers/0/variables/stage/default: the default 'beta' of server variable 'stage' is not one of its enum values",
            Assert.Single(RefuseRaw(yaml).Problems).ToString());
        BuildRaw(yaml, OpenApiSpecVersion.OpenApi3_0);
    }

    [Fact]
    public void Document_without_paths_components_or_webhooks_is_refused_in_3_1()
    {
        Assert.Equal("api.yaml: an OpenAPI 3.1 document needs at least one of paths, components or webhooks (3.1 section 4.8.1)",
            Assert.Single(RefuseRaw(Info).Problems).ToString());
    }
}
