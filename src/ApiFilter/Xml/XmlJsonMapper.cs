using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using ApiFilter.Json;
using ApiFilter.Parameters;
using ApiFilter.Pipeline;

namespace ApiFilter.Xml;

/// <summary>
/// Turns the elements, attributes and text an <see cref="XmlGuard"/> reads into the JSON tokens
/// its <see cref="XmlMapping"/> says they represent, one element at a time (hot, no allocation once warm).
/// </summary>
/// <remarks>
/// <para>
/// Tokens are emitted as the body is read: an object's start at its start tag, members in document
/// order, a scalar at its end tag (its text is collected in an owned buffer). Only the start tag's
/// attributes are held until the tag is complete, because a namespace declaration may follow the
/// attributes that use it.
/// </para>
/// <para>
/// The JSON value must be a well-formed token stream, so the mapper refuses what it cannot express
/// without reordering the body (<c>schema.type</c>, with a message saying why): the items of an
/// unwrapped array interleaved with other elements, a non-array member given twice, non-whitespace
/// text in an element mapped to an object or array (mixed content), child elements or attributes
/// in an element mapped to a scalar. Items of a wrapped array that are not named as the items are
/// refused with <c>schema.items</c>. An element or attribute the mapping does not declare becomes a
/// member named by its local name (so <c>additionalProperties</c> judges it), unless that name is
/// the JSON name of a declared member, which then arrived under the wrong XML name or namespace
/// (<c>schema.additionalProperties</c>).
/// </para>
/// <para>
/// Attributes in the XML Schema instance namespace are not members: <c>xsi:nil="true"</c> makes the
/// element <c>null</c> (it must then be empty); the others (<c>xsi:schemaLocation</c>, <c>xsi:type</c>) are ignored.
/// Violation pointers are JSON Pointers into the mapped value, like the validator's.
/// </para>
/// </remarks>
[SkipLocalsInit]
internal sealed class XmlJsonMapper
{
    private const int OwnedBufferLimit = 64 * 1024;

    private static ReadOnlySpan<byte> XsiNamespaceUri => "http://www.w3.org/2001/XMLSchema-instance"u8;

    private XmlMapping _mapping = null!;
    private XmlMappingNode[] _nodes = [];
    private IJsonTokenSink _sink = null!;

    private Frame[] _frames = new Frame[16];
    private int _depth;

    // Scalar text of open elements, packed (a frame owns the bytes from its TextStart).
    private byte[] _text = new byte[256];
    private int _textLength;
    private bool _afterCr;

    // Declared members already present, one bit per property of each open object.
    private ulong[] _bits = new ulong[16];
    private int _bitsLength;

    // Names of undeclared members of open objects, packed (a frame owns the names from UnknownMark).
    private byte[] _unknown = new byte[256];
    private int _unknownLength;

    // Attributes of the start tag being mapped: local name, namespace URI and value, packed.
    private byte[] _attrBytes = new byte[256];
    private int _attrBytesLength;
    private PendingAttr[] _attrs = new PendingAttr[8];
    private int _attrCount;

    private enum Mode : byte
    {
        Lazy,
        Object,
        Array,
        Scalar,
        Nil,
    }

    /// <summary>The mapper's own refusal (null when the sink refused or nothing was refused).</summary>
    public Violation? Violation { get; private set; }

    /// <summary>Starts a body.</summary>
    public void Begin(XmlMapping mapping, IJsonTokenSink sink)
    {
        _mapping = mapping;
        _nodes = mapping.Nodes;
        _sink = sink;
        _depth = 0;
        _textLength = 0;
        _afterCr = false;
        _bitsLength = 0;
        _unknownLength = 0;
        _attrBytesLength = 0;
        _attrCount = 0;
        Violation = null;
        // Buffers grown by an unusual body are not kept for the next one.
        if (_text.Length > OwnedBufferLimit)
        {
            _text = new byte[256];
        }

        if (_attrBytes.Length > OwnedBufferLimit)
        {
            _attrBytes = new byte[256];
        }
    }

