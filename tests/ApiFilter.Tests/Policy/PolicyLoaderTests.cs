using ApiFilter.Policy;

namespace ApiFilter.Tests.Policy;

public class PolicyLoaderTests
{
    private const string FullYaml = """
        # every key the loader knows
        json:
          maxDepth: 32
          maxArrayLength: 500
          maxObjectEntries: 200
          maxStringLength: 4096
          maxNameLength: 64
          maxNumberLength: 20
          maxBodyBytes: 2097152
          rejectDuplicateNames: false
        xml:
          rejectDtd: true
          maxDepth: 16
          maxChildCount: 100
          maxAttributeCount: 8
          maxNamespaceDeclarations: 4
          maxElementNameLength: 40
          maxAttributeNameLength: 41
          maxPrefixLength: 10
          maxNamespaceUriLength: 200
          maxTextLength: 1000
          maxAttributeValueLength: 300
          maxCommentLength: 50
          maxPITargetLength: 20
          maxPIDataLength: 60
          maxBodyBytes: 65536
        contentEncodings: [gzip, br]
        maxDecompressionRatio: 20
        """;

    [Fact]
    public void Yaml_policy_sets_every_limit()
    {
        var policy = PolicyLoader.Load(FullYaml, "policy.yaml", isJson: false);

        Assert.Equal(32, policy.Json.MaxDepth);
        Assert.Equal(500, policy.Json.MaxArrayLength);
        Assert.Equal(200, policy.Json.MaxObjectEntries);
        Assert.Equal(4096, policy.Json.MaxStringLength);
        Assert.Equal(64, policy.Json.MaxNameLength);
        Assert.Equal(20, policy.Json.MaxNumberLength);
        Assert.Equal(2097152, policy.Json.MaxBodyBytes);
        Assert.False(policy.Json.RejectDuplicateNames);
        Assert.True(policy.Xml.RejectDtd);
        Assert.Equal(16, policy.Xml.MaxDepth);
        Assert.Equal(100, policy.Xml.MaxChildCount);
        Assert.Equal(8, policy.Xml.MaxAttributeCount);
        Assert.Equal(4, policy.Xml.MaxNamespaceDeclarations);
        Assert.Equal(40, policy.Xml.MaxElementNameLength);
        Assert.Equal(41, policy.Xml.MaxAttributeNameLength);
        Assert.Equal(10, policy.Xml.MaxPrefixLength);
        Assert.Equal(200, policy.Xml.MaxNamespaceUriLength);
        Assert.Equal(1000, policy.Xml.MaxTextLength);
        Assert.Equal(300, policy.Xml.MaxAttributeValueLength);
        Assert.Equal(50, policy.Xml.MaxCommentLength);
        Assert.Equal(20, policy.Xml.MaxPITargetLength);
        Assert.Equal(60, policy.Xml.MaxPIDataLength);
        Assert.Equal(65536, policy.Xml.MaxBodyBytes);
        Assert.Equal(ContentCodings.Gzip | ContentCodings.Brotli, policy.ContentEncodings);
        Assert.Equal(20, policy.MaxDecompressionRatio);
        Assert.Equal(2097152, policy.MaxBufferedBodyBytes);
    }

    [Fact]
    public void Json_policy_sets_limits_and_keeps_other_defaults()
    {
        const string json = """
            { "json": { "maxDepth": 8, "rejectDuplicateNames": true, "maxBodyBytes": 1000 },
              "contentEncodings": ["deflate", "GZIP"], "maxDecompressionRatio": 7 }
            """;
        var policy = PolicyLoader.Load(json, "policy.json", isJson: true);

        Assert.Equal(8, policy.Json.MaxDepth);
        Assert.True(policy.Json.RejectDuplicateNames);
        Assert.Equal(1000, policy.Json.MaxBodyBytes);
        Assert.Equal(ApiFilter.Json.JsonThreatLimits.Default.MaxArrayLength, policy.Json.MaxArrayLength);
        Assert.Equal(ApiFilter.Xml.XmlThreatLimits.Default, policy.Xml);
        Assert.Equal(ContentCodings.Deflate | ContentCodings.Gzip, policy.ContentEncodings);
        Assert.Equal(7, policy.MaxDecompressionRatio);
    }

