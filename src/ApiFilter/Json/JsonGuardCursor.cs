using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ApiFilter.Pipeline;

namespace ApiFilter.Json;

/// <summary>
/// One read over the data presented to <see cref="JsonGuard.Feed"/>: drives a
/// <see cref="Utf8JsonReader"/> token by token, enforces every <see cref="JsonThreatLimits"/> on
/// the fly and records where to resume in a <see cref="JsonGuardState"/>. Lives on the stack for
/// the duration of one call.
/// </summary>
internal ref struct JsonGuardCursor
{
    private readonly ref JsonGuardState _state;
    private readonly JsonScopeStack _scopes;
    private readonly int _maxDepth;
    private readonly int _maxArrayLength;
    private readonly int _maxObjectEntries;
    private readonly int _maxStringLength;
    private readonly int _maxNameLength;
    private readonly int _maxNumberLength;
    private readonly IJsonTokenSink? _sink;
    private Utf8JsonReader _reader;

    /// <summary>True when all the data is well-formed UTF-8, so strings need no check of their own.</summary>
    private readonly bool _utf8Checked;

    public JsonGuardCursor(ReadOnlySequence<byte> data, bool isFinalBlock, ref JsonGuardState state, JsonScopeStack scopes, JsonThreatLimits limits, IJsonTokenSink? sink)
    {
        _sink = sink;
        _state = ref state;
        _scopes = scopes;
        _maxDepth = limits.MaxDepth;
        _maxArrayLength = limits.MaxArrayLength;
        _maxObjectEntries = limits.MaxObjectEntries;
        _maxStringLength = limits.MaxStringLength;
        _maxNameLength = limits.MaxNameLength;
        _maxNumberLength = limits.MaxNumberLength;
        _reader = new Utf8JsonReader(data, isFinalBlock, state.ReaderState);
        _utf8Checked = Utf8Prevalidation.IsValid(data);
    }

    /// <summary>Why the read stopped with a refusal; null while everything is acceptable.</summary>
    public Violation? Refusal { get; private set; }

    /// <summary>True when the read stopped because the token sink (the schema validator) wants no more tokens.</summary>
    public bool SinkRefused { get; private set; }

    /// <summary>Bytes of the presented data the reader has consumed so far.</summary>
    public readonly long BytesConsumed => _reader.BytesConsumed;

    /// <summary>
    /// Reads every complete token in the data. Returns false when a limit is broken or a string is
    /// not strict JSON (see <see cref="Refusal"/>). The reader throws <see cref="JsonException"/>
    /// for grammar errors; the caller turns that into a refusal.
    /// </summary>
    public bool Run()
    {
        while (_reader.Read())
        {
            bool ok;
            switch (_reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    ok = OnStartContainer(isObject: true) && (_sink is null || _sink.StartObject() || StopForSink());
                    break;
                case JsonTokenType.StartArray:
                    ok = OnStartContainer(isObject: false) && (_sink is null || _sink.StartArray() || StopForSink());
                    break;
                case JsonTokenType.EndObject:
                    _scopes.Pop();
                    ok = _sink is null || _sink.EndObject() || StopForSink();
                    break;
                case JsonTokenType.EndArray:
                    _scopes.Pop();
                    ok = _sink is null || _sink.EndArray() || StopForSink();
                    break;
                case JsonTokenType.PropertyName:
                    ok = OnPropertyName() && (_sink is null || FeedText(isName: true));
                    break;
                case JsonTokenType.String:
                    // Fast path: contiguous and UTF-8 already checked. Without escapes the length is the
                    // raw length; with them it is at most the raw length (every escape is at least as long
                    // as the UTF-8 it stands for), so only a string whose raw form is over the limit, or
                    // that may hold an unpaired surrogate escape, needs the exact walk.
                    ok = CountElement() && (_utf8Checked && !_reader.HasValueSequence && _reader.ValueSpan.Length <= _maxStringLength
                        && (!_reader.ValueIsEscaped || JsonStringScanner.SurrogateEscapesArePaired(_reader.ValueSpan))
                        || OnString()) && (_sink is null || FeedText(isName: false));
                    break;
                case JsonTokenType.Number:
                    ok = CountElement() && OnNumber() && (_sink is null || FeedNumber());
                    break;
                default: // true, false, null: nothing to measure
                    ok = CountElement() && (_sink is null || FeedLiteral());
                    break;
            }

            if (!ok)
            {
                return false;
            }
        }

        _state.SawToken |= _reader.TokenType != JsonTokenType.None;
        _state.ReaderState = _reader.CurrentState;
        _state.BodyOffset += _reader.BytesConsumed;
        return true;
    }

    /// <summary>Absolute body offset of the token just read.</summary>
    private readonly long TokenOffset => _state.BodyOffset + _reader.TokenStartIndex;

    /// <summary>Counts a value that is an element of the innermost array (<c>json.arrayLength</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool CountElement() =>
        !_scopes.InArray || _scopes.CountChild() <= _maxArrayLength || RefuseArrayLength();

    private bool OnStartContainer(bool isObject)
    {
        if (!CountElement())
        {
            return false;
        }

        // Depth counts containers: the outermost '[' or '{' is depth 1, so MaxDepth containers
        // nested inside each other are allowed and the next one inside them is refused.
        if (_scopes.Depth >= _maxDepth)
        {
            return RefuseDepth();
        }

        _scopes.Push(isObject);
        return true;
    }

    private bool OnPropertyName()
    {
        if (_scopes.CountChild() > _maxObjectEntries)
        {
            return RefuseObjectEntries();
        }

        ReadOnlySpan<byte> raw = RawValue();
        bool escaped = _reader.ValueIsEscaped;
        JsonStringStatus status = JsonStringScanner.TryMeasure(raw, escaped, _utf8Checked, out int length, out int at);
        if (status != JsonStringStatus.Valid)
        {
            // The name cannot be represented, so the pointer names the object that holds it.
            return RefuseString(status, _scopes.Depth - 1, "member name", at);
        }

        if (length > _maxNameLength)
        {
            return RefuseNameLength(length);
        }

        // RFC 8259 §4: names SHOULD be unique; parsers disagree on which duplicate wins, which
        // lets a body mean one thing to this filter and another to the service behind it.
        return _scopes.TryAddName(raw, escaped, length) || RefuseDuplicate();
    }

    private bool OnString()
    {
        ReadOnlySpan<byte> raw = RawValue();
        JsonStringStatus status = JsonStringScanner.TryMeasure(raw, _reader.ValueIsEscaped, _utf8Checked, out int length, out int at);
        if (status != JsonStringStatus.Valid)
        {
            return RefuseString(status, _scopes.Depth, "string", at);
        }

        return length <= _maxStringLength || RefuseStringLength(length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool OnNumber()
    {
        long length = _reader.HasValueSequence ? _reader.ValueSequence.Length : _reader.ValueSpan.Length;
        return length <= _maxNumberLength || RefuseNumberLength(length);
    }

    /// <summary>Hands the current string or name to the sink unescaped: the token's own bytes when it has no escape and is contiguous.</summary>
    private bool FeedText(bool isName)
    {
        ReadOnlySpan<byte> text;
        if (!_reader.HasValueSequence && !_reader.ValueIsEscaped)
        {
            text = _reader.ValueSpan;
        }
        else
        {
            // Unescaping never lengthens a string (every escape is at least as long as its UTF-8).
            long raw = _reader.HasValueSequence ? _reader.ValueSequence.Length : _reader.ValueSpan.Length;
            Span<byte> scratch = _scopes.Scratch(checked((int)raw));
            text = scratch[.._reader.CopyString(scratch)];
        }

        return (isName ? _sink!.PropertyName(text) : _sink!.String(text)) || StopForSink();
    }

    private bool FeedNumber()
    {
        ReadOnlySpan<byte> literal = _reader.HasValueSequence ? RawValueSlow() : _reader.ValueSpan;
        return _sink!.Number(literal) || StopForSink();
    }

    private bool FeedLiteral()
    {
        bool ok = _reader.TokenType switch
        {
            JsonTokenType.True => _sink!.Boolean(true),
            JsonTokenType.False => _sink!.Boolean(false),
            _ => _sink!.Null(),
        };
        return ok || StopForSink();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool StopForSink()
    {
        SinkRefused = true;
        return false;
    }

    /// <summary>The raw bytes of the current string or name token, contiguous.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> RawValue() => _reader.HasValueSequence ? RawValueSlow() : _reader.ValueSpan;

    /// <summary>Slow path: the token straddles segments, so copy it into the pooled scratch buffer.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ReadOnlySpan<byte> RawValueSlow()
    {
        ReadOnlySequence<byte> sequence = _reader.ValueSequence;
        Span<byte> scratch = _scopes.Scratch(checked((int)sequence.Length));
        sequence.CopyTo(scratch);
        return scratch;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefuseString(JsonStringStatus status, int frameCount, string what, int at)
    {
        string problem = status switch
        {
            JsonStringStatus.InvalidUtf8 => "contains bytes that are not well-formed UTF-8 (RFC 8259 §8.1)",
            JsonStringStatus.LoneSurrogate => "contains a \\u escape of an unpaired UTF-16 surrogate (RFC 8259 §7)",
            _ => "contains an escape RFC 8259 §7 does not allow",
        };

        // +1 skips the opening quote: the offset names the offending byte itself.
        return Refuse(ViolationCodes.JsonSyntax, frameCount, $"{what} {problem}", TokenOffset + 1 + at);
    }

    // Refusals: out of line so the token loop stays small; they may allocate.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefuseArrayLength() => Refuse(
        ViolationCodes.JsonArrayLength,
        _scopes.Depth - 1,
        $"array has more than {_maxArrayLength} elements (limit json.arrayLength = {_maxArrayLength})",
        TokenOffset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefuseDepth() => Refuse(
        ViolationCodes.JsonDepth,
        _scopes.Depth,
        $"containers nest deeper than {_maxDepth} levels (limit json.depth = {_maxDepth})",
        TokenOffset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefuseObjectEntries() => Refuse(
        ViolationCodes.JsonObjectEntries,
        _scopes.Depth - 1,
        $"object has more than {_maxObjectEntries} members (limit json.objectEntries = {_maxObjectEntries})",
        TokenOffset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefuseNameLength(int length) => Refuse(
        ViolationCodes.JsonNameLength,
        _scopes.Depth - 1,
        $"member name is {length} UTF-8 bytes after unescaping, more than {_maxNameLength} (limit json.nameLength = {_maxNameLength})",
        TokenOffset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefuseStringLength(int length) => Refuse(
        ViolationCodes.JsonStringLength,
        _scopes.Depth,
        $"string is {length} UTF-8 bytes after unescaping, more than {_maxStringLength} (limit json.stringLength = {_maxStringLength})",
        TokenOffset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefuseNumberLength(long length) => Refuse(
        ViolationCodes.JsonNumberLength,
        _scopes.Depth,
        $"number literal has {length} characters, more than {_maxNumberLength} (limit json.numberLength = {_maxNumberLength})",
        TokenOffset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefuseDuplicate() => Refuse(
        ViolationCodes.JsonDuplicateName,
        _scopes.Depth,
        $"object has more than one member named \"{_scopes.CurrentName()}\" (json.duplicateName: names must be unique)",
        TokenOffset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool Refuse(string code, int frameCount, string message, long offset)
    {
        Refusal = new Violation(code, _scopes.BuildPointer(frameCount), message, offset);
        return false;
    }

    /// <summary>Offset used for a grammar error the reader threw on (refusal path).</summary>
    public readonly long ErrorOffset => _state.BodyOffset + _reader.BytesConsumed;

    /// <summary>Formats the exception text of the reader (refusal path).</summary>
    public static string DescribeSyntaxError(JsonException exception) =>
        string.Create(CultureInfo.InvariantCulture, $"not strict RFC 8259 JSON: {exception.Message}");
}