    /// <summary>A start tag's element, its namespaces resolved; its attributes follow, then <see cref="EndStartTag"/>.</summary>
    public bool StartElement(ReadOnlySpan<byte> localName, ReadOnlySpan<byte> ns, long offset)
    {
        _attrCount = 0;
        _attrBytesLength = 0;
        int node;
        int pathProp = -1;
        int pathNameStart = 0;
        int pathNameLength = 0;
        int pathIndex = -1;
        if (_depth == 0)
        {
            var rootName = _mapping.RootNameBytes;
            var rootNs = _mapping.RootNamespaceBytes;
            if ((rootName is not null && !localName.SequenceEqual(rootName)) || (rootNs is not null && !ns.SequenceEqual(rootNs)))
            {
                return Refuse(ViolationCodes.SchemaType, "", $"The root element is {Describe(localName, ns)}; the schema's XML name is {Describe(rootName, rootNs)}.", offset);
            }

            node = _mapping.Root;
        }
        else
        {
            ref var parent = ref _frames[_depth];
            switch (parent.Mode)
            {
                case Mode.Lazy:
                    if (parent.HasText)
                    {
                        return RefuseMixed(offset);
                    }

                    if (!StartObject(ref parent))
                    {
                        return false;
                    }

                    goto case Mode.Object;

                case Mode.Object:
                    if (parent.HasText)
                    {
                        return RefuseMixed(offset);
                    }

                    if (!MatchMember(ref parent, localName, ns, offset, out node, out pathProp, out pathNameStart, out pathNameLength, out pathIndex))
                    {
                        return false;
                    }

                    break;

                case Mode.Array:
                    if (parent.HasText)
                    {
                        return RefuseMixed(offset);
                    }

                    var arrayNode = _nodes[parent.Node];
                    if (arrayNode.ItemName is not null && (!localName.SequenceEqual(arrayNode.ItemName) || !ns.SequenceEqual(arrayNode.ItemNamespace)))
                    {
                        return Refuse(ViolationCodes.SchemaItems, Pointer(_depth, default), $"The element {Describe(localName, ns)} is not an item of this wrapped array: its items are {Describe(arrayNode.ItemName, arrayNode.ItemNamespace)}.", offset);
                    }

                    node = arrayNode.ItemNode;
                    pathIndex = parent.Count++;
                    break;

                case Mode.Nil:
                    return Refuse(ViolationCodes.SchemaType, Pointer(_depth, default), "The element is xsi:nil=\"true\" (null) but has child elements.", offset);

                default:
                    return Refuse(ViolationCodes.SchemaType, Pointer(_depth, default), $"The element has child elements, but the schema maps it to {TypeName(_nodes[parent.Node].Types)} (its text content).", offset);
            }
        }

        _depth++;
        if (_depth == _frames.Length)
        {
            Array.Resize(ref _frames, _frames.Length * 2);
        }

        _frames[_depth] = new Frame
        {
            Node = node,
            Mode = _nodes[node].Kind switch
            {
                XmlNodeKind.Object => Mode.Object,
                XmlNodeKind.Array => Mode.Array,
                XmlNodeKind.Scalar => Mode.Scalar,
                _ => Mode.Lazy,
            },
            TextStart = _textLength,
            UnknownMark = _unknownLength,
            BitsStart = _bitsLength,
            OpenProp = -1,
            PathProp = pathProp,
            PathNameStart = pathNameStart,
            PathNameLength = pathNameLength,
            PathIndex = pathIndex,
            Offset = offset,
        };
        _afterCr = false;
        return true;
    }

    /// <summary>An attribute of the start tag (namespace declarations excluded), its value normalized (XML 1.0 section 3.3.3).</summary>
    public void Attribute(ReadOnlySpan<byte> localName, ReadOnlySpan<byte> ns, ReadOnlySpan<byte> value, long offset)
    {
        int need = _attrBytesLength + localName.Length + ns.Length + value.Length;
        if (need > _attrBytes.Length)
        {
            Array.Resize(ref _attrBytes, Math.Max(need, _attrBytes.Length * 2));
        }

        if (_attrCount == _attrs.Length)
        {
            Array.Resize(ref _attrs, _attrs.Length * 2);
        }

        int start = _attrBytesLength;
        localName.CopyTo(_attrBytes.AsSpan(start));
        ns.CopyTo(_attrBytes.AsSpan(start + localName.Length));
        value.CopyTo(_attrBytes.AsSpan(start + localName.Length + ns.Length));
        _attrs[_attrCount++] = new PendingAttr { Start = start, NameLength = localName.Length, NsLength = ns.Length, ValueLength = value.Length, Offset = offset };
        _attrBytesLength = need;
    }

