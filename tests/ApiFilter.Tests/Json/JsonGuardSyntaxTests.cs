using System.Text;
using ApiFilter.Json;
using ApiFilter.Pipeline;

namespace ApiFilter.Tests.Json;

/// <summary>Strict RFC 8259: what the guard accepts and what it refuses with <c>json.syntax</c>.</summary>
public sealed class JsonGuardSyntaxTests
{
    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData(" \t\r\n[ 1 , 2 ]\r\n ")]
    [InlineData("0")]                          // RFC 8259 §2: any value is a JSON text
    [InlineData("-0.5e-7")]
    [InlineData("\"text\"")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("[\"\\u0000\",\"\\\\u0000\"]")] // an escaped NUL is a valid character
    [InlineData("[\"\\ud83d\\ude00\",\"\\uDBFF\\uDFFF\"]")]
    [InlineData("{\"\":\"\"}")]
    [InlineData("[\"\\uFFFF\",\"\\uFDD0\"]")] // noncharacters are still scalar values
    [InlineData("[\"\\\\ud800\",\"a\\\\uDC00\\n\"]")] // an escaped backslash, then literal text
    [InlineData("[\"\\uD7FF\\ud7ff\\uE000\"]")]   // just outside the surrogate range
    [InlineData("[\"\\\\\\ud83d\\ude00\\u2014\\\\\"]")] // a pair after an escaped backslash
    public void Accepts_StrictJson(string json)
    {
        GuardOutcome outcome = GuardRun.AssertSameAtEverySplit(Encoding.UTF8.GetBytes(json));
        Assert.True(outcome.Status == GuardStatus.Allowed, outcome.ToString());
    }

    [Theory]
    [InlineData("", "")]                          // §2: a text is one value
    [InlineData("   \r\n\t ", "")]
    [InlineData("[1,]", "")]                      // §5: no trailing commas
    [InlineData("{\"a\":1,}", "")]
    [InlineData("{\"a\":[1,2,]}", "/a")]
    [InlineData("[1] // note", "")]               // no comments
    [InlineData("/* c */ [1]", "")]
    [InlineData("{\"a\":/* c */1}", "")]
    [InlineData("[1] x", "")]                     // §2: nothing after the value
    [InlineData("{} {}", "")]
    [InlineData("[1]]", "")]
    [InlineData("[01]", "")]                      // §6 number grammar
    [InlineData("[1.]", "")]
    [InlineData("[+1]", "")]
    [InlineData("[NaN]", "")]
    [InlineData("[Infinity]", "")]
    [InlineData("['a']", "")]                     // §7: strings are double-quoted
    [InlineData("{a:1}", "")]
    [InlineData("[\"a\tb\"]", "")]                // §7: control characters must be escaped
    [InlineData("[\"\\x41\"]", "")]               // §7: only the listed escapes
    [InlineData("[\"abc", "")]                    // unterminated
    [InlineData("{\"a\":{\"b\":[1", "/a/b")]
    [InlineData("[tru]", "")]
    [InlineData("{\"a\" 1}", "")]
    public void Refuses_NonStrictJson(string json, string pointer)
    {
        GuardOutcome outcome = GuardRun.AssertSameAtEverySplit(Encoding.UTF8.GetBytes(json));
        Assert.True(outcome.Status == GuardStatus.Refused, $"{json}: {outcome}");
        Assert.Equal(ViolationCodes.JsonSyntax, outcome.Code);
        Assert.Equal(pointer, outcome.Pointer);
        Assert.InRange(outcome.Violation!.Offset, 0, json.Length);
    }

    [Theory]
    [InlineData("[\"\\ud800\"]", "/0", 2)]                 // high surrogate alone
    [InlineData("[\"\\udc00\"]", "/0", 2)]                 // low surrogate alone
    [InlineData("[\"ab\\ud800cd\"]", "/0", 4)]
    [InlineData("[\"\\ud800\\u0041\"]", "/0", 2)]          // high followed by a non-surrogate escape
    [InlineData("[\"\\ud800\\ud800\"]", "/0", 2)]          // high followed by high
    [InlineData("[\"\\\\\\uDBFF\"]", "/0", 4)]                // an escaped backslash, then a real escape
    [InlineData("[\"\\n\\\"\\uDFFF\"]", "/0", 6)]           // after other escapes, upper case
    [InlineData("[\"\\ud83d\\\\ude00\"]", "/0", 2)]           // high, then an escaped backslash and text
    [InlineData("[\"\\ude00\\ud83d\"]", "/0", 2)]          // pair in the wrong order
    [InlineData("{\"k\":[1,\"x\\ud83d\"]}", "/k/1", 10)]
    [InlineData("{\"\\udc00\":1}", "", 2)]                 // in a name: the object is named
    public void Refuses_LoneSurrogateEscapes(string json, string pointer, long offset)
    {
        GuardOutcome outcome = GuardRun.AssertSameAtEverySplit(Encoding.UTF8.GetBytes(json));
        Assert.Equal(ViolationCodes.JsonSyntax, outcome.Code);
        Assert.Equal(pointer, outcome.Pointer);
        Assert.Equal(offset, outcome.Violation!.Offset);
        Assert.Contains("surrogate", outcome.Violation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5b22ff225d", "/0", 2)]                   // ["<FF>"]
    [InlineData("5b226162c3225d", "/0", 4)]               // truncated 2-byte sequence
    [InlineData("5b22c0af225d", "/0", 2)]                 // overlong '/'
    [InlineData("5b22eda080225d", "/0", 2)]               // UTF-8 encoded surrogate U+D800
    [InlineData("5b22f4909080225d", "/0", 2)]             // beyond U+10FFFF
    [InlineData("5b2261225c6e80225d", "", -1)]            // ["a"\n<80>"]: outside a string: grammar error
    [InlineData("7b2261e9223a317d", "", 3)]               // {"a<E9>":1}: in a name
    [InlineData("7b2261223a5b312c225c6e80225d7d", "/a/1", 11)] // {"a":[1,"\n<80>"]}: after an escape
    public void Refuses_InvalidUtf8(string hex, string pointer, long offset)
    {
        byte[] body = Convert.FromHexString(hex);
        GuardOutcome outcome = GuardRun.AssertSameAtEverySplit(body);
        Assert.Equal(ViolationCodes.JsonSyntax, outcome.Code);
        Assert.Equal(pointer, outcome.Pointer);
        if (offset >= 0)
        {
            Assert.Equal(offset, outcome.Violation!.Offset);
        }
    }

    [Fact]
    public void Refuses_Utf8ByteOrderMark()
    {
        // Decision: RFC 8259 §8.1 lets a parser ignore a BOM, but a filter that ignores it while
        // the service behind it chokes on it (or the reverse) no longer judges what is served.
        GuardOutcome outcome = GuardRun.AssertSameAtEverySplit([0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}']);
        Assert.Equal(ViolationCodes.JsonSyntax, outcome.Code);
        Assert.Equal(0, outcome.Violation!.Offset);
        Assert.Contains("byte order mark", outcome.Violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_Utf16()
    {
        // RFC 8259 §8.1: JSON exchanged between systems MUST be UTF-8.
        Assert.Equal(ViolationCodes.JsonSyntax, GuardRun.AssertSameAtEverySplit(Encoding.Unicode.GetBytes("[1]")).Code);
        Assert.Equal(ViolationCodes.JsonSyntax, GuardRun.AssertSameAtEverySplit([0xFF, 0xFE, (byte)'[', 0, (byte)']', 0]).Code);
    }

    [Fact]
    public void AfterRefusal_StaysRefused_UntilReset()
    {
        var guard = new JsonGuard(JsonThreatLimits.Default);
        Assert.Equal(GuardStatus.Refused, GuardRun.Single(guard, "[1,]"u8).Status);
        Assert.Equal(GuardStatus.Refused, guard.Feed(new System.Buffers.ReadOnlySequence<byte>("[1]"u8.ToArray()), true, out long consumed));
        Assert.Equal(0, consumed);
        Assert.NotNull(guard.Violation);

        guard.Reset();
        Assert.Null(guard.Violation);
        Assert.Equal(GuardStatus.Allowed, guard.Feed(new System.Buffers.ReadOnlySequence<byte>("[1]"u8.ToArray()), true, out _));
    }

    [Fact]
    public void Reset_ForgetsOpenObjectsAndNames()
    {
        var guard = new JsonGuard(JsonThreatLimits.Default);

        // Refused in the middle of an object whose names were recorded ...
        Assert.Equal(ViolationCodes.JsonSyntax, GuardRun.Single(guard, "{\"a\":1,\"b\":[1,]"u8).Code);

        // ... must not leave them behind for the next body.
        Assert.Equal(GuardStatus.Allowed, GuardRun.Single(guard, "{\"a\":1,\"b\":2}"u8).Status);
        Assert.Equal(GuardStatus.Allowed, GuardRun.Single(guard, "[{\"a\":1},{\"a\":1}]"u8).Status);
    }

    [Fact]
    public void Constructor_ValidatesLimits()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new JsonGuard(new JsonThreatLimits { MaxDepth = 0 }));
        Assert.Throws<ArgumentNullException>(() => new JsonGuard(null!));
    }
}
