using ApiFilter.Detection;
using static ApiFilter.Tests.Detection.Others.DetectorTestSupport;

namespace ApiFilter.Tests.Detection.Others;

public class SsrfDetectorTests
{
    public static TheoryData<string, DetectionReason> Attacks => new()
    {
        // Loopback in every textual form inet_aton / the WHATWG IPv4 parser accepts.
        { "http://127.0.0.1/admin", DetectionReason.SsrfLoopback },
        { "http://127.1/", DetectionReason.SsrfLoopback },
        { "http://127.0.1", DetectionReason.SsrfLoopback },
        { "http://2130706433/", DetectionReason.SsrfLoopback },
        { "http://0177.0.0.1/", DetectionReason.SsrfLoopback },
        { "http://0177.1", DetectionReason.SsrfLoopback },
        { "http://0x7f.1/", DetectionReason.SsrfLoopback },
        { "http://0x7f000001/", DetectionReason.SsrfLoopback },
        { "http://0x7F.0x00.0x00.0x01", DetectionReason.SsrfLoopback },
        { "http://017700000001/", DetectionReason.SsrfLoopback },
        { "http://127.000.000.001/", DetectionReason.SsrfLoopback },
        { "http://127.255.255.254:8080/", DetectionReason.SsrfLoopback },
        { "http://127.0.0.1./", DetectionReason.SsrfLoopback },
        { "http://localhost/", DetectionReason.SsrfLoopback },
        { "http://LOCALHOST:8080/", DetectionReason.SsrfLoopback },
        { "http://localhost./x", DetectionReason.SsrfLoopback },
        { "http://api.localhost/", DetectionReason.SsrfLoopback },
        { "http://foo.localtest.me/", DetectionReason.SsrfLoopback },
        { "http://[::1]/", DetectionReason.SsrfLoopback },
        { "http://[0:0:0:0:0:0:0:1]:80/", DetectionReason.SsrfLoopback },
        { "http://[::ffff:127.0.0.1]/", DetectionReason.SsrfLoopback },
        { "http://[::ffff:7f00:1]/", DetectionReason.SsrfLoopback },
        { "http://[0:0:0:0:0:ffff:127.0.0.1]/", DetectionReason.SsrfLoopback },
        { "http://[::127.0.0.1]/", DetectionReason.SsrfLoopback },
        { "http://%31%32%37.0.0.1/", DetectionReason.SsrfLoopback },
        { "http://%6c%6f%63%61%6c%68%6f%73%74/", DetectionReason.SsrfLoopback },
        { "http://\uff11\uff12\uff17.0.0.1/", DetectionReason.SsrfLoopback },
        { "http://127\u30020\u30020\u30021/", DetectionReason.SsrfLoopback },
        { "http://127.0.\n0.1/", DetectionReason.SsrfLoopback },
        { "  http://127.0.0.1/  ", DetectionReason.SsrfLoopback },
        { "http:/\\127.0.0.1/", DetectionReason.SsrfLoopback },
        { "http:\\\\127.0.0.1\\", DetectionReason.SsrfLoopback },
        { "http:127.0.0.1/", DetectionReason.SsrfLoopback },
        { "http:///127.0.0.1/", DetectionReason.SsrfLoopback },
        { "//127.0.0.1/x", DetectionReason.SsrfLoopback },
        { "127.0.0.1:8080/admin", DetectionReason.SsrfLoopback },
        { "localhost:6379", DetectionReason.SsrfLoopback },
        { "HTTPS://127.0.0.1", DetectionReason.SsrfLoopback },
        { "ws://localhost:9229/", DetectionReason.SsrfLoopback },
        { "http://evil@127.0.0.1/", DetectionReason.SsrfLoopback },
        { "http://user:pass@localhost:8080/", DetectionReason.SsrfLoopback },

        // Private, link-local, unspecified, reserved.
        { "http://10.0.0.1/", DetectionReason.SsrfPrivateAddress },
        { "http://10.255.255.255/", DetectionReason.SsrfPrivateAddress },
        { "http://172.16.0.1/", DetectionReason.SsrfPrivateAddress },
        { "http://172.31.255.255/", DetectionReason.SsrfPrivateAddress },
        { "http://192.168.1.1/", DetectionReason.SsrfPrivateAddress },
        { "http://3232235777/", DetectionReason.SsrfPrivateAddress },
        { "http://100.64.0.1/", DetectionReason.SsrfPrivateAddress },
        { "http://100.100.100.200/latest/meta-data", DetectionReason.SsrfPrivateAddress },
        { "http://[fc00::1]/", DetectionReason.SsrfPrivateAddress },
        { "http://[fd00:ec2::254]/", DetectionReason.SsrfPrivateAddress },
        { "http://[::ffff:10.0.0.1]/", DetectionReason.SsrfPrivateAddress },
        { "http://[::ffff:a00:1]/", DetectionReason.SsrfPrivateAddress },
        { "http://[2002:c0a8:0101::1]/", DetectionReason.SsrfPrivateAddress },
        { "http://[64:ff9b::10.1.2.3]/", DetectionReason.SsrfPrivateAddress },
        { "http://169.254.169.254/latest/meta-data/", DetectionReason.SsrfLinkLocal },
        { "http://2852039166/", DetectionReason.SsrfLinkLocal },
        { "http://0xa9fea9fe/", DetectionReason.SsrfLinkLocal },
        { "http://0251.0376.0251.0376/", DetectionReason.SsrfLinkLocal },
        { "http://169.254.43518/", DetectionReason.SsrfLinkLocal },
        { "http://[fe80::1]/", DetectionReason.SsrfLinkLocal },
        { "http://[fe80::1%25eth0]/", DetectionReason.SsrfLinkLocal },
        { "http://[::ffff:169.254.169.254]/", DetectionReason.SsrfLinkLocal },
        { "http://0.0.0.0:8080/", DetectionReason.SsrfUnspecifiedAddress },
        { "http://0/", DetectionReason.SsrfUnspecifiedAddress },
        { "http://[::]/", DetectionReason.SsrfUnspecifiedAddress },
        { "http://255.255.255.255/", DetectionReason.SsrfReservedAddress },
        { "http://224.0.0.1/", DetectionReason.SsrfReservedAddress },
        { "http://[ff02::1]/", DetectionReason.SsrfReservedAddress },
        { "http://198.18.0.1/", DetectionReason.SsrfReservedAddress },

        // Names.
        { "http://metadata.google.internal/computeMetadata/v1/", DetectionReason.SsrfMetadataHost },
        { "http://metadata/computeMetadata/v1/", DetectionReason.SsrfMetadataHost },
        { "http://metadata.azure.com/metadata/instance", DetectionReason.SsrfMetadataHost },
        { "http://instance-data/latest/", DetectionReason.SsrfMetadataHost },
        { "http://redis:6379/", DetectionReason.SsrfInternalHostName },
        { "http://admin/", DetectionReason.SsrfInternalHostName },
        { "http://db.internal/", DetectionReason.SsrfInternalHostName },
        { "http://printer.local/", DetectionReason.SsrfInternalHostName },
        { "http://router.home.arpa/", DetectionReason.SsrfInternalHostName },
        { "http://api.default.svc/", DetectionReason.SsrfInternalHostName },
        { "http://127.0.0.1.nip.io/", DetectionReason.SsrfInternalHostName },
        { "http://10-0-0-1.sslip.io/", DetectionReason.SsrfInternalHostName },

        // Schemes.
        { "file:///etc/passwd", DetectionReason.SsrfScheme },
        { "FILE://localhost/c:/windows/win.ini", DetectionReason.SsrfScheme },
        { "gopher://127.0.0.1:6379/_FLUSHALL", DetectionReason.SsrfScheme },
        { "dict://127.0.0.1:11211/stats", DetectionReason.SsrfScheme },
        { "ftp://internal.example/x", DetectionReason.SsrfScheme },
        { "ldap://127.0.0.1/dc=x", DetectionReason.SsrfScheme },
        { "jar:http://evil.example/a.jar!/", DetectionReason.SsrfScheme },
        { "netdoc:///etc/passwd", DetectionReason.SsrfScheme },
        { "tftp://10.0.0.1/x", DetectionReason.SsrfScheme },
        { "phar://x", DetectionReason.SsrfScheme },

        // Obfuscated public addresses, invalid hosts, ambiguous authorities.
        { "http://134744072/", DetectionReason.SsrfObfuscatedAddress },
        { "http://0x08080808/", DetectionReason.SsrfObfuscatedAddress },
        { "http://010.010.010.010/", DetectionReason.SsrfObfuscatedAddress },
        { "http://012.0.0.1/", DetectionReason.SsrfPrivateAddress },
        { "myapp://127.0.0.1/", DetectionReason.SsrfLoopback },
        { "myapp://localhost/", DetectionReason.SsrfLoopback },
        { "http://8.8.2056/", DetectionReason.SsrfObfuscatedAddress },
        { "http://[::ffff:8.8.8.8]/", DetectionReason.SsrfObfuscatedAddress },
        { "http://1.2.3.4.5/", DetectionReason.SsrfInvalidHost },
        { "http://256.1.1.1/", DetectionReason.SsrfInvalidHost },
        { "http://08.1.1.1/", DetectionReason.SsrfInvalidHost },
        { "http://4294967296/", DetectionReason.SsrfInvalidHost },
        { "http://example.123/", DetectionReason.SsrfInvalidHost },
        { "http://[::1/", DetectionReason.SsrfInvalidHost },
        { "http://[1:2:3:4:5:6:7:8:9]/", DetectionReason.SsrfInvalidHost },
        { "http://[1::2::3]/", DetectionReason.SsrfInvalidHost },
        { "http:///", DetectionReason.SsrfInvalidHost },
        { "http://a@b@127.0.0.1/", DetectionReason.SsrfAmbiguousAuthority },
        { "http://evil.example@good.example@10.0.0.1/", DetectionReason.SsrfAmbiguousAuthority },
        { "http://127.0.0.1@evil.example/", DetectionReason.SsrfAmbiguousAuthority },
        { "http://localhost:80@evil.example/", DetectionReason.SsrfAmbiguousAuthority },
        { "http://evil.example#@127.0.0.1/", DetectionReason.SsrfAmbiguousAuthority },
        { "http://evil.example\\@169.254.169.254/", DetectionReason.SsrfAmbiguousAuthority },
        { "http://evil.example?@localhost/", DetectionReason.SsrfAmbiguousAuthority },
    };