    /// <summary>The start tag is complete: the element's value starts (attributes become members).</summary>
    public bool EndStartTag()
    {
        ref var frame = ref _frames[_depth];
        int members = 0;
        for (int k = 0; k < _attrCount; k++)
        {
            ref var a = ref _attrs[k];
            if (!AttrNs(in a).SequenceEqual(XsiNamespaceUri))
            {
                members++;
            }
            else if (AttrName(in a).SequenceEqual("nil"u8) && (AttrValue(in a).SequenceEqual("true"u8) || AttrValue(in a).SequenceEqual("1"u8)))
            {
                // XML Schema Part 1, section 2.6.2 xsi:nil: the element is null and must have no content.
                if (members > 0 || HasMemberAfter(k))
                {
                    return Refuse(ViolationCodes.SchemaType, Pointer(_depth, default), "An element that is xsi:nil=\"true\" (null) cannot have attributes.", frame.Offset);
                }

                frame.Mode = Mode.Nil;
                return _sink.Null() || SinkRefused();
            }
        }

        switch (frame.Mode)
        {
            case Mode.Object:
                return StartObject(ref frame) && EmitAttributes(ref frame);

            case Mode.Array:
                return members == 0
                    ? _sink.StartArray() || SinkRefused()
                    : RefuseAttributes(ref frame);

            case Mode.Lazy:
                return members == 0 || (StartObject(ref frame) && EmitAttributes(ref frame));

            default:
                return members == 0 || RefuseAttributes(ref frame);
        }
    }

    /// <summary>A run of character data as written (references not yet replaced).</summary>
    /// <param name="raw">The run.</param>
    /// <param name="nonSpace">The run has something other than XML whitespace (or a reference).</param>
    /// <param name="hasMarkup">The run may contain references (text, not CDATA).</param>
    /// <param name="offset">Body offset of the run.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Text(ReadOnlySpan<byte> raw, bool nonSpace, bool hasMarkup, long offset)
    {
        if (_depth == 0)
        {
            return true;
        }

        ref var frame = ref _frames[_depth];
        switch (frame.Mode)
        {
            case Mode.Scalar:
            case Mode.Lazy:
                frame.HasText |= nonSpace;
                AppendText(raw, hasMarkup);
                return true;

            default:
                // Reported at the element's start tag: where a text run starts depends on how the body was split.
                return !nonSpace || RefuseText(ref frame, frame.Offset);
        }
    }

    /// <summary>Markup other than elements and text (a comment, a PI) ends a line-break pair.</summary>
    public void Break() => _afterCr = false;

    /// <summary>An end tag (or the end of an empty-element tag): the element's value ends.</summary>
    public bool EndElement()
    {
        ref var frame = ref _frames[_depth];
        bool ok;
        switch (frame.Mode)
        {
            case Mode.Object:
                ok = CloseOpenArray(ref frame) && (_sink.EndObject() || SinkRefused());
                break;

            case Mode.Array:
                ok = _sink.EndArray() || SinkRefused();
                break;

            case Mode.Nil:
                ok = true;
                break;

            default:
                ok = EmitScalar(_text.AsSpan(frame.TextStart, _textLength - frame.TextStart), _nodes[frame.Node].Types);
                break;
        }

        _textLength = frame.TextStart;
        _unknownLength = frame.UnknownMark;
        _bitsLength = frame.BitsStart;
        _afterCr = false;
        _depth--;
        return ok;
    }

    private bool HasMemberAfter(int k)
    {
        for (int j = k + 1; j < _attrCount; j++)
        {
            if (!AttrNs(in _attrs[j]).SequenceEqual(XsiNamespaceUri))
            {
                return true;
            }
        }

        return false;
    }

    private bool StartObject(ref Frame frame)
    {
        frame.Mode = Mode.Object;
        int words = (_nodes[frame.Node].Properties.Length + 63) >> 6;
        if (_bitsLength + words > _bits.Length)
        {
            Array.Resize(ref _bits, Math.Max(_bitsLength + words, _bits.Length * 2));
        }

        _bits.AsSpan(_bitsLength, words).Clear();
        frame.BitsStart = _bitsLength;
        _bitsLength += words;
        return _sink.StartObject() || SinkRefused();
    }

