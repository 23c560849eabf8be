using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ApiFilter.Host.Tests;

/// <summary>Certificates made for a test: a root, a server certificate for 127.0.0.1 and client certificates, written as PEM files.</summary>
internal static class TestCertificates
{
    public static X509Certificate2 CreateRoot(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>A server certificate for 127.0.0.1 (self-signed when <paramref name="issuer"/> is null).</summary>
    public static X509Certificate2 CreateServer(X509Certificate2? issuer = null)
    {
        var builder = new SubjectAlternativeNameBuilder();
        builder.AddIpAddress(IPAddress.Loopback);
        builder.AddDnsName("localhost");
        return CreateLeaf("CN=127.0.0.1", issuer, new Oid("1.3.6.1.5.5.7.3.1"), builder.Build());
    }

    /// <summary>A client certificate (self-signed when <paramref name="issuer"/> is null).</summary>
    public static X509Certificate2 CreateClient(string name, X509Certificate2? issuer = null) =>
        CreateLeaf($"CN={name}", issuer, new Oid("1.3.6.1.5.5.7.3.2"), null);

    /// <summary>Writes the certificate and its private key as two PEM files; returns their paths.</summary>
    public static (string Certificate, string Key) WritePem(X509Certificate2 certificate, string directory, string name)
    {
        var certificatePath = Path.Combine(directory, name + ".pem");
        var keyPath = Path.Combine(directory, name + ".key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        using var key = certificate.GetECDsaPrivateKey();
        Assert.NotNull(key);
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    private static X509Certificate2 CreateLeaf(string subject, X509Certificate2? issuer, Oid usage, X509Extension? alternativeNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        if (alternativeNames is not null)
        {
            request.CertificateExtensions.Add(alternativeNames);
        }

        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = DateTimeOffset.UtcNow.AddHours(12);
        if (issuer is null)
        {
            return request.CreateSelfSigned(notBefore, notAfter);
        }

        var serial = RandomNumberGenerator.GetBytes(12);
        using var signed = request.Create(issuer, notBefore, notAfter, serial);
        return signed.CopyWithPrivateKey(key);
    }
}
