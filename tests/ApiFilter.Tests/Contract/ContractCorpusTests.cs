using System.Diagnostics;
using ApiFilter.Contract;
using Xunit.Abstractions;

namespace ApiFilter.Tests.Contract;

/// <summary>
/// Every real-world description and every OAI example must load, unless it is listed in
/// <see cref="KnownRefusals"/> with the reason. A listed file that starts loading fails too, so the
/// list stays true.
/// </summary>
public sealed class ContractCorpusTests(ITestOutputHelper output)
{
    /// <summary>Corpus-relative path → a fragment the refusal message must contain, and why the file is refused.</summary>
    internal static readonly Dictionary<string, (string MessageFragment, string Reason)> KnownRefusals = new(StringComparer.Ordinal)
    {
        ["openapi-real-world/swagger2-apis-guru-2017/sendgrid.com/3.0.json"] = (
            "/definitions/campaign_request/properties/subject/type: Expected scalar value",
            "Swagger 2.0 'type' must be one string; the file uses JSON Schema arrays such as [\"string\", \"null\"]"),
        ["openapi-oai/v3.1-dev-schema-tests/tests/schema/pass/non-oauth-scopes.yaml"] = (
            "/paths/~1users/get/responses: Responses must contain at least one response",
            "an empty responses object: the 3.1 spec text requires at least one response code, the 3.1 JSON Schema does not check it"),
        ["openapi-oai/v3.1-dev-schema-tests/tests/schema/pass/path_item_servers_parameters.yaml"] = (
            "/paths/~1things/patch/responses: Responses must contain at least one response",
            "an empty responses object: the 3.1 spec text requires at least one response code, the 3.1 JSON Schema does not check it"),
        ["openapi-oai/v3.1-dev-schema-tests/tests/schema/pass/mega.yaml"] = (
            "/paths/~1/get/responses: Responses must contain at least one response",
            "an empty responses object: the 3.1 spec text requires at least one response code, the 3.1 JSON Schema does not check it"),
        ["openapi-oai/v3.1-dev-schema-tests/tests/schema/pass/path_no_response.yaml"] = (
            "/paths/~1/get/responses: Responses must contain at least one response",
            "an empty responses object: the 3.1 spec text requires at least one response code, the 3.1 JSON Schema does not check it"),
        ["openapi-oai/v3.1-dev-schema-tests/tests/schema/pass/request-body-examples.yaml"] = (
            "/paths/~1something/put/responses: Responses must contain at least one response",
            "an empty responses object: the 3.1 spec text requires at least one response code, the 3.1 JSON Schema does not check it"),
        ["openapi-oai/v3.1-dev-schema-tests/tests/schema/pass/media-type-examples.yaml"] = (
            "/paths/~1something/put/responses: Responses must contain at least one response",
            "an empty responses object: the 3.1 spec text requires at least one response code, the 3.1 JSON Schema does not check it"),
        ["openapi-oai/v3.1-dev-schema-tests/tests/schema/pass/security-scheme-object-examples.yaml"] = (
            "external reference 'https://example.com/api/openapi.json",
            "a $ref to an https URL; contracts are never fetched from the network"),
        ["openapi-oai/v3.1-dev-schema-tests/tests/schema/pass/operation-object-example.yaml"] = (
            "Declared path parameter \"petId\" needs to be defined",
            "an in: path parameter petId that the path template /pets/{id} does not have"),
        ["openapi-oai/v3.1-dev-schema-tests/tests/schema/pass/parameter-object-examples.yaml"] = (
            "Declared path parameter \"usernames\" needs to be defined",
            "an in: path parameter usernames that the path template /user/{username} does not have"),
        ["openapi-oai/v3.1-dev-schema-tests/tests/schema/pass/style-defaults.yaml"] = (
            "/components/parameters/encoding_object_defaults/required: \"required\" must be true",
            "a path parameter without required: true, which the spec text requires"),
        ["openapi-oai/v3.1-dev-schema-tests/tests/schema/pass/link-object-examples.yaml"] = (
            "/links/withBody/requestBody: Expected scalar value",
            "Microsoft.OpenApi 3.11 reads a Link requestBody only as a runtime expression string, the example uses an object"),
    };

