using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace ApiFilter.Host;

/// <summary>
/// TLS of the proxy's listener: the server certificate and whether clients present one. A client
/// certificate is what certificate-bound access tokens are checked against (RFC 8705 section 3).
/// </summary>
internal sealed class ProxyTls
{
    private ProxyTls(X509Certificate2 certificate, ClientCertificateMode clientMode, X509Certificate2Collection? clientRoots)
    {
        Certificate = certificate;
        ClientMode = clientMode;
        ClientRoots = clientRoots;
    }

    public X509Certificate2 Certificate { get; }

    public ClientCertificateMode ClientMode { get; }

    /// <summary>The roots client certificates must chain to, or null: any client certificate within its validity period is accepted.</summary>
    public X509Certificate2Collection? ClientRoots { get; }

    /// <summary>One line for the start-up output saying what the listener asks of clients.</summary>
    public string Describe() => ClientMode switch
    {
        ClientCertificateMode.NoCertificate => "TLS, no client certificates",
        _ => $"TLS, client certificates {(ClientMode == ClientCertificateMode.RequireCertificate ? "required" : "accepted")}"
            + (ClientRoots is null ? " (any issuer: self-signed certificates are bound by their hash, RFC 8705 section 2.2)" : $" (chaining to {ClientRoots.Count} configured root(s))"),
    };

    /// <summary>
    /// Reads the TLS options. Returns false after printing what is wrong. Without a certificate the
    /// result is null: plain HTTP (an <c>https</c> listen URL then needs one).
    /// </summary>
    public static bool TryLoad(string listen, string? certificatePath, string? keyPath, string? clientMode, string? clientCaPath, out ProxyTls? tls)
    {
        tls = null;
        var https = listen.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        if (certificatePath is null)
        {
            if (https)
            {
                return Fail("--listen is https but no --tls-certificate is given");
            }

            if (keyPath is not null || clientMode is not null || clientCaPath is not null)
            {
                return Fail("--tls-key, --client-certificate and --client-ca need --tls-certificate");
            }

            return true;
        }

        if (!https)
        {
            return Fail("--tls-certificate is given but --listen is not an https URL");
        }

        ClientCertificateMode mode;
        switch (clientMode ?? "none")
        {
            case "none": mode = ClientCertificateMode.NoCertificate; break;
            case "allow": mode = ClientCertificateMode.AllowCertificate; break;
            case "require": mode = ClientCertificateMode.RequireCertificate; break;
            default: return Fail($"--client-certificate must be none, allow or require, not '{clientMode}'");
        }

        if (mode == ClientCertificateMode.NoCertificate && clientCaPath is not null)
        {
            return Fail("--client-ca needs --client-certificate allow or require");
        }

        X509Certificate2 certificate;
        X509Certificate2Collection? roots = null;
        try
        {
            certificate = LoadServerCertificate(certificatePath, keyPath);
            if (clientCaPath is not null)
            {
                roots = [];
                roots.ImportFromPemFile(clientCaPath);
                if (roots.Count == 0)
                {
                    return Fail($"--client-ca {Path.GetFileName(clientCaPath)} holds no PEM certificate");
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            return Fail($"cannot load the TLS certificate: {e.Message}");
        }

        if (!certificate.HasPrivateKey)
        {
            return Fail($"--tls-certificate {Path.GetFileName(certificatePath)} has no private key (give --tls-key, or a PKCS#12 file)");
        }

        tls = new ProxyTls(certificate, mode, roots);
        return true;
    }

    /// <summary>Applies the options to Kestrel's HTTPS defaults (used by every https listen URL).</summary>
    public void Apply(HttpsConnectionAdapterOptions https)
    {
        https.ServerCertificate = Certificate;
        https.ClientCertificateMode = ClientMode;
        https.CheckCertificateRevocation = false;
        https.ClientCertificateValidation = Validate;
    }

    /// <summary>
    /// With configured roots, the client certificate must chain to one of them (custom root trust:
    /// the machine's store plays no part). Without, any certificate inside its validity period is
    /// accepted: who it is is then decided by the token bound to its hash, not by the handshake.
    /// </summary>
    private bool Validate(X509Certificate2 certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var now = DateTime.Now;
        if (now < certificate.NotBefore || now > certificate.NotAfter)
        {
            return false;
        }

        if (ClientRoots is null)
        {
            return true;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(ClientRoots);
        // Revocation of private-PKI client certificates is out of scope: no CRL or OCSP endpoint is assumed reachable.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }

        return custom.Build(certificate);
    }

    private static X509Certificate2 LoadServerCertificate(string path, string? keyPath)
    {
        var extension = Path.GetExtension(path);
        if (extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
        }

        return X509Certificate2.CreateFromPemFile(path, keyPath);
    }

    private static bool Fail(string message)
    {
        Console.Error.WriteLine($"apifilter: {message}");
        return false;
    }
}
