using System.Text;
using ApiFilter.Multipart;
using ApiFilter.Pipeline;

namespace ApiFilter.Tests.Multipart;

/// <summary>The boundary parameter (RFC 2046 §5.1.1, RFC 9110 §5.6.6 parameter syntax).</summary>
public sealed class MultipartBoundaryTests
{
    public static TheoryData<string, string> Valid => new()
    {
        { "multipart/form-data; boundary=AaB03x", "AaB03x" },
        { "multipart/form-data;boundary=AaB03x", "AaB03x" },
        { "Multipart/Form-Data; BOUNDARY=AaB03x", "AaB03x" },
        { "multipart/form-data; boundary=\"----WebKitFormBoundary7MA4YWxkTrZu0gW\"", "----WebKitFormBoundary7MA4YWxkTrZu0gW" },
        { "multipart/form-data; charset=utf-8; boundary=x", "x" },
        { "multipart/form-data; boundary=x;", "x" },
        { "multipart/form-data; boundary=x ; charset=\"a;b\"", "x" },
        { "multipart/form-data; boundary=\"simple boundary\"", "simple boundary" },
        // RFC 2046 §5.1.1: a boundary with a colon must be quoted.
        { "multipart/mixed; boundary=\"gc0pJq0M:08jU534c0p\"", "gc0pJq0M:08jU534c0p" },
        { "multipart/form-data; boundary=\"'()+_,-./:=?\"", "'()+_,-./:=?" },
        { "multipart/form-data; boundary=" + new string('a', 69) + "z", new string('a', 69) + "z" },
    };

    public static TheoryData<string, string> Invalid => new()
    {
        { "multipart/form-data", "no boundary" },
        { "multipart/form-data; charset=utf-8", "no boundary" },
        { "multipart/form-data; boundary=", "empty" },
        { "multipart/form-data; boundary=\"\"", "empty" },
        { "multipart/form-data; boundary=a; boundary=b", "more than one" },
        { "multipart/form-data; boundary=a; BOUNDARY=a", "more than one" },
        { "multipart/form-data; boundary=" + new string('a', 71), "71 characters" },
        { "multipart/form-data; boundary=\"" + new string('a', 71) + "\"", "71 characters" },
        { "multipart/form-data; boundary=\"abc \"", "ends with a space" },
        { "multipart/form-data; boundary=\"a@b\"", "outside" },
        { "multipart/form-data; boundary=a!b", "outside" },
        { "multipart/form-data; boundary=\"a\\\"b\"", "backslash" },
        { "multipart/form-data; boundary=\"abc", "unterminated" },
        { "multipart/form-data; boundary = abc", "malformed" },
        { "multipart/form-data; boundary=gc0pJq0M:08jU534c0p", "malformed" },
        { "multipart/form-data, boundary=AaB03x", "not a multipart" },
        { "multipart/form-data; boundary=abc junk", "malformed" },
        { "multipart/form-data; =abc", "malformed" },
        { "application/json; boundary=abc", "not a multipart" },
        { "multipart/; boundary=abc", "not a multipart" },
        { "", "not a multipart" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Reads_the_boundary(string contentType, string boundary)
    {
        Span<byte> buffer = stackalloc byte[MultipartBoundary.MaxLength];
        Assert.True(MultipartBoundary.TryParse(contentType, buffer, out int length, out Violation? violation), violation?.Message);
        Assert.Equal(boundary, Encoding.ASCII.GetString(buffer[..length]));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Refuses_with_a_clear_reason(string contentType, string reason)
    {
        Span<byte> buffer = stackalloc byte[MultipartBoundary.MaxLength];
        Assert.False(MultipartBoundary.TryParse(contentType, buffer, out int length, out Violation? violation));
        Assert.Equal(0, length);
        Assert.Equal(ViolationCodes.MultipartBoundary, violation!.Code);
        Assert.Contains(reason, violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Longest_boundary_is_70_characters_RFC2046()
    {
        Assert.Equal(70, MultipartBoundary.MaxLength);
    }

    [Fact]
    public void Needs_a_buffer_for_the_longest_boundary()
    {
        byte[] small = new byte[MultipartBoundary.MaxLength - 1];
        Assert.Throws<ArgumentException>(() => MultipartBoundary.TryParse("multipart/form-data; boundary=x", small, out _, out _));
    }
}
