using System.Diagnostics;
using ApiFilter.Contract;
using Xunit.Abstractions;

namespace ApiFilter.Tests.Contract;

/// <summary>
/// Every corpus description the loader accepts must also compile into an enforceable
/// <see cref="ApiContract"/> (routes, parameter checks, schema programs), unless it is listed in
/// <see cref="KnownRefusals"/> with the reason. A listed file that starts compiling fails too.
/// </summary>
public sealed class ContractCompilerCorpusTests(ITestOutputHelper output)
{
    /// <summary>Corpus-relative path → a fragment the refusal message must contain, and why the file is refused.</summary>
    private static readonly Dictionary<string, (string MessageFragment, string Reason)> KnownRefusals = new(StringComparer.Ordinal)
    {
    };

    public static TheoryData<string> Specs()
    {
        var data = new TheoryData<string>();
        foreach (var path in ContractCorpusTests.AllSpecs())
        {
            if (!ContractCorpusTests.KnownRefusals.ContainsKey(path))
            {
                data.Add(path);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Compiles_or_is_a_known_refusal(string relativePath)
    {
        var contract = ContractLoader.LoadFile(Path.Combine(ContractCorpusTests.CorpusRoot(), relativePath));
        ContractLoadException? refusal = null;
        try
        {
            var compiled = ContractCompiler.Compile(contract);
            output.WriteLine($"{relativePath}: {compiled.Operations.Count} operations, {compiled.Schemas.NodeCount} schema nodes");
        }
        catch (ContractLoadException e)
        {
            refusal = e;
        }

        if (KnownRefusals.TryGetValue(relativePath, out var known))
        {
            Assert.True(refusal is not null, $"{relativePath} is listed as a known refusal ({known.Reason}) but now compiles; remove it from the list");
            Assert.Contains(known.MessageFragment, refusal!.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.True(refusal is null, $"{relativePath} was refused:{Environment.NewLine}{refusal?.Message}");
        }
    }

    [Fact]
    public void Known_refusals_name_loadable_files()
    {
        var all = ContractCorpusTests.AllSpecs().ToHashSet(StringComparer.Ordinal);
        foreach (var listed in KnownRefusals.Keys)
        {
            Assert.Contains(listed, all);
            Assert.DoesNotContain(listed, ContractCorpusTests.KnownRefusals.Keys);
        }
    }

    [Fact]
    public void Counts_are_reported()
    {
        var specs = Specs();
        var built = 0;
        foreach (string path in specs)
        {
            try
            {
                ContractCompiler.Compile(ContractLoader.LoadFile(Path.Combine(ContractCorpusTests.CorpusRoot(), path)));
                built++;
            }
            catch (ContractLoadException)
            {
                // each refusal is checked against the list by the theory above
            }
        }

        output.WriteLine($"{built} of {specs.Count} loadable corpus descriptions compile; {KnownRefusals.Count} refused as listed");
        Assert.Equal(specs.Count - KnownRefusals.Count, built);
    }

    [Fact]
    public void Largest_spec_loads_and_compiles_and_reports_time()
    {
        var largest = ContractCorpusTests.AllSpecs()
            .Select(p => new FileInfo(Path.Combine(ContractCorpusTests.CorpusRoot(), p)))
            .OrderByDescending(f => f.Length)
            .First();
        var watch = Stopwatch.StartNew();
        var first = ContractCompiler.Compile(ContractLoader.LoadFile(largest.FullName));
        var firstMs = watch.ElapsedMilliseconds;
        watch.Restart();
        var loaded = ContractLoader.LoadFile(largest.FullName);
        var loadMs = watch.ElapsedMilliseconds;
        watch.Restart();
        ContractCompiler.Compile(loaded);
        var buildMs = watch.ElapsedMilliseconds;
        Assert.NotEmpty(first.Operations);
        output.WriteLine($"{largest.Name}: {largest.Length} bytes, {first.Operations.Count} operations; first load+compile {firstMs} ms; second load {loadMs} ms, compile {buildMs} ms");
    }

    /// <summary>
    /// The yardstick is a 5 MB description: the largest real one in the corpus (Twilio's
    /// OAS 3 API) with its paths repeated under distinct prefixes until the file passes 5 MB. The
    /// time is printed (detailed logger), never asserted.
    /// </summary>
    [Fact]
    public void Five_megabyte_spec_compiles_and_reports_time()
    {
        var source = Path.Combine(ContractCorpusTests.CorpusRoot(), "openapi-real-world", "oas3-twilio", "json", "twilio_api_v2010.json");
        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllBytes(source))!.AsObject();
        var paths = root["paths"]!.AsObject();
        var original = paths.Select(p => (p.Key, p.Value!.ToJsonString())).ToList();
        var copies = 0;
        string text;
        do
        {
            copies++;
            foreach (var (template, item) in original)
            {
                var copy = System.Text.Json.Nodes.JsonNode.Parse(item)!.AsObject();
                foreach (var (_, operation) in copy)
                {
                    if (operation is System.Text.Json.Nodes.JsonObject o && o["operationId"] is { } id)
                    {
                        o["operationId"] = id.GetValue<string>() + "Copy" + copies;
                    }
                }

                paths["/copy" + copies + template] = copy;
            }

            text = root.ToJsonString();
        }
        while (text.Length < 5 * 1024 * 1024);

        var file = Path.Combine(Path.GetTempPath(), $"apifilter-5mb-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, text);
        try
        {
            var watch = Stopwatch.StartNew();
            var loaded = ContractLoader.LoadFile(file);
            var loadMs = watch.ElapsedMilliseconds;
            watch.Restart();
            var contract = ContractCompiler.Compile(loaded);
            var compileMs = watch.ElapsedMilliseconds;
            string[] methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
            var perCopy = original.Sum(p => System.Text.Json.Nodes.JsonNode.Parse(p.Item2)!.AsObject().Count(m => methods.Contains(m.Key)));
            Assert.Equal(perCopy * (copies + 1), contract.Operations.Count);
            output.WriteLine($"5 MB spec ({text.Length} bytes, {contract.Operations.Count} operations, {contract.Schemas.NodeCount} schema nodes): load {loadMs} ms, compile {compileMs} ms");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
