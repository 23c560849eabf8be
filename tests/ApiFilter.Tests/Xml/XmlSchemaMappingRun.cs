using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using ApiFilter.Json;
using ApiFilter.Pipeline;
using ApiFilter.Xml;

namespace ApiFilter.Tests.Xml;

/// <summary>The verdict on one XML body mapped to JSON, and the tokens the sink received, as compact JSON text.</summary>
internal sealed record XmlMapOutcome(GuardStatus Status, string? Code, string? Pointer, long Offset, string Json, bool BySink)
{
    public override string ToString() => $"{Status} {Code} '{Pointer}' @{Offset} sink={BySink}: {Json}";
}

/// <summary>Feeds an XML body to a mapping <see cref="XmlGuard"/> whole, split at every byte, and one byte at a time.</summary>
internal static class XmlSchemaMappingRun
{
    /// <summary>A contract document whose <c>components.schemas</c> is <paramref name="schemasJson"/>.</summary>
    public static JsonNode Document(string schemasJson) =>
        JsonNode.Parse("""{"openapi":"3.1.0","components":{"schemas":""" + schemasJson + "}}")!;

    /// <summary>The mapping of a <c>$ref</c> to component <paramref name="name"/> of <paramref name="document"/>.</summary>
    public static XmlMapping Ref(JsonNode document, string name) =>
        XmlMapping.Compile(JsonNode.Parse($$$"""{"$ref":"#/components/schemas/{{{name}}}"}"""), document);

    /// <summary>Asserts that every way of cutting the body gives the same outcome; returns it.</summary>
    public static XmlMapOutcome Everywhere(XmlMapping mapping, string xml, Func<IJsonTokenSink, IJsonTokenSink>? wrap = null)
    {
        byte[] body = Encoding.UTF8.GetBytes(xml);
        var guard = new XmlGuard(XmlThreatLimits.Default);
        var whole = Once(guard, mapping, wrap, g => Final(g, new ReadOnlySequence<byte>(body)));
        for (int k = 1; k < body.Length; k++)
        {
            int cut = k;
            Assert.Equal(whole, Once(guard, mapping, wrap, g => Final(g, XmlTestDriver.Segments(body, cut))));
            Assert.Equal(whole, Once(guard, mapping, wrap, g => TwoReads(g, body, cut)));
        }

        Assert.Equal(whole, Once(guard, mapping, wrap, g => ByteByByte(g, body)));
        return whole;
    }

    /// <summary>One byte arrives per read; each read presents the unconsumed bytes as one-byte segments.</summary>
    private static GuardStatus ByteByByte(XmlGuard guard, byte[] body)
    {
        int consumed = 0;
        for (int arrived = 1; ; arrived++)
        {
            bool final = arrived == body.Length;
            var data = XmlTestDriver.Chunked(body[consumed..arrived], 1);
            var status = guard.Feed(data, final, out long used);
            consumed += (int)used;
            if (status != GuardStatus.NeedMoreData || final)
            {
                Assert.True(status != GuardStatus.Allowed || consumed == body.Length);
                return status;
            }
        }
    }

    private static GuardStatus Final(XmlGuard guard, ReadOnlySequence<byte> data)
    {
        var status = guard.Feed(data, isFinalBlock: true, out long consumed);
        Assert.True(status != GuardStatus.Allowed || consumed == data.Length);
        return status;
    }

    private static GuardStatus TwoReads(XmlGuard guard, byte[] body, int cut)
    {
        var status = guard.Feed(new ReadOnlySequence<byte>(body, 0, cut), isFinalBlock: false, out long consumed);
        if (status != GuardStatus.NeedMoreData)
        {
            return status;
        }

        return Final(guard, new ReadOnlySequence<byte>(body, (int)consumed, body.Length - (int)consumed));
    }

