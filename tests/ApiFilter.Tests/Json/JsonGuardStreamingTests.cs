using System.Buffers;
using System.Text;
using ApiFilter.Json;
using ApiFilter.Pipeline;

namespace ApiFilter.Tests.Json;

/// <summary>
/// Segment boundaries: a body must be judged the same whether it arrives whole, as one
/// multi-segment sequence, or in pieces with the unconsumed tail re-presented.
/// </summary>
public sealed class JsonGuardStreamingTests
{
    [Fact]
    public void RealisticDocument_SameVerdictAtEverySplit()
    {
        byte[] body = OrdersDocument.Create(6 * 1024);
        Assert.Equal(GuardStatus.Allowed, GuardRun.AssertSameAtEverySplit(body).Status);
    }

    [Theory]
    [InlineData(ViolationCodes.JsonStringLength)]
    [InlineData(ViolationCodes.JsonNameLength)]
    [InlineData(ViolationCodes.JsonNumberLength)]
    [InlineData(ViolationCodes.JsonDuplicateName)]
    [InlineData(ViolationCodes.JsonArrayLength)]
    [InlineData(ViolationCodes.JsonDepth)]
    [InlineData(ViolationCodes.JsonSyntax)]
    public void RealisticDocumentWithAFlawDeepInside_SameRefusalAtEverySplit(string code)
    {
        string json = Encoding.UTF8.GetString(OrdersDocument.Create(3 * 1024));
        int at = json.IndexOf("\"orders\":[", StringComparison.Ordinal) + 10;
        string flaw = code switch
        {
            ViolationCodes.JsonStringLength => "{\"note\":\"" + new string('x', 70_000) + "\"},",
            ViolationCodes.JsonNameLength => "{\"" + new string('n', 300) + "\":1},",
            ViolationCodes.JsonNumberLength => "{\"n\":" + new string('9', 65) + "},",
            ViolationCodes.JsonDuplicateName => "{\"id\":1,\"\\u0069d\":2},",
            ViolationCodes.JsonArrayLength => "[" + string.Join(',', Enumerable.Repeat("1", 10_001)) + "],",
            ViolationCodes.JsonDepth => new string('[', 70) + new string(']', 70) + ",",
            _ => "{\"ok\":\"\\ud800\"},",
        };
        byte[] body = Encoding.UTF8.GetBytes(json.Insert(at, flaw));

        GuardOutcome outcome = GuardRun.AssertSameAtEverySplit(body);
        Assert.Equal(code, outcome.Code);
        string expectedPointer = code switch
        {
            ViolationCodes.JsonStringLength => "/orders/0/note",
            ViolationCodes.JsonNameLength => "/orders/0",
            ViolationCodes.JsonNumberLength => "/orders/0/n",
            ViolationCodes.JsonDuplicateName => "/orders/0/id",
            ViolationCodes.JsonArrayLength => "/orders/0",
            ViolationCodes.JsonDepth => "/orders" + string.Concat(Enumerable.Repeat("/0", 63)),
            _ => "/orders/0/ok",
        };
        Assert.Equal(expectedPointer, outcome.Pointer);
    }

    [Theory]
    [InlineData("{\"k\\\"ey\":\"va\\\\\\\"l\\\\\",\"n\":-12.5e+3,\"s\":\"\\ud83d\\ude00\"}  ")]
    [InlineData("[\"ab\\\"c\", 1e5 , \"\\\\\"]")]
    [InlineData("[\"ab\tc\"]")]          // raw tab inside a string
    [InlineData("[\"ab\\\"]")]           // string never closed: the backslash escapes the quote
    [InlineData("[12 ,, 3]")]
    [InlineData("[1.5e+]")]
    [InlineData("  123  ")]
    [InlineData("  123  x")]
    [InlineData("{\"a\" : \"b\" }  ,")]
    public void ThreeArrivals_AtEveryPairOfPositions(string json)
    {
        // Pieces that end inside a string, an escape, a number or whitespace are not re-read; the
        // verdict must not depend on where the pieces end.
        byte[] body = Encoding.UTF8.GetBytes(json);
        var guard = new JsonGuard(JsonThreatLimits.Default);
        GuardOutcome whole = GuardRun.Single(guard, body);
        for (int i = 1; i < body.Length; i++)
        {
            for (int j = i; j < body.Length; j++)
            {
                GuardOutcome piped = GuardRun.Piped(guard, body, i, j);
                Assert.True(whole.Status == piped.Status && whole.Code == piped.Code && whole.Pointer == piped.Pointer, $"{i},{j}: {piped} instead of {whole}");
            }
        }
    }

