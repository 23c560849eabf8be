using ApiFilter.Tokens;

namespace ApiFilter.Host.Tests;

/// <summary>Start-up with a contract whose security schemes the policy does not configure, and the hash commands.</summary>
public sealed class AuthStartupTests : IDisposable
{
    private const string Spec = """
        openapi: 3.1.0
        info: { title: secured, version: '1' }
        security: [ { bearer: [] } ]
        components:
          securitySchemes:
            bearer: { type: http, scheme: bearer }
            key: { type: apiKey, in: query, name: api_key }
        paths:
          /orders:
            get: { responses: { '200': { description: ok } } }
            post: { security: [ { key: [] } ], responses: { '200': { description: ok } } }
        """;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("apifilter-auth-host-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task An_unconfigured_scheme_exits_with_2_naming_it_without_a_stack_trace()
    {
        var spec = Write("api.yaml", Spec);
        Write("keys.txt", ApiKeyStore.HashLine("k-1") + "\n");
        var policy = Write("policy.yaml", "auth:\n  schemes:\n    key: { keys: keys.txt }\n");
        using var host = HostProcess.Start("serve", "--upstream", "http://127.0.0.1:9", "--listen", "http://127.0.0.1:0", "--spec", spec, "--policy", policy);

        Assert.Equal(2, await host.WaitForExitAsync());
        Assert.Contains("scheme 'bearer' (http bearer) is not configured; needed by GET /orders", host.Stderr, StringComparison.Ordinal);
        Assert.Contains("auth.mode: off", host.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("scheme 'key'", host.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", host.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("listening on", host.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_commands_read_the_secret_from_standard_input()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, HashCommands.Run(secret => ApiKeyStore.HashLine(secret, "ci"), new StringReader("k-secret\n"), output, error));
        Assert.Equal(ApiKeyStore.HashLine("k-secret", "ci"), output.ToString().Trim());
        Assert.Equal(2, HashCommands.Run(secret => ApiKeyStore.HashLine(secret), new StringReader(""), output, error));
        Assert.Equal(2, HashCommands.Run(secret => BasicCredentialStore.HashLine("a:b", secret), new StringReader("pw\n"), output, error));
        Assert.Contains("':'", error.ToString(), StringComparison.Ordinal);
    }
}
