namespace ApiFilter.Json;

/// <summary>
/// Receives a JSON value as a stream of tokens, in document order, exactly once: the
/// <see cref="JsonGuard"/> feeds it from the body it is reading, and the parameter and form
/// decoders feed it values they decoded from text. The schema validator is the main receiver, so a
/// body is validated in the same pass that enforces the threat limits.
/// </summary>
/// <remarks>
/// <para>
/// The producer guarantees a well-formed sequence: one top-level value; <see cref="PropertyName"/>
/// before each member value; containers closed in order. Strings and names arrive unescaped, as
/// well-formed UTF-8; numbers arrive as their RFC 8259 literal (<c>-12.5e3</c>). The spans are
/// only valid during the call.
/// </para>
/// <para>
/// Every method returns false when the receiver wants no more tokens (it has refused the value
/// and collected as many violations as it reports); the producer then stops and reports the
/// receiver's violations. Implementations are hot code: no allocation on the allow path.
/// </para>
/// </remarks>
public interface IJsonTokenSink
{
    /// <summary>An object starts (<c>{</c>).</summary>
    bool StartObject();

    /// <summary>The innermost object ends (<c>}</c>).</summary>
    bool EndObject();

    /// <summary>An array starts (<c>[</c>).</summary>
    bool StartArray();

    /// <summary>The innermost array ends (<c>]</c>).</summary>
    bool EndArray();

    /// <summary>A member name of the innermost object, unescaped UTF-8.</summary>
    bool PropertyName(ReadOnlySpan<byte> utf8Name);

    /// <summary>A string value, unescaped UTF-8.</summary>
    bool String(ReadOnlySpan<byte> utf8Value);

    /// <summary>A number value as its RFC 8259 literal.</summary>
    bool Number(ReadOnlySpan<byte> literal);

    /// <summary>A <c>true</c> or <c>false</c> value.</summary>
    bool Boolean(bool value);

    /// <summary>A <c>null</c> value.</summary>
    bool Null();
}
