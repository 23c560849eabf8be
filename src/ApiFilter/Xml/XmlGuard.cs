using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using ApiFilter.Json;
using ApiFilter.Pipeline;

namespace ApiFilter.Xml;

/// <summary>
/// Streaming XML threat guard: checks that a body is well-formed XML 1.0 (fifth edition) with
/// Namespaces in XML 1.0, refuses any DTD and any entity other than the five predefined ones, and
/// enforces <see cref="XmlThreatLimits"/>, in one pass over UTF-8 bytes as they arrive.
/// </summary>
/// <remarks>
/// <para>
/// Lexical rules and lengths are checked by <see cref="XmlScanner"/>; this class keeps the memory a
/// document needs (the open element names, the namespace scopes, the attributes of the start tag
/// being read) in buffers it owns and reuses, so once warm the allow path allocates nothing.
/// </para>
/// <para>
/// <b>Pointers.</b> A <see cref="Violation.Pointer"/> is an RFC 6901 JSON Pointer over the path of
/// open elements, one segment per element QName as written (for example <c>/o:order/o:items/o:item</c>),
/// with '~' and '/' escaped as "~0" and "~1"; no positional index is added, because
/// <see cref="Violation.Offset"/> already pins the exact byte. The path includes the element whose
/// start tag is being read (so an attribute problem names its element), except for
/// <c>xml.childCount</c>, which names the parent that has too many children. Problems outside the
/// root element have the empty pointer.
/// </para>
/// <para>
/// <b>Schema.</b> Given a <see cref="Mapping"/> and a <see cref="TokenSink"/> (set after
/// <see cref="Reset"/>, before the first <see cref="Feed"/>), the guard hands the body to the sink
/// as the JSON value the OpenAPI XML Object says it represents, in the same pass (see
/// <see cref="XmlMapping"/>). A body the mapping cannot express is refused with a <c>schema.*</c>
/// violation whose pointer is a JSON Pointer into that value; when the sink refuses,
/// <see cref="Feed"/> returns <see cref="GuardStatus.Refused"/> with a null <see cref="Violation"/>
/// and <see cref="RefusedByTokenSink"/> set: the sink holds the violations. Character data reaches
/// the sink with references replaced and line breaks normalized (XML 1.0 sections 4.6 and 2.11),
/// attribute values normalized (section 3.3.3).
/// </para>
/// <para>
/// <b>Children</b> counted against <see cref="XmlThreatLimits.MaxChildCount"/> are elements,
/// comments, processing instructions and text nodes that contain something other than whitespace;
/// indentation between elements is not counted.
/// </para>
/// <para>
/// <b>DTDs.</b> With <see cref="XmlThreatLimits.RejectDtd"/> (the default) any <c>&lt;!DOCTYPE</c> is
/// refused with <c>xml.dtd</c>. When it is false, a DOCTYPE before the root element is skipped
/// without being interpreted (bounded by <see cref="XmlThreatLimits.MaxTextLength"/>); entities it
/// declares are still never expanded, so references to them are refused with <c>xml.entity</c>.
/// </para>
/// </remarks>
[SkipLocalsInit]
public sealed class XmlGuard : IBodyGuard
{
    private static ReadOnlySpan<byte> XmlNamespaceUri => "http://www.w3.org/XML/1998/namespace"u8;

    private static ReadOnlySpan<byte> XmlnsNamespaceUri => "http://www.w3.org/2000/xmlns/"u8;

    /// <summary>Largest straddle buffer the guard keeps between bodies.</summary>
    private const int OwnedStraddleLimit = 64 * 1024;

    private readonly XmlThreatLimits _limits;
    private XmlScannerState _state;
    private byte[] _straddle = [];
    private long _consumedTotal;
    private Violation? _violation;

    private bool _rootSeen;
    private bool _docTypeSeen;
    private bool _textCounted;
    private int _depth;

    // Open elements, indexed by depth (1 = root): QName bytes are packed in _names.
    private byte[] _names = new byte[512];
    private int _namesLength;
    private Frame[] _frames = new Frame[16];

    // Namespace declarations in scope, innermost last.
    private byte[] _nsBytes = new byte[1024];
    private int _nsBytesLength;
    private Binding[] _bindings = new Binding[16];
    private int _bindingCount;

    // Attributes of the start tag being read.
    private byte[] _attrNames = new byte[512];
    private int _attrNamesLength;
    private Attr[] _attrs = new Attr[16];
    private int _attrCount;
    private int _plainAttributes;
    private int _prefixedAttributes;
    private int _namespaceDeclarations;

    // Normalized attribute values of the start tag being read (only while mapping to JSON).
    private byte[] _attrValues = [];
    private int _attrValuesLength;

    private XmlJsonMapper? _mapperInstance;
    private XmlJsonMapper? _mapper;
    private bool _begun;

    /// <summary>Creates a guard enforcing <paramref name="limits"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is not positive (a configuration bug).</exception>
    public XmlGuard(XmlThreatLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.Validate();
        _limits = limits;
    }

    /// <summary>The limits this guard enforces.</summary>
    public XmlThreatLimits Limits => _limits;

    /// <inheritdoc/>
    public long MaxBodyBytes => _limits.MaxBodyBytes;

