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
    private static readonly Dictionary<string, (string MessageFragment, string Reason)> KnownRefusals = new(StringComparer.Ordinal)
    {
        ["openapi-real-world/swagger2-apis-guru-2017/sendgrid.com/3.0.json"] = (
            "/definitions/campaign_request/properties/subject/type: Expected scalar value",
            "Swagger 2.0 'type' must be one string; the file uses JSON Schema arrays such as [\"string\", \"null\"]"),
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
        watch.Stop();
        Assert.NotEmpty(contract.Document.Paths);
        output.WriteLine($"{largest.Name}: {largest.Length} bytes, {contract.Document.Paths.Count} paths, loaded in {watch.ElapsedMilliseconds} ms");
    }

    /// <summary>Top-level descriptions only: the files petstore-separate refers to are fragments, not documents.</summary>
    private static IEnumerable<string> AllSpecs()
    {
        var root = CorpusRoot();
        var realWorld = Directory.EnumerateFiles(Path.Combine(root, "openapi-real-world"), "*", SearchOption.AllDirectories);
        var examples = Directory.EnumerateFiles(Path.Combine(root, "openapi-oai", "examples"), "*", SearchOption.AllDirectories);
        return realWorld.Concat(examples)
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
