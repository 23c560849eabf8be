using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ApiFilter.Json;

namespace ApiFilter.Tests.Multipart;

/// <summary>Writes the tokens it receives as compact JSON text, so a test can compare the form a guard emitted.</summary>
internal sealed class RecordingSink : IJsonTokenSink
{
    private readonly ArrayBufferWriter<byte> _buffer = new();
    private readonly Utf8JsonWriter _writer;
    private readonly int _stopAfter;
    private int _tokens;

    /// <param name="stopAfter">Answer false (stop) at this token (1-based); 0 never stops.</param>
    public RecordingSink(int stopAfter = 0)
    {
        _stopAfter = stopAfter;
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false });
    }

    public string Text
    {
        get
        {
            _writer.Flush();
            return Encoding.UTF8.GetString(_buffer.WrittenSpan);
        }
    }

    public bool StartObject()
    {
        _writer.WriteStartObject();
        return Next();
    }

    public bool EndObject()
    {
        _writer.WriteEndObject();
        return Next();
    }

    public bool StartArray()
    {
        _writer.WriteStartArray();
        return Next();
    }

    public bool EndArray()
    {
        _writer.WriteEndArray();
        return Next();
    }

    public bool PropertyName(ReadOnlySpan<byte> utf8Name)
    {
        _writer.WritePropertyName(utf8Name);
        return Next();
    }

    public bool String(ReadOnlySpan<byte> utf8Value)
    {
        _writer.WriteStringValue(utf8Value);
        return Next();
    }

    public bool Number(ReadOnlySpan<byte> literal)
    {
        _writer.WriteRawValue(literal);
        return Next();
    }

    public bool Boolean(bool value)
    {
        _writer.WriteBooleanValue(value);
        return Next();
    }

    public bool Null()
    {
        _writer.WriteNullValue();
        return Next();
    }

    private bool Next() => _stopAfter == 0 || ++_tokens < _stopAfter;
}
