using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using ApiFilter.Json;
using ApiFilter.Parameters;
using ApiFilter.Pipeline;

namespace ApiFilter.Forms;

/// <summary>
/// Streaming guard for <c>application/x-www-form-urlencoded</c> bodies (WHATWG URL section 5.1):
/// pairs separated by '&amp;', name and value split at the first '=', '+' is a space, escapes
/// decoded once and the result required to be UTF-8. Enforces <see cref="FormLimits"/> as the
/// bytes arrive and, given <see cref="FormFields"/> and a <see cref="TokenSink"/>, hands the body
/// to the schema validator as one JSON object.
/// </summary>
/// <remarks>
/// <para>
/// Every byte presented is consumed: partial escapes and pairs are kept in the guard's state, so a
/// body may be split anywhere. The decoded names and values are kept in a pooled buffer (bounded by
/// the body limit) because a field's values may be spread over the body (<c>tag=a&amp;x=1&amp;tag=b</c>)
/// and the JSON object is emitted, grouped by field, once the body is complete.
/// </para>
/// <para>
/// With fields: a field given twice that is not an exploded array (or a deepObject member twice)
/// is refused with <c>form.duplicate</c>; a value its style cannot decode with <c>form.syntax</c>.
/// Fields the schema does not declare are emitted as strings, so <c>additionalProperties</c> decides.
/// When the token sink refuses, <see cref="Feed"/> returns <see cref="GuardStatus.Refused"/> with a
/// null <see cref="Violation"/> and <see cref="RefusedByTokenSink"/> set: the sink holds the violations.
/// </para>
/// </remarks>
public sealed class FormUrlEncodedGuard : IBodyGuard
{
    private const int OwnedBufferLimit = 64 * 1024;

    private readonly FormLimits _limits;
    private FormFields? _fields;
    private byte[] _decoded = [];
    private int _decodedLength;
    private ParameterPair[] _pairs = [];
    private int _pairCount;
    private long _offset;
    private bool _inValue;
    private bool _pairStarted;
    private int _rawName;
    private int _rawValue;
    private int _nameStart;
    private int _valueStart;
    private int _escape;
    private int _escapeHigh;

    /// <summary>Creates a guard.</summary>
    /// <param name="limits">The limits; <see cref="FormLimits.Default"/> when null.</param>
    /// <param name="fields">The body's fields, to emit JSON tokens and check duplicates; null to check syntax and limits only.</param>
    public FormUrlEncodedGuard(FormLimits? limits = null, FormFields? fields = null)
    {
        _limits = limits ?? FormLimits.Default;
        _limits.Validate();
        _fields = fields;
    }

    /// <inheritdoc/>
    public long MaxBodyBytes => _limits.MaxBodyBytes;

    /// <inheritdoc/>
    public Violation? Violation { get; private set; }

    /// <summary>
    /// The body's fields; null to check syntax and limits only. A pooled guard is given the fields of
    /// the operation it judges after <see cref="Reset"/>.
    /// </summary>
    public FormFields? Fields
    {
        get => _fields;
        set => _fields = value;
    }

    /// <summary>Receives the body as one JSON object at the end (with <see cref="FormFields"/>); set it after <see cref="Reset"/>, or leave null.</summary>
    public IJsonTokenSink? TokenSink { get; set; }

    /// <summary>True when the last refusal came from <see cref="TokenSink"/> (then <see cref="Violation"/> is null).</summary>
    public bool RefusedByTokenSink { get; private set; }

    /// <inheritdoc/>
    public GuardStatus Feed(ReadOnlySequence<byte> data, bool isFinalBlock, out long consumed)
    {
        consumed = 0;
        if (Violation is not null || RefusedByTokenSink)
        {
            return GuardStatus.Refused;
        }

        if (data.Length > _limits.MaxBodyBytes - _offset)
        {
            long limit = _limits.MaxBodyBytes;
            return Refuse(ViolationCodes.BodySize, "", $"body is larger than {limit} bytes (limit body.size = {limit})", limit);
        }

        foreach (ReadOnlyMemory<byte> segment in data)
        {
            if (!Scan(segment.Span))
            {
                return GuardStatus.Refused;
            }
        }

        consumed = data.Length;
        if (!isFinalBlock)
        {
            return GuardStatus.NeedMoreData;
        }

        if (_escape != 0)
        {
            return Refuse(ViolationCodes.FormSyntax, CurrentPointer(), "body ends inside a percent-escape", _offset);
        }

        if (!EndPair())
        {
            return GuardStatus.Refused;
        }

        return _fields is not null && TokenSink is not null ? Emit(_fields, TokenSink) : GuardStatus.Allowed;
    }