    private static XmlMapOutcome Once(XmlGuard guard, XmlMapping mapping, Func<IJsonTokenSink, IJsonTokenSink>? wrap, Func<XmlGuard, GuardStatus> feed)
    {
        guard.Reset();
        var recorder = new JsonTextRecorder();
        guard.Mapping = mapping;
        guard.TokenSink = wrap is null ? recorder : wrap(recorder);
        var status = feed(guard);
        var v = guard.Violation;
        if (status == GuardStatus.Refused)
        {
            Assert.True(v is null == guard.RefusedByTokenSink, "a refusal has either the guard's violation or the sink's");
        }

        return new XmlMapOutcome(status, v?.Code, v?.Pointer, v?.Offset ?? -1, recorder.Text, guard.RefusedByTokenSink);
    }
}

/// <summary>Renders tokens as compact JSON text, checking they form a well-formed sequence.</summary>
internal sealed class JsonTextRecorder : IJsonTokenSink
{
    private readonly StringBuilder _text = new();
    private readonly Stack<char> _open = new();
    private bool _needComma;
    private bool _afterName;

    public string Text => _text.ToString();

    public bool StartObject() => Open('{');

    public bool EndObject() => Close('{', '}');

    public bool StartArray() => Open('[');

    public bool EndArray() => Close('[', ']');

    public bool PropertyName(ReadOnlySpan<byte> utf8Name)
    {
        Assert.True(_open.Count > 0 && _open.Peek() == '{' && !_afterName, "a name outside an object or after a name");
        Separate();
        Quote(utf8Name);
        _text.Append(':');
        _afterName = true;
        return true;
    }

    public bool String(ReadOnlySpan<byte> utf8Value)
    {
        Value();
        Quote(utf8Value);
        return true;
    }

    public bool Number(ReadOnlySpan<byte> literal)
    {
        Value();
        _text.Append(Encoding.UTF8.GetString(literal));
        return true;
    }

    public bool Boolean(bool value)
    {
        Value();
        _text.Append(value ? "true" : "false");
        return true;
    }

    public bool Null()
    {
        Value();
        _text.Append("null");
        return true;
    }

    private bool Open(char c)
    {
        Value();
        _text.Append(c);
        _open.Push(c);
        _needComma = false;
        return true;
    }

    private bool Close(char open, char c)
    {
        Assert.True(_open.Count > 0 && _open.Pop() == open && !_afterName, "a container closed out of order");
        _text.Append(c);
        _needComma = true;
        return true;
    }

    private void Value()
    {
        if (_open.Count > 0 && _open.Peek() == '{')
        {
            Assert.True(_afterName, "an object member without a name");
        }
        else
        {
            Assert.True(_open.Count > 0 || _text.Length == 0, "a second top-level value");
            Separate();
        }

        _afterName = false;
        _needComma = true;
    }

    private void Separate()
    {
        if (_needComma)
        {
            _text.Append(',');
        }
    }

    private void Quote(ReadOnlySpan<byte> utf8)
    {
        _text.Append('"');
        foreach (char ch in Encoding.UTF8.GetString(utf8))
        {
            _text.Append(ch switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => ch.ToString(),
            });
        }

        _text.Append('"');
    }
}

/// <summary>Passes tokens on, refusing the first string value equal to <see cref="Refused"/>.</summary>
internal sealed class RefusingSink(IJsonTokenSink inner, string refused) : IJsonTokenSink
{
    public string Refused { get; } = refused;

    public bool StartObject() => inner.StartObject();

    public bool EndObject() => inner.EndObject();

    public bool StartArray() => inner.StartArray();

    public bool EndArray() => inner.EndArray();

    public bool PropertyName(ReadOnlySpan<byte> utf8Name) => inner.PropertyName(utf8Name);

    public bool String(ReadOnlySpan<byte> utf8Value) => inner.String(utf8Value) && Encoding.UTF8.GetString(utf8Value) != Refused;

    public bool Number(ReadOnlySpan<byte> literal) => inner.Number(literal);

    public bool Boolean(bool value) => inner.Boolean(value);

    public bool Null() => inner.Null();
}
