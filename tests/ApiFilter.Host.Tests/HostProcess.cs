using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ApiFilter.Host.Tests;

/// <summary>
/// The real built host (<c>dotnet ApiFilter.Host.dll …</c>) as a child process. Killed on dispose;
/// every wait is bounded.
/// </summary>
internal sealed partial class HostProcess : IDisposable
{
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(Process process)
    {
        _process = process;
    }

    public string Stdout => string.Join('\n', _stdout);

    public string Stderr => string.Join('\n', _stderr);

    public static string HostDll
    {
        get
        {
            // tests/ApiFilter.Host.Tests/bin/<Configuration>/net10.0/ → src/ApiFilter.Host/bin/<Configuration>/net10.0/
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = testBin.Name;
            var configuration = testBin.Parent!.Name;
            var root = testBin;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "ApiFilter.sln")))
            {
                root = root.Parent;
            }

            Assert.NotNull(root);
            var dll = Path.Combine(root.FullName, "src", "ApiFilter.Host", "bin", configuration, framework, "ApiFilter.Host.dll");
            Assert.True(File.Exists(dll), $"build the host first: {dll} not found");
            return dll;
        }
    }

    public static HostProcess Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new HostProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            host._stdout.Enqueue(e.Data);
            var match = ListeningLine().Match(e.Data);
            if (match.Success)
            {
                host._listening.TrySetResult(match.Groups[1].Value);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                host._stderr.Enqueue(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Starts <c>serve</c> on an ephemeral port and waits until it listens.</summary>
    public static Task<(HostProcess Host, Uri Address)> ServeAsync(Uri upstream, string? policyPath = null, string? specPath = null) =>
        ServeAsync(upstream, policyPath, specPath, "http://127.0.0.1:0");

    /// <summary>Starts <c>serve</c> listening on <paramref name="listen"/> with more arguments and waits until it listens.</summary>
    public static async Task<(HostProcess Host, Uri Address)> ServeAsync(Uri upstream, string? policyPath, string? specPath, string listen, params string[] extra)
    {
        var arguments = new List<string> { "serve", "--upstream", upstream.ToString(), "--listen", listen };
        arguments.AddRange(extra);
        if (policyPath is not null)
        {
            arguments.Add("--policy");
            arguments.Add(policyPath);
        }

        if (specPath is not null)
        {
            arguments.Add("--spec");
            arguments.Add(specPath);
        }

        var host = Start([.. arguments]);
        try
        {
            var exited = host._process.WaitForExitAsync();
            var first = await Task.WhenAny(host._listening.Task, exited).WaitAsync(StartBound);
            Assert.True(first == host._listening.Task, $"the host exited early:\n{host.Stdout}\n{host.Stderr}");
            return (host, new Uri(await host._listening.Task));
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Waits for a stdout line matching <paramref name="pattern"/>; returns its first group (or the line).</summary>
    public async Task<string> WaitForLineAsync(string pattern)
    {
        var regex = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        var deadline = DateTime.UtcNow + StartBound;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var line in _stdout)
            {
                var match = regex.Match(line);
                if (match.Success)
                {
                    return match.Groups.Count > 1 ? match.Groups[1].Value : line;
                }
            }

            Assert.False(_process.HasExited, $"the host exited early:\n{Stdout}\n{Stderr}");
            await Task.Delay(50);
        }

        Assert.Fail($"no line matched '{pattern}':\n{Stdout}\n{Stderr}");
        return "";
    }

    /// <summary>Waits for the process to exit by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(StartBound);
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // never started or already gone
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"listening on (https?://\S+?),")]
    private static partial Regex ListeningLine();
}