    /// <inheritdoc/>
    public void Reset()
    {
        Violation = null;
        RefusedByTokenSink = false;
        _decodedLength = 0;
        _pairCount = 0;
        _offset = 0;
        _inValue = false;
        _pairStarted = false;
        _rawName = 0;
        _rawValue = 0;
        _nameStart = 0;
        _valueStart = 0;
        _escape = 0;
        if (_decoded.Length > OwnedBufferLimit)
        {
            ArrayPool<byte>.Shared.Return(_decoded);
            _decoded = [];
        }

        if (_pairs.Length > _limits.MaxPairs)
        {
            ArrayPool<ParameterPair>.Shared.Return(_pairs);
            _pairs = [];
        }
    }

    private bool Scan(ReadOnlySpan<byte> span)
    {
        int i = 0;
        while (i < span.Length)
        {
            if (_escape != 0)
            {
                int hex = HexValue(span[i]);
                if (hex < 0)
                {
                    Refuse(ViolationCodes.FormSyntax, CurrentPointer(), "'%' is not followed by two hexadecimal digits", _offset);
                    return false;
                }

                if (_escape == 1)
                {
                    _escapeHigh = hex;
                    _escape = 2;
                }
                else
                {
                    Append((byte)((_escapeHigh << 4) | hex));
                    _escape = 0;
                }

                if (!Count(1))
                {
                    return false;
                }

                i++;
                continue;
            }

            // Plain bytes up to the next byte with a meaning are copied as one run.
            int run = span[i..].IndexOfAny(_inValue ? "&%+"u8 : "&=%+"u8);
            int plain = run < 0 ? span.Length - i : run;
            if (plain > 0)
            {
                if (!Count(plain))
                {
                    return false;
                }

                Reserve(plain);
                span.Slice(i, plain).CopyTo(_decoded.AsSpan(_decodedLength));
                _decodedLength += plain;
                _pairStarted = true;
                i += plain;
                continue;
            }

            byte b = span[i];
            switch (b)
            {
                case (byte)'&':
                    if (!EndPair())
                    {
                        return false;
                    }

                    _offset++;
                    break;
                case (byte)'=':
                    _inValue = true;
                    _pairStarted = true;
                    _valueStart = _decodedLength;
                    _offset++;
                    break;
                case (byte)'%':
                    _escape = 1;
                    _pairStarted = true;
                    if (!Count(1))
                    {
                        return false;
                    }

                    break;
                default:
                    Append((byte)' ');
                    if (!Count(1))
                    {
                        return false;
                    }

                    break;
            }

            i++;
        }

        return true;
    }

    /// <summary>Counts raw bytes of the current name or value against its limit, and the body offset.</summary>
    private bool Count(int bytes)
    {
        long start = _offset;
        _offset += bytes;
        if (_inValue)
        {
            int before = _rawValue;
            _rawValue += bytes;
            if (_rawValue > _limits.MaxValueLength)
            {
                // The offset of the first byte over the limit, wherever the segments were cut.
                Refuse(ViolationCodes.FormValueLength, CurrentPointer(), $"a field value is longer than {_limits.MaxValueLength} bytes (limit form.valueLength)", start + (_limits.MaxValueLength - before));
                return false;
            }
        }
        else
        {
            int before = _rawName;
            _rawName += bytes;
            if (_rawName > _limits.MaxNameLength)
            {
                Refuse(ViolationCodes.FormNameLength, "", $"a field name is longer than {_limits.MaxNameLength} bytes (limit form.nameLength)", start + (_limits.MaxNameLength - before));
                return false;
            }
        }

        return true;
    }

    private void Append(byte b)
    {
        Reserve(1);
        _decoded[_decodedLength++] = b;
        _pairStarted = true;
    }