    [Theory]
    [InlineData("[\"", "x", "\"]")]     // a long string
    [InlineData("[\"", "\\\"", "\"]")] // a long string of escaped quotes
    [InlineData("[", "9", "]")]           // a long number
    [InlineData("[1", " ", "]")]          // a long run of whitespace
    public void LongTokenInSmallPieces_IsReadOnce(string open, string unit, string close)
    {
        // 256 KiB token arriving 1 KiB at a time: re-reading it from its start each time would
        // hand the tokenizer about 32 MiB; reading only what arrived keeps it near the body size.
        var text = new StringBuilder(open);
        while (text.Length < 256 * 1024)
        {
            text.Append(unit);
        }

        byte[] body = Encoding.UTF8.GetBytes(text.Append(close).ToString());
        int[] arrivals = Enumerable.Range(1, (body.Length - 1) / 1024).Select(k => k * 1024).ToArray();
        var limits = new JsonThreatLimits { MaxStringLength = 1 << 20, MaxNumberLength = 1 << 20 };
        var guard = new JsonGuard(limits);
        GuardOutcome outcome = GuardRun.Piped(guard, body, arrivals);
        Assert.True(outcome.Status == GuardStatus.Allowed, outcome.ToString());
        Assert.InRange(guard.BytesRead, body.Length, 3L * body.Length);
    }

    [Fact]
    public void OneByteAtATime()
    {
        byte[] body = OrdersDocument.Create(2 * 1024);
        int[] everyByte = Enumerable.Range(1, body.Length - 1).ToArray();
        Assert.Equal(GuardStatus.Allowed, GuardRun.Piped(new JsonGuard(JsonThreatLimits.Default), body, everyByte).Status);
        Assert.Equal(GuardStatus.Allowed, GuardRun.Segmented(new JsonGuard(JsonThreatLimits.Default), body, everyByte).Status);
    }

    [Fact]
    public void OffsetsAreAbsoluteAcrossFeeds()
    {
        // The string that breaks the limit starts after several earlier feeds have consumed bytes.
        string json = "{\"a\":[" + string.Join(',', Enumerable.Repeat("\"ok\"", 500)) + ",\"toolong\"]}";
        int expected = json.IndexOf("\"toolong\"", StringComparison.Ordinal);
        byte[] body = Encoding.UTF8.GetBytes(json);
        var guard = new JsonGuard(new JsonThreatLimits { MaxStringLength = 4 });
        GuardOutcome outcome = GuardRun.Piped(guard, body, 100, 900, 1500, 2000);
        Assert.Equal(ViolationCodes.JsonStringLength, outcome.Code);
        Assert.Equal("/a/500", outcome.Pointer);
        Assert.Equal(expected, outcome.Violation!.Offset);
    }

    [Fact]
    public void TopLevelScalar_WaitsForTheFinalBlock()
    {
        // "12" could continue as "123": a number at the very end is only complete when the body is.
        var guard = new JsonGuard(JsonThreatLimits.Default);
        Assert.Equal(GuardStatus.NeedMoreData, guard.Feed(new ReadOnlySequence<byte>("12"u8.ToArray()), false, out long consumed));
        Assert.Equal(0, consumed);
        Assert.Equal(GuardStatus.Allowed, guard.Feed(new ReadOnlySequence<byte>("123"u8.ToArray()), true, out consumed));
        Assert.Equal(3, consumed);
    }
}
