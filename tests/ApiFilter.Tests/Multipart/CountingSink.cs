using ApiFilter.Json;

namespace ApiFilter.Tests.Multipart;

/// <summary>A sink that only counts tokens and bytes: allocates nothing, for allocation tests.</summary>
internal sealed class CountingSink : IJsonTokenSink
{
    public int Tokens { get; private set; }

    public long Bytes { get; private set; }

    public void Clear()
    {
        Tokens = 0;
        Bytes = 0;
    }

    public bool StartObject() => Count(0);

    public bool EndObject() => Count(0);

    public bool StartArray() => Count(0);

    public bool EndArray() => Count(0);

    public bool PropertyName(ReadOnlySpan<byte> utf8Name) => Count(utf8Name.Length);

    public bool String(ReadOnlySpan<byte> utf8Value) => Count(utf8Value.Length);

    public bool Number(ReadOnlySpan<byte> literal) => Count(literal.Length);

    public bool Boolean(bool value) => Count(1);

    public bool Null() => Count(0);

    private bool Count(int bytes)
    {
        Tokens++;
        Bytes += bytes;
        return true;
    }
}
