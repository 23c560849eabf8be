using System.Buffers;
using System.Text;
using ApiFilter.Signatures;

namespace ApiFilter.Tests.Signatures;

/// <summary>RFC 9530 Content-Digest and RFC 3230 Digest checked against content fed in segments.</summary>
public sealed class ContentDigestTests
{
    // RFC 9530 examples: {"hello": "world"} followed by LF
    private const string HelloLf = "{\"hello\": \"world\"}\n";
    private const string HelloLfSha256 = "sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:";
    private const string HelloLfSha512 = "sha-512=:YMAam51Jz/jOATT6/zvHrLVgOYTGFy1d6GJiOHTohq4yP+pgk4vf2aCsyRZOtw8MjkM7iw7yZ/WkppmM44T3qg==:";

    // RFC 9421 B.2 test request: {"hello": "world"} without LF, 18 bytes
    private const string Hello = "{\"hello\": \"world\"}";
    private const string HelloSha512 = "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:";

    private static DigestVerificationStatus Check(string field, string fieldValue, string content, int segmentSize = 5)
    {
        using ContentDigest digest = new();
        HeaderList headers = new HeaderList().Add(field, fieldValue);
        DigestVerificationStatus begun = digest.Begin(headers);
        if (begun != DigestVerificationStatus.Valid)
        {
            Assert.Equal(DigestVerificationStatus.NotStarted, digest.Verify());
            return begun;
        }

        digest.Append(Segments(Encoding.UTF8.GetBytes(content), segmentSize));
        return digest.Verify();
    }

    [Theory]
    [InlineData(HelloLfSha256, HelloLf)]
    [InlineData(HelloLfSha512, HelloLf)]
    [InlineData(HelloLfSha256 + ", " + HelloLfSha512, HelloLf)]
    [InlineData(HelloSha512, Hello)]
    [InlineData("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:", Hello)]
    [InlineData("md5=:AAAAAAAAAAAAAAAAAAAAAA==:, " + HelloLfSha256, HelloLf)]
    public void ContentDigest_Matches(string field, string content)
    {
        Assert.Equal(DigestVerificationStatus.Valid, Check("Content-Digest", field, content));
        Assert.Equal(DigestVerificationStatus.Valid, Check("Content-Digest", field, content, segmentSize: 1));
    }

    [Fact]
    public void ContentDigest_Mismatch()
    {
        Assert.Equal(DigestVerificationStatus.Mismatch, Check("Content-Digest", HelloLfSha256, Hello));
        Assert.Equal(DigestVerificationStatus.Mismatch, Check("Content-Digest", HelloLfSha256 + ", " + HelloSha512, HelloLf));
        Assert.Equal(DigestVerificationStatus.Mismatch, Check("Content-Digest", HelloSha512, Hello + " "));
    }

    [Theory]
    [InlineData("sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8Fa:", DigestVerificationStatus.Malformed)]
    [InlineData("sha-256=\"RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=\"", DigestVerificationStatus.Malformed)]
    [InlineData("sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=", DigestVerificationStatus.Malformed)]
    [InlineData("SHA-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:", DigestVerificationStatus.Malformed)]
    [InlineData("md5=:AAAAAAAAAAAAAAAAAAAAAA==:", DigestVerificationStatus.NoSupportedAlgorithm)]
    [InlineData("unixsum=1", DigestVerificationStatus.NoSupportedAlgorithm)]
    public void ContentDigest_Refused(string field, DigestVerificationStatus expected)
    {
        Assert.Equal(expected, Check("Content-Digest", field, HelloLf));
    }

    [Theory]
    [InlineData("SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=", Hello, DigestVerificationStatus.Valid)]
    [InlineData("sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=", Hello, DigestVerificationStatus.Valid)]
    [InlineData("MD5=abc, SHA-512=WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==", Hello, DigestVerificationStatus.Valid)]
    [InlineData("SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=", HelloLf, DigestVerificationStatus.Mismatch)]
    [InlineData("SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kb", Hello, DigestVerificationStatus.Malformed)]
    [InlineData("SHA-256=X48E9qOokqqr vdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=", Hello, DigestVerificationStatus.Malformed)]
    [InlineData("SHA-256", Hello, DigestVerificationStatus.Malformed)]
    [InlineData("SHA=abcd", Hello, DigestVerificationStatus.NoSupportedAlgorithm)]
    public void LegacyDigest(string field, string content, DigestVerificationStatus expected)
    {
        Assert.Equal(expected, Check("Digest", field, content));
    }

    [Fact]
    public void ContentDigest_IsPreferredOverDigest_AndMissingIsReported()
    {
        using ContentDigest digest = new();
        HeaderList headers = new HeaderList().Add("Digest", "SHA-256=AAAA").Add("Content-Digest", HelloLfSha256);
        Assert.Equal(DigestVerificationStatus.Valid, digest.Begin(headers));
        digest.Append(Encoding.UTF8.GetBytes(HelloLf));
        Assert.Equal(DigestVerificationStatus.Valid, digest.Verify());
        Assert.Equal(DigestVerificationStatus.Missing, digest.Begin(new HeaderList()));
        Assert.Equal(DigestVerificationStatus.NotStarted, digest.Verify());
    }

    [Fact]
    public void Reused_AfterVerify_StartsClean()
    {
        using ContentDigest digest = new();
        HeaderList headers = new HeaderList().Add("Content-Digest", HelloLfSha256);
        for (int round = 0; round < 3; round++)
        {
            Assert.Equal(DigestVerificationStatus.Valid, digest.Begin(headers));
            digest.Append(Encoding.UTF8.GetBytes(HelloLf));
            Assert.Equal(DigestVerificationStatus.Valid, digest.Verify());
        }

        // a content fed before a reset does not leak into the next check
        Assert.Equal(DigestVerificationStatus.Valid, digest.Begin(headers));
        digest.Append("garbage"u8);
        Assert.Equal(DigestVerificationStatus.Valid, digest.Begin(headers));
        digest.Append(Encoding.UTF8.GetBytes(HelloLf));
        Assert.Equal(DigestVerificationStatus.Valid, digest.Verify());
    }

    [Fact]
    public void Check_AllocatesNothing()
    {
        using ContentDigest digest = new();
        HeaderList headers = new HeaderList().Add("Content-Digest", HelloLfSha256 + ", " + HelloLfSha512);
        ReadOnlySequence<byte> content = Segments(Encoding.UTF8.GetBytes(HelloLf), 4);
        for (int warm = 0; warm < 3; warm++)
        {
            digest.Begin(headers);
            digest.Append(content);
            Assert.Equal(DigestVerificationStatus.Valid, digest.Verify());
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        digest.Begin(headers);
        digest.Append(content);
        DigestVerificationStatus status = digest.Verify();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(DigestVerificationStatus.Valid, status);
    }

    private static ReadOnlySequence<byte> Segments(byte[] content, int size)
    {
        if (content.Length <= size)
        {
            return new ReadOnlySequence<byte>(content);
        }

        Segment first = new(content.AsMemory(0, size), 0);
        Segment last = first;
        for (int offset = size; offset < content.Length; offset += size)
        {
            last = last.Append(content.AsMemory(offset, Math.Min(size, content.Length - offset)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            Segment next = new(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
