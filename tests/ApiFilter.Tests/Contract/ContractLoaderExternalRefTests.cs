using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using ApiFilter.Contract;
using ApiFilter.Pipeline;
using ApiFilter.Policy;

namespace ApiFilter.Tests.Contract;

/// <summary>
/// Contracts split over several files on disk, loaded, compiled and enforced: recursion across
/// files, cycles that cannot be resolved, and the keywords written beside an external
/// <c>$ref</c>.
/// </summary>
public sealed class ContractLoaderExternalRefTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("contract-refs-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A tree whose node lives in Node.yaml and whose branch list in Branch.yaml, each referring to the other.</summary>
    private void WriteTreeFiles()
    {
        Write("Node.yaml", """
            type: object
            additionalProperties: false
            required: [name]
            properties:
              name: {type: string, maxLength: 8}
              branch: {$ref: 'Branch.yaml'}
            """);
        Write("Branch.yaml", """
            type: object
            additionalProperties: false
            properties:
              children:
                type: array
                items: {$ref: 'Node.yaml'}
            """);
    }

    private static string TreeApi(string version, string schema) => $$"""
        openapi: {{version}}
        info: {title: trees, version: '1'}
        paths:
          /trees:
            post:
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {{schema}}
              responses:
                '204': {description: stored}
        """;

    [Theory]
    [InlineData("3.0.3")]
    [InlineData("3.1.0")]
    public void Schema_cycle_across_two_files_compiles_as_recursion(string version)
    {
        WriteTreeFiles();
        var filter = Compile(Write("api.yaml", TreeApi(version, "{$ref: 'Node.yaml'}")));

        const string deep = """{"name":"root","branch":{"children":[{"name":"a","branch":{"children":[{"name":"b","branch":{"children":[{"name":"c"}]}}]}}]}}""";
        Assert.True(Post(filter, deep).IsAllowed, "a tree of depth four fits the recursive schema");

        // the same depth, with a broken node at the bottom: recursion is enforced all the way down
        var verdict = Post(filter, """{"name":"root","branch":{"children":[{"name":"a","branch":{"children":[{"name":"b","branch":{"children":[{"nom":"c"}]}}]}}]}}""");
        Assert.False(verdict.IsAllowed);
        var pointers = verdict.Violations.ToArray().Select(v => (v.Code, v.Pointer)).ToList();
        Assert.Contains(("schema.additionalProperties", "/branch/children/0/branch/children/0/branch/children/0/nom"), pointers);
        Assert.Contains(("schema.required", "/branch/children/0/branch/children/0/branch/children/0"), pointers);

        var tooLong = Post(filter, """{"name":"root","branch":{"children":[{"name":"much-too-long"}]}}""");
        Assert.Equal(("schema.maxLength", "/branch/children/0/name"), (tooLong.FirstViolation?.Code, tooLong.FirstViolation?.Pointer));
    }

    [Fact]
    public void Each_external_schema_is_brought_in_once()
    {
        WriteTreeFiles();
        var path = Write("api.yaml", TreeApi("3.1.0", "{type: array, items: {$ref: 'Node.yaml'}, prefixItems: [{$ref: 'Node.yaml'}, {$ref: './Branch.yaml'}]}"));
        var contract = ContractLoader.LoadFile(path);
        var names = contract.Root["components"]!["schemas"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Equal(["external.Node", "external.Branch"], names);
    }

    [Fact]
    public void A_file_referring_back_into_the_root_document_points_there()
    {
        Write("Wrapper.yaml", "type: object\nproperties:\n  inner: {$ref: 'api.yaml#/components/schemas/Inner'}\n");
        var path = Write("api.yaml", TreeApi("3.1.0", "{$ref: 'Wrapper.yaml'}") + """

            components:
              schemas:
                Inner: {type: integer}
            """);
        var contract = ContractLoader.LoadFile(path);
        Assert.Equal("#/components/schemas/Inner",
            contract.Root["components"]!["schemas"]!["external.Wrapper"]!["properties"]!["inner"]!["$ref"]!.GetValue<string>());
        var filter = new RequestFilter(FilterPolicy.Default, ContractCompiler.Compile(contract));
        Assert.True(Post(filter, """{"inner":5}""").IsAllowed);
        Assert.Equal("schema.type", Post(filter, """{"inner":"5"}""").FirstViolation?.Code);
    }

    [Fact]
    public void Generated_names_do_not_take_the_root_documents_names()
    {
        Write("Pet.yaml", "type: object\nrequired: [id]\nproperties:\n  id: {type: integer}\n");
        var path = Write("api.yaml", TreeApi("3.1.0", "{$ref: 'Pet.yaml'}") + """

            components:
              schemas:
                external.Pet: {type: string}
            """);
        var contract = ContractLoader.LoadFile(path);
        Assert.Equal("#/components/schemas/external.Pet-2",
            contract.Root["paths"]!["/trees"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        var filter = new RequestFilter(FilterPolicy.Default, ContractCompiler.Compile(contract));
        Assert.True(Post(filter, """{"id":1}""").IsAllowed);
        Assert.Equal("schema.required", Post(filter, "{}").FirstViolation?.Code);
    }

    [Fact]
    public void Swagger_2_schemas_are_brought_in_under_definitions()
    {
        WriteTreeFiles();
        var path = Write("api.yaml", """
            swagger: '2.0'
            info: {title: trees, version: '1'}
            consumes: [application/json]
            paths:
              /trees:
                post:
                  parameters:
                    - {name: tree, in: body, required: true, schema: {$ref: 'Node.yaml'}}
                  responses:
                    '204': {description: stored}
            """);
        var contract = ContractLoader.LoadFile(path);
        Assert.NotNull(contract.Root["definitions"]!["external.Node"]);
        var filter = new RequestFilter(FilterPolicy.Default, ContractCompiler.Compile(contract));
        Assert.True(Post(filter, """{"name":"r","branch":{"children":[{"name":"x"}]}}""").IsAllowed);
        Assert.Equal("schema.type", Post(filter, """{"name":"r","branch":{"children":[{"name":1}]}}""").FirstViolation?.Code);
    }

    [Fact]
    public void Path_item_including_itself_is_refused_naming_the_cycle()
    {
        // a callback whose path item is the path item declaring it: there is no finite copy, and
        // unlike a schema a path item has no reference semantics to recurse through
        Write("item.yaml", """
            post:
              responses:
                '204': {description: ok}
              callbacks:
                done:
                  '{$request.body#/callback}': {$ref: 'item.yaml'}
            """);
        var path = Write("api.yaml", """
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /jobs: {$ref: 'item.yaml'}
            """);
        var e = Assert.Throws<ContractLoadException>(() => ContractLoader.LoadFile(path));
        Assert.Equal("item.yaml: /post/callbacks/done/{$request.body#~1callback}/$ref: external reference 'item.yaml' is part of a cycle across files (item.yaml -> item.yaml), which has no finite copy; only schemas may recurse",
            Assert.Single(e.Problems).ToString());
    }

    [Fact]
    public void Parameter_cycle_through_two_files_is_refused_naming_the_cycle()
    {
        Write("a.yaml", "$ref: 'b.yaml#/p'\n");
        Write("b.yaml", "p: {$ref: 'a.yaml'}\n");
        var path = Write("api.yaml", """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /x:
                get:
                  parameters: [{$ref: 'a.yaml'}]
                  responses: {'204': {description: ok}}
            """);
        var e = Assert.Throws<ContractLoadException>(() => ContractLoader.LoadFile(path));
        Assert.Equal("b.yaml: /p/$ref: external reference 'a.yaml' is part of a cycle across files (a.yaml -> b.yaml#/p -> a.yaml), which has no finite copy; only schemas may recurse",
            Assert.Single(e.Problems).ToString());
    }

    [Fact]
    public void Keywords_beside_an_external_ref_apply_in_3_1()
    {
        // JSON Schema 2020-12 section 8.2.3.1: $ref is an applicator; the keywords beside it apply too
        Write("Name.yaml", "type: string\npattern: '^[a-z]+$'\n");
        Write("Tag.yaml", "type: string\nenum: [red, blue]\n");
        var filter = Compile(Write("api.yaml", TreeApi("3.1.0",
            "{type: object, properties: {name: {$ref: 'Name.yaml', maxLength: 5, properties: {}}}, additionalProperties: {$ref: 'Tag.yaml', minLength: 4}}")));

        Assert.True(Post(filter, """{"name":"abc","colour":"blue"}""").IsAllowed);
        // only the sibling keyword is broken: the referenced pattern holds
        Assert.Equal(("schema.maxLength", "/name"), Describe(Post(filter, """{"name":"abcdefgh"}""")));
        // only the referenced keyword is broken
        Assert.Equal(("schema.pattern", "/name"), Describe(Post(filter, """{"name":"ABC"}""")));
        // the sibling minLength refuses a value the referenced enum allows
        Assert.Equal(("schema.minLength", "/colour"), Describe(Post(filter, """{"colour":"red"}""")));
    }

    [Fact]
    public void External_refs_inside_the_keywords_beside_a_ref_are_brought_in_too()
    {
        Write("Base.yaml", "type: object\n");
        Write("Id.yaml", "type: integer\nminimum: 1\n");
        var filter = Compile(Write("api.yaml", TreeApi("3.1.0",
            "{$ref: 'Base.yaml', required: [id], properties: {id: {$ref: 'Id.yaml'}}}")));
        Assert.True(Post(filter, """{"id":1}""").IsAllowed);
        Assert.Equal(("schema.minimum", "/id"), Describe(Post(filter, """{"id":0}""")));
        Assert.Equal(("schema.required", ""), Describe(Post(filter, """{}""")));
    }

    [Fact]
    public void Keywords_beside_an_external_ref_are_ignored_in_3_0_as_for_any_ref()
    {
        // 3.0 section 4.7.23.1: a Reference Object "cannot be extended with additional properties
        // and any properties added SHALL be ignored"; the same holds for a reference inside the file
        Write("Name.yaml", "type: string\npattern: '^[a-z]+$'\n");
        var filter = Compile(Write("api.yaml", TreeApi("3.0.3",
            "{type: object, properties: {name: {$ref: 'Name.yaml', maxLength: 5}, local: {$ref: '#/components/schemas/Local', maxLength: 5}}}") + """

            components:
              schemas:
                Local: {type: string, pattern: '^[a-z]+$'}
            """));
        Assert.True(Post(filter, """{"name":"abcdefgh","local":"abcdefgh"}""").IsAllowed);
        Assert.Equal(("schema.pattern", "/name"), Describe(Post(filter, """{"name":"ABC"}""")));
    }

    [Fact]
    public void Reference_object_description_overrides_the_targets_in_3_1()
    {
        // 3.1 section 4.8.23.1: summary and description beside a $ref override the target's
        Write("limit.yaml", "name: limit\nin: query\ndescription: from the file\nschema: {type: integer}\n");
        var path = Write("api.yaml", """
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /x:
                get:
                  parameters: [{$ref: 'limit.yaml', description: page size, summary: not a parameter field}]
                  responses: {'204': {description: ok}}
            """);
        var parameter = ContractLoader.LoadFile(path).Root["paths"]!["/x"]!["get"]!["parameters"]![0]!;
        Assert.Equal("page size", parameter["description"]!.GetValue<string>());
        // a Parameter Object has no summary, so the override has no effect (and adds no field)
        Assert.Null(parameter["summary"]);
    }

    private static (string? Code, string? Pointer) Describe(Verdict verdict) => (verdict.FirstViolation?.Code, verdict.FirstViolation?.Pointer);

    private RequestFilter Compile(string path) =>
        new(FilterPolicy.Default, ContractCompiler.Compile(ContractLoader.LoadFile(path)));

    private string Write(string relativePath, string text)
    {
        var path = Path.Combine(_folder, relativePath);
        File.WriteAllText(path, text);
        return path;
    }

    internal static Verdict Post(RequestFilter filter, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var view = new HttpMessageView("POST", "/trees", null, "application/json", null, bytes.Length, true, new NoHeaders());
        var plan = filter.Plan(view);
        if (plan.IsRefused)
        {
            return plan.Refusal;
        }

        var pipe = new Pipe();
        pipe.Writer.Write(bytes);
        pipe.Writer.Complete();
        var guard = filter.RentGuard(plan);
        var inspecting = filter.InspectBodyAsync(pipe.Reader, plan, guard, CancellationToken.None);
        Assert.True(inspecting.IsCompleted);
        var inspection = inspecting.Result;
        filter.ReturnGuard(guard);
        if (inspection.Verdict.IsAllowed)
        {
            pipe.Reader.AdvanceTo(inspection.Body.End);
        }

        pipe.Reader.Complete();
        return inspection.Verdict;
    }

    private sealed class NoHeaders : IRequestHeaders
    {
        public int GetValueCount(string name) => 0;

        public ReadOnlySpan<char> GetValue(string name, int index) => throw new ArgumentOutOfRangeException(nameof(index));
    }
}
