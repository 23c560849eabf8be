namespace ApiFilter.Host.Tests;

/// <summary>One recording upstream and one host with the default policy in front of it, shared by a test class.</summary>
public sealed class ProxyFixture : IAsyncLifetime
{
    private RecordingUpstream? _upstream;
    private HostProcess? _host;

    internal RecordingUpstream Upstream => _upstream!;

    internal HostProcess Host => _host!;

    public Uri Address { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _upstream = await RecordingUpstream.StartAsync();
        (_host, Address) = await HostProcess.ServeAsync(_upstream.Address);
        Client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        _host?.Dispose();
        if (_upstream is not null)
        {
            await _upstream.DisposeAsync();
        }
    }
}