    public static TheoryData<string> Benign => Data(
        "https://example.com/", "https://api.example.com:8443/v1/hooks?x=1#frag", "http://8.8.8.8/", "https://1.1.1.1/dns-query",
        "http://[2001:db8::1]/", "http://[2606:4700:4700::1111]/", "https://user:pass@example.com/x", "https://example.com./",
        "https://sub.domain.example.co.uk/a/b", "https://example.com/?email=a@localhost", "https://example.com/path@127.0.0.1",
        "https://example.com?next=http://127.0.0.1/", "https://xn--bcher-kva.example/", "https://bücher.example/",
        "https://172.32.0.1/", "https://172.15.255.255/", "https://192.169.0.1/", "https://100.128.0.1/", "https://169.253.1.1/",
        "https://11.0.0.1/", "/relative/path", "relative/path?x=1", "images/cat.png", "?q=1", "#top", "mailto:someone@localhost",
        "urn:isbn:0451450523", "tel:+1-555-0100", "data:image/png;base64,iVBORw0KGgo=", "myapp://callback", "com.example.app:/oauth2redirect",
        "https://localhost.example.com/", "https://metadata.example.com/", "https://internal.example.com/", "https://my-localhost.example/",
        "https://example.com:443", "");

    [Theory]
    [MemberData(nameof(Attacks))]
    public void Internal_targets_and_tricks_are_refused(string url, DetectionReason reason)
    {
        DetectionResult r = SsrfDetector.Detect(Utf8(url));
        Assert.Equal(reason, r.Reason);
    }