    private bool EmitAttributes(ref Frame frame)
    {
        var properties = _nodes[frame.Node].Properties;
        for (int k = 0; k < _attrCount; k++)
        {
            ref var a = ref _attrs[k];
            var ns = AttrNs(in a);
            if (ns.SequenceEqual(XsiNamespaceUri))
            {
                continue;
            }

            var name = AttrName(in a);
            int p = Find(properties, name, ns, attribute: true);
            if (p >= 0)
            {
                // Two attributes cannot share an expanded name (the guard checked), so no bit is set twice.
                _bits[frame.BitsStart + (p >> 6)] |= 1UL << (p & 63);
                if (!(_sink.PropertyName(properties[p].JsonName) || SinkRefused()) || !EmitScalar(AttrValue(in a), _nodes[properties[p].Node].Types))
                {
                    return false;
                }

                continue;
            }

            if (!AddUnknown(ref frame, name, ns, a.Offset, isAttribute: true, out _))
            {
                return false;
            }

            if (!(_sink.PropertyName(name) || SinkRefused()) || !(_sink.String(AttrValue(in a)) || SinkRefused()))
            {
                return false;
            }
        }

        return true;
    }

    private bool MatchMember(ref Frame parent, ReadOnlySpan<byte> localName, ReadOnlySpan<byte> ns, long offset,
        out int node, out int pathProp, out int pathNameStart, out int pathNameLength, out int pathIndex)
    {
        node = 0;
        pathProp = -1;
        pathNameStart = 0;
        pathNameLength = 0;
        pathIndex = -1;
        var properties = _nodes[parent.Node].Properties;
        int p = Find(properties, localName, ns, attribute: false);
        if (p >= 0 && p == parent.OpenProp)
        {
            // The next item of the unwrapped array in progress.
            node = properties[p].Node;
            pathProp = p;
            pathIndex = parent.Count++;
            return true;
        }

        if (!CloseOpenArray(ref parent))
        {
            return false;
        }

        if (p < 0)
        {
            if (!AddUnknown(ref parent, localName, ns, offset, isAttribute: false, out pathNameStart))
            {
                return false;
            }

            pathNameLength = localName.Length;
            return _sink.PropertyName(localName) || SinkRefused();
        }

        var property = properties[p];
        ref ulong word = ref _bits[parent.BitsStart + (p >> 6)];
        ulong bit = 1UL << (p & 63);
        if ((word & bit) != 0)
        {
            return property.Unwrapped
                ? Refuse(ViolationCodes.SchemaType, Pointer(_depth, property.JsonName), $"The element {Describe(localName, ns)} appears again after other elements: the items of an unwrapped array must be consecutive siblings to be read as one array.", offset)
                : Refuse(ViolationCodes.SchemaType, Pointer(_depth, property.JsonName), $"The element {Describe(localName, ns)} appears twice, but the schema does not map this property to an unwrapped array.", offset);
        }

        word |= bit;
        pathProp = p;
        node = property.Node;
        if (!(_sink.PropertyName(property.JsonName) || SinkRefused()))
        {
            return false;
        }

        if (property.Unwrapped)
        {
            parent.OpenProp = p;
            parent.Count = 1;
            pathIndex = 0;
            return _sink.StartArray() || SinkRefused();
        }

        return true;
    }

    private bool CloseOpenArray(ref Frame frame)
    {
        if (frame.OpenProp < 0)
        {
            return true;
        }

        frame.OpenProp = -1;
        return _sink.EndArray() || SinkRefused();
    }

    private static int Find(XmlMappingProperty[] properties, ReadOnlySpan<byte> name, ReadOnlySpan<byte> ns, bool attribute)
    {
        for (int p = 0; p < properties.Length; p++)
        {
            var property = properties[p];
            if (property.IsAttribute == attribute && name.SequenceEqual(property.XmlName) && ns.SequenceEqual(property.Namespace))
            {
                return p;
            }
        }

        return -1;
    }

    /// <summary>Records an undeclared member of <paramref name="frame"/>'s object; refuses a repeat or a declared member's JSON name.</summary>
    private bool AddUnknown(ref Frame frame, ReadOnlySpan<byte> name, ReadOnlySpan<byte> ns, long offset, bool isAttribute, out int start)
    {
        start = _unknownLength;
        var properties = _nodes[frame.Node].Properties;
        for (int p = 0; p < properties.Length; p++)
        {
            if (name.SequenceEqual(properties[p].JsonName))
            {
                return RefuseMisnamed(properties[p], name, ns, isAttribute, offset);
            }
        }

        int at = frame.UnknownMark;
        while (at < _unknownLength)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(_unknown.AsSpan(at));
            if (_unknown.AsSpan(at + 4, length).SequenceEqual(name))
            {
                return Refuse(ViolationCodes.SchemaType, Pointer(_depth, name), $"The {(isAttribute ? "attribute" : "element")} {Describe(name, ns)}, which the schema does not declare, appears twice (or as both an element and an attribute).", offset);
            }

            at += 4 + length;
        }