    private void Reserve(int more)
    {
        if (_decodedLength + more <= _decoded.Length)
        {
            return;
        }

        byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_decodedLength + more, Math.Max(256, _decoded.Length * 2)));
        _decoded.AsSpan(0, _decodedLength).CopyTo(bigger);
        if (_decoded.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_decoded);
        }

        _decoded = bigger;
    }

    /// <summary>Completes the pair being read: UTF-8 check, pair limit, field classification.</summary>
    private bool EndPair()
    {
        if (_pairStarted)
        {
            int nameEnd = _inValue ? _valueStart : _decodedLength;
            if (!Utf8.IsValid(_decoded.AsSpan(_nameStart, nameEnd - _nameStart)) || !Utf8.IsValid(_decoded.AsSpan(nameEnd, _decodedLength - nameEnd)))
            {
                Refuse(ViolationCodes.FormSyntax, CurrentPointer(), "a field does not decode to UTF-8", _offset);
                return false;
            }

            if (_pairCount == _limits.MaxPairs)
            {
                Refuse(ViolationCodes.FormPairs, "", $"more than {_limits.MaxPairs} fields (limit form.pairs)", _offset);
                return false;
            }

            if (_pairCount == _pairs.Length)
            {
                ParameterPair[] bigger = ArrayPool<ParameterPair>.Shared.Rent(Math.Min(_limits.MaxPairs, Math.Max(16, _pairs.Length * 2)));
                _pairs.AsSpan(0, _pairCount).CopyTo(bigger);
                if (_pairs.Length > 0)
                {
                    ArrayPool<ParameterPair>.Shared.Return(_pairs);
                }

                _pairs = bigger;
            }

            var pair = new ParameterPair
            {
                Decoded = _nameStart,
                DecodedLength = nameEnd - _nameStart,
                ValueStart = nameEnd,
                ValueLength = _decodedLength - nameEnd,
                KeyStart = -1,
                Parameter = -1,
            };
            if (_fields is not null && !Classify(_fields, ref pair))
            {
                return false;
            }

            _pairs[_pairCount++] = pair;
        }

        _inValue = false;
        _pairStarted = false;
        _rawName = 0;
        _rawValue = 0;
        _nameStart = _decodedLength;
        _valueStart = _decodedLength;
        return true;
    }

    private bool Classify(FormFields fields, ref ParameterPair pair)
    {
        ReadOnlySpan<byte> name = _decoded.AsSpan(pair.Decoded, pair.DecodedLength);
        foreach (CompiledParameter field in fields.Fields)
        {
            ReadOnlySpan<byte> declared = field.NameUtf8;
            if (field.Style == ParameterStyle.DeepObject)
            {
                if (name.Length > declared.Length && name.StartsWith(declared) && name[declared.Length] == '[')
                {
                    ReadOnlySpan<byte> key = name[(declared.Length + 1)..];
                    if (key.Length < 2 || key[^1] != ']' || key[..^1].IndexOfAny((byte)'[', (byte)']') >= 0)
                    {
                        Refuse(ViolationCodes.FormSyntax, Pointer(declared), $"field '{field.Name}': '{Shorten(name)}' is not {field.Name}[key] (deepObject has one level)", _offset);
                        return false;
                    }

                    pair.Parameter = field.Index;
                    pair.KeyStart = pair.Decoded + declared.Length + 1;
                    pair.KeyLength = key.Length - 1;
                    return true;
                }

                if (name.SequenceEqual(declared))
                {
                    Refuse(ViolationCodes.FormSyntax, Pointer(declared), $"field '{field.Name}' must be sent as {field.Name}[key]=value (deepObject)", _offset);
                    return false;
                }

                continue;
            }

            if (name.SequenceEqual(declared))
            {
                pair.Parameter = field.Index;
                return true;
            }
        }

        return true;
    }

    /// <summary>The whole body as one JSON object, grouped by field in order of first appearance.</summary>
    private GuardStatus Emit(FormFields fields, IJsonTokenSink sink)
    {
        ReadOnlySpan<ParameterPair> pairs = _pairs.AsSpan(0, _pairCount);
        if (!sink.StartObject())
        {
            return RefusedBySink();
        }

        for (int k = 0; k < pairs.Length; k++)
        {
            ref readonly ParameterPair pair = ref pairs[k];
            ReadOnlySpan<byte> name = _decoded.AsSpan(pair.Decoded, pair.DecodedLength);
            int earlier = FirstOfGroup(pairs, k);
            if (earlier < k)
            {
                CompiledParameter? multi = pair.Parameter >= 0 ? fields.Fields[pair.Parameter] : null;
                if (multi is not null && multi.MultiPair && multi.Shape == ValueShape.Array)
                {
                    continue;
                }

                if (multi is null || multi.Style != ParameterStyle.DeepObject)
                {
                    return Refuse(ViolationCodes.FormDuplicate, Pointer(name), $"field '{Shorten(name)}' is single-valued but was sent more than once", -1);
                }

                continue;
            }

            GuardStatus status = pair.Parameter < 0
                ? EmitOther(fields, sink, name, pair)
                : EmitField(fields.Fields[pair.Parameter], sink, pairs, k);
            if (status != GuardStatus.Allowed)
            {
                return status;
            }
        }

        return sink.EndObject() ? GuardStatus.Allowed : RefusedBySink();
    }

    /// <summary>The index of the first pair of <paramref name="k"/>'s group: same field, or same name for undeclared fields.</summary>
    private int FirstOfGroup(ReadOnlySpan<ParameterPair> pairs, int k)
    {
        ReadOnlySpan<byte> name = _decoded.AsSpan(pairs[k].Decoded, pairs[k].DecodedLength);
        for (int j = 0; j < k; j++)
        {
            if (pairs[k].Parameter >= 0
                ? pairs[j].Parameter == pairs[k].Parameter
                : pairs[j].Parameter < 0 && name.SequenceEqual(_decoded.AsSpan(pairs[j].Decoded, pairs[j].DecodedLength)))
            {
                return j;
            }
        }

        return k;
    }

    private GuardStatus EmitOther(FormFields fields, IJsonTokenSink sink, ReadOnlySpan<byte> name, in ParameterPair pair)
    {
        ReadOnlySpan<byte> value = _decoded.AsSpan(pair.ValueStart, pair.ValueLength);
        JsonTypes types = fields.Others.AdditionalAllowed ? fields.Others.AdditionalTypes : JsonTypes.String;
        return sink.PropertyName(name) && ScalarEmitter.Emit(sink, value, types) ? GuardStatus.Allowed : RefusedBySink();
    }

    private GuardStatus EmitField(CompiledParameter field, IJsonTokenSink sink, ReadOnlySpan<ParameterPair> pairs, int first)
    {
        if (!field.MultiPair)
        {
            ReadOnlySpan<byte> text = _decoded.AsSpan(pairs[first].ValueStart, pairs[first].ValueLength);
            ValueOutcome check = StyledText.Emit(field, text, null, _limits.MaxItems, trim: false, out int item);
            if (check != ValueOutcome.Ok)
            {
                string code = check == ValueOutcome.Duplicate ? ViolationCodes.FormDuplicate : ViolationCodes.FormSyntax;
                string pointer = Pointer(field.NameUtf8) + (item >= 0 && field.Shape == ValueShape.Array ? "/" + item.ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
                return Refuse(code, pointer, $"field '{field.Name}' cannot be decoded as {field.Style} {field.Shape.ToString().ToLowerInvariant()} ({check})", -1);
            }

            return sink.PropertyName(field.NameUtf8) && StyledText.Emit(field, text, sink, _limits.MaxItems, trim: false, out _) == ValueOutcome.Ok
                ? GuardStatus.Allowed
                : RefusedBySink();
        }

        bool isObject = field.Shape == ValueShape.Object;
        int count = 0;
        for (int k = first; k < pairs.Length; k++)
        {
            if (pairs[k].Parameter != field.Index)
            {
                continue;
            }

            if (++count > _limits.MaxItems)
            {
                return Refuse(ViolationCodes.FormSyntax, Pointer(field.NameUtf8), $"field '{field.Name}' has more than {_limits.MaxItems} items", -1);
            }

            if (isObject)
            {
                ReadOnlySpan<byte> key = _decoded.AsSpan(pairs[k].KeyStart, pairs[k].KeyLength);
                for (int j = first; j < k; j++)
                {
                    if (pairs[j].Parameter == field.Index && key.SequenceEqual(_decoded.AsSpan(pairs[j].KeyStart, pairs[j].KeyLength)))
                    {
                        return Refuse(ViolationCodes.FormDuplicate, Pointer(field.NameUtf8) + Pointer(key), $"field '{field.Name}' has member '{Shorten(key)}' twice", -1);
                    }
                }
            }
        }

        if (!sink.PropertyName(field.NameUtf8) || !(isObject ? sink.StartObject() : sink.StartArray()))
        {
            return RefusedBySink();
        }

        for (int k = first; k < pairs.Length; k++)
        {
            if (pairs[k].Parameter != field.Index)
            {
                continue;
            }

            ReadOnlySpan<byte> value = _decoded.AsSpan(pairs[k].ValueStart, pairs[k].ValueLength);
            JsonTypes types = field.ItemTypes;
            if (isObject)
            {
                ReadOnlySpan<byte> key = _decoded.AsSpan(pairs[k].KeyStart, pairs[k].KeyLength);
                types = field.Members.TypesOf(key);
                if (!sink.PropertyName(key))
                {
                    return RefusedBySink();
                }
            }

            if (!ScalarEmitter.Emit(sink, value, types))
            {
                return RefusedBySink();
            }
        }

        return (isObject ? sink.EndObject() : sink.EndArray()) ? GuardStatus.Allowed : RefusedBySink();
    }

    private GuardStatus RefusedBySink()
    {
        RefusedByTokenSink = true;
        return GuardStatus.Refused;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private GuardStatus Refuse(string code, string pointer, string message, long offset)
    {
        Violation = new Violation(code, pointer, message, offset, "body", null);
        return GuardStatus.Refused;
    }

    /// <summary>Pointer to the field being read (its name as decoded so far), for refusals inside it.</summary>
    private string CurrentPointer()
    {
        if (!_inValue)
        {
            return "";
        }

        return Pointer(_decoded.AsSpan(_nameStart, _valueStart - _nameStart));
    }

    private static string Pointer(ReadOnlySpan<byte> name) =>
        "/" + Encoding.UTF8.GetString(name).Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string Shorten(ReadOnlySpan<byte> text) =>
        text.Length <= 100 ? Encoding.UTF8.GetString(text) : Encoding.UTF8.GetString(text[..100]) + "…";

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        _ => -1,
    };
}
