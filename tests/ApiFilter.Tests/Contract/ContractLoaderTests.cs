using System.Text;
using ApiFilter.Contract;
using Microsoft.OpenApi;

namespace ApiFilter.Tests.Contract;

public sealed class ContractLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("contract-loader-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n", OpenApiSpecVersion.OpenApi2_0)]
    [InlineData("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n", OpenApiSpecVersion.OpenApi3_0)]
    [InlineData("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n", OpenApiSpecVersion.OpenApi3_1)]
    public void Detects_the_declared_version(string yaml, OpenApiSpecVersion expected)
    {
        var contract = Load(yaml, "api.yaml");
        Assert.Equal(expected, contract.SpecVersion);
        Assert.Equal("api.yaml", contract.FileName);
    }

    [Theory]
    [InlineData("openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n", "4.0.0")]
    [InlineData("swagger: '1.2'\ninfo: {title: t, version: '1'}\npaths: {}\n", "1.2")]
    public void Unknown_version_is_refused(string yaml, string version)
    {
        var e = Assert.Throws<ContractLoadException>(() => Load(yaml, "api.yaml"));
        Assert.Equal($"api.yaml: version '{version}' is not supported; expected swagger 2.0, openapi 3.0.x or openapi 3.1.x", e.Message);
    }

    [Fact]
    public void OpenApi_3_2_is_refused_with_the_supported_versions()
    {
        var e = Assert.Throws<ContractLoadException>(() =>
            Load("openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}\n", "api.yaml"));
        Assert.Contains("api.yaml: /openapi: OpenAPI version", e.Message, StringComparison.Ordinal);
        Assert.Contains("expected swagger 2.0, openapi 3.0.x or openapi 3.1.x", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_yaml_is_refused_with_file_and_position()
    {
        var e = Assert.Throws<ContractLoadException>(() =>
            Load("openapi: 3.0.3\ninfo:\n  title: [unclosed\n  version: '1'\npaths: {}\n", "broken.yaml"));
        var problem = Assert.Single(e.Problems);
        Assert.Equal("broken.yaml", problem.FileName);
        Assert.Equal("broken.yaml: not valid YAML (line 4, column 10): While parsing a flow sequence, did not find expected ',' or ']'.", e.Message);
    }

    [Fact]
    public void Malformed_json_is_refused_with_file_and_position()
    {
        var e = Assert.Throws<ContractLoadException>(() =>
            Load("{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\",, }}", "broken.json"));
        Assert.Equal("broken.json: not valid JSON (line 1, byte 44): ',' is an invalid start of a property name. Expected a '\"'.", e.Message);
    }

    [Fact]
    public void Duplicate_yaml_key_is_refused()
    {
        var e = Assert.Throws<ContractLoadException>(() =>
            Load("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\npaths: {}\n", "dup.yaml"));
        Assert.Contains("dup.yaml: duplicate key 'paths' (line 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_reader_error_is_listed_with_its_pointer()
    {
        const string yaml = """
            swagger: '2.0'
            info: {title: t, version: '1'}
            paths: {}
            definitions:
              A: {type: object, properties: {x: {type: [string, 'null']}}}
              B: {type: object, properties: {y: {type: [integer, 'null']}}}
            """;
        var e = Assert.Throws<ContractLoadException>(() => Load(yaml, "petstore.yaml"));
        Assert.Equal(2, e.Problems.Count);
        Assert.Contains("petstore.yaml: /definitions/A/properties/x/type: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("petstore.yaml: /definitions/B/properties/y/type: ", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/schemas/Pet.yaml")]
    [InlineData("https://example.invalid/Pet.yaml#/Pet")]
    public void Network_ref_is_refused_without_fetching(string reference)
    {
        var yaml = PetApi(reference);
        var path = Write("remote.yaml", yaml);
        var e = Assert.Throws<ContractLoadException>(() => ContractLoader.LoadFile(path));
        Assert.Contains("remote.yaml", e.Message, StringComparison.Ordinal);
        Assert.Contains(reference.Split('#')[0], e.Message, StringComparison.Ordinal);
        Assert.Contains("never fetched from the network", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Relative_ref_resolves_against_the_file_folder()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "spec"));
        Directory.CreateDirectory(Path.Combine(_folder, "common"));
        Write("common/Error.yaml", """
            openapi: 3.0.3
            info: {title: common, version: '1'}
            paths: {}
            components:
              schemas:
                Error:
                  type: object
                  required: [code]
                  properties:
                    code: {type: integer}
            """);
        var path = Write("spec/api.yaml", """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /pets:
                get:
                  responses:
                    default:
                      description: error
                      content:
                        application/json:
                          schema: {$ref: '../common/Error.yaml#/components/schemas/Error'}
            """);
        var contract = ContractLoader.LoadFile(path);
        var schema = contract.Document.Paths["/pets"].Operations![HttpMethod.Get].Responses!["default"].Content!["application/json"].Schema!;
        Assert.Equal(JsonSchemaType.Object, schema.Type);
        Assert.Contains("code", schema.Required!);
    }

    [Fact]
    public void Relative_ref_to_a_bare_schema_file_is_inlined()
    {
        Write("Pet.yaml", "type: object\nproperties:\n  id: {type: integer}\n  owner: {$ref: 'Owner.yaml'}\n");
        Write("Owner.yaml", "type: object\nproperties:\n  name: {type: string}\n");
        var path = Write("api.yaml", PetApi("Pet.yaml"));
        var contract = ContractLoader.LoadFile(path);
        var schema = PetSchema(contract);
        Assert.Equal(["id", "owner"], schema.Properties!.Keys);
        Assert.Equal(["name"], schema.Properties["owner"].Properties!.Keys);
    }

    [Fact]
    public void Schema_cycle_across_files_stays_a_reference()
    {
        Write("A.yaml", "type: object\nproperties:\n  b: {$ref: 'B.yaml'}\n");
        Write("B.yaml", "type: object\nproperties:\n  a: {$ref: 'A.yaml'}\n");
        var path = Write("api.yaml", PetApi("A.yaml"));
        var contract = ContractLoader.LoadFile(path);
        Assert.Equal("#/components/schemas/external.A", contract.Root["paths"]!["/pets"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        var schemas = contract.Root["components"]!["schemas"]!;
        Assert.Equal("#/components/schemas/external.B", schemas["external.A"]!["properties"]!["b"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/external.A", schemas["external.B"]!["properties"]!["a"]!["$ref"]!.GetValue<string>());
        var a = PetSchema(contract);
        Assert.Equal(["b"], a.Properties!.Keys);
        Assert.Equal(["a"], a.Properties["b"].Properties!.Keys);
    }

    [Fact]
    public void Ref_to_a_missing_pointer_is_refused_naming_the_ref()
    {
        Write("Pet.yaml", "Pet: {type: object}\n");
        var path = Write("api.yaml", PetApi("Pet.yaml#/Dog"));
        var e = Assert.Throws<ContractLoadException>(() => ContractLoader.LoadFile(path));
        Assert.Contains("api.yaml: /paths/~1pets/get/responses/200/content/application~1json/schema/$ref: external reference 'Pet.yaml#/Dog' does not exist in Pet.yaml",
            e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void External_ref_without_a_file_to_resolve_against_is_refused()
    {
        var e = Assert.Throws<ContractLoadException>(() => Load(PetApi("Pet.yaml"), "api.yaml"));
        Assert.Contains("api.yaml: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("'Pet.yaml' cannot be resolved", e.Message, StringComparison.Ordinal);
    }

    internal static string PetApi(string reference) => $$"""
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /pets:
            get:
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: '{{reference}}'}
        """;

    private static IOpenApiSchema PetSchema(LoadedContract contract) =>
        contract.Document.Paths["/pets"].Operations![HttpMethod.Get].Responses!["200"].Content!["application/json"].Schema!;

    [Fact]
    public void Missing_relative_ref_is_refused()
    {
        var path = Write("api.yaml", PetApi("missing.yaml#/Pet"));
        Assert.Throws<ContractLoadException>(() => ContractLoader.LoadFile(path));
    }

    [Fact]
    public async Task Circular_schema_loads_without_hanging()
    {
        const string yaml = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths: {}
            components:
              schemas:
                Node:
                  type: object
                  properties:
                    self: {$ref: '#/components/schemas/Node'}
                    children: {type: array, items: {$ref: '#/components/schemas/Node'}}
                Loop: {$ref: '#/components/schemas/Loop'}
            """;
        var load = Task.Run(() => Load(yaml, "tree.yaml"));
        var finished = await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.Same(load, finished);
        var contract = await load;
        Assert.True(contract.Document.Components!.Schemas!.ContainsKey("Node"));
    }

    [Fact]
    public void Missing_file_is_refused_with_its_name()
    {
        var e = Assert.Throws<ContractLoadException>(() => ContractLoader.LoadFile(Path.Combine(_folder, "nope.yaml")));
        Assert.StartsWith("nope.yaml: cannot read the file: ", e.Message, StringComparison.Ordinal);
    }

    private static LoadedContract Load(string text, string fileName)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return ContractLoader.LoadAsync(stream, fileName, baseUri: null).GetAwaiter().GetResult();
    }

    private string Write(string relativePath, string text)
    {
        var path = Path.Combine(_folder, relativePath);
        File.WriteAllText(path, text);
        return path;
    }
}