        int need = _unknownLength + 4 + name.Length;
        if (need > _unknown.Length)
        {
            Array.Resize(ref _unknown, Math.Max(need, _unknown.Length * 2));
        }

        BinaryPrimitives.WriteInt32LittleEndian(_unknown.AsSpan(_unknownLength), name.Length);
        name.CopyTo(_unknown.AsSpan(_unknownLength + 4));
        start = _unknownLength + 4;
        _unknownLength = need;
        return true;
    }

    private bool EmitScalar(ReadOnlySpan<byte> text, JsonTypes types)
    {
        // Numbers and booleans are read with XML Schema's whitespace collapsing for those types
        // (XML Schema Part 2, section 4.3.6); the literal must then be JSON's (RFC 8259 sections 3, 6).
        // Text that is neither is passed as a string, so the validator reports the type.
        if (types != JsonTypes.Any && (types & (JsonTypes.Number | JsonTypes.Integer | JsonTypes.Boolean)) != 0)
        {
            var trimmed = text.Trim(" \t\r\n"u8);
            if ((types & (JsonTypes.Number | JsonTypes.Integer)) != 0 && ScalarEmitter.IsJsonNumber(trimmed))
            {
                return _sink.Number(trimmed) || SinkRefused();
            }

            if ((types & JsonTypes.Boolean) != 0)
            {
                if (trimmed.SequenceEqual("true"u8))
                {
                    return _sink.Boolean(true) || SinkRefused();
                }

                if (trimmed.SequenceEqual("false"u8))
                {
                    return _sink.Boolean(false) || SinkRefused();
                }
            }
        }

        return _sink.String(text) || SinkRefused();
    }

    /// <summary>Appends a run of character data, references replaced and line breaks normalized (XML 1.0 sections 4.6, 2.11).</summary>
    private void AppendText(ReadOnlySpan<byte> raw, bool hasMarkup)
    {
        if (raw.IsEmpty)
        {
            return;
        }

        // Decoding never makes text longer: references shrink, CR LF becomes LF.
        int need = _textLength + raw.Length;
        if (need > _text.Length)
        {
            Array.Resize(ref _text, Math.Max(need, _text.Length * 2));
        }

        var output = _text.AsSpan();
        int w = _textLength;
        int i = 0;
        if (_afterCr && raw[0] == (byte)'\n')
        {
            // The LF of a CR LF pair split between runs.
            i = 1;
        }

        _afterCr = false;
        while (i < raw.Length)
        {
            var rest = raw[i..];
            int stop = hasMarkup ? rest.IndexOfAny((byte)'&', (byte)'\r') : rest.IndexOf((byte)'\r');
            if (stop < 0)
            {
                rest.CopyTo(output[w..]);
                w += rest.Length;
                break;
            }

            rest[..stop].CopyTo(output[w..]);
            w += stop;
            i += stop;
            if (raw[i] == (byte)'\r')
            {
                output[w++] = (byte)'\n';
                i++;
                if (i == raw.Length)
                {
                    _afterCr = true;
                }
                else if (raw[i] == (byte)'\n')
                {
                    i++;
                }

                continue;
            }

            // The scanner has checked the reference; a character reference is written as the character it names.
            XmlChars.TryReadReference(raw[i..], isFinal: true, out int n, out int codePoint, out _);
            w += new Rune(codePoint).EncodeToUtf8(output[w..]);
            i += n;
        }

        _textLength = w;
    }

    private ReadOnlySpan<byte> AttrName(in PendingAttr a) => _attrBytes.AsSpan(a.Start, a.NameLength);

    private ReadOnlySpan<byte> AttrNs(in PendingAttr a) => _attrBytes.AsSpan(a.Start + a.NameLength, a.NsLength);

    private ReadOnlySpan<byte> AttrValue(in PendingAttr a) => _attrBytes.AsSpan(a.Start + a.NameLength + a.NsLength, a.ValueLength);

    private static bool SinkRefused() => false;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefuseMixed(long offset) =>
        Refuse(ViolationCodes.SchemaType, Pointer(_depth, default), "The element has both text and child elements (mixed content), which no JSON value represents.", offset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefuseText(ref Frame frame, long offset) => frame.Mode == Mode.Nil
        ? Refuse(ViolationCodes.SchemaType, Pointer(_depth, default), "The element is xsi:nil=\"true\" (null) but has text.", offset)
        : Refuse(ViolationCodes.SchemaType, Pointer(_depth, default), $"The element has text, but the schema maps it to an {(frame.Mode == Mode.Array ? "array" : "object")}: text is only the value of a string, number or boolean element.", offset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefuseAttributes(ref Frame frame)
    {
        var first = _attrs[0];
        for (int k = 0; k < _attrCount; k++)
        {
            if (!AttrNs(in _attrs[k]).SequenceEqual(XsiNamespaceUri))
            {
                first = _attrs[k];
                break;
            }
        }

        string what = frame.Mode == Mode.Array ? "an array" : TypeName(_nodes[frame.Node].Types);
        return Refuse(ViolationCodes.SchemaType, Pointer(_depth, default), $"The element has attribute {Describe(AttrName(in first), AttrNs(in first))}, but the schema maps it to {what}, which has no members.", first.Offset);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefuseMisnamed(XmlMappingProperty property, ReadOnlySpan<byte> name, ReadOnlySpan<byte> ns, bool isAttribute, long offset)
    {
        string expected = property.IsAttribute ? "attribute " : "element ";
        return Refuse(ViolationCodes.SchemaAdditionalProperties, Pointer(_depth, name),
            $"The {(isAttribute ? "attribute" : "element")} {Describe(name, ns)} is not how the schema writes property '{Encoding.UTF8.GetString(property.JsonName)}' in XML: that is the {expected}{Describe(property.XmlName, property.Namespace)}.", offset);
    }

    private static string TypeName(JsonTypes types) => (types & (JsonTypes.Number | JsonTypes.Integer)) != 0 ? "a number"
        : (types & JsonTypes.Boolean) != 0 ? "a boolean"
        : "a string";

    private static string Describe(ReadOnlySpan<byte> name, ReadOnlySpan<byte> ns) => ns.IsEmpty
        ? $"<{Encoding.UTF8.GetString(name)}>"
        : $"<{Encoding.UTF8.GetString(name)}> in namespace '{Encoding.UTF8.GetString(ns)}'";

    private static string Describe(byte[]? name, byte[]? ns) => name is null
        ? $"any element in namespace '{Encoding.UTF8.GetString(ns ?? [])}'"
        : Describe(name.AsSpan(), ns.AsSpan());

    private bool Refuse(string code, string pointer, string message, long offset)
    {
        Violation = new Violation(code, pointer, message, offset, "body", null);
        return false;
    }

    /// <summary>RFC 6901 pointer into the mapped JSON value of the element at <paramref name="depth"/>, plus an optional member name.</summary>
    private string Pointer(int depth, ReadOnlySpan<byte> extra)
    {
        var sb = new StringBuilder();
        for (int d = 2; d <= depth; d++)
        {
            ref var frame = ref _frames[d];
            if (frame.PathProp >= 0)
            {
                Append(sb, _nodes[_frames[d - 1].Node].Properties[frame.PathProp].JsonName);
            }
            else if (frame.PathNameLength > 0)
            {
                Append(sb, _unknown.AsSpan(frame.PathNameStart, frame.PathNameLength));
            }

            if (frame.PathIndex >= 0)
            {
                sb.Append('/').Append(frame.PathIndex.ToString(CultureInfo.InvariantCulture));
            }
        }

        if (!extra.IsEmpty)
        {
            Append(sb, extra);
        }

        return sb.ToString();
    }

    private static void Append(StringBuilder sb, ReadOnlySpan<byte> name) =>
        sb.Append('/').Append(Encoding.UTF8.GetString(name).Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));

    private struct Frame
    {
        public int Node;
        public Mode Mode;
        public bool HasText;
        public int TextStart;
        public int UnknownMark;
        public int BitsStart;

        // Object: the property whose unwrapped array is open (-1: none). Array or open array: items so far.
        public int OpenProp;
        public int Count;

        // This element's place in the JSON value: a member of its parent (declared or not) and/or an item index.
        public int PathProp;
        public int PathNameStart;
        public int PathNameLength;
        public int PathIndex;
        public long Offset;
    }

    private struct PendingAttr
    {
        public int Start;
        public int NameLength;
        public int NsLength;
        public int ValueLength;
        public long Offset;
    }
}