    [Fact]
    public void Contract_section_sets_how_the_contract_is_enforced()
    {
        const string yaml = """
            contract:
              allowUnknownQueryParameters: true
              maxViolations: 3
              responses: block
              maxResponseBodyBytes: 65536
            """;
        var policy = PolicyLoader.Load(yaml, "policy.yaml", isJson: false);

        Assert.True(policy.Contract.AllowUnknownQueryParameters);
        Assert.Equal(3, policy.Contract.MaxViolations);
        Assert.Equal(EnforcementMode.Block, policy.Contract.Responses);
        Assert.Equal(65536, policy.Contract.MaxResponseBodyBytes);
    }

    [Fact]
    public void Contract_defaults_are_strict_with_responses_reported()
    {
        var contract = FilterPolicy.Default.Contract;
        Assert.False(contract.AllowUnknownQueryParameters);
        Assert.Equal(10, contract.MaxViolations);
        Assert.Equal(EnforcementMode.Report, contract.Responses);
    }

    [Theory]
    [InlineData("contract:\n  responses: sometimes\n", "policy.yaml: contract.responses: expected block, report or off, got \"sometimes\"")]
    [InlineData("contract:\n  maxViolations: 0\n", "policy.yaml: contract.maxViolations: expected a positive integer, got 0")]
    [InlineData("contract:\n  strict: true\n", "policy.yaml: contract.strict: unknown key; expected one of: allowUnknownQueryParameters")]
    public void Contract_section_errors_name_the_key(string yaml, string messageStart)
    {
        var e = Assert.Throws<PolicyException>(() => PolicyLoader.Load(yaml, "policy.yaml", isJson: false));
        Assert.StartsWith(messageStart, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_mapping_is_the_default_policy()
    {
        Assert.Equal(FilterPolicy.Default, PolicyLoader.Load("{}", "p.yaml", isJson: false));
        Assert.Equal(FilterPolicy.Default, PolicyLoader.Load("{}", "p.json", isJson: true));
    }

    [Fact]
    public void Error_names_file_key_path_and_value()
    {
        var e = Assert.Throws<PolicyException>(() => PolicyLoader.Load("json:\n  maxDepth: deep\n", "policy.yaml", isJson: false));
        Assert.Equal("policy.yaml: json.maxDepth: expected a positive integer, got \"deep\"", e.Message);
        Assert.Equal("policy.yaml", e.FileName);
        Assert.Equal("json.maxDepth", e.KeyPath);
    }

    [Theory]
    [InlineData("json:\n  maxDepth: 0\n", "json.maxDepth", "expected a positive integer, got 0")]
    [InlineData("json:\n  maxDepth: -3\n", "json.maxDepth", "expected a positive integer, got -3")]
    [InlineData("json:\n  maxDepth: 3000000000\n", "json.maxDepth", "expected a positive integer up to 2147483647")]
    [InlineData("json:\n  maxDepth: \"32\"\n", "json.maxDepth", "expected a positive integer, got \"32\"")]
    [InlineData("json:\n  maxDepth: 1.5\n", "json.maxDepth", "expected a positive integer, got 1.5")]
    [InlineData("json:\n  maxDepth: [1]\n", "json.maxDepth", "expected a positive integer, got a list")]
    [InlineData("json:\n  maxBodyBytes: 0\n", "json.maxBodyBytes", "expected a positive integer")]
    [InlineData("json:\n  rejectDuplicateNames: yes\n", "json.rejectDuplicateNames", "expected true or false, got \"yes\"")]
    [InlineData("json:\n  maxDept: 3\n", "json.maxDept", "unknown key")]
    [InlineData("json: 5\n", "json", "expected a mapping of limits, got 5")]
    [InlineData("xml:\n  maxTextLength: none\n", "xml.maxTextLength", "expected a positive integer, got \"none\"")]
    [InlineData("xml:\n  rejectDtd: 1\n", "xml.rejectDtd", "expected true or false, got 1")]
    [InlineData("xml:\n  dtd: false\n", "xml.dtd", "unknown key")]
    [InlineData("xml: [a]\n", "xml", "expected a mapping of limits, got a list")]
    [InlineData("jsn:\n  maxDepth: 3\n", "jsn", "unknown key")]
    [InlineData("contentEncodings: gzip\n", "contentEncodings", "expected a list of content codings")]
    [InlineData("contentEncodings: [zip]\n", "contentEncodings[0]", "unknown content coding \"zip\"")]
    [InlineData("contentEncodings: [gzip, {a: 1}]\n", "contentEncodings[1]", "expected a content coding name, got a mapping")]
    [InlineData("maxDecompressionRatio: 0\n", "maxDecompressionRatio", "expected a positive integer, got 0")]
    [InlineData("maxDecompressionRatio: lots\n", "maxDecompressionRatio", "expected a positive integer, got \"lots\"")]
    [InlineData("json:\n  maxDepth: 3\n  maxDepth: 4\n", "json.maxDepth", "duplicate key")]
    public void Yaml_errors_name_the_key_path(string yaml, string keyPath, string problem)
    {
        var e = Assert.Throws<PolicyException>(() => PolicyLoader.Load(yaml, "policy.yaml", isJson: false));
        Assert.Equal(keyPath, e.KeyPath);
        Assert.StartsWith($"policy.yaml: {keyPath}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("# only a comment\n", "the file is empty")]
    [InlineData("- json\n- xml\n", "expected a mapping of settings at the top level, got a list")]
    [InlineData("just text\n", "expected a mapping of settings at the top level")]
    [InlineData("json: {maxDepth: 3\n", "not valid YAML")]
    [InlineData("a: &x {maxDepth: 1}\njson: *x\n", "aliases are not supported")]
    [InlineData("json: {}\n---\nxml: {}\n", "exactly one YAML document")]
    public void Yaml_document_errors_name_the_file(string yaml, string problem)
    {
        var e = Assert.Throws<PolicyException>(() => PolicyLoader.Load(yaml, "policy.yaml", isJson: false));
        Assert.StartsWith("policy.yaml: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "", "the file is empty")]
    [InlineData("{\"json\": {\"maxDepth\": \"deep\"}}", "json.maxDepth", "expected a positive integer, got \"deep\"")]
    [InlineData("{\"json\": {\"maxDepth\": true}}", "json.maxDepth", "expected a positive integer, got \"true\"")]
    [InlineData("{\"json\": {\"maxDepth\": null}}", "json.maxDepth", "expected a positive integer")]
    [InlineData("{\"json\": {\"rejectDuplicateNames\": \"true\"}}", "json.rejectDuplicateNames", "expected true or false, got \"true\"")]
    [InlineData("{\"xml\": {\"maxDepth\": 1, \"maxDepth\": 2}}", "xml.maxDepth", "duplicate key")]
    [InlineData("{\"extra\": 1}", "extra", "unknown key")]
    [InlineData("{\"contentEncodings\": [\"compress\"]}", "contentEncodings[0]", "unknown content coding")]
    [InlineData("{\"json\": {\"maxDepth\": 3}", "", "not valid JSON")]
    [InlineData("{} {}", "", "not valid JSON")]
    [InlineData("[1, 2]", "", "expected a mapping of settings at the top level, got a list")]
    public void Json_errors_name_the_key_path(string json, string keyPath, string problem)
    {
        var e = Assert.Throws<PolicyException>(() => PolicyLoader.Load(json, "policy.json", isJson: true));
        Assert.Equal(keyPath, e.KeyPath);
        Assert.StartsWith(keyPath.Length == 0 ? "policy.json: " : $"policy.json: {keyPath}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_reads_json_by_extension_and_yaml_otherwise()
    {
        var dir = Directory.CreateTempSubdirectory("apifilter-policy-");
        try
        {
            var jsonPath = Path.Combine(dir.FullName, "p.json");
            File.WriteAllText(jsonPath, "{\"json\": {\"maxDepth\": 9}}");
            Assert.Equal(9, PolicyLoader.LoadFile(jsonPath).Json.MaxDepth);

            var yamlPath = Path.Combine(dir.FullName, "p.yml");
            File.WriteAllText(yamlPath, "json:\n  maxDepth: 11\n");
            Assert.Equal(11, PolicyLoader.LoadFile(yamlPath).Json.MaxDepth);

            // YAML-only syntax in a .json file is a JSON error, not silently accepted
            var strict = Path.Combine(dir.FullName, "strict.json");
            File.WriteAllText(strict, "json:\n  maxDepth: 11\n");
            var e = Assert.Throws<PolicyException>(() => PolicyLoader.LoadFile(strict));
            Assert.StartsWith("strict.json: not valid JSON", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void LoadFile_of_a_missing_file_names_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), "apifilter-no-such-policy-" + Guid.NewGuid().ToString("N") + ".yaml");
        var e = Assert.Throws<PolicyException>(() => PolicyLoader.LoadFile(missing));
        Assert.StartsWith(Path.GetFileName(missing) + ": cannot read the file", e.Message, StringComparison.Ordinal);
    }
}
