using System.Text;
using System.Text.Json;
using ApiFilter.Schema;

namespace ApiFilter.Tests.Schema.Primitives;

/// <summary>
/// OpenAPI data type formats (OpenAPI 3.1 section 4.2, Format Registry): int32 and int64 are signed
/// two's complement ranges, float and double IEEE 754 binary32/binary64, byte RFC 4648 base64.
/// </summary>
public sealed class OpenApiFormatTests
{
    public static TheoryData<string, string, bool> Numbers => new()
    {
        { "int32", "2147483647", true },
        { "int32", "-2147483648", true },
        { "int32", "2147483648", false },
        { "int32", "-2147483649", false },
        { "int32", "1.0", true },
        { "int32", "2.147483647e9", true },
        { "int32", "2.147483648e9", false },
        { "int32", "1.5", false },
        { "int32", "0", true },
        { "int32", "-0", true },
        { "int64", "9223372036854775807", true },
        { "int64", "-9223372036854775808", true },
        { "int64", "9223372036854775808", false },
        { "int64", "-9223372036854775809", false },
        { "int64", "1e18", true },
        { "int64", "1e19", false },
        { "int64", "12.000", true },
        { "int64", "0.5", false },
        { "float", "3.4028234663852886e38", true },
        { "float", "-3.4028234663852886e38", true },
        { "float", "3.5e38", false },
        { "float", "-1e39", false },
        { "float", "1e-50", true },
        { "float", "0.1", true },
        { "double", "1.7976931348623157e308", true },
        { "double", "-1.7976931348623157e308", true },
        { "double", "1.8e308", false },
        { "double", "1e309", false },
        { "double", "-1e400", false },
        { "double", "4.9e-324", true },
        { "double", "1e-400", true },
        { "double", "12345678901234567890123456789", true },
    };

    public static TheoryData<string, bool> Base64 => new()
    {
        { "", true },
        { "Zg==", true },
        { "Zm8=", true },
        { "Zm9v", true },
        { "Zm9vYmFy", true },
        { "+/+/", true },
        { "Zg", false },
        { "Zg=", false },
        { "Zm9v\n", false },
        { "Zm 9v", false },
        { "Zm9v====", false },
        { "Z===", false },
        { "=Zm9", false },
        { "Zg=a", false },
        { "Zm9v_-==", false },
        { "Zh==", false },
        { "Zm9=", false },
    };

    [Theory]
    [MemberData(nameof(Numbers))]
    public void NumberFormats_FollowTheirRanges(string format, string literal, bool expected)
    {
        Assert.True(SchemaFormats.TryParse(format, out var parsed));
        Assert.True(SchemaFormats.AppliesToNumbers(parsed));
        Assert.False(SchemaFormats.AppliesToStrings(parsed));
        Assert.Equal(expected, SchemaFormats.IsValidNumber(parsed, Encoding.ASCII.GetBytes(literal)));
    }

    [Theory]
    [MemberData(nameof(Base64))]
    public void Byte_IsStrictPaddedBase64(string value, bool expected) =>
        Assert.Equal(expected, SchemaFormats.IsValidString(SchemaFormat.Byte, Encoding.ASCII.GetBytes(value)));

    [Theory]
    [InlineData("binary")]
    [InlineData("password")]
    public void AnnotationFormats_AcceptAnyString(string name)
    {
        Assert.True(SchemaFormats.TryParse(name, out var format));
        Assert.True(SchemaFormats.IsValidString(format, "\u0000 not \u00ff anything"u8));
        Assert.True(SchemaFormats.IsValidString(format, [0xFF, 0xFE]));
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("Date-Time")]
    [InlineData("")]
    [InlineData("int16")]
    public void UnknownNames_AreNotParsed(string name)
    {
        Assert.False(SchemaFormats.TryParse(name, out var format));
        Assert.Equal(SchemaFormat.None, format);
    }

    [Fact]
    public void EveryFormatName_MapsToItsEnumMember()
    {
        var names = new[]
        {
            "date-time", "date", "time", "duration", "email", "idn-email", "hostname", "idn-hostname", "ipv4", "ipv6", "uri",
            "uri-reference", "iri", "iri-reference", "uri-template", "uuid", "byte", "binary", "int32", "int64", "float",
            "double", "regex", "json-pointer", "relative-json-pointer", "password",
        };
        var seen = new HashSet<SchemaFormat>();
        foreach (var name in names)
        {
            Assert.True(SchemaFormats.TryParse(name, out var format), name);
            Assert.True(seen.Add(format), name);
        }

        Assert.Equal(Enum.GetValues<SchemaFormat>().Length - 1, seen.Count);
    }

    [Fact]
    public void Checks_DoNotAllocate()
    {
        var strings = new List<(SchemaFormat, byte[])>();
        foreach (var c in FormatSuiteTests.Cases())
        {
            if (c.Data.ValueKind == JsonValueKind.String && SchemaFormats.TryParse(c.Schema.GetProperty("format").GetString()!, out var f))
            {
                strings.Add((f, Encoding.UTF8.GetBytes(c.Data.GetString()!)));
            }
        }

        var numbers = new List<(SchemaFormat, byte[])>();
        foreach (var row in Numbers)
        {
            SchemaFormats.TryParse((string)row[0], out var f);
            numbers.Add((f, Encoding.ASCII.GetBytes((string)row[1])));
        }

        var sink = 0;
        void Run()
        {
            foreach (var (f, bytes) in strings)
            {
                sink += SchemaFormats.IsValidString(f, bytes) ? 1 : 0;
            }

            foreach (var (f, bytes) in numbers)
            {
                sink += SchemaFormats.IsValidNumber(f, bytes) ? 1 : 0;
            }
        }

        Run();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sink > 0);
        Assert.True(strings.Count > 800);
    }
}
