using System.Text;
using ApiFilter.Json;
using ApiFilter.Parameters;

namespace ApiFilter.Tests.Parameters;

/// <summary>Renders each parameter's tokens as compact JSON text (strings unescaped), keyed by parameter index.</summary>
internal sealed class TokenRecorder : IParameterValueChecker, IJsonTokenSink
{
    private readonly StringBuilder _text = new();
    private bool _first = true;
    private int _current = -1;

    public Dictionary<int, string> Values { get; } = [];

    public Dictionary<int, string> Contents { get; } = [];

    /// <summary>When set, End returns false for this parameter (the value checker refused it).</summary>
    public int RefuseAt { get; set; } = -1;

    public IJsonTokenSink? Begin(int parameterIndex)
    {
        _current = parameterIndex;
        _text.Clear();
        _first = true;
        return this;
    }

    public bool End(int parameterIndex)
    {
        Assert.Equal(_current, parameterIndex);
        Values[parameterIndex] = _text.ToString();
        return parameterIndex != RefuseAt;
    }

    public bool Content(int parameterIndex, ReadOnlyMemory<byte> document)
    {
        Contents[parameterIndex] = Encoding.UTF8.GetString(document.Span);
        return parameterIndex != RefuseAt;
    }

    public bool StartObject() => Append("{", open: true);

    public bool EndObject() => Close("}");

    public bool StartArray() => Append("[", open: true);

    public bool EndArray() => Close("]");

    public bool PropertyName(ReadOnlySpan<byte> utf8Name)
    {
        Append("\"" + Encoding.UTF8.GetString(utf8Name) + "\":", open: true);
        return true;
    }

    public bool String(ReadOnlySpan<byte> utf8Value) => Append("\"" + Encoding.UTF8.GetString(utf8Value) + "\"", open: false);

    public bool Number(ReadOnlySpan<byte> literal) => Append(Encoding.UTF8.GetString(literal), open: false);

    public bool Boolean(bool value) => Append(value ? "true" : "false", open: false);

    public bool Null() => Append("null", open: false);

    private bool Append(string token, bool open)
    {
        if (!_first)
        {
            _text.Append(',');
        }

        _text.Append(token);
        _first = open;
        return true;
    }

    private bool Close(string token)
    {
        _text.Append(token);
        _first = false;
        return true;
    }
}