    public static TheoryData<string> Specs()
    {
        var data = new TheoryData<string>();
        foreach (var path in AllSpecs())
        {
            data.Add(path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Loads_or_is_a_known_refusal(string relativePath)
    {
        var path = Path.Combine(CorpusRoot(), relativePath);
        ContractLoadException? refusal = null;
        try
        {
            var contract = ContractLoader.LoadFile(path);
            Assert.NotNull(contract.Document);
        }
        catch (ContractLoadException e)
        {
            refusal = e;
        }

        if (KnownRefusals.TryGetValue(relativePath, out var known))
        {
            Assert.True(refusal is not null, $"{relativePath} is listed as a known refusal ({known.Reason}) but now loads; remove it from the list");
            Assert.Contains(known.MessageFragment, refusal!.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.True(refusal is null, $"{relativePath} was refused:{Environment.NewLine}{refusal?.Message}");
        }
    }

    [Fact]
    public void Known_refusals_name_files_that_exist()
    {
        var all = AllSpecs().ToHashSet(StringComparer.Ordinal);
        foreach (var listed in KnownRefusals.Keys)
        {
            Assert.Contains(listed, all);
        }
    }

    [Theory]
    [InlineData("json")]
    [InlineData("yaml")]
    public void Petstore_separate_resolves_its_relative_refs(string format)
    {
        var path = Path.Combine(CorpusRoot(), "openapi-oai", "examples", "v2.0", format, "petstore-separate", "spec", "swagger." + format);
        var contract = ContractLoader.LoadFile(path);
        var get = contract.Document.Paths["/pets"].Operations![HttpMethod.Get];

        // parameters.{format}#/tagsParam and #/limitsParam
        Assert.Equal(["tags", "limit"], get.Parameters!.Select(p => p.Name));
        // Pet.{format}, a bare schema file, as the array's items
        var pets = get.Responses!["200"].Content!.Values.First().Schema!;
        Assert.Equal(["id", "name", "tag"], pets.Items!.Properties!.Keys);
        // ../common/Error.{format}, one folder up
        var error = get.Responses!["default"].Content!.Values.First().Schema!;
        Assert.Contains("code", error.Required!);
    }

    [Fact]
    public void Corpus_is_present()
    {
        // a missing corpus would make the theory above vacuous
        Assert.True(AllSpecs().Count() > 50);
    }

    [Fact]
    public void Largest_spec_loads_and_reports_time()
    {
        var largest = AllSpecs()
            .Select(p => new FileInfo(Path.Combine(CorpusRoot(), p)))
            .OrderByDescending(f => f.Length)
            .First();
        var watch = Stopwatch.StartNew();
        var contract = ContractLoader.LoadFile(largest.FullName);
        var first = watch.ElapsedMilliseconds;
        watch.Restart();
        ContractLoader.LoadFile(largest.FullName);
        var second = watch.ElapsedMilliseconds;
        Assert.NotEmpty(contract.Document.Paths);
        output.WriteLine($"{largest.Name}: {largest.Length} bytes, {contract.Document.Paths.Count} paths, first load {first} ms, second load {second} ms");
    }

    /// <summary>Top-level descriptions only: the files petstore-separate refers to are fragments, not documents.</summary>
    internal static IEnumerable<string> AllSpecs()
    {
        var root = CorpusRoot();
        var realWorld = Directory.EnumerateFiles(Path.Combine(root, "openapi-real-world"), "*", SearchOption.AllDirectories);
        var examples = Directory.EnumerateFiles(Path.Combine(root, "openapi-oai", "examples"), "*", SearchOption.AllDirectories);
        var schemaPass = Directory.EnumerateFiles(Path.Combine(root, "openapi-oai", "v3.1-dev-schema-tests", "tests", "schema", "pass"));
        return realWorld.Concat(examples).Concat(schemaPass)
            .Where(IsDescription)
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
    }

    private static bool IsDescription(string path)
    {
        var extension = Path.GetExtension(path);
        if (extension is not (".json" or ".yaml" or ".yml"))
        {
            return false;
        }

        var normalized = path.Replace('\\', '/');
        return !normalized.Contains("/petstore-separate/", StringComparison.Ordinal)
            || normalized.EndsWith("/spec/swagger.json", StringComparison.Ordinal)
            || normalized.EndsWith("/spec/swagger.yaml", StringComparison.Ordinal);
    }

    internal static string CorpusRoot() => Path.Combine(RepoRoot(), "corpus");

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ApiFilter.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("ApiFilter.sln not found above " + AppContext.BaseDirectory);
    }
}
