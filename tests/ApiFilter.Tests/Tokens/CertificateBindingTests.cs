using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ApiFilter.Tokens;

namespace ApiFilter.Tests.Tokens;

public sealed class CertificateBindingTests
{
    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
    }

    private static byte[] Confirmation(X509Certificate2 certificate) =>
        Encoding.ASCII.GetBytes(Base64Url.EncodeToString(SHA256.HashData(certificate.RawData)));

    [Fact]
    public void MatchesTheCertificateTheTokenIsBoundTo()
    {
        using X509Certificate2 client = SelfSigned("client");
        byte[] x5t = Confirmation(client);
        Assert.Equal(CertificateBinding.EncodedThumbprintLength, x5t.Length);
        Assert.True(CertificateBinding.Matches(client, x5t));
        Assert.True(CertificateBinding.Matches(client.RawData, x5t));

        Span<byte> thumbprint = stackalloc byte[32];
        CertificateBinding.ComputeThumbprint(client, thumbprint);
        Assert.True(thumbprint.SequenceEqual(client.GetCertHash(HashAlgorithmName.SHA256)));
    }

    [Fact]
    public void RefusesAnotherCertificateAMissingOneAndMalformedConfirmations()
    {
        using X509Certificate2 client = SelfSigned("client");
        using X509Certificate2 other = SelfSigned("client");
        byte[] x5t = Confirmation(client);
        Assert.False(CertificateBinding.Matches(other, x5t));
        Assert.False(CertificateBinding.Matches((X509Certificate2?)null, x5t));
        Assert.False(CertificateBinding.Matches(client, ReadOnlySpan<byte>.Empty));
        Assert.False(CertificateBinding.Matches(client, x5t.AsSpan(0, 42)));
        Assert.False(CertificateBinding.Matches(client, [.. x5t, (byte)'A']));

        // Padding, the standard alphabet and non-canonical trailing bits are not accepted spellings.
        string standard = Convert.ToBase64String(SHA256.HashData(client.RawData));
        Assert.False(CertificateBinding.Matches(client, Encoding.ASCII.GetBytes(standard)));
        byte[] tweaked = (byte[])x5t.Clone();
        tweaked[^1] = (byte)(tweaked[^1] == (byte)'A' ? 'B' : 'A');
        Assert.False(CertificateBinding.Matches(client, tweaked));

        // The SHA-1 "x5t" of the same certificate is not a SHA-256 confirmation.
        Assert.False(CertificateBinding.Matches(client, Encoding.ASCII.GetBytes(Base64Url.EncodeToString(SHA1.HashData(client.RawData)))));
    }

    [Fact]
    public void MatchingAllocatesNothing()
    {
        using X509Certificate2 client = SelfSigned("client");
        byte[] x5t = Confirmation(client);
        Assert.True(CertificateBinding.Matches(client, x5t));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            CertificateBinding.Matches(client, x5t);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
