using System.Buffers;

namespace ApiFilter.Signatures;

/// <summary>
/// RFC 8941 structured field parser, strict to the parsing algorithms of section 4.2: spans in,
/// a flat list of <see cref="StructuredFieldNode"/> ranges out, a status for bad input (never an
/// exception), no allocation, one pass (linear in the input; the duplicate-key check compares a
/// key with its earlier siblings, bounded by the caller's node buffer).
/// </summary>
public static class StructuredFieldParser
{
    // RFC 9110 tchar plus ":" and "/" (RFC 8941 section 3.3.4 sf-token)
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz:/");

    // section 3.1.2 key: lcalpha / DIGIT / "_" / "-" / "." / "*"
    private static readonly SearchValues<char> KeyChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789_-.*");

    // section 4.2.7: only ALPHA, DIGIT, "+", "/" and "=" inside a Byte Sequence
    internal static readonly SearchValues<char> Base64Chars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");

    // section 4.2.5: stop at a quote, a backslash, or any character outside %x20-7E
    private static readonly SearchValues<char> StringStops = SearchValues.Create(BuildStringStops());

    /// <summary>
    /// Parses <paramref name="input"/> (field lines already combined with ", ", RFC 8941 section 4.2)
    /// as a field of <paramref name="type"/> into <paramref name="nodes"/>.
    /// </summary>
    /// <param name="input">The field value.</param>
    /// <param name="type">What the field's specification says it is.</param>
    /// <param name="nodes">Where the values go; its length is the caller's limit (<see cref="StructuredFieldStatus.TooManyNodes"/>).</param>
    /// <param name="nodeCount">How many nodes were written (0 unless <see cref="StructuredFieldStatus.Ok"/>).</param>
    /// <returns><see cref="StructuredFieldStatus.Ok"/> or the first rule broken.</returns>
    public static StructuredFieldStatus Parse(ReadOnlySpan<char> input, StructuredFieldType type, Span<StructuredFieldNode> nodes, out int nodeCount)
    {
        Reader reader = new(input, nodes);
        StructuredFieldStatus status = reader.ParseField(type);
        nodeCount = status == StructuredFieldStatus.Ok ? reader.Count : 0;
        return status;
    }

