using ApiFilter.Contract;

namespace ApiFilter.Tests.Contract;

/// <summary>
/// The OAI 3.1 schema test suite's <c>fail</c> descriptions: each is invalid OpenAPI, so the whole
/// chain (loader, model, compiler) must refuse it with a problem naming the file, the pointer and
/// the broken rule. A file may only be accepted when it is listed in <see cref="Harmless"/> with
/// the reason its defect cannot make enforcement weaker or wrong.
/// </summary>
public sealed class ContractLoaderSchemaFailTests
{
    /// <summary>File name → every problem (<c>file: /pointer: message</c>) the refusal must contain.</summary>
    private static readonly Dictionary<string, string[]> Expected = new(StringComparer.Ordinal)
    {
        ["example-examples.yaml"] = [
            "example-examples.yaml: /components/parameters/animal: 'example' and 'examples' are mutually exclusive",
        ],
        ["header-object-allowReserved.yaml"] = [
            "header-object-allowReserved.yaml: /components/headers/Style/allowReserved: allowReserved is only defined for in: query parameters",
        ],
        ["invalid_schema_types.yaml"] = [
            "invalid_schema_types.yaml: /components/schemas/invalid_null: a schema must be an object or a boolean, found null",
            "invalid_schema_types.yaml: /components/schemas/invalid_number: a schema must be an object or a boolean, found a number",
            "invalid_schema_types.yaml: /components/schemas/invalid_array: a schema must be an object or a boolean, found an array",
        ],
        ["link-object-no-body.yaml"] = [
            "link-object-no-body.yaml: /components/links/Link-Object-with-body-property/body: unknown field 'body'",
        ],
        ["no_containers.yaml"] = [
            "no_containers.yaml: an OpenAPI 3.1 document needs at least one of paths, components or webhooks",
        ],
        ["parameter-object-cookie-form-allowReserved.yaml"] = [
            "parameter-object-cookie-form-allowReserved.yaml: /components/parameters/style_form/allowReserved: allowReserved is only defined for in: query parameters",
            "parameter-object-cookie-form-allowReserved.yaml: /components/parameters/style_cookie/style: parameter 'my_cookie_cookie' has unknown style 'cookie'",
        ],
        ["parameter-object-header-allowReserved.yaml"] = [
            "parameter-object-header-allowReserved.yaml: /components/parameters/header/allowReserved: allowReserved is only defined for in: query parameters",
        ],
        ["parameter-object-path-allowReserved.yaml"] = [
            // the reader refuses the file first, for the other rule it breaks (3.1 section 4.8.12.1);
            // allowReserved on a path parameter alone is covered by ContractModelCheckTests
            "parameter-object-path-allowReserved.yaml: /components/parameters/path/required: \"required\" must be true",
        ],
        ["server_enum_empty.yaml"] = [
            "server_enum_empty.yaml: /servers/0/variables/var/enum: a server variable's enum must not be empty",
        ],
        ["servers.yaml"] = [
            "servers.yaml: /servers: Expected list while parsing OpenApiServer",
        ],
        ["unknown_container.yaml"] = [
            "unknown_container.yaml: /overlays: unknown field 'overlays'",
        ],
    };

    /// <summary>File name → why accepting it cannot weaken or falsify enforcement. Empty: every fail file is refused.</summary>
    private static readonly Dictionary<string, string> Harmless = new(StringComparer.Ordinal);

    public static TheoryData<string> FailFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(FailFolder()).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FailFiles))]
    public void Fail_file_is_refused_with_its_problems(string fileName)
    {
        var path = Path.Combine(FailFolder(), fileName);
        if (Harmless.TryGetValue(fileName, out var reason))
        {
            Assert.False(Expected.ContainsKey(fileName), $"{fileName} is listed both as refused and as harmless ({reason})");
            ContractCompiler.Compile(ContractLoader.LoadFile(path));
            return;
        }

        Assert.True(Expected.TryGetValue(fileName, out var problems), $"{fileName} is neither expected to be refused nor listed as harmless");
        var e = Assert.Throws<ContractLoadException>(() => ContractCompiler.Compile(ContractLoader.LoadFile(path)));
        foreach (var problem in problems!)
        {
            Assert.True(e.Message.Contains(problem, StringComparison.Ordinal),
                $"expected the problem{Environment.NewLine}{problem}{Environment.NewLine}in{Environment.NewLine}{e.Message}");
        }
    }

    [Fact]
    public void Every_listed_file_exists()
    {
        Assert.True(Directory.EnumerateFiles(FailFolder()).Count() >= 11);
        foreach (var name in Expected.Keys.Concat(Harmless.Keys))
        {
            Assert.True(File.Exists(Path.Combine(FailFolder(), name)), name);
        }
    }

    private static string FailFolder() =>
        Path.Combine(ContractCorpusTests.CorpusRoot(), "openapi-oai", "v3.1-dev-schema-tests", "tests", "schema", "fail");
}
