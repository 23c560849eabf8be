using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using ApiFilter.Json;
using ApiFilter.Pipeline;

namespace ApiFilter.Multipart;

/// <summary>
/// Streaming <c>multipart/form-data</c> guard (RFC 7578 over RFC 2046 section 5.1.1): judges the
/// framing, each part's headers, content type and size, and the form's fields against a
/// <see cref="MultipartFormDescription"/>, in one forward pass as the body arrives, allocating
/// nothing on the allow path once the instance is warm.
/// </summary>
/// <remarks>
/// <para>
/// Per request: <see cref="Begin"/> with the request's <c>Content-Type</c> (it reads the boundary),
/// then <see cref="Feed"/> as for any <see cref="IBodyGuard"/>. This guard always consumes every
/// byte it is given: a delimiter or header line that straddles two reads is carried in its state,
/// so nothing has to be presented twice. <see cref="Reset"/> forgets the boundary too.
/// </para>
/// <para>
/// Framing: an optional preamble, then <c>--boundary</c> lines with optional transport padding,
/// parts of headers, a blank line and content, and the close delimiter <c>--boundary--</c>, after
/// which an epilogue is ignored. Line endings are CRLF only; a bare LF before a delimiter, a
/// delimiter followed by other text, a delimiter inside the epilogue, a body with no delimiter
/// and a body that ends before the close delimiter are all refused (see <see cref="MultipartScanner"/>).
/// </para>
/// <para>
/// Parts: <c>Content-Disposition: form-data; name="…"</c> is required; folded or malformed header
/// lines, repeated header fields or parameters and a <c>Content-Transfer-Encoding</c> other than
/// 7bit/8bit/binary are refused (see <see cref="MultipartHeaderParser"/>). A part without
/// <c>Content-Type</c> is <c>text/plain</c> (RFC 7578 section 4.4). A JSON part of a
/// <see cref="MultipartFieldKind.Json"/> field runs through a <see cref="JsonGuard"/>; text and JSON
/// parts that are interpreted must be UTF-8 (a <c>charset</c> other than UTF-8 or US-ASCII is refused).
/// </para>
/// <para>
/// Schema hook: given an <see cref="IJsonTokenSink"/>, the guard writes the form to it as one JSON
/// object once the close delimiter is read: members in the order their fields first appear; a
/// repeated field (or an allowed unknown name sent more than once) as an array of its values in
/// body order; a text value as a boolean or number when its field's
/// <see cref="MultipartField.ValueTypes"/> allow it and the text is one, else as a string; a JSON
/// part as its own tokens; a binary part as an empty string. Binary content is never presented as
/// text: a <c>format: binary</c> property must be compiled to accept any string (its size is
/// enforced here, by <see cref="MultipartField.MaxBytes"/>). The values are buffered (pooled) up to
/// the close delimiter because a repeated field's parts need not be adjacent.
/// </para>
/// </remarks>
public sealed class MultipartGuard : IBodyGuard
{
    private const int DelimiterPrefixLength = 3; // LF "--"
    private const int MaxBufferedBytes = 1 << 30;

    private readonly MultipartLimits _limits;
    private readonly MultipartFormDescription _form;
    private readonly JsonGuard _json;
    private readonly JsonReaderOptions _replayOptions;
    private readonly byte[] _delimiter = new byte[DelimiterPrefixLength + MultipartBoundary.MaxLength];
    private readonly byte[] _headers;
    private readonly int[] _fieldCounts;
    private MultipartPartRecord[] _records;
    private byte[] _values;
    private byte[] _unescaped;
    private MultipartScannerState _state;
    private IJsonTokenSink? _sink;
    private int _delimiterLength;
    private int _recordCount;
    private int _valuesLength;
    private int _parts;

    // The part being read.
    private int _partField;
    private MultipartFieldKind _partKind;
    private bool _partBuffered;
    private long _partBytes;
    private long _partLimit;
    private int _partValueStart;
    private int _partNameStart;
    private int _partNameLength;

