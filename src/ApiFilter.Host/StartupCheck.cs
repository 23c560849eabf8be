using System.Diagnostics;
using ApiFilter.Contract;
using ApiFilter.Policy;

namespace ApiFilter.Host;

/// <summary>Validates arguments before anything starts, so the proxy never runs half-configured.</summary>
internal static class StartupCheck
{
    public static bool TryLoadPolicy(string? path, out FilterPolicy policy)
    {
        policy = FilterPolicy.Default;
        if (path is null)
        {
            return true;
        }

        try
        {
            policy = PolicyLoader.LoadFile(path);
            policy.Validate();
            return true;
        }
        catch (PolicyException e)
        {
            Console.Error.WriteLine($"apifilter: invalid policy: {e.Message}");
            return false;
        }
        catch (ArgumentOutOfRangeException e)
        {
            Console.Error.WriteLine($"apifilter: invalid policy: {Path.GetFileName(path)}: {e.Message}");
            return false;
        }
    }

    /// <summary>
    /// Loads and compiles the OpenAPI contract at <paramref name="path"/>. Every problem is printed
    /// (file, JSON Pointer, what is wrong) and the host refuses to start: it never runs half-protected.
    /// </summary>
    public static bool TryLoadContract(string path, FilterPolicy policy, out ApiContract? contract)
    {
        contract = null;
        try
        {
            var started = Stopwatch.GetTimestamp();
            contract = ContractCompiler.Compile(ContractLoader.LoadFile(path), policy.Contract);
            var elapsed = Stopwatch.GetElapsedTime(started);
            Console.Out.WriteLine(
                $"apifilter: contract {Path.GetFileName(path)}: {contract.Operations.Count} operations compiled in {elapsed.TotalMilliseconds:0} ms");
            return true;
        }
        catch (ContractLoadException e)
        {
            PrintProblems(e);
            return false;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"apifilter: cannot read the contract: {e.Message}");
            return false;
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine($"apifilter: cannot read the contract: {e.Message}");
            return false;
        }
    }

    /// <summary>Compiles the built-in demo contract; a failure here is a bug in the build, reported as such.</summary>
    public static bool TryLoadDemoContract(FilterPolicy policy, out ApiContract? contract)
    {
        contract = null;
        try
        {
            using var stream = SampleUpstream.OpenContract();
            var loaded = ContractLoader.LoadAsync(stream, SampleUpstream.ContractFileName, baseUri: null).GetAwaiter().GetResult();
            contract = ContractCompiler.Compile(loaded, policy.Contract);
            return true;
        }
        catch (ContractLoadException e)
        {
            PrintProblems(e);
            return false;
        }
    }

    /// <summary>
    /// Builds the request filter once so a contract whose security requirements the policy's auth
    /// section does not cover stops the start with the filter's message, not a stack trace at the first request.
    /// </summary>
    public static bool TryCheckAuthentication(FilterPolicy policy, ApiContract? contract)
    {
        try
        {
            using var filter = new ApiFilter.Pipeline.RequestFilter(policy, contract);
            return true;
        }
        catch (AuthenticationConfigurationException e)
        {
            Console.Error.WriteLine($"apifilter: {e.Message}");
            return false;
        }
    }

    private static void PrintProblems(ContractLoadException e)
    {
        Console.Error.WriteLine($"apifilter: the contract cannot be enforced ({e.Problems.Count} problem{(e.Problems.Count == 1 ? "" : "s")}):");
        foreach (var problem in e.Problems)
        {
            Console.Error.WriteLine($"  {problem}");
        }
    }

    public static bool TryParseHttpUrl(string value, string option, out Uri uri)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out uri!) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.Host.Length > 0)
        {
            return true;
        }

        Console.Error.WriteLine($"apifilter: {option}: expected an absolute http:// or https:// URL, got '{value}'");
        return false;
    }
}