    /// <summary>
    /// The index of the Dictionary member keyed <paramref name="key"/> (the value that won, per
    /// section 4.2.2), or -1.
    /// </summary>
    public static int FindMember(ReadOnlySpan<StructuredFieldNode> nodes, ReadOnlySpan<char> input, ReadOnlySpan<char> key)
    {
        for (int i = 0; i < nodes.Length; i = nodes[i].EndField)
        {
            if (!nodes[i].IsSupersededField && nodes[i].Key(input).SequenceEqual(key))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The index of the parameter keyed <paramref name="key"/> of node <paramref name="owner"/> (the value that won), or -1.</summary>
    public static int FindParameter(ReadOnlySpan<StructuredFieldNode> nodes, int owner, ReadOnlySpan<char> input, ReadOnlySpan<char> key)
    {
        for (int i = nodes[owner].ParametersStartField; i < nodes[owner].EndField; i++)
        {
            if (!nodes[i].IsSupersededField && nodes[i].Key(input).SequenceEqual(key))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Writes a String's value with its escapes removed; false when <paramref name="destination"/> is too short.</summary>
    public static bool TryUnescapeString(ReadOnlySpan<char> escaped, Span<char> destination, out int written)
    {
        written = 0;
        for (int i = 0; i < escaped.Length; i++)
        {
            char c = escaped[i];
            if (c == '\\' && i + 1 < escaped.Length)
            {
                c = escaped[++i];
            }

            if (written == destination.Length)
            {
                return false;
            }

            destination[written++] = c;
        }

        return true;
    }

    /// <summary>How many bytes the Byte Sequence text <paramref name="base64"/> decodes to at most.</summary>
    public static int MaxDecodedLength(ReadOnlySpan<char> base64) => ((base64.Length + 3) / 4) * 3;

    /// <summary>
    /// Decodes a Byte Sequence's base64 text, synthesizing missing padding (section 4.2.7: parsers
    /// SHOULD NOT fail when "=" padding is not present); false when it does not decode or
    /// <paramref name="destination"/> is too short.
    /// </summary>
    public static bool TryDecodeByteSequence(ReadOnlySpan<char> base64, Span<byte> destination, out int written)
    {
        written = 0;
        int data = base64.IndexOf('=');
        if (data < 0)
        {
            data = base64.Length;
        }

        int padding = base64.Length - data;
        if (data % 4 == 1 || padding > 2 || base64[data..].ContainsAnyExcept('=') || (padding > 0 && base64.Length % 4 != 0))
        {
            return false;
        }

        if (padding > 0 || data % 4 == 0)
        {
            return Convert.TryFromBase64Chars(base64, destination, out written);
        }

        // re-pad in a small buffer: the unpadded form is the rare, tolerated one
        int padded = data + (4 - (data % 4));
        char[]? rented = null;
        Span<char> buffer = padded <= 1024 ? stackalloc char[1024] : (rented = ArrayPool<char>.Shared.Rent(padded));
        base64.CopyTo(buffer);
        buffer[data..padded].Fill('=');
        bool ok = Convert.TryFromBase64Chars(buffer[..padded], destination, out written);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return ok;
    }

    private static string BuildStringStops()
    {
        Span<char> chars = stackalloc char[35];
        for (int c = 0; c < 0x20; c++)
        {
            chars[c] = (char)c;
        }

        chars[32] = (char)0x7F;
        chars[33] = '"';
        chars[34] = '\\';
        return new string(chars);
    }

    private static bool IsDigit(char c) => (uint)(c - '0') <= 9;

    private static bool IsAlpha(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    private ref struct Reader
    {
        private readonly ReadOnlySpan<char> _s;
        private readonly Span<StructuredFieldNode> _nodes;
        private int _pos;

        public Reader(ReadOnlySpan<char> input, Span<StructuredFieldNode> nodes)
        {
            _s = input;
            _nodes = nodes;
        }

        public int Count { get; private set; }

        public StructuredFieldStatus ParseField(StructuredFieldType type)
        {
            // section 4.2 step 1: the field must convert to ASCII (Ascii.IsValid: ContainsAnyExceptInRange
            // was measured allocating 96 B per call here on .NET 10.0.12)
            if (!System.Text.Ascii.IsValid(_s))
            {
                return StructuredFieldStatus.NonAscii;
            }

            SkipSpaces();
            StructuredFieldStatus status = type switch
            {
                StructuredFieldType.List => ParseList(),
                StructuredFieldType.Dictionary => ParseDictionary(),
                _ => _pos == _s.Length ? StructuredFieldStatus.Empty : ParseItem(StructuredFieldNodeKind.Member, -1, 0),
            };
            if (status != StructuredFieldStatus.Ok)
            {
                return status;
            }

            SkipSpaces();
            return _pos == _s.Length ? StructuredFieldStatus.Ok : StructuredFieldStatus.TrailingCharacters;
        }

        private void SkipSpaces()
        {
            while (_pos < _s.Length && _s[_pos] == ' ')
            {
                _pos++;
            }
        }

        private void SkipOws()
        {
            while (_pos < _s.Length && (_s[_pos] == ' ' || _s[_pos] == '\t'))
            {
                _pos++;
            }
        }

        // section 4.2.1
        private StructuredFieldStatus ParseList()
        {
            while (_pos < _s.Length)
            {
                StructuredFieldStatus status = ParseItemOrInnerList(StructuredFieldNodeKind.Member, -1, 0);
                if (status != StructuredFieldStatus.Ok)
                {
                    return status;
                }

                status = AfterMember();
                if (status != StructuredFieldStatus.Ok || _pos == _s.Length)
                {
                    return status;
                }
            }

            return StructuredFieldStatus.Ok;
        }

        // section 4.2.2
        private StructuredFieldStatus ParseDictionary()
        {
            while (_pos < _s.Length)
            {
                int keyStart = _pos;
                if (!ParseKey())
                {
                    return StructuredFieldStatus.BadKey;
                }

                int keyLength = _pos - keyStart;
                int member = Count;
                StructuredFieldStatus status;
                if (_pos < _s.Length && _s[_pos] == '=')
                {
                    _pos++;
                    status = ParseItemOrInnerList(StructuredFieldNodeKind.Member, keyStart, keyLength);
                }
                else
                {
                    // a key alone is Boolean true, with parameters
                    if (!Add(StructuredFieldNodeKind.Member, StructuredFieldValueType.Boolean, keyStart, keyLength, _pos, 0, 1))
                    {
                        return StructuredFieldStatus.TooManyNodes;
                    }

                    status = ParseParameters(member);
                }

                if (status != StructuredFieldStatus.Ok)
                {
                    return status;
                }

                Supersede(0, member);
                status = AfterMember();
                if (status != StructuredFieldStatus.Ok || _pos == _s.Length)
                {
                    return status;
                }
            }

            return StructuredFieldStatus.Ok;
        }

        // the OWS "," OWS between members; a comma must be followed by another member
        private StructuredFieldStatus AfterMember()
        {
            SkipOws();
            if (_pos == _s.Length)
            {
                return StructuredFieldStatus.Ok;
            }

            if (_s[_pos] != ',')
            {
                return StructuredFieldStatus.MissingComma;
            }

            _pos++;
            SkipOws();
            return _pos == _s.Length ? StructuredFieldStatus.Empty : StructuredFieldStatus.Ok;
        }

        private StructuredFieldStatus ParseItemOrInnerList(StructuredFieldNodeKind kind, int keyStart, int keyLength) =>
            _pos < _s.Length && _s[_pos] == '(' ? ParseInnerList(kind, keyStart, keyLength) : ParseItem(kind, keyStart, keyLength);

        // section 4.2.1.2
        private StructuredFieldStatus ParseInnerList(StructuredFieldNodeKind kind, int keyStart, int keyLength)
        {
            int index = Count;
            int start = _pos;
            if (!Add(kind, StructuredFieldValueType.InnerList, keyStart, keyLength, start, 0, 0))
            {
                return StructuredFieldStatus.TooManyNodes;
            }

            _pos++;
            while (_pos < _s.Length)
            {
                SkipSpaces();
                if (_pos < _s.Length && _s[_pos] == ')')
                {
                    _pos++;
                    _nodes[index].ValueLengthField = _pos - start;
                    return ParseParameters(index);
                }

                StructuredFieldStatus status = ParseItem(StructuredFieldNodeKind.InnerListItem, -1, 0);
                if (status != StructuredFieldStatus.Ok)
                {
                    return status;
                }

                if (_pos < _s.Length && _s[_pos] != ' ' && _s[_pos] != ')')
                {
                    return StructuredFieldStatus.BadInnerList;
                }
            }

            return StructuredFieldStatus.BadInnerList;
        }

        // section 4.2.3
        private StructuredFieldStatus ParseItem(StructuredFieldNodeKind kind, int keyStart, int keyLength)
        {
            int index = Count;
            StructuredFieldStatus status = ParseBareItem(kind, keyStart, keyLength);
            return status != StructuredFieldStatus.Ok ? status : ParseParameters(index);
        }

        // section 4.2.3.2; also closes the owner's subtree
        private StructuredFieldStatus ParseParameters(int owner)
        {
            int first = Count;
            _nodes[owner].ParametersStartField = first;
            while (_pos < _s.Length && _s[_pos] == ';')
            {
                _pos++;
                SkipSpaces();
                int keyStart = _pos;
                if (!ParseKey())
                {
                    return StructuredFieldStatus.BadKey;
                }

                int keyLength = _pos - keyStart;
                int parameter = Count;
                if (_pos < _s.Length && _s[_pos] == '=')
                {
                    _pos++;
                    StructuredFieldStatus status = ParseBareItem(StructuredFieldNodeKind.Parameter, keyStart, keyLength);
                    if (status != StructuredFieldStatus.Ok)
                    {
                        return status;
                    }
                }
                else if (!Add(StructuredFieldNodeKind.Parameter, StructuredFieldValueType.Boolean, keyStart, keyLength, _pos, 0, 1))
                {
                    return StructuredFieldStatus.TooManyNodes;
                }

                Supersede(first, parameter);
            }

            _nodes[owner].EndField = Count;
            return StructuredFieldStatus.Ok;
        }

        // section 4.2.3.3
        private bool ParseKey()
        {
            if (_pos >= _s.Length)
            {
                return false;
            }

            char c = _s[_pos];
            if (c != '*' && (uint)(c - 'a') > 'z' - 'a')
            {
                return false;
            }

            _pos++;
            int run = _s[_pos..].IndexOfAnyExcept(KeyChars);
            _pos = run < 0 ? _s.Length : _pos + run;
            return true;
        }

        // section 4.2.3.1
        private StructuredFieldStatus ParseBareItem(StructuredFieldNodeKind kind, int keyStart, int keyLength)
        {
            if (_pos >= _s.Length)
            {
                return StructuredFieldStatus.UnexpectedCharacter;
            }

            char c = _s[_pos];
            if (c == '-' || IsDigit(c))
            {
                return ParseNumber(kind, keyStart, keyLength);
            }

            if (c == '"')
            {
                return ParseString(kind, keyStart, keyLength);
            }

            if (c == '*' || IsAlpha(c))
            {
                int start = _pos++;
                int run = _s[_pos..].IndexOfAnyExcept(TokenChars);
                _pos = run < 0 ? _s.Length : _pos + run;
                return Add(kind, StructuredFieldValueType.Token, keyStart, keyLength, start, _pos - start, 0)
                    ? StructuredFieldStatus.Ok : StructuredFieldStatus.TooManyNodes;
            }

            if (c == ':')
            {
                return ParseByteSequence(kind, keyStart, keyLength);
            }

            if (c == '?')
            {
                _pos++;
                if (_pos >= _s.Length || (_s[_pos] != '0' && _s[_pos] != '1'))
                {
                    return StructuredFieldStatus.BadBoolean;
                }

                long value = _s[_pos] - '0';
                _pos++;
                return Add(kind, StructuredFieldValueType.Boolean, keyStart, keyLength, _pos - 1, 1, value)
                    ? StructuredFieldStatus.Ok : StructuredFieldStatus.TooManyNodes;
            }

            return StructuredFieldStatus.UnexpectedCharacter;
        }

        // section 4.2.4: at most 15 characters for an Integer, 16 (with the dot, at most 12 before it) for a Decimal
        private StructuredFieldStatus ParseNumber(StructuredFieldNodeKind kind, int keyStart, int keyLength)
        {
            int start = _pos;
            bool negative = _s[_pos] == '-';
            if (negative)
            {
                _pos++;
            }

            if (_pos >= _s.Length || !IsDigit(_s[_pos]))
            {
                return StructuredFieldStatus.BadNumber;
            }

            long integer = 0;
            long fraction = 0;
            int fractionDigits = 0;
            int length = 0;
            bool isDecimal = false;
            while (_pos < _s.Length)
            {
                char c = _s[_pos];
                if (IsDigit(c))
                {
                    if (isDecimal)
                    {
                        fraction = (fraction * 10) + (c - '0');
                        fractionDigits++;
                    }
                    else
                    {
                        integer = (integer * 10) + (c - '0');
                    }
                }
                else if (!isDecimal && c == '.')
                {
                    if (length > 12)
                    {
                        return StructuredFieldStatus.BadNumber;
                    }

                    isDecimal = true;
                }
                else
                {
                    break;
                }

                _pos++;
                length++;
                if (length > (isDecimal ? 16 : 15))
                {
                    return StructuredFieldStatus.BadNumber;
                }
            }

            long value;
            if (isDecimal)
            {
                if (fractionDigits is 0 or > 3)
                {
                    return StructuredFieldStatus.BadNumber;
                }

                for (int i = fractionDigits; i < 3; i++)
                {
                    fraction *= 10;
                }

                value = (integer * 1000) + fraction;
            }
            else
            {
                value = integer;
            }

            return Add(kind, isDecimal ? StructuredFieldValueType.Decimal : StructuredFieldValueType.Integer, keyStart, keyLength, start, _pos - start, negative ? -value : value)
                ? StructuredFieldStatus.Ok : StructuredFieldStatus.TooManyNodes;
        }

        // section 4.2.5
        private StructuredFieldStatus ParseString(StructuredFieldNodeKind kind, int keyStart, int keyLength)
        {
            int start = ++_pos;
            bool escapes = false;
            while (true)
            {
                int stop = _s[_pos..].IndexOfAny(StringStops);
                if (stop < 0)
                {
                    return StructuredFieldStatus.BadString;
                }

                _pos += stop;
                char c = _s[_pos++];
                if (c == '"')
                {
                    if (!Add(kind, StructuredFieldValueType.String, keyStart, keyLength, start, _pos - 1 - start, 0))
                    {
                        return StructuredFieldStatus.TooManyNodes;
                    }

                    _nodes[Count - 1].HasEscapesField = escapes;
                    return StructuredFieldStatus.Ok;
                }

                if (c != '\\' || _pos >= _s.Length || (_s[_pos] != '"' && _s[_pos] != '\\'))
                {
                    return StructuredFieldStatus.BadString;
                }

                escapes = true;
                _pos++;
            }
        }

        // section 4.2.7
        private StructuredFieldStatus ParseByteSequence(StructuredFieldNodeKind kind, int keyStart, int keyLength)
        {
            int start = ++_pos;
            int end = _s[start..].IndexOf(':');
            if (end < 0)
            {
                return StructuredFieldStatus.BadByteSequence;
            }

            ReadOnlySpan<char> content = _s.Slice(start, end);
            if (content.ContainsAnyExcept(Base64Chars) || !IsDecodable(content))
            {
                return StructuredFieldStatus.BadByteSequence;
            }

            _pos = start + end + 1;
            return Add(kind, StructuredFieldValueType.ByteSequence, keyStart, keyLength, start, end, 0)
                ? StructuredFieldStatus.Ok : StructuredFieldStatus.TooManyNodes;
        }

        // "=" only at the end, at most two, and only where they complete a quantum; a lone
        // trailing sextet never decodes
        private static bool IsDecodable(ReadOnlySpan<char> content)
        {
            int data = content.IndexOf('=');
            if (data < 0)
            {
                return content.Length % 4 != 1;
            }

            int padding = content.Length - data;
            return data % 4 != 1 && padding <= 2 && !content[data..].ContainsAnyExcept('=') && content.Length % 4 == 0;
        }

        private bool Add(StructuredFieldNodeKind kind, StructuredFieldValueType type, int keyStart, int keyLength, int valueStart, int valueLength, long number)
        {
            if (Count == _nodes.Length)
            {
                return false;
            }

            int index = Count++;
            ref StructuredFieldNode node = ref _nodes[index];
            node = default;
            node.KindField = kind;
            node.TypeField = type;
            node.KeyStartField = keyLength == 0 ? -1 : keyStart;
            node.KeyLengthField = keyLength;
            node.ValueStartField = valueStart;
            node.ValueLengthField = valueLength;
            node.NumberField = number;
            node.EndField = index + 1;
            node.ParametersStartField = index + 1;
            node.FinalIndexField = index;
            node.FirstIndexField = index;
            node.IsFirstOccurrenceField = true;
            return true;
        }

        // sections 4.2.2 / 4.2.3.2: a repeated key overwrites the earlier value in its position
        private readonly void Supersede(int firstSibling, int latest)
        {
            ReadOnlySpan<char> key = _nodes[latest].Key(_s);
            for (int i = firstSibling; i < latest; i = _nodes[i].EndField)
            {
                if (_nodes[i].IsSupersededField || !_nodes[i].Key(_s).SequenceEqual(key))
                {
                    continue;
                }

                _nodes[i].IsSupersededField = true;
                int first = _nodes[i].FirstIndexField;
                _nodes[first].FinalIndexField = latest;
                _nodes[latest].FirstIndexField = first;
                _nodes[latest].IsFirstOccurrenceField = false;
                return;
            }
        }
    }
}