    /// <inheritdoc/>
    public Violation? Violation => _violation;

    /// <summary>How the body maps to JSON for <see cref="TokenSink"/>; set it after <see cref="Reset"/>, or leave null.</summary>
    public XmlMapping? Mapping { get; set; }

    /// <summary>Receives the body as JSON tokens (with <see cref="Mapping"/>); set it after <see cref="Reset"/>, or leave null.</summary>
    public IJsonTokenSink? TokenSink { get; set; }

    /// <summary>True when the last refusal came from <see cref="TokenSink"/> (then <see cref="Violation"/> is null).</summary>
    public bool RefusedByTokenSink { get; private set; }

    /// <inheritdoc/>
    public GuardStatus Feed(ReadOnlySequence<byte> data, bool isFinalBlock, out long consumed)
    {
        consumed = 0;
        if (_violation is not null || RefusedByTokenSink)
        {
            return GuardStatus.Refused;
        }

        if (!_begun)
        {
            _begun = true;
            _mapper = null;
            if (Mapping is not null && TokenSink is not null)
            {
                _mapper = _mapperInstance ??= new XmlJsonMapper();
                _mapper.Begin(Mapping, TokenSink);
            }
        }

        if (_consumedTotal + data.Length > _limits.MaxBodyBytes)
        {
            Refuse(ViolationCodes.XmlSize, $"The body is larger than MaxBodyBytes ({_limits.MaxBodyBytes} bytes).", _limits.MaxBodyBytes);
            return GuardStatus.Refused;
        }

        GuardStatus status;
        if (data.IsSingleSegment)
        {
            status = Scan(data.FirstSpan, isFinalBlock, int.MaxValue, out int used);
            consumed = used;
        }
        else
        {
            status = FeedSegments(data, isFinalBlock, out consumed);
        }

        _consumedTotal += consumed;
        return status;
    }

    /// <inheritdoc/>
    public void Reset()
    {
        _state = default;
        _consumedTotal = 0;
        _violation = null;
        RefusedByTokenSink = false;
        _begun = false;
        _mapper = null;
        if (_attrValues.Length > OwnedStraddleLimit)
        {
            _attrValues = [];
        }

        _rootSeen = false;
        _docTypeSeen = false;
        _textCounted = false;
        _depth = 0;
        _namesLength = 0;
        _nsBytesLength = 0;
        _bindingCount = 0;
        ClearAttributes();
    }

