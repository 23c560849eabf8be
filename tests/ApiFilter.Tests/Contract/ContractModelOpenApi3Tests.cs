using ApiFilter.Schema;
using ApiFilter.Contract;
using ApiFilter.Parameters;
using OpenApiSpecVersion = Microsoft.OpenApi.OpenApiSpecVersion;
using static ApiFilter.Tests.Contract.ModelDocuments;

namespace ApiFilter.Tests.Contract;

/// <summary>OpenAPI 3.0 / 3.1 documents mapped to the operation model, expectations from the 3.1 spec text.</summary>
public sealed class ContractModelOpenApi3Tests
{
    [Fact]
    public void Operation_carries_method_template_id_and_pointers()
    {
        var model = Build("""
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /pets/{petId}:
                get:
                  operationId: showPet
                  parameters:
                    - {name: petId, in: path, required: true, schema: {type: string}}
                  responses:
                    '200': {description: ok}
            """);

        var get = Only(model);
        Assert.Equal("GET", get.Method);
        Assert.Equal("/pets/{petId}", get.PathTemplate);
        Assert.Equal(["petId"], get.PathParameterNames);
        Assert.Equal("showPet", get.OperationId);
        // RFC 6901: "/" in a key is written "~1"
        Assert.Equal("/paths/~1pets~1{petId}/get", get.Pointer);
        var parameter = Assert.Single(get.Parameters);
        Assert.Equal("/paths/~1pets~1{petId}/get/parameters/0", parameter.Pointer);
        Assert.Equal("/paths/~1pets~1{petId}/get/parameters/0/schema", parameter.SchemaPointer);
        Assert.Equal("string", (string?)parameter.Schema!["type"]);
        Assert.Equal(SchemaDialect.OpenApi31, model.Dialect);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, model.SpecVersion);
    }

    [Fact]
    public void Server_urls_become_base_paths_with_every_variable_value()
    {
        // 3.1 section 4.8.6: a variable's default is used when no other value is supplied, enum
        // lists the values allowed; every combination is a base path the API may be served under
        var model = Build("""
            openapi: 3.1.0
            info: {title: t, version: '1'}
            servers:
              - url: https://{env}.example.com:{port}/{base}/
                variables:
                  env: {default: api, enum: [api, staging]}
                  port: {default: '443'}
                  base: {default: v2, enum: [v1, v2]}
              - url: /relative
            paths:
              /a:
                get: {responses: {'200': {description: ok}}}
              /b:
                servers: [{url: 'https://b.example.com/b-api'}]
                get: {responses: {'200': {description: ok}}}
                put:
                  servers: [{url: 'https://b.example.com/'}]
                  responses: {'200': {description: ok}}
            """);

        Assert.Equal(["/v2", "/v1", "/relative"], model.BasePaths);
        Assert.Equal(["/v2", "/v1", "/relative"], Operation(model, "GET", "/a").BasePaths);
        Assert.Equal(["/b-api"], Operation(model, "GET", "/b").BasePaths);
        Assert.Equal([""], Operation(model, "PUT", "/b").BasePaths);
    }

    [Fact]
    public void Without_servers_the_base_is_the_root()
    {
        // 3.1 section 4.8.1: no servers means a single server with url "/"
        var model = Build("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: {responses: {'200': {description: ok}}}\n");
        Assert.Equal([""], model.BasePaths);
        Assert.Equal([""], Only(model).BasePaths);
        Assert.Equal(SchemaDialect.OpenApi30, model.Dialect);
        Assert.Null(model.JsonSchemaDialect);
    }

    [Fact]
    public void Operation_parameters_override_path_item_parameters_by_name_and_location()
    {
        var model = Build("""
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /items:
                parameters:
                  - {name: limit, in: query, schema: {type: integer, maximum: 10}}
                  - {name: limit, in: header, schema: {type: string}}
                  - {name: X-Trace, in: header, schema: {type: string}}
                get:
                  parameters:
                    - {name: limit, in: query, schema: {type: integer, maximum: 50}}
                    - {name: x-trace, in: header, required: true, schema: {type: string}}
                  responses: {'200': {description: ok}}
            """);

        var parameters = Only(model).Parameters;
        Assert.Equal(3, parameters.Count);
        var query = Assert.Single(parameters, p => p.Location == ParameterLocation.Query);
        Assert.Equal(50L, (long)query.Schema!["maximum"]!);
        Assert.Equal("/paths/~1items/get/parameters/0", query.Pointer);
        // same name, other location: both kept
        Assert.Single(parameters, p => p is { Name: "limit", Location: ParameterLocation.Header });
        // header names are case-insensitive (RFC 9110 section 5.1): the operation's x-trace replaces X-Trace
        var trace = Assert.Single(parameters, p => p.Name.Equals("x-trace", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("x-trace", trace.Name);
        Assert.True(trace.Required);
    }

    [Fact]
    public void Parameter_refs_resolve_to_components_with_their_pointer()
    {
        var model = Build("""
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /items:
                get:
                  parameters: [{$ref: '#/components/parameters/Limit'}]
                  responses: {'200': {description: ok}}
            components:
              parameters:
                Limit: {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 100}}
            """);

        var limit = Assert.Single(Only(model).Parameters);
        Assert.Equal("limit", limit.Name);
        Assert.Equal("/components/parameters/Limit", limit.Pointer);
        Assert.Equal("/components/parameters/Limit/schema", limit.SchemaPointer);
        Assert.Equal(100L, (long)limit.Schema!["maximum"]!);
    }

    [Fact]
    public void Styles_default_per_location_and_explicit_ones_are_kept()
    {
        // 3.1 section 4.8.12.4: default style simple for path and header, form for query and cookie;
        // explode defaults to true for form, false otherwise; path parameters are required
        var model = Build("""
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /r/{id}:
                get:
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: string}}
                    - {name: q, in: query, schema: {type: string}}
                    - {name: h, in: header, schema: {type: string}}
                    - {name: c, in: cookie, schema: {type: string}}
                    - {name: filter, in: query, style: deepObject, explode: true, schema: {type: object}}
                    - {name: tags, in: query, style: pipeDelimited, explode: false, schema: {type: array, items: {type: string}}}
                    - {name: flag, in: query, allowEmptyValue: true, allowReserved: true, schema: {type: boolean}}
                  responses: {'200': {description: ok}}
            """);

        var byName = Only(model).Parameters.ToDictionary(p => p.Name);
        Assert.Equal((ParameterStyle.Simple, false, true), (byName["id"].Style, byName["id"].Explode, byName["id"].Required));
        Assert.Equal((ParameterStyle.Form, true, false), (byName["q"].Style, byName["q"].Explode, byName["q"].Required));
        Assert.Equal((ParameterStyle.Simple, false), (byName["h"].Style, byName["h"].Explode));
        Assert.Equal((ParameterStyle.Form, true), (byName["c"].Style, byName["c"].Explode));
        Assert.Equal((ParameterStyle.DeepObject, true), (byName["filter"].Style, byName["filter"].Explode));
        Assert.Equal((ParameterStyle.PipeDelimited, false), (byName["tags"].Style, byName["tags"].Explode));
        Assert.True(byName["flag"].AllowEmptyValue);
        Assert.True(byName["flag"].AllowReserved);
    }

    [Fact]
    public void Content_parameter_names_its_media_type_and_schema()
    {
        var model = Build("""
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /search:
                get:
                  parameters:
                    - name: q
                      in: query
                      content:
                        application/json:
                          schema: {type: object, required: [term]}
                  responses: {'200': {description: ok}}
            """);

        var q = Assert.Single(Only(model).Parameters);
        Assert.Equal("application/json", q.ContentMediaType);
        Assert.Equal("/paths/~1search/get/parameters/0/content/application~1json/schema", q.SchemaPointer);
        Assert.Equal("object", (string?)q.Schema!["type"]);
    }

    [Fact]
    public void Accept_content_type_and_authorization_header_parameters_are_ignored()
    {
        // 3.1 section 4.8.12.1: such a parameter definition SHALL be ignored
        var model = Build("""
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /a:
                get:
                  parameters:
                    - {name: Accept, in: header, schema: {type: string}}
                    - {name: content-type, in: header, schema: {type: string}}
                    - {name: Authorization, in: header, schema: {type: string}}
                    - {name: Accept, in: query, schema: {type: string}}
                  responses: {'200': {description: ok}}
            """);

        var kept = Assert.Single(Only(model).Parameters);
        Assert.Equal(ParameterLocation.Query, kept.Location);
    }

    [Fact]
    public void Request_body_keeps_required_media_types_and_encoding()
    {
        var model = Build("""
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /upload:
                post:
                  requestBody: {$ref: '#/components/requestBodies/Upload'}
                  responses: {'204': {description: done}}
            components:
              requestBodies:
                Upload:
                  required: true
                  content:
                    application/json; charset=utf-8:
                      schema: {type: object}
                    multipart/form-data:
                      schema:
                        type: object
                        properties:
                          meta: {type: object}
                          file: {type: string, contentMediaType: image/png}
                      encoding:
                        meta:
                          contentType: application/json
                          headers:
                            X-Rate: {required: true, schema: {type: integer}}
                            Content-Type: {schema: {type: string}}
                        file:
                          contentType: 'image/png, image/jpeg'
                    application/x-www-form-urlencoded:
                      schema: {type: object, properties: {ids: {type: array}}}
                      encoding:
                        ids: {style: pipeDelimited, explode: false}
                    text/*: {}
            """);

        var body = Only(model).RequestBody!;
        Assert.True(body.Required);
        Assert.Equal("/components/requestBodies/Upload", body.Pointer);
        Assert.Equal(["application/json; charset=utf-8", "multipart/form-data", "application/x-www-form-urlencoded", "text/*"],
            body.Content.Select(c => c.MediaRange));
        Assert.Equal(("application", "json"), (body.Content[0].Type, body.Content[0].Subtype));
        Assert.Equal(("text", "*"), (body.Content[3].Type, body.Content[3].Subtype));
        Assert.Null(body.Content[3].Schema);
        Assert.Equal("/components/requestBodies/Upload/content/multipart~1form-data/schema", body.Content[1].SchemaPointer);

        var multipart = body.Content[1].Encoding;
        Assert.Equal(["meta", "file"], multipart.Select(e => e.PropertyName));
        Assert.Equal("application/json", multipart[0].ContentType);
        Assert.Null(multipart[0].Style);
        // Content-Type in encoding headers SHALL be ignored (3.1 section 4.8.15.1)
        var rate = Assert.Single(multipart[0].Headers);
        Assert.Equal("X-Rate", rate.Name);
        Assert.True(rate.Required);
        Assert.Equal("/components/requestBodies/Upload/content/multipart~1form-data/encoding/meta/headers/X-Rate/schema", rate.SchemaPointer);
        Assert.Equal("image/png, image/jpeg", multipart[1].ContentType);

        var form = Assert.Single(body.Content[2].Encoding);
        Assert.Equal((ParameterStyle.PipeDelimited, false), (form.Style, form.Explode));
    }

    [Fact]
    public void Operation_without_request_body_has_none()
    {
        var model = Build("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: {responses: {'200': {description: ok}}}\n");
        Assert.Null(Only(model).RequestBody);
    }

    [Fact]
    public void Responses_keep_status_keys_headers_and_content()
    {
        var model = Build("""
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /a:
                get:
                  responses:
                    '200':
                      description: ok
                      headers:
                        X-Rate-Limit: {required: true, schema: {type: integer}}
                        Content-Type: {schema: {type: string}}
                      content:
                        application/json: {schema: {type: array}}
                        application/xml: {schema: {type: array}}
                    4XX: {$ref: '#/components/responses/Problem'}
                    default: {description: anything else}
            components:
              responses:
                Problem:
                  description: client error
                  content:
                    application/problem+json: {schema: {type: object}}
            """);

        var responses = Only(model).Responses;
        Assert.Equal(["200", "4XX", "default"], responses.Select(r => r.StatusKey));
        Assert.Equal((ResponseStatusKind.Exact, 200), (responses[0].Kind, responses[0].Code));
        Assert.Equal((ResponseStatusKind.Range, 4), (responses[1].Kind, responses[1].Code));
        Assert.Equal((ResponseStatusKind.Default, 0), (responses[2].Kind, responses[2].Code));
        Assert.True(responses[1].Matches(404));
        Assert.False(responses[1].Matches(500));
        Assert.True(responses[0].Matches(200));
        Assert.False(responses[2].Matches(200));

        Assert.Equal("ok", responses[0].Description);
        // a response header named Content-Type SHALL be ignored (3.1 section 4.8.17.1)
        var rate = Assert.Single(responses[0].Headers);
        Assert.Equal(("X-Rate-Limit", true), (rate.Name, rate.Required));
        Assert.Equal(["application/json", "application/xml"], responses[0].Content.Select(c => c.MediaRange));
        Assert.Equal("/paths/~1a/get/responses/200/content/application~1json/schema", responses[0].Content[0].SchemaPointer);

        Assert.Equal("/components/responses/Problem", responses[1].Pointer);
        Assert.Equal("client error", responses[1].Description);
        Assert.Equal("problem+json", Assert.Single(responses[1].Content).Subtype);
        Assert.Empty(responses[2].Content);
    }

    [Fact]
    public void Security_schemes_are_parsed()
    {
        var model = Build("""
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths: {}
            components:
              securitySchemes:
                key: {type: apiKey, name: X-API-Key, in: header}
                cookieKey: {type: apiKey, name: session, in: cookie}
                jwt: {type: http, scheme: Bearer, bearerFormat: JWT}
                oauth:
                  type: oauth2
                  flows:
                    authorizationCode:
                      authorizationUrl: https://auth.example.com/authorize
                      tokenUrl: https://auth.example.com/token
                      scopes: {read: read things, write: write things}
                    clientCredentials:
                      tokenUrl: https://auth.example.com/token
                      refreshUrl: https://auth.example.com/refresh
                      scopes: {}
                oidc: {type: openIdConnect, openIdConnectUrl: 'https://auth.example.com/.well-known/openid-configuration'}
                mtls: {type: mutualTLS}
            """);

        var schemes = model.SecuritySchemes;
        Assert.Equal((SecuritySchemeKind.ApiKey, "X-API-Key", ParameterLocation.Header), (schemes["key"].Kind, schemes["key"].ApiKeyName, schemes["key"].ApiKeyLocation));
        Assert.Equal(ParameterLocation.Cookie, schemes["cookieKey"].ApiKeyLocation);
        // RFC 9110 section 11.1: auth scheme names are case-insensitive
        Assert.Equal((SecuritySchemeKind.Http, "bearer", "JWT"), (schemes["jwt"].Kind, schemes["jwt"].Scheme, schemes["jwt"].BearerFormat));
        var flows = schemes["oauth"].Flows;
        Assert.Equal([OAuthFlowKind.AuthorizationCode, OAuthFlowKind.ClientCredentials], flows.Select(f => f.Kind));
        Assert.Equal("https://auth.example.com/authorize", flows[0].AuthorizationUrl);
        Assert.Equal("write things", flows[0].Scopes["write"]);
        Assert.Equal("https://auth.example.com/refresh", flows[1].RefreshUrl);
        Assert.Equal(SecuritySchemeKind.OpenIdConnect, schemes["oidc"].Kind);
        Assert.Equal("https://auth.example.com/.well-known/openid-configuration", schemes["oidc"].OpenIdConnectUrl);
        Assert.Equal(SecuritySchemeKind.MutualTls, schemes["mtls"].Kind);
        Assert.Equal("/components/securitySchemes/jwt", schemes["jwt"].Pointer);
    }

    [Fact]
    public void Operation_security_overrides_the_document_and_an_empty_list_removes_it()
    {
        // 3.1 section 4.8.10.1: the operation's list replaces the top-level one; an empty array removes it;
        // 4.8.30: the list is alternatives, each object requires all its schemes
        var model = Build("""
            openapi: 3.1.0
            info: {title: t, version: '1'}
            security:
              - key: []
            paths:
              /inherited:
                get: {responses: {'200': {description: ok}}}
              /open:
                get:
                  security: []
                  responses: {'200': {description: ok}}
              /either:
                get:
                  security:
                    - {key: [], oauth: [read, write]}
                    - {}
                  responses: {'200': {description: ok}}
            components:
              securitySchemes:
                key: {type: apiKey, name: X-API-Key, in: header}
                oauth:
                  type: oauth2
                  flows: {clientCredentials: {tokenUrl: 'https://a.example.com/t', scopes: {read: r, write: w}}}
            """);

        var inherited = Assert.Single(Operation(model, "GET", "/inherited").Security);
        Assert.Equal(["key"], inherited.Schemes.Keys);
        Assert.Equal("/security/0", inherited.Pointer);
        Assert.Empty(Operation(model, "GET", "/open").Security);
        var either = Operation(model, "GET", "/either").Security;
        Assert.Equal(2, either.Count);
        Assert.Equal(["read", "write"], either[0].Schemes["oauth"]);
        Assert.Empty(either[0].Schemes["key"]);
        // {} makes authentication optional
        Assert.Empty(either[1].Schemes);
    }

    [Fact]
    public void Apifilter_extensions_are_captured_at_every_level()
    {
        var model = Build("""
            openapi: 3.1.0
            info: {title: t, version: '1'}
            x-apifilter-mode: report
            x-other: ignored
            paths:
              /a:
                x-apifilter-rate: {perMinute: 60}
                get:
                  x-apifilter-mode: block
                  parameters:
                    - {name: q, in: query, schema: {type: string}, x-apifilter-detectors: [sql]}
                  responses: {'200': {description: ok}}
            """);

        Assert.Equal("report", (string?)model.Extensions["x-apifilter-mode"]);
        Assert.False(model.Extensions.ContainsKey("x-other"));
        var get = Only(model);
        Assert.Equal(60L, (long)get.PathExtensions["x-apifilter-rate"]!["perMinute"]!);
        Assert.Equal("block", (string?)get.Extensions["x-apifilter-mode"]);
        Assert.Equal("sql", (string?)Assert.Single(get.Parameters).Extensions["x-apifilter-detectors"]![0]);
    }

    [Fact]
    public void Json_schema_dialect_is_noted()
    {
        var model = Build("""
            openapi: 3.1.0
            jsonSchemaDialect: https://json-schema.org/draft/2020-12/schema
            info: {title: t, version: '1'}
            paths: {}
            """);
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", model.JsonSchemaDialect);
    }

    [Fact]
    public void Recursive_schemas_build()
    {
        // schema cycles are recursion, compiled as a node pointing back: only parameters and the like must be acyclic
        var model = Build("""
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /tree:
                post:
                  requestBody:
                    content:
                      application/json: {schema: {$ref: '#/components/schemas/Node'}}
                  responses: {'200': {description: ok}}
            components:
              schemas:
                Node:
                  type: object
                  properties:
                    children: {type: array, items: {$ref: '#/components/schemas/Node'}}
            """);

        var schema = Assert.Single(Only(model).RequestBody!.Content).Schema!;
        Assert.Equal("#/components/schemas/Node", (string?)schema["$ref"]);
        Assert.Same(model.Root, schema.Root);
    }

    [Fact]
    public void Path_item_ref_is_followed_in_3_1()
    {
        var model = Build("""
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /a: {$ref: '#/components/pathItems/Shared'}
            components:
              pathItems:
                Shared:
                  get: {operationId: shared, responses: {'200': {description: ok}}}
            """);

        var get = Only(model);
        Assert.Equal("shared", get.OperationId);
        Assert.Equal("/a", get.PathTemplate);
        Assert.Equal("/components/pathItems/Shared/get", get.Pointer);
    }
}