    [Theory]
    [MemberData(nameof(Benign))]
    public void Public_and_non_fetching_urls_pass(string url)
    {
        DetectionResult r = SsrfDetector.Detect(Utf8(url));
        Assert.False(r.Detected, $"{url}: {r}");
    }

    [Theory]
    [InlineData("127.0.0.1", DetectionReason.SsrfLoopback)]
    [InlineData("2130706433", DetectionReason.SsrfLoopback)]
    [InlineData("::1", DetectionReason.SsrfLoopback)]
    [InlineData("[::1]", DetectionReason.SsrfLoopback)]
    [InlineData("fe80::1%eth0", DetectionReason.SsrfLinkLocal)]
    [InlineData("metadata.google.internal", DetectionReason.SsrfMetadataHost)]
    [InlineData("example.com", DetectionReason.None)]
    [InlineData("2001:db8::1", DetectionReason.None)]
    [InlineData("93.184.216.34", DetectionReason.None)]
    public void Bare_hosts_are_classified(string host, DetectionReason reason)
    {
        Assert.Equal(reason, SsrfDetector.DetectHost(Utf8(host)).Reason);
    }

    [Fact]
    public void Offset_points_at_the_host_and_decoding_is_reported()
    {
        Assert.Equal(new DetectionResult(DetectionReason.SsrfLoopback, 7, normalized: false), SsrfDetector.Detect("http://127.0.0.1/"u8));
        Assert.Equal(new DetectionResult(DetectionReason.SsrfLoopback, 7, normalized: true), SsrfDetector.Detect("http://%6cocalhost/"u8));
        Assert.Equal(new DetectionResult(DetectionReason.SsrfScheme, 0, normalized: false), SsrfDetector.Detect("gopher://x/"u8));
    }

    [Theory]
    [InlineData("%25")]
    [InlineData("@")]
    [InlineData("http://")]
    [InlineData("a.")]
    [InlineData("#@")]
    [InlineData("0.")]
    [InlineData("[")]
    public void Work_is_linear_in_the_value_length(string unit)
    {
        foreach (string prefix in new[] { "http://", "http://a.example#", string.Empty })
        {
            byte[] k = [.. Utf8(prefix), .. Repeat(unit, 1024)];
            byte[] m = [.. Utf8(prefix), .. Repeat(unit, 1024 * 1024)];
            long small = 0, large = 0;
            SsrfDetector.Detect(k, ref small);
            SsrfDetector.Detect(m, ref large);
            Assert.InRange(large, 0, 8L * m.Length);
            Assert.True(large <= (small * 1100) + 1100, $"{prefix}{unit}: {small} vs {large}");
        }
    }

    [Fact]
    public void Nothing_is_allocated()
    {
        string[] values = ["https://api.example.com:8443/v1/hooks?x=1", "http://0x7f.1/", "http://[::ffff:127.0.0.1]/", "http://127.0.\n0.1/", "http://" + new string('a', 1000) + "\n.example/"];
        Assert.Equal(0, AllocatedBytes(SsrfDetector.Detect, values));
        Assert.Equal(0, AllocatedBytes(SsrfDetector.DetectHost, ["example.com", "fe80::1", "2130706433"]));
    }
}
