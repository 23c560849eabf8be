using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace ApiFilter.Host.Tests;

/// <summary>The proxy listening on TLS with real certificates: server authentication and client certificates (mTLS).</summary>
public sealed class TlsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("apifilter-tls-tests-");
    private readonly X509Certificate2 _root = TestCertificates.CreateRoot("apifilter test root");

    public void Dispose()
    {
        _root.Dispose();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public async Task Https_listener_serves_with_the_given_certificate_and_forwards()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        using var server = TestCertificates.CreateServer(_root);
        var (certificate, key) = TestCertificates.WritePem(server, _dir.FullName, "server");
        var (host, address) = await HostProcess.ServeAsync(upstream.Address, null, null, "https://127.0.0.1:0", "--tls-certificate", certificate, "--tls-key", key);
        using var _ = host;
        using var client = Client(clientCertificate: null);

        using var response = await client.GetAsync(new Uri(address, "/anything"));

        Assert.Equal("https", address.Scheme);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, upstream.Requests);
        Assert.Contains("TLS, no client certificates", host.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Required_client_certificate_refuses_the_handshake_without_one_and_accepts_one_chaining_to_the_client_ca()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        using var server = TestCertificates.CreateServer(_root);
        var (certificate, key) = TestCertificates.WritePem(server, _dir.FullName, "server");
        using var clientRoot = TestCertificates.CreateRoot("client root");
        var clientCa = Path.Combine(_dir.FullName, "client-ca.pem");
        File.WriteAllText(clientCa, clientRoot.ExportCertificatePem());
        var (host, address) = await HostProcess.ServeAsync(upstream.Address, null, null, "https://127.0.0.1:0",
            "--tls-certificate", certificate, "--tls-key", key, "--client-certificate", "require", "--client-ca", clientCa);
        using var _ = host;

        using var trusted = TestCertificates.CreateClient("trusted client", clientRoot);
        using var stranger = TestCertificates.CreateClient("stranger");
        using var withTrusted = Client(trusted);
        using var withStranger = Client(stranger);
        using var without = Client(clientCertificate: null);

        using var response = await withTrusted.GetAsync(new Uri(address, "/anything"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await AssertHandshakeRefusedAsync(withStranger, address);
        await AssertHandshakeRefusedAsync(without, address);
        Assert.Equal(1, upstream.Requests);
        Assert.Contains("client certificates required (chaining to 1 configured root(s))", host.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_client_ca_a_self_signed_client_certificate_is_accepted()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        using var server = TestCertificates.CreateServer(_root);
        var (certificate, key) = TestCertificates.WritePem(server, _dir.FullName, "server");
        var (host, address) = await HostProcess.ServeAsync(upstream.Address, null, null, "https://127.0.0.1:0",
            "--tls-certificate", certificate, "--tls-key", key, "--client-certificate", "require");
        using var _ = host;
        using var selfSigned = TestCertificates.CreateClient("self-signed client");
        using var client = Client(selfSigned);

        using var response = await client.GetAsync(new Uri(address, "/anything"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("https://127.0.0.1:0")]
    [InlineData("http://127.0.0.1:0", "--tls-certificate", "server.pem")]
    [InlineData("http://127.0.0.1:0", "--client-certificate", "require")]
    public async Task Inconsistent_tls_arguments_exit_with_2(string listen, params string[] extra)
    {
        using var host = HostProcess.Start(["serve", "--upstream", "http://127.0.0.1:9", "--listen", listen, .. extra]);

        Assert.Equal(2, await host.WaitForExitAsync());
        Assert.Contains("apifilter: ", host.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("listening on", host.Stdout, StringComparison.Ordinal);
    }

    private static async Task AssertHandshakeRefusedAsync(HttpClient client, Uri address)
    {
        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync(new Uri(address, "/anything")));
        Assert.True(error.InnerException is AuthenticationException or IOException or HttpIOException || error.HttpRequestError is HttpRequestError.SecureConnectionError or HttpRequestError.ResponseEnded,
            error.ToString());
    }

    /// <summary>A client trusting only the test root, presenting <paramref name="clientCertificate"/> when given.</summary>
    private HttpClient Client(X509Certificate2? clientCertificate)
    {
        var root = _root;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { root },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
                ClientCertificates = clientCertificate is null ? null : new X509CertificateCollection { clientCertificate },
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
    }
}