    private GuardStatus FeedSegments(ReadOnlySequence<byte> data, bool isFinalBlock, out long consumed)
    {
        // Fast path: scan each segment in place. A token that straddles a segment boundary is copied,
        // with the bytes after it, into a reused buffer (growing geometrically, so copying stays
        // linear) and scanned there until the scanner has crossed into the following segment.
        long total = data.Length;
        long done = 0;
        var segments = data.GetEnumerator();
        ReadOnlySpan<byte> segment = default;
        int segmentOffset = 0;
        long segmentEnd = 0;
        byte[]? buffer = null;
        GuardStatus status = GuardStatus.NeedMoreData;
        try
        {
            while (true)
            {
                while (segmentOffset == segment.Length && segmentEnd < total)
                {
                    segments.MoveNext();
                    segment = segments.Current.Span;
                    segmentOffset = 0;
                    segmentEnd += segment.Length;
                }

                bool last = segmentEnd == total;
                var span = segment[segmentOffset..];
                status = Scan(span, isFinalBlock && last, int.MaxValue, out int used);
                segmentOffset += used;
                done += used;
                if (status != GuardStatus.NeedMoreData || last)
                {
                    break;
                }

                if (segmentOffset == segment.Length)
                {
                    continue;
                }

                // Slow path: the token starting at `done` continues in the next segment(s).
                int leftover = segment.Length - segmentOffset;
                long available = total - done;
                int take = (int)Math.Min(available, Math.Max(leftover * 2L, leftover + 4096L));
                bool crossed = false;
                while (true)
                {
                    Span<byte> copy;
                    if (take <= OwnedStraddleLimit)
                    {
                        // Usual case: the guard's own buffer, kept across bodies (no pool traffic, no allocation once warm).
                        if (_straddle.Length < take)
                        {
                            _straddle = new byte[Math.Min(OwnedStraddleLimit, Math.Max(take, _straddle.Length * 2))];
                        }

                        copy = _straddle.AsSpan(0, take);
                    }
                    else
                    {
                        // A huge straddling token (only with raised limits): borrow from the pool for this call.
                        if (buffer is null || buffer.Length < take)
                        {
                            if (buffer is not null)
                            {
                                ArrayPool<byte>.Shared.Return(buffer);
                            }

                            buffer = ArrayPool<byte>.Shared.Rent(take);
                        }

                        copy = buffer.AsSpan(0, take);
                    }

                    CopyAhead(segment[segmentOffset..], segments, copy);

                    // Scan a little past the boundary before returning to the fast path, so that tiny
                    // segments do not cost one copy per token.
                    status = Scan(copy, isFinalBlock && take == available, Math.Min(take, leftover + 512), out int slowUsed);
                    done += slowUsed;
                    Advance(ref segments, ref segment, ref segmentOffset, ref segmentEnd, total, slowUsed);
                    if (status != GuardStatus.NeedMoreData)
                    {
                        break;
                    }

                    if (slowUsed >= leftover)
                    {
                        crossed = true;
                        break;
                    }

                    // Tokens before the straddling one were committed; the straddling one needs more bytes.
                    leftover -= slowUsed;
                    available -= slowUsed;
                    if (take - slowUsed >= available)
                    {
                        break;
                    }

                    take = (int)Math.Min(available, (take - slowUsed) * 2L);
                }

                if (status != GuardStatus.NeedMoreData || !crossed)
                {
                    break;
                }
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        consumed = done;
        return status;
    }

    /// <summary>Copies <paramref name="current"/> and the segments after it into <paramref name="destination"/> until it is full.</summary>
    private static void CopyAhead(ReadOnlySpan<byte> current, ReadOnlySequence<byte>.Enumerator following, Span<byte> destination)
    {
        // `following` is a copy of the caller's enumerator: moving it here does not move the caller's.
        int written = Math.Min(current.Length, destination.Length);
        current[..written].CopyTo(destination);
        while (written < destination.Length && following.MoveNext())
        {
            var span = following.Current.Span;
            int n = Math.Min(span.Length, destination.Length - written);
            span[..n].CopyTo(destination[written..]);
            written += n;
        }
    }

    private static void Advance(ref ReadOnlySequence<byte>.Enumerator segments, ref ReadOnlySpan<byte> segment, ref int segmentOffset, ref long segmentEnd, long total, int count)
    {
        while (count > 0)
        {
            int inSegment = segment.Length - segmentOffset;
            if (count < inSegment)
            {
                segmentOffset += count;
                return;
            }

            count -= inSegment;
            segmentOffset = segment.Length;
            if (segmentEnd < total)
            {
                segments.MoveNext();
                segment = segments.Current.Span;
                segmentOffset = 0;
                segmentEnd += segment.Length;
            }
        }
    }

    /// <summary>Scans one contiguous span; stops after the first token that ends at or past <paramref name="stopAt"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private GuardStatus Scan(ReadOnlySpan<byte> span, bool isFinal, int stopAt, out int used)
    {
        var scanner = new XmlScanner(span, isFinal, _state, _limits);
        var result = GuardStatus.NeedMoreData;
        var mapper = _mapper;
        long baseOffset = _state.BytesConsumed;
        bool inTag = _state.InStartTag;
        int lastEnd = 0;
        while (true)
        {
            var status = scanner.Read();
            if (status == XmlScanStatus.Token)
            {
                // The frequent tokens are dispatched here; the rest through the general switch.
                var type = scanner.TokenType;
                if (mapper is not null)
                {
                    if (!MapSkippedSpace(span, lastEnd, (int)(scanner.TokenOffset - baseOffset), inTag))
                    {
                        result = GuardStatus.Refused;
                        break;
                    }

                    inTag = type == XmlTokenType.Attribute || (type == XmlTokenType.StartTagOpen && scanner.TagEnd == XmlTokenType.None);
                }

                bool ok = type == XmlTokenType.Attribute ? OnAttribute(ref scanner)
                    : type == XmlTokenType.EndTag ? OnEndTag(ref scanner)
                    : type == XmlTokenType.StartTagOpen ? OnStartTag(ref scanner)
                    : type == XmlTokenType.StartTagEnd ? ResolveStartTag()
                    : OnToken(ref scanner);
                if (!ok)
                {
                    result = GuardStatus.Refused;
                    break;
                }

                lastEnd = scanner.BytesConsumed;
                if (scanner.BytesConsumed >= stopAt)
                {
                    break;
                }

                continue;
            }

            if (status == XmlScanStatus.NeedMoreData)
            {
                if (mapper is not null && !MapSkippedSpace(span, lastEnd, scanner.BytesConsumed, inTag))
                {
                    result = GuardStatus.Refused;
                }

                break;
            }

            if (status == XmlScanStatus.EndOfInput)
            {
                result = OnEndOfInput(scanner.CurrentState.BytesConsumed) ? GuardStatus.Allowed : GuardStatus.Refused;
                break;
            }

            RefuseScan(ref scanner);
            result = GuardStatus.Refused;
            break;
        }

        _state = scanner.CurrentState;
        used = scanner.BytesConsumed;
        return result;
    }

    /// <summary>
    /// Passes to the mapper the whitespace the scanner consumed without reporting it (directly before
    /// markup, see <see cref="XmlScanner"/>): <c>[from, to)</c> of the span, unless it was inside a start tag.
    /// </summary>
    private bool MapSkippedSpace(ReadOnlySpan<byte> span, int from, int to, bool inTag) =>
        to <= from || inTag || _depth == 0 || _mapper!.Text(span[from..to], nonSpace: false, hasMarkup: false, -1) || MapRefused();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool MapRefused()
    {
        if (_mapper!.Violation is { } violation)
        {
            _violation = violation;
        }
        else
        {
            RefusedByTokenSink = true;
        }

        return false;
    }

    private bool MapStartTag()
    {
        var mapper = _mapper!;
        ref var frame = ref _frames[_depth];
        var qname = _names.AsSpan(frame.NameStart, frame.NameLength);
        ReadOnlySpan<byte> local = qname;
        ReadOnlySpan<byte> uri;
        if (frame.PrefixLength > 0)
        {
            local = qname[(frame.PrefixLength + 1)..];
            var prefix = qname[..frame.PrefixLength];
            uri = prefix.SequenceEqual("xml"u8) ? XmlNamespaceUri : Uri(Lookup(prefix));
        }
        else
        {
            // Namespaces in XML 1.0, section 6.2: an unprefixed element is in the default namespace, if any.
            int binding = Lookup(default);
            uri = binding < 0 ? default : Uri(binding);
        }

        if (!mapper.StartElement(local, uri, frame.Offset))
        {
            return MapRefused();
        }

        for (int k = 0; k < _attrCount; k++)
        {
            ref var attr = ref _attrs[k];
            if (attr.IsDeclaration)
            {
                continue;
            }

            // Section 6.2 again: an unprefixed attribute is in no namespace.
            var value = _attrValues.AsSpan(attr.ValueStart, attr.ValueLength);
            if (attr.PrefixLength > 0)
            {
                mapper.Attribute(LocalName(in attr), Uri(attr.Binding), value, attr.Offset);
            }
            else
            {
                mapper.Attribute(AttrName(in attr), default, value, attr.Offset);
            }
        }

        return mapper.EndStartTag() || MapRefused();
    }

    /// <summary>Pops the innermost element, ending its JSON value when mapping.</summary>
    private bool PopElement()
    {
        bool ok = _mapper is null || _mapper.EndElement() || MapRefused();
        Pop();
        return ok;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool OnToken(ref XmlScanner s)
    {
        switch (s.TokenType)
        {
            case XmlTokenType.Text:
                if (_depth == 0)
                {
                    // [1] document ::= prolog element Misc*: outside the root only S may appear.
                    return !s.Flag || Syntax("Character data outside the root element ([1] document, [27] Misc).", s.TokenOffset);
                }

                return (!s.Flag || CountText(s.TokenOffset))
                    && (_mapper is null || _mapper.Text(s.Value, s.Flag, hasMarkup: true, s.TokenOffset) || MapRefused());

            case XmlTokenType.CData:
                return _depth == 0
                    ? Syntax("A CDATA section outside the root element ([1] document, [43] content).", s.TokenOffset)
                    : CountText(s.TokenOffset)
                        && (_mapper is null || _mapper.Text(s.Value, s.Value.IndexOfAnyExcept(XmlChars.Space) >= 0, hasMarkup: false, s.TokenOffset) || MapRefused());

            case XmlTokenType.StartTagOpen:
                return OnStartTag(ref s);

            case XmlTokenType.Attribute:
                return OnAttribute(ref s);

            case XmlTokenType.StartTagEnd:
                return ResolveStartTag();

            case XmlTokenType.EmptyElementEnd:
                return ResolveStartTag() && PopElement();

            case XmlTokenType.EndTag:
                return OnEndTag(ref s);

            case XmlTokenType.Comment:
            case XmlTokenType.ProcessingInstruction:
                _textCounted = false;
                _mapper?.Break();
                return _depth == 0 || CountChild(s.TokenOffset);

            case XmlTokenType.DocType:
                if (_limits.RejectDtd)
                {
                    return Refuse(ViolationCodes.XmlDtd, "Document type declarations (<!DOCTYPE ...>) are not allowed: they enable entity expansion and external entity attacks.", s.TokenOffset);
                }

                if (_rootSeen || _docTypeSeen)
                {
                    return Syntax("A document type declaration must come once, before the root element ([22] prolog).", s.TokenOffset);
                }

                _docTypeSeen = true;
                return true;

            default:
                return true;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool CountText(long offset)
    {
        if (_textCounted)
        {
            return true;
        }

        _textCounted = true;
        return CountChild(offset);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool CountChild(long offset)
    {
        ref var frame = ref _frames[_depth];
        if (++frame.Children > _limits.MaxChildCount)
        {
            return RefuseChildCount(offset);
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool OnStartTag(ref XmlScanner s)
    {
        _textCounted = false;
        if (!OnStartTagOpen(ref s))
        {
            return false;
        }

        if (s.TagEnd == XmlTokenType.None)
        {
            return true;
        }

        if (!ResolveStartTag())
        {
            return false;
        }

        return s.TagEnd != XmlTokenType.EmptyElementEnd || PopElement();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool OnStartTagOpen(ref XmlScanner s)
    {
        if (_depth == 0)
        {
            if (_rootSeen)
            {
                return Syntax("A second root element: a document has exactly one ([1] document).", s.TokenOffset);
            }

            _rootSeen = true;
        }
        else if (!CountChild(s.TokenOffset))
        {
            return false;
        }

        var name = s.Name;
        if (_depth + 1 > _limits.MaxDepth)
        {
            return RefuseDepth(s.TokenOffset, name);
        }

        _depth++;
        if (_depth >= _frames.Length)
        {
            Array.Resize(ref _frames, _frames.Length * 2);
        }

        EnsureCapacity(ref _names, _namesLength + name.Length);
        XmlChars.CopyName(name, _names.AsSpan(_namesLength));
        _frames[_depth] = new Frame
        {
            NameStart = _namesLength,
            NameLength = name.Length,
            PrefixLength = s.PrefixLength,
            BindingMark = _bindingCount,
            NsBytesMark = _nsBytesLength,
            Children = 0,
            Offset = s.TokenOffset,
        };
        _namesLength += name.Length;
        ClearAttributes();
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool OnAttribute(ref XmlScanner s)
    {
        var name = s.Name;
        int prefixLength = s.PrefixLength;

        // 3.1 WFC: Unique Att Spec — no attribute name may appear more than once in a start tag.
        for (int k = 0; k < _attrCount; k++)
        {
            ref var other = ref _attrs[k];
            if (other.NameLength == name.Length && _attrNames[other.NameStart] == name[0]
                && XmlChars.NameEquals(_attrNames.AsSpan(other.NameStart, other.NameLength), name))
            {
                return RefuseDuplicateAttribute(name, s.TokenOffset);
            }
        }

        bool isDeclaration = name[0] == (byte)'x' && (name.SequenceEqual("xmlns"u8) || (prefixLength == 5 && name.StartsWith("xmlns:"u8)));
        if (isDeclaration)
        {
            if (++_namespaceDeclarations > _limits.MaxNamespaceDeclarations)
            {
                return RefuseNamespaceCount(s.TokenOffset);
            }

            if (!Declare(prefixLength == 0 ? default : name[6..], s.Value, s.Flag, s.TokenOffset))
            {
                return false;
            }
        }
        else
        {
            if (++_plainAttributes > _limits.MaxAttributeCount)
            {
                return RefuseAttributeCount(s.TokenOffset);
            }

            if (prefixLength > 0)
            {
                _prefixedAttributes++;
            }
        }

        if (_attrCount == _attrs.Length)
        {
            Array.Resize(ref _attrs, _attrs.Length * 2);
        }

        EnsureCapacity(ref _attrNames, _attrNamesLength + name.Length);
        XmlChars.CopyName(name, _attrNames.AsSpan(_attrNamesLength));
        int valueStart = _attrValuesLength;
        if (_mapper is not null && !isDeclaration)
        {
            EnsureCapacity(ref _attrValues, _attrValuesLength + s.Value.Length);
            _attrValuesLength += Normalize(s.Value, s.Flag, _attrValues.AsSpan(valueStart));
        }

        _attrs[_attrCount++] = new Attr
        {
            NameStart = _attrNamesLength,
            NameLength = name.Length,
            PrefixLength = prefixLength,
            IsDeclaration = isDeclaration,
            Offset = s.TokenOffset,
            ValueStart = valueStart,
            ValueLength = _attrValuesLength - valueStart,
        };
        _attrNamesLength += name.Length;
        return true;
    }

    private bool Declare(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> rawValue, bool hasReference, long offset)
    {
        // The URI is stored normalized (3.3.3: references replaced, whitespace characters as spaces)
        // so that two spellings of one URI compare equal in the expanded-name check.
        EnsureCapacity(ref _nsBytes, _nsBytesLength + prefix.Length + rawValue.Length);
        int prefixStart = _nsBytesLength;
        prefix.CopyTo(_nsBytes.AsSpan(prefixStart));
        int uriStart = prefixStart + prefix.Length;
        int uriLength = Normalize(rawValue, hasReference, _nsBytes.AsSpan(uriStart));
        var uri = _nsBytes.AsSpan(uriStart, uriLength);

        // Namespaces in XML 1.0, section 3 (Reserved Prefixes and Namespace Names; Namespace constraint: No Prefix Undeclaring).
        if (prefix.SequenceEqual("xmlns"u8))
        {
            return Syntax("The prefix 'xmlns' must not be declared (Namespaces in XML, Reserved Prefixes).", offset);
        }

        bool isXmlPrefix = prefix.SequenceEqual("xml"u8);
        if (isXmlPrefix != uri.SequenceEqual(XmlNamespaceUri))
        {
            return Syntax("The prefix 'xml' is bound only to http://www.w3.org/XML/1998/namespace, and that namespace to no other prefix (Namespaces in XML, Reserved Prefixes).", offset);
        }

        if (uri.SequenceEqual(XmlnsNamespaceUri))
        {
            return Syntax("The namespace http://www.w3.org/2000/xmlns/ must not be declared (Namespaces in XML, Reserved Prefixes).", offset);
        }

        if (prefix.Length > 0 && uri.Length == 0)
        {
            return RefuseUndeclaring(prefix, offset);
        }

        if (_bindingCount == _bindings.Length)
        {
            Array.Resize(ref _bindings, _bindings.Length * 2);
        }

        _bindings[_bindingCount++] = new Binding { PrefixStart = prefixStart, PrefixLength = prefix.Length, UriStart = uriStart, UriLength = uriLength };
        _nsBytesLength = uriStart + uriLength;
        return true;
    }

    /// <summary>Attribute-value normalization of 3.3.3 for CDATA attributes; returns the written length.</summary>
    private static int Normalize(ReadOnlySpan<byte> raw, bool hasReference, Span<byte> output)
    {
        int w = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            byte b = raw[i];
            if (b == (byte)'&' && hasReference)
            {
                XmlChars.TryReadReference(raw[i..], isFinal: true, out int n, out int cp, out _);
                w += new Rune(cp).EncodeToUtf8(output[w..]);
                i += n - 1;
            }
            else if (b == (byte)'\r' && i + 1 < raw.Length && raw[i + 1] == (byte)'\n')
            {
                // 2.11 End-of-Line Handling: CR LF is one line break.
                output[w++] = (byte)' ';
                i++;
            }
            else
            {
                output[w++] = XmlChars.IsSpace(b) ? (byte)' ' : b;
            }
        }

        return w;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool ResolveStartTag() => ResolveNamespaces() && (_mapper is null || MapStartTag());

    private bool ResolveNamespaces()
    {
        // Namespace constraint: Prefix Declared — for the element and each prefixed attribute.
        // Element problems are reported at the start tag, wherever its end happened to be read.
        ref var frame = ref _frames[_depth];
        long offset = frame.Offset;
        if (frame.PrefixLength > 0)
        {
            var prefix = _names.AsSpan(frame.NameStart, frame.PrefixLength);
            if (prefix.SequenceEqual("xmlns"u8))
            {
                return Syntax("An element name must not use the prefix 'xmlns' (Namespaces in XML, Reserved Prefixes).", offset);
            }

            if (!prefix.SequenceEqual("xml"u8) && Lookup(prefix) < 0)
            {
                return RefuseUndeclaredPrefix(prefix, offset);
            }
        }

        if (_prefixedAttributes == 0)
        {
            return true;
        }

        int prefixed = 0;
        for (int k = 0; k < _attrCount; k++)
        {
            ref var attr = ref _attrs[k];
            if (attr.IsDeclaration || attr.PrefixLength == 0)
            {
                continue;
            }

            var prefix = _attrNames.AsSpan(attr.NameStart, attr.PrefixLength);
            if (prefix.SequenceEqual("xml"u8))
            {
                attr.Binding = -1;
            }
            else
            {
                attr.Binding = Lookup(prefix);
                if (attr.Binding < 0)
                {
                    return RefuseUndeclaredPrefix(prefix, attr.Offset);
                }
            }

            prefixed++;
        }

        if (prefixed > 1)
        {
            // Namespace constraint: Attributes Unique — no two attributes with the same expanded name.
            for (int a = 0; a < _attrCount; a++)
            {
                ref var x = ref _attrs[a];
                if (x.IsDeclaration || x.PrefixLength == 0)
                {
                    continue;
                }

                for (int b = a + 1; b < _attrCount; b++)
                {
                    ref var y = ref _attrs[b];
                    if (y.IsDeclaration || y.PrefixLength == 0)
                    {
                        continue;
                    }

                    if (LocalName(in x).SequenceEqual(LocalName(in y)) && Uri(x.Binding).SequenceEqual(Uri(y.Binding)))
                    {
                        return RefuseSameExpandedName(AttrName(in x), AttrName(in y), y.Offset);
                    }
                }
            }
        }

        return true;
    }

    private ReadOnlySpan<byte> AttrName(in Attr a) => _attrNames.AsSpan(a.NameStart, a.NameLength);

    private ReadOnlySpan<byte> LocalName(in Attr a) => _attrNames.AsSpan(a.NameStart + a.PrefixLength + 1, a.NameLength - a.PrefixLength - 1);

    private ReadOnlySpan<byte> Uri(int binding) =>
        binding < 0 ? XmlNamespaceUri : _nsBytes.AsSpan(_bindings[binding].UriStart, _bindings[binding].UriLength);

    private int Lookup(ReadOnlySpan<byte> prefix)
    {
        for (int k = _bindingCount - 1; k >= 0; k--)
        {
            ref var b = ref _bindings[k];
            if (b.PrefixLength == prefix.Length && XmlChars.NameEquals(_nsBytes.AsSpan(b.PrefixStart, b.PrefixLength), prefix))
            {
                return k;
            }
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool OnEndTag(ref XmlScanner s)
    {
        // [39] element ::= EmptyElemTag | STag content ETag; WFC: Element Type Match.
        _textCounted = false;
        if (_depth == 0)
        {
            return RefuseEndTag(s.Name, default, s.TokenOffset);
        }

        ref var frame = ref _frames[_depth];
        var open = _names.AsSpan(frame.NameStart, frame.NameLength);
        if (!XmlChars.NameEquals(open, s.Name))
        {
            return RefuseEndTag(s.Name, open, s.TokenOffset);
        }

        if (_mapper is not null)
        {
            return PopElement();
        }

        Pop();
        return true;
    }

    private void Pop()
    {
        ref var frame = ref _frames[_depth];
        _namesLength = frame.NameStart;
        _bindingCount = frame.BindingMark;
        _nsBytesLength = frame.NsBytesMark;
        _depth--;
        _textCounted = false;
    }

    private bool OnEndOfInput(long offset)
    {
        if (!_rootSeen)
        {
            return Syntax("The document has no root element ([1] document).", offset);
        }

        if (_depth > 0)
        {
            ref var frame = ref _frames[_depth];
            return Syntax($"The body ends before element '<{Encoding.UTF8.GetString(_names.AsSpan(frame.NameStart, frame.NameLength))}>' is closed ([39] element).", offset);
        }

        return true;
    }

    private void ClearAttributes()
    {
        _attrCount = 0;
        _attrNamesLength = 0;
        _plainAttributes = 0;
        _prefixedAttributes = 0;
        _namespaceDeclarations = 0;
        _attrValuesLength = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void EnsureCapacity(ref byte[] buffer, int needed)
    {
        if (needed > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(needed, buffer.Length * 2));
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RefuseScan(ref XmlScanner s)
    {
        long length = s.ErrorLength;
        long at = s.ErrorOffset;
        var l = _limits;
        switch (s.Error)
        {
            case XmlScanError.ElementNameLength:
                Refuse(ViolationCodes.XmlElementNameLength, $"An element local name of {length} bytes is longer than MaxElementNameLength ({l.MaxElementNameLength}).", at);
                break;
            case XmlScanError.AttributeNameLength:
                Refuse(ViolationCodes.XmlAttributeNameLength, $"An attribute local name of {length} bytes is longer than MaxAttributeNameLength ({l.MaxAttributeNameLength}).", at);
                break;
            case XmlScanError.PrefixLength:
                Refuse(ViolationCodes.XmlPrefixLength, $"A namespace prefix of {length} bytes is longer than MaxPrefixLength ({l.MaxPrefixLength}).", at);
                break;
            case XmlScanError.NamespaceUriLength:
                Refuse(ViolationCodes.XmlNamespaceUriLength, $"A namespace URI of at least {length} bytes is longer than MaxNamespaceUriLength ({l.MaxNamespaceUriLength}).", at);
                break;
            case XmlScanError.TextLength:
                Refuse(ViolationCodes.XmlTextLength, $"A text node of at least {length} bytes is longer than MaxTextLength ({l.MaxTextLength}).", at);
                break;
            case XmlScanError.AttributeValueLength:
                Refuse(ViolationCodes.XmlAttributeValueLength, $"An attribute value of at least {length} bytes is longer than MaxAttributeValueLength ({l.MaxAttributeValueLength}).", at);
                break;
            case XmlScanError.CommentLength:
                Refuse(ViolationCodes.XmlCommentLength, $"A comment of at least {length} bytes is longer than MaxCommentLength ({l.MaxCommentLength}).", at);
                break;
            case XmlScanError.PITargetLength:
                Refuse(ViolationCodes.XmlPITargetLength, $"A processing-instruction target of at least {length} bytes is longer than MaxPITargetLength ({l.MaxPITargetLength}).", at);
                break;
            case XmlScanError.PIDataLength:
                Refuse(ViolationCodes.XmlPIDataLength, $"Processing-instruction data of at least {length} bytes is longer than MaxPIDataLength ({l.MaxPIDataLength}).", at);
                break;
            case XmlScanError.UndefinedEntity:
                Refuse(ViolationCodes.XmlEntity, "A reference to an entity other than lt, gt, amp, apos and quot; entities are never expanded.", at);
                break;
            case XmlScanError.NotUtf8:
                Refuse(ViolationCodes.XmlEncoding, "The body is UTF-16 or UTF-32 (byte order mark or zero bytes); only UTF-8 is accepted.", at);
                break;
            case XmlScanError.DeclaredEncodingNotUtf8:
                Refuse(ViolationCodes.XmlEncoding, "The XML declaration names an encoding other than UTF-8; only UTF-8 is accepted ([80] EncodingDecl).", at);
                break;
            case XmlScanError.BadDocType:
                Refuse(ViolationCodes.XmlDtd, $"The document type declaration is longer than MaxTextLength ({l.MaxTextLength}) or malformed.", at);
                break;
            default:
                Syntax(SyntaxMessage(s.Error), at);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefuseChildCount(long offset) =>
        Refuse(ViolationCodes.XmlChildCount, $"The element has more than MaxChildCount ({_limits.MaxChildCount}) children.", offset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefuseDepth(long offset, ReadOnlySpan<byte> name) =>
        Refuse(ViolationCodes.XmlDepth, $"Elements are nested deeper than MaxDepth ({_limits.MaxDepth}).", offset, name);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefuseDuplicateAttribute(ReadOnlySpan<byte> name, long offset) =>
        Syntax($"Attribute '{Encoding.UTF8.GetString(name)}' appears twice in one start tag (WFC: Unique Att Spec).", offset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefuseNamespaceCount(long offset) =>
        Refuse(ViolationCodes.XmlNamespaceCount, $"The element declares more than MaxNamespaceDeclarations ({_limits.MaxNamespaceDeclarations}) namespaces.", offset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefuseAttributeCount(long offset) =>
        Refuse(ViolationCodes.XmlAttributeCount, $"The element has more than MaxAttributeCount ({_limits.MaxAttributeCount}) attributes.", offset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefuseUndeclaring(ReadOnlySpan<byte> prefix, long offset) =>
        Syntax($"xmlns:{Encoding.UTF8.GetString(prefix)}=\"\" undeclares a prefix, which Namespaces in XML 1.0 does not allow.", offset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefuseUndeclaredPrefix(ReadOnlySpan<byte> prefix, long offset) =>
        Syntax($"The namespace prefix '{Encoding.UTF8.GetString(prefix)}' is not declared (Namespace constraint: Prefix Declared).", offset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefuseSameExpandedName(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, long offset) =>
        Syntax($"Attributes '{Encoding.UTF8.GetString(first)}' and '{Encoding.UTF8.GetString(second)}' have the same expanded name (Namespace constraint: Attributes Unique).", offset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefuseEndTag(ReadOnlySpan<byte> name, ReadOnlySpan<byte> open, long offset) => open.IsEmpty
        ? Syntax($"End tag '</{Encoding.UTF8.GetString(name)}>' without a matching start tag (WFC: Element Type Match).", offset)
        : Syntax($"End tag '</{Encoding.UTF8.GetString(name)}>' does not match start tag '<{Encoding.UTF8.GetString(open)}>' (WFC: Element Type Match).", offset);

    private static string SyntaxMessage(XmlScanError error) => error switch
    {
        XmlScanError.UnexpectedEnd => "The body ends inside a tag, reference, comment, CDATA section or processing instruction.",
        XmlScanError.InvalidChar => "A byte sequence that is not UTF-8 for a legal XML character ([2] Char: no C0 controls but tab, LF, CR; no U+FFFE/U+FFFF; no surrogates).",
        XmlScanError.BadXmlDeclaration => "A malformed XML declaration ([23] XMLDecl: version 1.x, then optional encoding and standalone yes/no, in that order).",
        XmlScanError.NameExpected => "'<' must start a tag: a name is expected ([40] STag, [5] Name).",
        XmlScanError.NotQName => "A name that is not a QName: at most one colon, not first or last; PI targets have none (Namespaces in XML [7] QName).",
        XmlScanError.BadStartTag => "An unexpected character in a start tag ([40] STag, [44] EmptyElemTag).",
        XmlScanError.MissingSpaceBeforeAttribute => "Whitespace is required before an attribute ([40] STag).",
        XmlScanError.BadAttribute => "An attribute needs '=' and a quoted value ([41] Attribute, [25] Eq, [10] AttValue).",
        XmlScanError.LessThanInAttributeValue => "'<' is not allowed in an attribute value ([10] AttValue; WFC: No < in Attribute Values).",
        XmlScanError.BadEndTag => "A malformed end tag ([42] ETag).",
        XmlScanError.BadReference => "'&' must start a reference ending in ';' ([67] Reference, [68] EntityRef).",
        XmlScanError.BadCharReference => "A malformed character reference ([66] CharRef).",
        XmlScanError.IllegalCharReference => "A character reference to a character that is not allowed in XML (WFC: Legal Character, [2] Char).",
        XmlScanError.CDataEndInText => "']]>' is not allowed in character data ([14] CharData).",
        XmlScanError.DoubleHyphenInComment => "'--' is not allowed inside a comment ([15] Comment).",
        XmlScanError.BadMarkup => "'<!' must start a comment, a CDATA section or a DOCTYPE.",
        XmlScanError.ReservedPITarget => "A processing instruction named 'xml' (any case): the XML declaration is allowed only at the very start ([17] PITarget, [22] prolog).",
        XmlScanError.BadProcessingInstruction => "A malformed processing instruction ([16] PI: a target name, then whitespace or '?>').",
        XmlScanError.ExcessiveWhitespace => $"More than {XmlScanner.MaxMarkupSpace} bytes of whitespace inside an attribute, an end tag or after a PI target; refused to bound the work spent on one token.",
        _ => "The body is not well-formed XML.",
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool Syntax(string message, long offset) => Refuse(ViolationCodes.XmlSyntax, message, offset);

    private bool Refuse(string code, string message, long offset, ReadOnlySpan<byte> extraSegment = default)
    {
        _violation = new Violation(code, BuildPointer(extraSegment), message, offset);
        return false;
    }

    private string BuildPointer(ReadOnlySpan<byte> extraSegment)
    {
        var sb = new StringBuilder();
        int depth = _depth;
        for (int d = 1; d <= depth; d++)
        {
            ref var frame = ref _frames[d];
            AppendSegment(sb, _names.AsSpan(frame.NameStart, frame.NameLength));
        }

        if (!extraSegment.IsEmpty)
        {
            AppendSegment(sb, extraSegment);
        }

        return sb.ToString();
    }

    private static void AppendSegment(StringBuilder sb, ReadOnlySpan<byte> name)
    {
        // RFC 6901, section 3: '~' is written "~0" and '/' "~1".
        sb.Append('/');
        foreach (char c in Encoding.UTF8.GetString(name))
        {
            _ = c switch
            {
                '~' => sb.Append("~0"),
                '/' => sb.Append("~1"),
                _ => sb.Append(c),
            };
        }
    }

    private struct Frame
    {
        public int NameStart;
        public int NameLength;
        public int PrefixLength;
        public int BindingMark;
        public int NsBytesMark;
        public int Children;
        public long Offset;
    }

    private struct Binding
    {
        public int PrefixStart;
        public int PrefixLength;
        public int UriStart;
        public int UriLength;
    }

    private struct Attr
    {
        public int NameStart;
        public int NameLength;
        public int PrefixLength;
        public bool IsDeclaration;
        public int Binding;
        public long Offset;
        public int ValueStart;
        public int ValueLength;
    }
}