    /// <summary>Creates a guard for forms described by <paramref name="form"/>.</summary>
    /// <param name="limits">Size and count limits.</param>
    /// <param name="form">The fields the form may carry.</param>
    /// <param name="jsonLimits">Threat limits for JSON parts.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is not positive, or a buffered (text or JSON) part may exceed 1 GiB.</exception>
    public MultipartGuard(MultipartLimits limits, MultipartFormDescription form, JsonThreatLimits jsonLimits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(jsonLimits);
        limits.Validate();
        if (limits.MaxFieldBytes > MaxBufferedBytes)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(limits), $"MaxFieldBytes must be at most {MaxBufferedBytes}: text and JSON parts are buffered.");
        }

        for (int i = 0; i < form.Count; i++)
        {
            MultipartField field = form[i].Field;
            if (field.Kind != MultipartFieldKind.Binary && field.MaxBytes > MaxBufferedBytes)
            {
                ThrowHelper.ThrowArgumentOutOfRange(nameof(form), $"Field '{field.Name}': MaxBytes must be at most {MaxBufferedBytes}: text and JSON parts are buffered.");
            }
        }

        _limits = limits;
        _form = form;
        _json = new JsonGuard(jsonLimits);
        _replayOptions = new JsonReaderOptions
        {
            MaxDepth = jsonLimits.MaxDepth < int.MaxValue ? jsonLimits.MaxDepth + 1 : int.MaxValue,
            CommentHandling = JsonCommentHandling.Disallow,
        };
        _headers = new byte[limits.MaxPartHeaderBytes];
        _fieldCounts = new int[form.Count];
        _records = new MultipartPartRecord[Math.Min(limits.MaxParts, 16)];
        _values = ArrayPool<byte>.Shared.Rent(4096);
        _unescaped = ArrayPool<byte>.Shared.Rent(256);
        Reset();
    }

    /// <summary>The limits this guard enforces.</summary>
    public MultipartLimits Limits => _limits;

    /// <summary>The form this guard judges against.</summary>
    public MultipartFormDescription Form => _form;

    /// <inheritdoc/>
    public long MaxBodyBytes => _limits.MaxBodyBytes;

    /// <inheritdoc/>
    /// <remarks>Null also after a refusal by the sink (see <see cref="StoppedBySink"/>): the sink holds the reasons.</remarks>
    public Violation? Violation { get; private set; }

    /// <summary>
    /// True when <see cref="Feed"/> returned <see cref="GuardStatus.Refused"/> because the sink given to
    /// <see cref="Begin"/> refused the form; its violations are the reasons and <see cref="Violation"/> is null.
    /// </summary>
    public bool StoppedBySink { get; private set; }

    /// <summary>
    /// Bytes looked at since the last <see cref="Reset"/>, a byte looked at twice counted twice: a
    /// measure of the work done, which must stay linear in the body size however it arrives.
    /// </summary>
    internal long BytesExamined => _state.Examined;

    /// <summary>
    /// Starts judging a body: forgets the previous one, reads the boundary from
    /// <paramref name="contentType"/> and remembers the sink. Allocates nothing unless it refuses.
    /// </summary>
    /// <param name="contentType">The request's <c>Content-Type</c>: <c>multipart/form-data; boundary=…</c>.</param>
    /// <param name="sink">Receives the form as one JSON object for schema validation, or null.</param>
    /// <returns>
    /// <see cref="GuardStatus.NeedMoreData"/> to go on with <see cref="Feed"/>, or
    /// <see cref="GuardStatus.Refused"/> (<c>multipart.boundary</c>, or <c>body.mediaType</c> for a
    /// multipart type other than form-data) with <see cref="Violation"/> set.
    /// </returns>
    public GuardStatus Begin(ReadOnlySpan<char> contentType, IJsonTokenSink? sink = null)
    {
        Reset();
        if (!MultipartBoundary.TryParse(contentType, _delimiter.AsSpan(DelimiterPrefixLength), out int length, out Violation? violation))
        {
            return Refuse(violation);
        }

        int semicolon = contentType.IndexOf(';');
        if (!contentType[..semicolon].Trim(" \t").Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(new Violation(ViolationCodes.BodyMediaType, "", "this guard judges multipart/form-data bodies only (RFC 7578)"));
        }

        _delimiter[0] = (byte)'\n';
        _delimiter[1] = (byte)'-';
        _delimiter[2] = (byte)'-';
        _delimiterLength = DelimiterPrefixLength + length;
        _sink = sink;
        return GuardStatus.NeedMoreData;
    }

    /// <inheritdoc/>
    public GuardStatus Feed(ReadOnlySequence<byte> data, bool isFinalBlock, out long consumed)
    {
        consumed = 0;
        if (Violation is not null || StoppedBySink)
        {
            return GuardStatus.Refused;
        }

        if (_delimiterLength == 0)
        {
            // Fail closed: without a boundary nothing in the body can be judged.
            return Refuse(new Violation(ViolationCodes.MultipartBoundary, "", "the multipart boundary was not read from Content-Type before the body"));
        }

        // Everything presented has arrived; refuse as soon as the body cannot fit, before reading it.
        if (data.Length > _limits.MaxBodyBytes - _state.Offset)
        {
            return RefuseSize();
        }

        foreach (ReadOnlyMemory<byte> segment in data)
        {
            if (!segment.IsEmpty && !Run(segment.Span))
            {
                return GuardStatus.Refused;
            }
        }

        GuardStatus status = isFinalBlock ? Finish() : GuardStatus.NeedMoreData;
        consumed = status == GuardStatus.Refused ? 0 : data.Length;
        return status;
    }

    /// <summary>The receiver given to <see cref="Begin"/> for this body, or null.</summary>
    public IJsonTokenSink? Sink => _sink;

    /// <inheritdoc/>
    /// <remarks>Forgets the boundary and the sink as well: call <see cref="Begin"/> before the next body.</remarks>
    public void Reset()
    {
        _state = MultipartScannerState.Initial;
        _delimiterLength = 0;
        _sink = null;
        Violation = null;
        StoppedBySink = false;
        Array.Clear(_fieldCounts);
        _recordCount = 0;
        _valuesLength = 0;
        _parts = 0;
        _json.Reset();
    }

    /// <summary>Reads one span to its end, acting on each framing event.</summary>
    private bool Run(ReadOnlySpan<byte> span)
    {
        var scanner = new MultipartScanner(ref _state, _delimiter.AsSpan(0, _delimiterLength), _headers, span);
        while (true)
        {
            switch (scanner.Next())
            {
                case MultipartEvent.EndOfData:
                    _state.Offset += span.Length;
                    return true;

                case MultipartEvent.PartStart:
                    if (++_parts > _limits.MaxParts)
                    {
                        return RefuseParts();
                    }

                    break;

                case MultipartEvent.HeadersComplete:
                    if (!OnHeaders())
                    {
                        return false;
                    }

                    break;

                case MultipartEvent.Content:
                    if (!OnContent(scanner.Content))
                    {
                        return false;
                    }

                    break;

                case MultipartEvent.PartEnd:
                    if (!OnContent(scanner.Content) || !OnPartEnd(scanner.Trim))
                    {
                        return false;
                    }

                    break;

                case MultipartEvent.Close:
                    if (!OnClose(scanner.Position))
                    {
                        return false;
                    }

                    break;

                default:
                    return RefuseMalformed();
            }
        }
    }

    /// <summary>A part's header block is complete: identify its field and check what the form allows.</summary>
    private bool OnHeaders()
    {
        ReadOnlySpan<byte> block = _headers.AsSpan(0, _state.HeaderLength);
        string? error = MultipartHeaderParser.Parse(block, out MultipartPartHeaders headers);
        if (error is not null)
        {
            return Fail(ViolationCodes.MultipartSyntax, "", error, _state.PartStart, location: null);
        }

        _partNameStart = headers.NameStart;
        _partNameLength = headers.NameLength;
        ReadOnlySpan<byte> name = block.Slice(headers.NameStart, headers.NameLength);
        ReadOnlySpan<byte> type = headers.HasContentType ? block.Slice(headers.TypeStart, headers.TypeLength) : "text"u8;
        ReadOnlySpan<byte> subtype = headers.HasContentType ? block.Slice(headers.SubtypeStart, headers.SubtypeLength) : "plain"u8;
        bool isJson = Ascii.EqualsIgnoreCase(type, "application"u8)
            && (Ascii.EqualsIgnoreCase(subtype, "json"u8) || (subtype.Length > 5 && Ascii.EqualsIgnoreCase(subtype[^5..], "+json"u8)));
        int field = _form.Find(name);
        MultipartFieldKind kind;
        long limit;
        if (field < 0)
        {
            if (!_form.AllowUnknownFields)
            {
                return RefuseField(ViolationCodes.MultipartUnknownField, "the form does not declare a field named '{0}'", _state.PartStart);
            }

            kind = isJson ? MultipartFieldKind.Json
                : !headers.HasFilename && Ascii.EqualsIgnoreCase(type, "text"u8) ? MultipartFieldKind.Text
                : MultipartFieldKind.Binary;
            limit = headers.HasFilename ? _limits.MaxFileBytes : _limits.MaxFieldBytes;
        }
        else
        {
            MultipartField declared = _form[field].Field;
            if (++_fieldCounts[field] > 1 && !declared.Repeated)
            {
                return RefuseField(ViolationCodes.MultipartDuplicateField, "field '{0}' is single-valued but sent more than once (parameter pollution)", _state.PartStart);
            }

            if (!_form[field].Allows(type, subtype))
            {
                return RefuseMediaType(block, headers);
            }

            kind = declared.Kind;
            limit = declared.MaxBytes > 0 ? declared.MaxBytes
                : kind == MultipartFieldKind.Binary ? _limits.MaxFileBytes
                : _limits.MaxFieldBytes;
            if (kind == MultipartFieldKind.Json && !isJson)
            {
                // The encoding allows a non-JSON type for this field: its content is opaque here.
                kind = MultipartFieldKind.Binary;
            }
        }

        bool interpreted = kind == MultipartFieldKind.Json || (kind == MultipartFieldKind.Text && _sink is not null);
        if (interpreted && headers.CharsetStart >= 0)
        {
            ReadOnlySpan<byte> charset = block.Slice(headers.CharsetStart, headers.CharsetLength);
            if (!Ascii.EqualsIgnoreCase(charset, "utf-8"u8) && !Ascii.EqualsIgnoreCase(charset, "us-ascii"u8))
            {
                return RefuseField(ViolationCodes.BodyCharset, "part '{0}' declares a charset other than UTF-8; it is judged as UTF-8 only", _state.PartStart);
            }
        }

        _partField = field;
        _partKind = kind;
        _partLimit = limit;
        _partBytes = 0;
        _partBuffered = interpreted;
        if (_sink is not null)
        {
            if (_recordCount == _records.Length)
            {
                Array.Resize(ref _records, Math.Min(_records.Length * 2, _limits.MaxParts));
            }

            ref MultipartPartRecord record = ref _records[_recordCount];
            record = default;
            record.Field = field;
            record.Kind = kind;
            if (field < 0)
            {
                record.NameStart = _valuesLength;
                record.NameLength = name.Length;
                if (!Append(name))
                {
                    return false;
                }
            }
        }

        _partValueStart = _valuesLength;
        return true;
    }

    /// <summary>Content bytes of the current part (the last few may turn out to be its delimiter).</summary>
    private bool OnContent(ReadOnlySpan<byte> content)
    {
        _partBytes += content.Length;

        // Up to CR LF "--" boundary of what was counted may still be the delimiter.
        if (_partBytes - (_delimiterLength + 1) > _partLimit)
        {
            return RefusePartSize();
        }

        return !_partBuffered || Append(content);
    }

    /// <summary>The current part ended: drop its delimiter, then judge the content as a whole.</summary>
    private bool OnPartEnd(int trim)
    {
        _partBytes -= trim;
        if (_partBuffered)
        {
            _valuesLength -= trim;
        }

        if (_partBytes > _partLimit)
        {
            return RefusePartSize();
        }

        ReadOnlySpan<byte> value = _values.AsSpan(_partValueStart, _valuesLength - _partValueStart);
        if (_partKind == MultipartFieldKind.Json)
        {
            _json.Reset();
            if (_json.Feed(new ReadOnlySequence<byte>(_values, _partValueStart, value.Length), isFinalBlock: true, out _) == GuardStatus.Refused)
            {
                return RefuseJson();
            }
        }
        else if (_partBuffered && !Utf8.IsValid(value))
        {
            return RefuseField(ViolationCodes.BodyCharset, "part '{0}' is not well-formed UTF-8", _state.ContentStart);
        }

        if (_sink is null)
        {
            _valuesLength = _partValueStart;
            return true;
        }

        ref MultipartPartRecord record = ref _records[_recordCount++];
        record.ValueStart = _partValueStart;
        record.ValueLength = _partBuffered ? value.Length : 0;
        return true;
    }

    /// <summary>The close delimiter: check required fields, then hand the form to the sink.</summary>
    private bool OnClose(long position)
    {
        for (int i = 0; i < _fieldCounts.Length; i++)
        {
            if (_fieldCounts[i] == 0 && _form[i].Field.Required)
            {
                string name = _form[i].Field.Name;
                return Fail(ViolationCodes.MultipartMissingField, PointerOf(name), $"the form has no part for required field '{name}'", position, "body");
            }
        }

        if (_sink is not null && !Emit(_sink))
        {
            StoppedBySink = true;
            return false;
        }

        return true;
    }

    /// <summary>End of body: only after the close delimiter is it complete.</summary>
    private GuardStatus Finish()
    {
        long end = _state.Offset;
        switch (_state.Phase)
        {
            case MultipartPhase.ClosePadding:
            case MultipartPhase.Epilogue:
                return GuardStatus.Allowed;

            case MultipartPhase.Preamble:
                return Refuse(ViolationCodes.MultipartBoundary, "", "the body holds no delimiter line '--boundary' for the declared boundary (RFC 2046 §5.1.1)", end, location: null);

            case MultipartPhase.Headers:
                return Refuse(ViolationCodes.MultipartSyntax, "", "the body ends inside a part's headers, before the close delimiter (RFC 2046 §5.1.1)", end, location: null);

            case MultipartPhase.Content:
                // No delimiter completed: every byte counted is content.
                if (_partBytes > _partLimit)
                {
                    RefusePartSize();
                }
                else
                {
                    RefuseField(ViolationCodes.MultipartSyntax, "the body ends inside part '{0}': the part is unterminated and the close delimiter is missing (RFC 2046 §5.1.1)", end);
                }

                return GuardStatus.Refused;

            case MultipartPhase.CloseLf:
                return Refuse(ViolationCodes.MultipartSyntax, "", "the close delimiter line ends with a CR not followed by LF (RFC 2046 §5.1.1)", end, location: null);

            default:
                return Refuse(ViolationCodes.MultipartSyntax, "", "the body ends after a delimiter without the close delimiter '--boundary--' (RFC 2046 §5.1.1)", end, location: null);
        }
    }

    /// <summary>Writes the form to the sink as one object (see the class remarks).</summary>
    private bool Emit(IJsonTokenSink sink)
    {
        if (!sink.StartObject())
        {
            return false;
        }

        Span<MultipartPartRecord> records = _records.AsSpan(0, _recordCount);
        for (int r = 0; r < records.Length; r++)
        {
            ref MultipartPartRecord first = ref records[r];
            if (first.Emitted)
            {
                continue;
            }

            ReadOnlySpan<byte> name = NameOf(first);
            if (!sink.PropertyName(name))
            {
                return false;
            }

            bool asArray = first.Field >= 0 ? _form[first.Field].Field.Repeated : HasLaterUnknown(records, r, name);
            if (!asArray)
            {
                first.Emitted = true;
                if (!EmitValue(sink, first))
                {
                    return false;
                }

                continue;
            }

            if (!sink.StartArray())
            {
                return false;
            }

            for (int q = r; q < records.Length; q++)
            {
                ref MultipartPartRecord other = ref records[q];
                if (other.Emitted || other.Field != first.Field || (first.Field < 0 && !NameOf(other).SequenceEqual(name)))
                {
                    continue;
                }

                other.Emitted = true;
                if (!EmitValue(sink, other))
                {
                    return false;
                }
            }

            if (!sink.EndArray())
            {
                return false;
            }
        }

        return sink.EndObject();
    }

    private bool HasLaterUnknown(ReadOnlySpan<MultipartPartRecord> records, int index, ReadOnlySpan<byte> name)
    {
        for (int q = index + 1; q < records.Length; q++)
        {
            if (records[q].Field < 0 && NameOf(records[q]).SequenceEqual(name))
            {
                return true;
            }
        }

        return false;
    }

    private ReadOnlySpan<byte> NameOf(in MultipartPartRecord record) =>
        record.Field >= 0 ? _form[record.Field].Name : _values.AsSpan(record.NameStart, record.NameLength);

    private bool EmitValue(IJsonTokenSink sink, in MultipartPartRecord record)
    {
        ReadOnlySpan<byte> value = _values.AsSpan(record.ValueStart, record.ValueLength);
        switch (record.Kind)
        {
            case MultipartFieldKind.Binary:
                // Opaque octets are never shown to the validator as text; the part's size and
                // content type were judged here.
                return sink.String(ReadOnlySpan<byte>.Empty);

            case MultipartFieldKind.Json:
                return Replay(sink, value);

            default:
                MultipartValueTypes types = record.Field >= 0 ? _form[record.Field].Field.ValueTypes : MultipartValueTypes.String;
                if ((types & MultipartValueTypes.Boolean) != 0)
                {
                    if (value.SequenceEqual("true"u8))
                    {
                        return sink.Boolean(true);
                    }

                    if (value.SequenceEqual("false"u8))
                    {
                        return sink.Boolean(false);
                    }
                }

                if ((types & (MultipartValueTypes.Number | MultipartValueTypes.Integer)) != 0
                    && value.Length <= _json.Limits.MaxNumberLength && IsJsonNumber(value))
                {
                    return sink.Number(value);
                }

                return sink.String(value);
        }
    }

    /// <summary>
    /// Re-reads a JSON part the <see cref="JsonGuard"/> has already accepted and writes its tokens to
    /// the sink. The part is bounded by its field's size limit and sits in the value buffer.
    /// </summary>
    private bool Replay(IJsonTokenSink sink, ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, _replayOptions);
        while (reader.Read())
        {
            bool more = reader.TokenType switch
            {
                JsonTokenType.StartObject => sink.StartObject(),
                JsonTokenType.EndObject => sink.EndObject(),
                JsonTokenType.StartArray => sink.StartArray(),
                JsonTokenType.EndArray => sink.EndArray(),
                JsonTokenType.PropertyName => sink.PropertyName(Unescape(ref reader)),
                JsonTokenType.String => sink.String(Unescape(ref reader)),
                JsonTokenType.Number => sink.Number(reader.ValueSpan),
                JsonTokenType.True => sink.Boolean(true),
                JsonTokenType.False => sink.Boolean(false),
                JsonTokenType.Null => sink.Null(),
                _ => true,
            };
            if (!more)
            {
                return false;
            }
        }

        return true;
    }

    private ReadOnlySpan<byte> Unescape(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan;
        }

        if (_unescaped.Length < reader.ValueSpan.Length)
        {
            ArrayPool<byte>.Shared.Return(_unescaped);
            _unescaped = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        }

        int length = reader.CopyString(_unescaped);
        return _unescaped.AsSpan(0, length);
    }

    /// <summary>RFC 8259 section 6: <c>-? (0 / [1-9] DIGIT*) [ "." DIGIT+ ] [ ("e" / "E") ("+" / "-")? DIGIT+ ]</c>.</summary>
    private static bool IsJsonNumber(ReadOnlySpan<byte> text)
    {
        int i = 0;
        if (i < text.Length && text[i] == (byte)'-')
        {
            i++;
        }

        if (i == text.Length)
        {
            return false;
        }

        if (text[i] == (byte)'0')
        {
            i++;
        }
        else if (!SkipDigits(text, ref i))
        {
            return false;
        }

        if (i < text.Length && text[i] == (byte)'.')
        {
            i++;
            if (!SkipDigits(text, ref i))
            {
                return false;
            }
        }

        if (i < text.Length && text[i] is (byte)'e' or (byte)'E')
        {
            i++;
            if (i < text.Length && text[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            if (!SkipDigits(text, ref i))
            {
                return false;
            }
        }

        return i == text.Length;
    }

    private static bool SkipDigits(ReadOnlySpan<byte> text, ref int index)
    {
        int start = index;
        while (index < text.Length && char.IsAsciiDigit((char)text[index]))
        {
            index++;
        }

        return index > start;
    }

    private bool Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _values.Length - _valuesLength)
        {
            long needed = (long)_valuesLength + bytes.Length;
            if (needed > MaxBufferedBytes)
            {
                RefuseSize();
                return false;
            }

            byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Max(needed, Math.Min(2L * _values.Length, MaxBufferedBytes)));
            _values.AsSpan(0, _valuesLength).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_values);
            _values = larger;
        }

        bytes.CopyTo(_values.AsSpan(_valuesLength));
        _valuesLength += bytes.Length;
        return true;
    }

    // ---- refusals (cold: these may allocate) ----

    private string CurrentName() => Encoding.UTF8.GetString(_headers, _partNameStart, _partNameLength);

    private static string PointerOf(string name) => "/" + name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefuseField(string code, string format, long offset)
    {
        string name = CurrentName();
        return Fail(code, PointerOf(name), string.Format(System.Globalization.CultureInfo.InvariantCulture, format, name), offset, "body");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefuseMediaType(ReadOnlySpan<byte> block, in MultipartPartHeaders headers)
    {
        string name = CurrentName();
        string type = headers.HasContentType
            ? Encoding.ASCII.GetString(block.Slice(headers.TypeStart, headers.SubtypeStart + headers.SubtypeLength - headers.TypeStart))
            : "text/plain (no Content-Type, RFC 7578 §4.4)";
        string allowed = string.Join(", ", _form[_form.Find(block.Slice(headers.NameStart, headers.NameLength))].Field.ContentTypes);
        return Fail(ViolationCodes.MultipartPartMediaType, PointerOf(name), $"part '{name}' has content type {type}; its encoding allows {allowed}", _state.PartStart, "body");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefusePartSize()
    {
        string name = CurrentName();
        return Fail(ViolationCodes.MultipartPartSize, PointerOf(name), $"part '{name}' is larger than {_partLimit} bytes (limit multipart.partSize = {_partLimit})", _state.ContentStart, "body");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefuseParts()
    {
        int limit = _limits.MaxParts;
        return Fail(ViolationCodes.MultipartParts, "", $"the body has more than {limit} parts (limit multipart.parts = {limit})", _state.PartStart, location: null);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefuseJson()
    {
        Violation inner = _json.Violation!;
        string name = CurrentName();
        long offset = inner.Offset >= 0 ? _state.ContentStart + inner.Offset : -1;
        return Fail(inner.Code, PointerOf(name) + inner.Pointer, $"JSON part '{name}': {inner.Message}", offset, "body");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefuseMalformed()
    {
        string code = _state.ErrorCode!;
        string message = code == ViolationCodes.MultipartPartHeaders
            ? $"a part's headers are larger than {_limits.MaxPartHeaderBytes} bytes (limit multipart.partHeaders = {_limits.MaxPartHeaderBytes})"
            : _state.ErrorMessage!;
        return Fail(code, "", message, _state.ErrorOffset, location: null);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private GuardStatus RefuseSize()
    {
        long limit = _limits.MaxBodyBytes;
        return Refuse(new Violation(ViolationCodes.BodySize, "", $"body is larger than {limit} bytes (limit multipart body size = {limit})", limit));
    }

    private GuardStatus Refuse(string code, string pointer, string message, long offset, string? location) =>
        Refuse(new Violation(code, pointer, message, offset, location, schemaLocation: null));

    private bool Fail(string code, string pointer, string message, long offset, string? location)
    {
        Violation = new Violation(code, pointer, message, offset, location, schemaLocation: null);
        return false;
    }

    private GuardStatus Refuse(Violation violation)
    {
        Violation = violation;
        return GuardStatus.Refused;
    }
}
