using System.Runtime.CompilerServices;
using Mode = ApiFilter.Xml.XmlScannerState.ScanMode;

namespace ApiFilter.Xml;

/// <summary>
/// A forward-only tokenizer of XML 1.0 (fifth edition) over a UTF-8 span, resumable across spans
/// through <see cref="XmlScannerState"/> (the pattern of <c>Utf8JsonReader</c>). It checks every
/// lexical rule of a token (names, characters, references, comments, PIs, CDATA, the XML
/// declaration) and the length limits of <see cref="XmlThreatLimits"/>; the structural rules that
/// need memory (tag matching, one root, attribute uniqueness, namespaces, counts) belong to
/// <see cref="XmlGuard"/>.
/// </summary>
/// <remarks>
/// <para>
/// Tokens are complete when reported, except character data: a text node is reported in runs as
/// bytes arrive, so text never has to be buffered. Whitespace directly followed by markup is
/// consumed without being reported (it has nothing to judge; its length still counts toward the
/// text-length limit). When the span ends inside any other token,
/// <see cref="Read"/> returns <see cref="XmlScanStatus.NeedMoreData"/> and <see cref="BytesConsumed"/>
/// stops at the token's first byte: present the rest again, followed by new bytes.
/// </para>
/// <para>
/// Length limits are checked while a token is still incomplete, so an over-long token is refused
/// before it is complete and is never re-presented without bound. Lengths count UTF-8 bytes as
/// written in the body (a reference counts as its source bytes, CDATA as its content).
/// </para>
/// <para>
/// One bound goes beyond the grammar: a whitespace run inside such a token may not exceed
/// <see cref="MaxMarkupSpace"/> bytes (<see cref="XmlScanError.ExcessiveWhitespace"/>).
/// </para>
/// <para>No entity is ever expanded and nothing is ever fetched; no <c>System.Xml</c> type is used.</para>
/// </remarks>
[SkipLocalsInit]
public ref struct XmlScanner
{
    /// <summary>
    /// Longest whitespace run accepted where the grammar puts an unbounded S? inside a token that is
    /// only reported whole (around '=' in an attribute, before '&gt;' in an end tag, after a PI
    /// target). Without a bound, a client dribbling spaces there would make every read rescan them.
    /// </summary>
    public const int MaxMarkupSpace = 1024;

    private readonly ReadOnlySpan<byte> _data;
    private readonly bool _isFinalBlock;
    private readonly XmlThreatLimits _limits;
    private readonly long _baseOffset;
    private Mode _mode;
    private bool _spaceInTag;
    private int _textBytes;
    private int _pos;

    private XmlTokenType _tokenType;
    private int _tokenStart;
    private int _nameStart;
    private int _nameLength;
    private int _prefixLength;
    private int _valueStart;
    private int _valueLength;
    private bool _flag;
    private XmlTokenType _tagEnd;

    private XmlScanError _error;
    private long _errorOffset;
    private long _errorLength;

    /// <summary>Starts scanning <paramref name="utf8"/>, resuming from <paramref name="state"/>.</summary>
    /// <param name="utf8">Body bytes from the first unconsumed byte.</param>
    /// <param name="isFinalBlock">True when no bytes follow <paramref name="utf8"/>.</param>
    /// <param name="state">Where the previous scanner stopped; <c>default</c> at the start of a body.</param>
    /// <param name="limits">The length limits to enforce while tokenizing.</param>
    public XmlScanner(ReadOnlySpan<byte> utf8, bool isFinalBlock, XmlScannerState state, XmlThreatLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _data = utf8;
        _isFinalBlock = isFinalBlock;
        _limits = limits;
        _baseOffset = state.Offset;
        _mode = state.Mode;
        _spaceInTag = state.SpaceInTag;
        _textBytes = state.TextBytes;
    }

    /// <summary>The state to resume from on the next span (offset advanced by <see cref="BytesConsumed"/>).</summary>
    public readonly XmlScannerState CurrentState => new()
    {
        Offset = _baseOffset + _pos,
        Mode = _mode,
        SpaceInTag = _spaceInTag,
        TextBytes = _textBytes,
    };

    /// <summary>Bytes of the span consumed so far (complete tokens only).</summary>
    public readonly int BytesConsumed => _pos;

    /// <summary>The last token read.</summary>
    public readonly XmlTokenType TokenType => _tokenType;

    /// <summary>Absolute body offset of the last token's first byte.</summary>
    public readonly long TokenOffset => _baseOffset + _tokenStart;

    /// <summary>Element or attribute QName, end-tag name, or PI target of the last token.</summary>
    public readonly ReadOnlySpan<byte> Name => _data.Slice(_nameStart, _nameLength);

    /// <summary>Bytes of <see cref="Name"/> before its colon; 0 when the name has no prefix.</summary>
    public readonly int PrefixLength => _prefixLength;

    /// <summary>Attribute value (raw, without quotes), text run, CDATA content, comment content or PI data.</summary>
    public readonly ReadOnlySpan<byte> Value => _data.Slice(_valueStart, _valueLength);

    /// <summary>
    /// For <see cref="XmlTokenType.StartTagOpen"/>: <see cref="XmlTokenType.StartTagEnd"/> or
    /// <see cref="XmlTokenType.EmptyElementEnd"/> when the tag has no attributes and its end was read
    /// with the name (no separate end token follows); otherwise <see cref="XmlTokenType.None"/>.
    /// </summary>
    public readonly XmlTokenType TagEnd => _tagEnd;

    /// <summary>Attribute: the value contains a reference. Text: the run has something other than [3] S.</summary>
    public readonly bool Flag => _flag;

    /// <summary>Why the input was refused, after <see cref="XmlScanStatus.Error"/>.</summary>
    public readonly XmlScanError Error => _error;

    /// <summary>Absolute body offset of the refused byte or token.</summary>
    public readonly long ErrorOffset => _errorOffset;

    /// <summary>For a length limit: the length seen (at least this long).</summary>
    public readonly long ErrorLength => _errorLength;

    /// <summary>Reads the next token.</summary>
    public XmlScanStatus Read()
    {
        if (_error != XmlScanError.None)
        {
            return XmlScanStatus.Error;
        }

        _tokenType = XmlTokenType.None;
        if (_mode == Mode.Content && _pos < _data.Length)
        {
            // The common case first: prolog, content or epilog with bytes left. Indentation directly
            // followed by markup is consumed here, as the text reader would, without entering it.
            var data = _data;
            int p = _pos;
            while (p < data.Length && XmlChars.IsSpace(data[p]))
            {
                p++;
            }

            if (p == data.Length || data[p] != (byte)'<')
            {
                return ReadText();
            }

            if (p > _pos)
            {
                if ((long)_textBytes + (p - _pos) > _limits.MaxTextLength)
                {
                    return ReadText();
                }

                _textBytes += p - _pos;
                _pos = p;
            }

            return ReadMarkup();
        }

        if (_mode == Mode.StartTag)
        {
            if (_pos < _data.Length && _data[_pos] == (byte)'>')
            {
                // The usual end of a start tag, right after its last attribute.
                _mode = Mode.Content;
                return Emit(XmlTokenType.StartTagEnd, _pos, _pos + 1);
            }

            return ReadInStartTag();
        }

        if (_mode == Mode.Start)
        {
            var status = ReadByteOrderMark();
            if (status != XmlScanStatus.Token)
            {
                return status;
            }
        }

        if (_mode == Mode.DeclarationAllowed)
        {
            // [22] prolog ::= XMLDecl? ...: the declaration may only be the very first thing.
            var rest = _data[_pos..];
            if (rest.Length < 6 && !_isFinalBlock && "<?xml "u8.StartsWith(rest))
            {
                return XmlScanStatus.NeedMoreData;
            }

            _mode = Mode.Content;
            if (rest.Length >= 6 && rest.StartsWith("<?xml"u8) && XmlChars.IsSpace(rest[5]))
            {
                return ReadXmlDeclaration();
            }
        }

        if (_mode == Mode.StartTag)
        {
            return ReadInStartTag();
        }

        if (_mode == Mode.CData)
        {
            return ReadCDataContent();
        }

        if (_pos == _data.Length)
        {
            return _isFinalBlock ? XmlScanStatus.EndOfInput : XmlScanStatus.NeedMoreData;
        }

        return _data[_pos] == (byte)'<' ? ReadMarkup() : ReadText();
    }

    private XmlScanStatus ReadByteOrderMark()
    {
        // Only UTF-8 is accepted (4.3.3): a UTF-16/32 BOM or the '<' of UTF-16 is refused as an encoding.
        var rest = _data[_pos..];
        if (rest.Length < 3 && !_isFinalBlock)
        {
            return XmlScanStatus.NeedMoreData;
        }

        if (rest.StartsWith("\uFEFF"u8))
        {
            _pos += 3;
        }
        else if (rest.Length >= 1 && (rest[0] == 0x00
            || (rest.Length >= 2 && ((rest[0] == 0xFE && rest[1] == 0xFF) || (rest[0] == 0xFF && rest[1] == 0xFE) || (rest[0] == (byte)'<' && rest[1] == 0x00)))))
        {
            return Fail(XmlScanError.NotUtf8, _pos);
        }

        _mode = Mode.DeclarationAllowed;
        return XmlScanStatus.Token;
    }

    private XmlScanStatus ReadXmlDeclaration()
    {
        // [23] XMLDecl ::= '<?xml' VersionInfo EncodingDecl? SDDecl? S? '?>'
        int end = _data[_pos..].IndexOf("?>"u8);
        if (end < 0)
        {
            if (_data.Length - _pos > 1024)
            {
                return Fail(XmlScanError.BadXmlDeclaration, _pos);
            }

            _mode = Mode.DeclarationAllowed;
            return NeedMoreOrEnd(_pos);
        }

        var decl = _data.Slice(_pos + 5, end - 5);
        var error = ParseDeclaration(decl, out int at);
        if (error != XmlScanError.None)
        {
            return Fail(error, _pos + 5 + at);
        }

        _valueStart = _pos + 5;
        _valueLength = decl.Length;
        return Emit(XmlTokenType.XmlDeclaration, _pos, _pos + end + 2);
    }

    private static XmlScanError ParseDeclaration(ReadOnlySpan<byte> d, out int at)
    {
        int p = SkipSpace(d, 0);
        at = p;
        if (p == 0 || !d[p..].StartsWith("version"u8))
        {
            return XmlScanError.BadXmlDeclaration;
        }

        // [24] VersionInfo, [26] VersionNum ::= '1.' [0-9]+
        p += 7;
        if (!ReadEqQuoted(d, ref p, out var version) || version.Length < 3 || !version.StartsWith("1."u8)
            || version[2..].IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
        {
            at = p;
            return XmlScanError.BadXmlDeclaration;
        }

        bool seenEncoding = false;
        bool seenStandalone = false;
        while (true)
        {
            int q = SkipSpace(d, p);
            if (q == d.Length)
            {
                return XmlScanError.None;
            }

            at = q;
            if (q == p)
            {
                return XmlScanError.BadXmlDeclaration;
            }

            p = q;
            if (!seenEncoding && !seenStandalone && d[p..].StartsWith("encoding"u8))
            {
                // [80] EncodingDecl, [81] EncName ::= [A-Za-z] ([A-Za-z0-9._] | '-')*
                seenEncoding = true;
                p += 8;
                if (!ReadEqQuoted(d, ref p, out var name) || name.Length == 0 || !char.IsAsciiLetter((char)name[0]))
                {
                    return XmlScanError.BadXmlDeclaration;
                }

                foreach (byte b in name)
                {
                    if (!char.IsAsciiLetterOrDigit((char)b) && b is not ((byte)'.' or (byte)'_' or (byte)'-'))
                    {
                        return XmlScanError.BadXmlDeclaration;
                    }
                }

                if (!System.Text.Ascii.EqualsIgnoreCase(name, "UTF-8"u8))
                {
                    return XmlScanError.DeclaredEncodingNotUtf8;
                }
            }
            else if (!seenStandalone && d[p..].StartsWith("standalone"u8))
            {
                // [32] SDDecl
                seenStandalone = true;
                p += 10;
                if (!ReadEqQuoted(d, ref p, out var value) || !(value.SequenceEqual("yes"u8) || value.SequenceEqual("no"u8)))
                {
                    return XmlScanError.BadXmlDeclaration;
                }
            }
            else
            {
                return XmlScanError.BadXmlDeclaration;
            }
        }
    }

    /// <summary>[25] Eq ::= S? '=' S? then a quoted value.</summary>
    private static bool ReadEqQuoted(ReadOnlySpan<byte> d, ref int p, out ReadOnlySpan<byte> value)
    {
        value = default;
        p = SkipSpace(d, p);
        if (p >= d.Length || d[p] != (byte)'=')
        {
            return false;
        }

        p = SkipSpace(d, p + 1);
        if (p >= d.Length || d[p] is not ((byte)'"' or (byte)'\''))
        {
            return false;
        }

        int close = d[(p + 1)..].IndexOf(d[p]);
        if (close < 0)
        {
            return false;
        }

        value = d.Slice(p + 1, close);
        p += close + 2;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipSpace(ReadOnlySpan<byte> d, int p)
    {
        while (p < d.Length && XmlChars.IsSpace(d[p]))
        {
            p++;
        }

        return p;
    }

    private XmlScanStatus ReadText()
    {
        // [14] CharData ::= [^<&]* - ([^<&]* ']]>' [^<&]*), interleaved with [67] References.
        var data = _data;
        int start = _pos;
        int i = start;
        // Indentation between tags is the most common run: whitespace then '<', read with a plain loop.
        while (i < data.Length && XmlChars.IsSpace(data[i]))
        {
            i++;
        }

        if (i < data.Length && data[i] == (byte)'<' && i > start && (long)_textBytes + (i - start) <= _limits.MaxTextLength)
        {
            // Whitespace directly followed by markup carries nothing to judge: it is consumed (and
            // counted toward the text run) without being reported, and the markup is read at once.
            _textBytes += i - start;
            _pos = i;
            return ReadMarkup();
        }

        // Only a run that starts with whitespace needs the (vectorized) whitespace check.
        bool nonSpace = i > start ? false : !XmlChars.IsSpace(data[i]);
        i = start;
        var plain = XmlChars.PlainInText;
        while (i < data.Length)
        {
            int runEnd;
            if (nonSpace)
            {
                // Short runs (the usual case) are read with a table; long ones with the vectorized search.
                int shortEnd = Math.Min(data.Length, i + 32);
                runEnd = i;
                while (runEnd < shortEnd && plain[data[runEnd]] != 0)
                {
                    runEnd++;
                }

                if (runEnd == shortEnd && runEnd < data.Length)
                {
                    int more = data[runEnd..].IndexOfAny(XmlChars.TextStops);
                    runEnd = more < 0 ? data.Length : runEnd + more;
                }
            }
            else
            {
                int stop = data[i..].IndexOfAny(XmlChars.TextStops);
                runEnd = stop < 0 ? data.Length : i + stop;
                if (data[i..runEnd].IndexOfAnyExcept(XmlChars.Space) >= 0)
                {
                    nonSpace = true;
                }
            }

            i = runEnd;
            if (i == data.Length)
            {
                break;
            }

            byte b = data[i];
            if (b == (byte)'<')
            {
                break;
            }

            if (b == (byte)'&')
            {
                if (i + 3 < data.Length && data[i + 3] == (byte)';' && data[i + 2] == (byte)'t' && data[i + 1] is (byte)'l' or (byte)'g')
                {
                    // &lt; and &gt;, the most common references, without the general reader.
                    nonSpace = true;
                    i += 4;
                    continue;
                }

                var st = XmlChars.TryReadReference(data[i..], _isFinalBlock, out int n, out _, out var refError);
                if (st == XmlParseStatus.NeedMoreData)
                {
                    break;
                }

                if (st == XmlParseStatus.Invalid)
                {
                    return Fail(refError, i + n);
                }

                nonSpace = true;
                i += n;
                continue;
            }

            if (b == (byte)']')
            {
                // "]]>" may not appear in character data; "]" or "]]" at the end of an incomplete
                // span waits for the next bytes.
                if (i + 2 < data.Length)
                {
                    if (data[i + 1] == (byte)']' && data[i + 2] == (byte)'>')
                    {
                        return Fail(XmlScanError.CDataEndInText, i);
                    }
                }
                else if (!_isFinalBlock && (i + 1 == data.Length || data[i + 1] == (byte)']'))
                {
                    break;
                }

                nonSpace = true;
                i++;
                continue;
            }

            // A control byte or a non-ASCII character; runs of non-ASCII text stay in this loop.
            XmlParseStatus cs = XmlParseStatus.Done;
            do
            {
                // Two- and three-byte characters are checked in line; the rest by the full decoder.
                int len = data[i] >= 0x80 ? XmlChars.CommonCharLength(data, i) : 0;
                if (len == 0)
                {
                    cs = XmlChars.TryReadChar(data[i..], _isFinalBlock, out _, out len);
                    if (cs != XmlParseStatus.Done)
                    {
                        break;
                    }
                }

                i += len;
            }
            while (i < data.Length && data[i] >= 0x80);

            if (cs == XmlParseStatus.NeedMoreData)
            {
                break;
            }

            if (cs == XmlParseStatus.Invalid)
            {
                return Fail(XmlScanError.InvalidChar, i);
            }

            nonSpace = true;
        }

        int length = i - start;
        if ((long)_textBytes + length > _limits.MaxTextLength)
        {
            // The offset is the first byte past the limit, the same however the text was split.
            return Fail(XmlScanError.TextLength, start + (_limits.MaxTextLength - _textBytes), (long)_textBytes + length);
        }

        if (length == 0)
        {
            return NeedMoreOrEnd(start);
        }

        _textBytes += length;
        _valueStart = start;
        _valueLength = length;
        _flag = nonSpace;
        return Emit(XmlTokenType.Text, start, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private XmlScanStatus ReadMarkup()
    {
        if (_data.Length - _pos < 2)
        {
            return NeedMoreOrEnd(_pos);
        }

        return _data[_pos + 1] switch
        {
            (byte)'/' => ReadEndTag(),
            (byte)'?' => ReadProcessingInstruction(),
            (byte)'!' => ReadBang(),
            _ => ReadStartTagOpen(),
        };
    }

    private XmlScanStatus ReadStartTagOpen()
    {
        // [40] STag ::= '<' Name (S Attribute)* S? '>' — the name part.
        int nameAt = _pos + 1;
        var st = XmlChars.TryReadName(_data[nameAt..], _isFinalBlock, out int n, out int colon, out int colons);
        if (st == XmlParseStatus.NeedMoreData)
        {
            return n > _limits.MaxPrefixLength + 1 + _limits.MaxElementNameLength
                ? Fail(XmlScanError.ElementNameLength, nameAt, n)
                : NeedMoreOrEnd(_pos);
        }

        if (st == XmlParseStatus.Invalid)
        {
            return Fail(n == 0 ? XmlScanError.NameExpected : XmlScanError.InvalidChar, nameAt + n);
        }

        var error = CheckQName(n, colon, colons, _limits.MaxElementNameLength, XmlScanError.ElementNameLength, out long length);
        if (error != XmlScanError.None)
        {
            return Fail(error, nameAt, length);
        }

        SetName(nameAt, n, colon);

        // A tag without attributes is usually complete here: report its end with it (one token instead of two).
        int after = nameAt + n;
        _tagEnd = XmlTokenType.None;
        if (after < _data.Length && _data[after] == (byte)'>')
        {
            _tagEnd = XmlTokenType.StartTagEnd;
            after++;
        }
        else if (after + 1 < _data.Length && _data[after] == (byte)'/' && _data[after + 1] == (byte)'>')
        {
            _tagEnd = XmlTokenType.EmptyElementEnd;
            after += 2;
        }
        else
        {
            _mode = Mode.StartTag;
            _spaceInTag = false;
        }

        return Emit(XmlTokenType.StartTagOpen, _pos, after);
    }

    /// <summary>Namespaces in XML [7] QName ::= PrefixedName | UnprefixedName, plus the length limits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly XmlScanError CheckQName(int n, int colon, int colons, int maxLocal, XmlScanError localError, out long length, bool checkPrefix = true)
    {
        length = 0;
        if (colons > 1 || colon == 0 || colon == n - 1)
        {
            return XmlScanError.NotQName;
        }

        int local = n - colon - 1;
        if (local > maxLocal)
        {
            length = local;
            return localError;
        }

        if (checkPrefix && colon > _limits.MaxPrefixLength)
        {
            length = colon;
            return XmlScanError.PrefixLength;
        }

        return XmlScanError.None;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetName(int start, int length, int colon)
    {
        _nameStart = start;
        _nameLength = length;
        _prefixLength = colon < 0 ? 0 : colon;
    }

    private XmlScanStatus ReadInStartTag()
    {
        var data = _data;
        int i = _pos;
        while (i < data.Length && XmlChars.IsSpace(data[i]))
        {
            i++;
        }

        if (i > _pos)
        {
            // Whitespace is consumed as it comes (remembered in the state) so a long run of it is never re-presented.
            _spaceInTag = true;
            _pos = i;
        }

        if (i == data.Length)
        {
            return NeedMoreOrEnd(i);
        }

        byte b = data[i];
        if (b == (byte)'>')
        {
            _mode = Mode.Content;
            return Emit(XmlTokenType.StartTagEnd, i, i + 1);
        }

        if (b == (byte)'/')
        {
            // [44] EmptyElemTag ::= '<' Name (S Attribute)* S? '/>'
            if (i + 1 == data.Length)
            {
                return NeedMoreOrEnd(i);
            }

            if (data[i + 1] != (byte)'>')
            {
                return Fail(XmlScanError.BadStartTag, i + 1);
            }

            _mode = Mode.Content;
            return Emit(XmlTokenType.EmptyElementEnd, i, i + 2);
        }

        // [41] Attribute ::= Name Eq AttValue
        var st = XmlChars.TryReadName(data[i..], _isFinalBlock, out int n, out int colon, out int colons);
        if (st == XmlParseStatus.Invalid)
        {
            return Fail(n == 0 ? XmlScanError.BadStartTag : XmlScanError.InvalidChar, i + n);
        }

        if (!_spaceInTag)
        {
            return Fail(XmlScanError.MissingSpaceBeforeAttribute, i);
        }

        if (st == XmlParseStatus.NeedMoreData)
        {
            return n > _limits.MaxPrefixLength + 1 + _limits.MaxAttributeNameLength
                ? Fail(XmlScanError.AttributeNameLength, i, n)
                : NeedMoreOrEnd(i);
        }

        var name = data.Slice(i, n);
        bool isNamespaceDeclaration = name[0] == (byte)'x' && (name.SequenceEqual("xmlns"u8) || (colon == 5 && name.StartsWith("xmlns:"u8)));
        XmlScanError error;
        long length;
        if (isNamespaceDeclaration && colon == 5)
        {
            // xmlns:p declares the prefix p: its length is a prefix length.
            error = CheckQName(n, colon, colons, _limits.MaxPrefixLength, XmlScanError.PrefixLength, out length, checkPrefix: false);
        }
        else
        {
            error = CheckQName(n, colon, colons, _limits.MaxAttributeNameLength, XmlScanError.AttributeNameLength, out length);
        }

        if (error != XmlScanError.None)
        {
            return Fail(error, i, length);
        }

        int j = SkipSpace(data, i + n);
        if (j - (i + n) > MaxMarkupSpace)
        {
            return Fail(XmlScanError.ExcessiveWhitespace, i + n, j - (i + n));
        }

        if (j == data.Length)
        {
            return NeedMoreOrEnd(i);
        }

        if (data[j] != (byte)'=')
        {
            return Fail(XmlScanError.BadAttribute, j);
        }

        int afterEq = j + 1;
        j = SkipSpace(data, afterEq);
        if (j - afterEq > MaxMarkupSpace)
        {
            return Fail(XmlScanError.ExcessiveWhitespace, afterEq, j - afterEq);
        }

        if (j == data.Length)
        {
            return NeedMoreOrEnd(i);
        }

        byte quote = data[j];
        if (quote is not ((byte)'"' or (byte)'\''))
        {
            return Fail(XmlScanError.BadAttribute, j);
        }

        // [10] AttValue ::= '"' ([^<&"] | Reference)* '"' | "'" ([^<&'] | Reference)* "'"
        int valueStart = ++j;
        int limit = isNamespaceDeclaration ? _limits.MaxNamespaceUriLength : _limits.MaxAttributeValueLength;
        var limitError = isNamespaceDeclaration ? XmlScanError.NamespaceUriLength : XmlScanError.AttributeValueLength;
        var stops = quote == (byte)'"' ? XmlChars.AttrStopsDouble : XmlChars.AttrStopsSingle;
        bool hasReference = false;
        var plain = quote == (byte)'"' ? XmlChars.PlainInDoubleQuotes : XmlChars.PlainInSingleQuotes;
        while (true)
        {
            // Short values (the usual case) are read with a table; long ones with the vectorized search.
            int shortEnd = Math.Min(data.Length, j + 32);
            while (j < shortEnd && plain[data[j]] != 0)
            {
                j++;
            }

            if (j == shortEnd && j < data.Length)
            {
                int stop = data[j..].IndexOfAny(stops);
                j = stop < 0 ? data.Length : j + stop;
            }

            if (j - valueStart > limit)
            {
                return Fail(limitError, valueStart, j - valueStart);
            }

            if (j == data.Length)
            {
                return NeedMoreOrEnd(i);
            }

            byte c = data[j];
            if (c == quote)
            {
                break;
            }

            if (c == (byte)'<')
            {
                return Fail(XmlScanError.LessThanInAttributeValue, j);
            }

            if (c == (byte)'&')
            {
                var rs = XmlChars.TryReadReference(data[j..], _isFinalBlock, out int rn, out _, out var refError);
                if (rs == XmlParseStatus.NeedMoreData)
                {
                    return NeedMoreOrEnd(i);
                }

                if (rs == XmlParseStatus.Invalid)
                {
                    return Fail(refError, j + rn);
                }

                hasReference = true;
                j += rn;
                continue;
            }

            int cn = c >= 0x80 ? XmlChars.CommonCharLength(data, j) : 0;
            if (cn == 0)
            {
                var cs = XmlChars.TryReadChar(data[j..], _isFinalBlock, out _, out cn);
                if (cs == XmlParseStatus.NeedMoreData)
                {
                    return NeedMoreOrEnd(i);
                }

                if (cs == XmlParseStatus.Invalid)
                {
                    return Fail(XmlScanError.InvalidChar, j);
                }
            }

            j += cn;
        }

        SetName(i, n, colon);
        _valueStart = valueStart;
        _valueLength = j - valueStart;
        _flag = hasReference;
        _spaceInTag = false;
        return Emit(XmlTokenType.Attribute, i, j + 1);
    }

    private XmlScanStatus ReadEndTag()
    {
        // [42] ETag ::= '</' Name S? '>'
        int nameAt = _pos + 2;
        var st = XmlChars.TryReadName(_data[nameAt..], _isFinalBlock, out int n, out int colon, out _);
        if (st == XmlParseStatus.NeedMoreData)
        {
            return n > _limits.MaxPrefixLength + 1 + _limits.MaxElementNameLength
                ? Fail(XmlScanError.ElementNameLength, nameAt, n)
                : NeedMoreOrEnd(_pos);
        }

        if (st == XmlParseStatus.Invalid)
        {
            return Fail(n == 0 ? XmlScanError.BadEndTag : XmlScanError.InvalidChar, nameAt + n);
        }

        int j = SkipSpace(_data, nameAt + n);
        if (j - (nameAt + n) > MaxMarkupSpace)
        {
            return Fail(XmlScanError.ExcessiveWhitespace, nameAt + n, j - (nameAt + n));
        }

        if (j == _data.Length)
        {
            return NeedMoreOrEnd(_pos);
        }

        if (_data[j] != (byte)'>')
        {
            return Fail(XmlScanError.BadEndTag, j);
        }

        SetName(nameAt, n, colon);
        return Emit(XmlTokenType.EndTag, _pos, j + 1);
    }

    private XmlScanStatus ReadBang()
    {
        var rest = _data[_pos..];
        if (rest.StartsWith("<!--"u8))
        {
            return ReadComment();
        }

        if (rest.StartsWith("<![CDATA["u8))
        {
            return ReadCData();
        }

        if (rest.StartsWith("<!DOCTYPE"u8))
        {
            return ReadDocType();
        }

        if (!_isFinalBlock && ("<!--"u8.StartsWith(rest) || "<![CDATA["u8.StartsWith(rest) || "<!DOCTYPE"u8.StartsWith(rest)))
        {
            return XmlScanStatus.NeedMoreData;
        }

        return Fail(rest.Length < 9 && _isFinalBlock ? XmlScanError.UnexpectedEnd : XmlScanError.BadMarkup, _pos);
    }

    private XmlScanStatus ReadComment()
    {
        // [15] Comment ::= '<!--' ((Char - '-') | ('-' (Char - '-')))* '-->'
        int contentStart = _pos + 4;
        int max = _limits.MaxCommentLength;
        int k = _data[contentStart..].IndexOf("--"u8);
        if (k < 0)
        {
            int seen = _data.Length - contentStart;
            return seen > max + 1 ? Fail(XmlScanError.CommentLength, contentStart, seen - 1) : NeedMoreOrEnd(_pos);
        }

        if (k > max)
        {
            return Fail(XmlScanError.CommentLength, contentStart, k);
        }

        int dashes = contentStart + k;
        if (dashes + 2 == _data.Length)
        {
            return NeedMoreOrEnd(_pos);
        }

        if (_data[dashes + 2] != (byte)'>')
        {
            return Fail(XmlScanError.DoubleHyphenInComment, dashes);
        }

        int bad = XmlChars.IndexOfInvalidChar(_data.Slice(contentStart, k));
        if (bad >= 0)
        {
            return Fail(XmlScanError.InvalidChar, contentStart + bad);
        }

        _valueStart = contentStart;
        _valueLength = k;
        return Emit(XmlTokenType.Comment, _pos, dashes + 3);
    }

    private XmlScanStatus ReadCData()
    {
        // [18] CDSect ::= CDStart CData CDEnd. The opening is reported on its own (so the guard can
        // place it); the content follows in runs as bytes arrive, like text, so a long section is
        // never re-presented from its start.
        _mode = Mode.CData;
        _valueStart = _pos + 9;
        _valueLength = 0;
        _flag = true;
        return Emit(XmlTokenType.CData, _pos, _pos + 9);
    }

    private XmlScanStatus ReadCDataContent()
    {
        // [20] CData ::= (Char* - (Char* ']]>' Char*))
        int start = _pos;
        long room = (long)_limits.MaxTextLength - _textBytes;
        int k = _data[start..].IndexOf("]]>"u8);
        bool closed = k >= 0;
        int end;
        if (closed)
        {
            end = start + k;
        }
        else if (_isFinalBlock)
        {
            // Reported at the end of the body: the same offset however the section was split.
            return Fail(XmlScanError.UnexpectedEnd, _data.Length);
        }
        else
        {
            // Keep a possible "]]" and an incomplete UTF-8 character for the next span.
            end = Math.Max(start, _data.Length - 2);
            end = start + XmlChars.CompleteUtf8Length(_data[start..end]);
        }

        int length = end - start;
        if (length > room)
        {
            return Fail(XmlScanError.TextLength, start + (int)room, (long)_textBytes + length);
        }

        int bad = XmlChars.IndexOfInvalidChar(_data[start..end]);
        if (bad >= 0)
        {
            return Fail(XmlScanError.InvalidChar, start + bad);
        }

        if (!closed && length == 0)
        {
            return XmlScanStatus.NeedMoreData;
        }

        _textBytes += length;
        _valueStart = start;
        _valueLength = length;
        _flag = true;
        if (!closed)
        {
            return Emit(XmlTokenType.CData, start, end);
        }

        _mode = Mode.Content;
        return Emit(XmlTokenType.CData, start, end + 3);
    }

    private XmlScanStatus ReadDocType()
    {
        // [28] doctypedecl ::= '<!DOCTYPE' S Name (S ExternalID)? S? ('[' intSubset ']' S?)? '>'
        int after = _pos + 9;
        if (after == _data.Length)
        {
            return NeedMoreOrEnd(_pos);
        }

        if (!XmlChars.IsSpace(_data[after]))
        {
            return Fail(XmlScanError.BadMarkup, after);
        }

        if (_limits.RejectDtd)
        {
            // Refused at the keyword: nothing of the declaration is read, so nothing can be expanded or fetched.
            return Emit(XmlTokenType.DocType, _pos, after);
        }

        // Tolerated DTD: skip it without interpreting it (bounded by MaxTextLength). Quoted literals
        // and comments may contain '>' and ']'; nothing inside is expanded, resolved or fetched.
        int depth = 0;
        byte quote = 0;
        int i = after;
        for (; i < _data.Length; i++)
        {
            if (i - _pos > _limits.MaxTextLength)
            {
                return Fail(XmlScanError.BadDocType, _pos, i - _pos);
            }

            byte b = _data[i];
            if (quote != 0)
            {
                if (b == quote)
                {
                    quote = 0;
                }
            }
            else if (b is (byte)'"' or (byte)'\'')
            {
                quote = b;
            }
            else if (b == (byte)'<' && _data[i..].StartsWith("<!--"u8))
            {
                int end = _data[(i + 4)..].IndexOf("-->"u8);
                if (end < 0)
                {
                    i = _data.Length;
                    break;
                }

                i += 4 + end + 2;
            }
            else if (b == (byte)'[')
            {
                depth++;
            }
            else if (b == (byte)']')
            {
                depth--;
            }
            else if (b == (byte)'>' && depth <= 0)
            {
                return Emit(XmlTokenType.DocType, _pos, i + 1);
            }
        }

        return NeedMoreOrEnd(_pos);
    }

    private XmlScanStatus ReadProcessingInstruction()
    {
        // [16] PI ::= '<?' PITarget (S (Char* - (Char* '?>' Char*)))? '?>'
        int targetAt = _pos + 2;
        var st = XmlChars.TryReadName(_data[targetAt..], _isFinalBlock, out int n, out _, out int colons);
        if (st == XmlParseStatus.NeedMoreData)
        {
            return n > _limits.MaxPITargetLength ? Fail(XmlScanError.PITargetLength, targetAt, n) : NeedMoreOrEnd(_pos);
        }

        if (st == XmlParseStatus.Invalid)
        {
            return Fail(n == 0 ? XmlScanError.BadProcessingInstruction : XmlScanError.InvalidChar, targetAt + n);
        }

        var target = _data.Slice(targetAt, n);
        if (colons > 0)
        {
            return Fail(XmlScanError.NotQName, targetAt);
        }

        // [17] PITarget ::= Name - (('X' | 'x') ('M' | 'm') ('L' | 'l'))
        if (System.Text.Ascii.EqualsIgnoreCase(target, "xml"u8))
        {
            return Fail(XmlScanError.ReservedPITarget, _pos);
        }

        if (n > _limits.MaxPITargetLength)
        {
            return Fail(XmlScanError.PITargetLength, targetAt, n);
        }

        int j = targetAt + n;
        if (_data.Length - j < 2)
        {
            return NeedMoreOrEnd(_pos);
        }

        int dataStart;
        int dataLength;
        int end;
        if (_data[j] == (byte)'?' && _data[j + 1] == (byte)'>')
        {
            dataStart = j;
            dataLength = 0;
            end = j + 2;
        }
        else if (XmlChars.IsSpace(_data[j]))
        {
            dataStart = SkipSpace(_data, j);
            if (dataStart - j > MaxMarkupSpace)
            {
                return Fail(XmlScanError.ExcessiveWhitespace, j, dataStart - j);
            }

            int k = _data[dataStart..].IndexOf("?>"u8);
            int max = _limits.MaxPIDataLength;
            if (k < 0)
            {
                int seen = _data.Length - dataStart;
                return seen > max + 1 ? Fail(XmlScanError.PIDataLength, dataStart, seen - 1) : NeedMoreOrEnd(_pos);
            }

            if (k > max)
            {
                return Fail(XmlScanError.PIDataLength, dataStart, k);
            }

            int bad = XmlChars.IndexOfInvalidChar(_data.Slice(dataStart, k));
            if (bad >= 0)
            {
                return Fail(XmlScanError.InvalidChar, dataStart + bad);
            }

            dataLength = k;
            end = dataStart + k + 2;
        }
        else
        {
            return Fail(XmlScanError.BadProcessingInstruction, j);
        }

        SetName(targetAt, n, -1);
        _valueStart = dataStart;
        _valueLength = dataLength;
        return Emit(XmlTokenType.ProcessingInstruction, _pos, end);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private XmlScanStatus Emit(XmlTokenType type, int tokenStart, int next)
    {
        _tokenType = type;
        _tokenStart = tokenStart;
        _pos = next;
        if (type is not (XmlTokenType.Text or XmlTokenType.CData))
        {
            // Any other token ends the character data run the text-length limit measures.
            _textBytes = 0;
        }

        return XmlScanStatus.Token;
    }

    private XmlScanStatus NeedMoreOrEnd(int at) =>
        _isFinalBlock ? Fail(XmlScanError.UnexpectedEnd, at) : XmlScanStatus.NeedMoreData;

    private XmlScanStatus Fail(XmlScanError error, int at, long length = 0)
    {
        _error = error;
        _errorOffset = _baseOffset + at;
        _errorLength = length;
        _tokenType = XmlTokenType.None;
        return XmlScanStatus.Error;
    }
}
