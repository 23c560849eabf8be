using System.Text;

namespace ApiFilter.Schema;

/// <summary>
/// Recursive-descent parser for the ECMA-262 pattern grammar with the <c>u</c> flag (section 22.2.1,
/// [+UnicodeMode]). Without an output builder it only validates, without allocating; with one it
/// writes the .NET translation as it goes.
/// </summary>
internal ref struct EcmaRegexParser
{
    private const string WordClass = "[A-Za-z0-9_]";

    private readonly ReadOnlySpan<char> _p;
    private readonly StringBuilder? _out;
    private int _pos;
    private int _groupCount;

    public EcmaRegexParser(ReadOnlySpan<char> pattern, StringBuilder? output)
    {
        _p = pattern;
        _out = output;
    }

    /// <summary>Why the pattern was refused.</summary>
    public string? Error { get; private set; }

    /// <summary>Where, in UTF-16 code units from the start.</summary>
    public int ErrorOffset { get; private set; }

    /// <summary>Parses (and translates) the whole pattern.</summary>
    public bool Parse()
    {
        _groupCount = CountCapturingGroups();
        if (!Disjunction())
        {
            return false;
        }

        return _pos == _p.Length || Fail("unmatched ')'");
    }

    private bool Disjunction()
    {
        if (!Alternative())
        {
            return false;
        }

        while (_pos < _p.Length && _p[_pos] == '|')
        {
            Emit("|");
            _pos++;
            if (!Alternative())
            {
                return false;
            }
        }

        return true;
    }

    private bool Alternative()
    {
        while (_pos < _p.Length && _p[_pos] is not ('|' or ')'))
        {
            if (!Term())
            {
                return false;
            }
        }

        return true;
    }

    private bool Term()
    {
        var c = _p[_pos];
        switch (c)
        {
            case '^':
                // without the m flag, ^ is the start of input only
                _pos++;
                Emit("^");
                return NotQuantified();
            case '$':
                // without the m flag, $ is the end of input only: .NET's $ also matches before a final \n
                _pos++;
                Emit("\\z");
                return NotQuantified();
            case '\\' when Peek(1) is 'b':
                _pos += 2;
                Emit("(?:(?<=" + WordClass + ")(?!" + WordClass + ")|(?<!" + WordClass + ")(?=" + WordClass + "))");
                return NotQuantified();
            case '\\' when Peek(1) is 'B':
                _pos += 2;
                Emit("(?:(?<=" + WordClass + ")(?=" + WordClass + ")|(?<!" + WordClass + ")(?!" + WordClass + "))");
                return NotQuantified();
            case '(' when Peek(1) == '?' && (Peek(2) is '=' or '!' || (Peek(2) == '<' && Peek(3) is '=' or '!')):
                {
                    var length = Peek(2) == '<' ? 4 : 3;
                    Emit(_p.Slice(_pos, length));
                    _pos += length;
                    if (!Disjunction())
                    {
                        return false;
                    }

                    if (_pos >= _p.Length)
                    {
                        return Fail("unterminated group");
                    }

                    _pos++;
                    Emit(")");

                    // with the u flag no assertion can be quantified (22.2.1 Term[+UnicodeMode])
                    return NotQuantified();
                }
        }

        return Atom() && Quantifier();
    }

    private bool NotQuantified() =>
        _pos >= _p.Length || _p[_pos] is not ('*' or '+' or '?' or '{') || Fail("nothing to repeat");

    private bool Atom()
    {
        var c = _p[_pos];
        switch (c)
        {
            case '.':
                _pos++;
                if (_out is not null)
                {
                    var set = new EcmaRegexCharSet();
                    set.Add(EcmaRegexCharSet.LineTerminators, complement: false);
                    set.Write(_out, negated: true);
                }

                return true;
            case '(':
                return Group();
            case '[':
                return CharacterClass();
            case '\\':
                _pos++;
                return AtomEscape();
            case '*' or '+' or '?' or '{':
                return Fail("nothing to repeat");
            case ']':
                return Fail("a lone ']' is a syntax error with the u flag (escape it)");
            case '}':
                return Fail("a lone '}' is a syntax error with the u flag (escape it)");
        }

        WriteLiteral(ReadCodePoint());
        return true;
    }

    private bool Group()
    {
        _pos++;
        if (Peek(0) == '?')
        {
            if (Peek(1) == ':')
            {
                _pos += 2;
                Emit("(?:");
            }
            else if (Peek(1) == '<')
            {
                _pos += 2;
                var nameStart = _pos;
                if (!GroupName())
                {
                    return false;
                }

                var name = _p[nameStart..(_pos - 1)];
                if (CountNamedGroups(name, _p[..(nameStart - 3)]) > 0)
                {
                    return Fail("duplicate group name");
                }

                Emit("(?<");
                Emit(name);
                Emit(">");
            }
            else
            {
                return Fail("unsupported group syntax (only (?:, (?<name>, lookahead and lookbehind are ECMA-262)");
            }
        }
        else
        {
            Emit("(");
        }

        if (!Disjunction())
        {
            return false;
        }

        if (_pos >= _p.Length)
        {
            return Fail("unterminated group");
        }

        _pos++;
        Emit(")");
        return true;
    }

    /// <summary>Reads <c>name&gt;</c>. ECMA allows any identifier; .NET group names are ASCII identifiers here.</summary>
    private bool GroupName()
    {
        var start = _pos;
        while (_pos < _p.Length && _p[_pos] != '>')
        {
            var ch = _p[_pos];
            var ok = char.IsAsciiLetter(ch) || ch == '_' || (_pos > start && char.IsAsciiDigit(ch));
            if (!ok)
            {
                return ch is '$' || ch > 0x7F
                    ? Fail("group names other than ASCII identifiers are not supported")
                    : Fail("invalid group name");
            }

            _pos++;
        }

        if (_pos >= _p.Length || _pos == start)
        {
            return Fail("invalid group name");
        }

        _pos++;
        return true;
    }

    private bool Quantifier()
    {
        if (_pos >= _p.Length)
        {
            return true;
        }

        var c = _p[_pos];
        if (c is '*' or '+' or '?')
        {
            _pos++;
            Emit(c == '*' ? "*" : c == '+' ? "+" : "?");
        }
        else if (c == '{')
        {
            _pos++;
            if (!ReadNumber(out var min))
            {
                return Fail("incomplete quantifier (escape a literal '{')");
            }

            var max = min;
            var open = false;
            if (Peek(0) == ',')
            {
                _pos++;
                if (Peek(0) == '}')
                {
                    open = true;
                }
                else if (!ReadNumber(out max))
                {
                    return Fail("incomplete quantifier");
                }
            }

            if (Peek(0) != '}')
            {
                return Fail("incomplete quantifier");
            }

            _pos++;
            if (!open && max < min)
            {
                return Fail("numbers out of order in {} quantifier");
            }

            if (_out is not null)
            {
                _out.Append('{').Append(min);
                if (open)
                {
                    _out.Append(',');
                }
                else if (max != min)
                {
                    _out.Append(',').Append(max);
                }

                _out.Append('}');
            }
        }
        else
        {
            return true;
        }

        if (Peek(0) == '?')
        {
            _pos++;
            Emit("?");
        }

        return NotQuantified();
    }

    private bool ReadNumber(out int value)
    {
        value = 0;
        var start = _pos;
        while (_pos < _p.Length && char.IsAsciiDigit(_p[_pos]))
        {
            if (value > 100_000_000)
            {
                return false;
            }

            value = (value * 10) + (_p[_pos] - '0');
            _pos++;
        }

        return _pos > start;
    }

    private bool AtomEscape()
    {
        if (_pos >= _p.Length)
        {
            return Fail("\\ at end of pattern");
        }

        var c = _p[_pos];
        if (c is >= '1' and <= '9')
        {
            ReadNumber(out var group);
            if (group > _groupCount)
            {
                return Fail("backreference to a group that does not exist");
            }

            Emit("(?:\\");
            _out?.Append(group);
            Emit(")");
            return true;
        }

        if (c == 'k')
        {
            _pos++;
            if (Peek(0) != '<')
            {
                return Fail("invalid named reference");
            }

            _pos++;
            var start = _pos;
            if (!GroupName())
            {
                return false;
            }

            var name = _p[start..(_pos - 1)];
            if (CountNamedGroups(name, _p) == 0)
            {
                return Fail("reference to a group name that does not exist");
            }

            Emit("\\k<");
            Emit(name);
            Emit(">");
            return true;
        }

        if (IsClassEscapeLetter(c))
        {
            var set = _out is null ? null : new EcmaRegexCharSet();
            if (!ClassEscape(set))
            {
                return false;
            }

            if (set is not null)
            {
                set.Write(_out!, negated: false);
            }

            return true;
        }

        if (!CharacterEscape(inClass: false, out var codePoint))
        {
            return false;
        }

        WriteLiteral(codePoint);
        return true;
    }

    private static bool IsClassEscapeLetter(char c) => c is 'd' or 'D' or 'w' or 'W' or 's' or 'S' or 'p' or 'P';

    /// <summary>CharacterClassEscape (d D s S w W p{} P{}); <c>_pos</c> is on the letter.</summary>
    private bool ClassEscape(EcmaRegexCharSet? set)
    {
        var c = _p[_pos++];
        switch (c)
        {
            case 'd' or 'D':
                set?.Add(EcmaRegexCharSet.Digits, complement: c == 'D');
                return true;
            case 'w' or 'W':
                set?.Add(EcmaRegexCharSet.WordChars, complement: c == 'W');
                return true;
            case 's' or 'S':
                set?.Add(EcmaRegexCharSet.WhiteSpace, complement: c == 'S');
                return true;
        }

        // \p{...} / \P{...} (22.2.2.9 UnicodePropertyValueExpression)
        if (Peek(0) != '{')
        {
            return Fail("\\p needs {property}");
        }

        var close = _p[_pos..].IndexOf('}');
        if (close < 0)
        {
            return Fail("unterminated property escape");
        }

        var expression = _p.Slice(_pos + 1, close - 1);
        _pos += close + 1;
        return UnicodeProperty(expression, c == 'P', set);
    }

    private bool UnicodeProperty(ReadOnlySpan<char> expression, bool negated, EcmaRegexCharSet? set)
    {
        var equals = expression.IndexOf('=');
        ReadOnlySpan<char> value;
        if (equals >= 0)
        {
            var name = expression[..equals];
            value = expression[(equals + 1)..];
            if (name is "Script" or "sc" or "Script_Extensions" or "scx")
            {
                return Fail("Unicode script properties are not supported");
            }

            if (name is not ("General_Category" or "gc"))
            {
                return Fail("unknown Unicode property");
            }
        }
        else
        {
            value = expression;
            switch (value)
            {
                case "Any":
                    if (!negated)
                    {
                        set?.Add(0, 0x10FFFF);
                    }

                    return true;
                case "ASCII":
                    if (negated)
                    {
                        set?.Add(0x80, 0x10FFFF);
                    }
                    else
                    {
                        set?.Add(0, 0x7F);
                    }

                    return true;
            }
        }

        var category = GeneralCategory(value);
        if (category is null)
        {
            return Fail("unsupported Unicode property (General_Category values, ASCII and Any are supported)");
        }

        if (category == "LC")
        {
            if (negated)
            {
                return Fail("\\P{Cased_Letter} is not supported");
            }

            set?.AddCategory("Lu", negated: false);
            set?.AddCategory("Ll", negated: false);
            set?.AddCategory("Lt", negated: false);
            return true;
        }

        set?.AddCategory(category, negated);
        return true;
    }

    /// <summary>General_Category values and aliases (Unicode PropertyValueAliases.txt), case-sensitive as ECMA-262 requires.</summary>
    private static string? GeneralCategory(ReadOnlySpan<char> value) => value switch
    {
        "L" or "Letter" => "L",
        "LC" or "Cased_Letter" => "LC",
        "Lu" or "Uppercase_Letter" => "Lu",
        "Ll" or "Lowercase_Letter" => "Ll",
        "Lt" or "Titlecase_Letter" => "Lt",
        "Lm" or "Modifier_Letter" => "Lm",
        "Lo" or "Other_Letter" => "Lo",
        "M" or "Mark" or "Combining_Mark" => "M",
        "Mn" or "Nonspacing_Mark" => "Mn",
        "Mc" or "Spacing_Mark" => "Mc",
        "Me" or "Enclosing_Mark" => "Me",
        "N" or "Number" => "N",
        "Nd" or "Decimal_Number" or "digit" => "Nd",
        "Nl" or "Letter_Number" => "Nl",
        "No" or "Other_Number" => "No",
        "P" or "Punctuation" or "punct" => "P",
        "Pc" or "Connector_Punctuation" => "Pc",
        "Pd" or "Dash_Punctuation" => "Pd",
        "Ps" or "Open_Punctuation" => "Ps",
        "Pe" or "Close_Punctuation" => "Pe",
        "Pi" or "Initial_Punctuation" => "Pi",
        "Pf" or "Final_Punctuation" => "Pf",
        "Po" or "Other_Punctuation" => "Po",
        "S" or "Symbol" => "S",
        "Sm" or "Math_Symbol" => "Sm",
        "Sc" or "Currency_Symbol" => "Sc",
        "Sk" or "Modifier_Symbol" => "Sk",
        "So" or "Other_Symbol" => "So",
        "Z" or "Separator" => "Z",
        "Zs" or "Space_Separator" => "Zs",
        "Zl" or "Line_Separator" => "Zl",
        "Zp" or "Paragraph_Separator" => "Zp",
        "C" or "Other" => "C",
        "Cc" or "Control" or "cntrl" => "Cc",
        "Cf" or "Format" => "Cf",
        "Cs" or "Surrogate" => "Cs",
        "Co" or "Private_Use" => "Co",
        "Cn" or "Unassigned" => "Cn",
        _ => null,
    };

    /// <summary>CharacterEscape[+UnicodeMode] (22.2.1); <c>_pos</c> is on the character after the backslash.</summary>
    private bool CharacterEscape(bool inClass, out int codePoint)
    {
        codePoint = 0;
        var c = _p[_pos++];
        switch (c)
        {
            case 'f':
                codePoint = '\f';
                return true;
            case 'n':
                codePoint = '\n';
                return true;
            case 'r':
                codePoint = '\r';
                return true;
            case 't':
                codePoint = '\t';
                return true;
            case 'v':
                codePoint = '\v';
                return true;
            case 'c':
                if (_pos < _p.Length && char.IsAsciiLetter(_p[_pos]))
                {
                    codePoint = _p[_pos++] % 32;
                    return true;
                }

                return Fail("\\c must be followed by an ASCII letter");
            case '0':
                if (_pos < _p.Length && char.IsAsciiDigit(_p[_pos]))
                {
                    return Fail("octal escapes are not allowed with the u flag");
                }

                return true;
            case 'x':
                if (_pos + 2 <= _p.Length && TryHex(_p.Slice(_pos, 2), out codePoint))
                {
                    _pos += 2;
                    return true;
                }

                return Fail("\\x needs two hex digits");
            case 'u':
                return UnicodeEscape(out codePoint);
        }

        // IdentityEscape[+UnicodeMode] is SyntaxCharacter or "/" ("-" too in a class). Other ASCII
        // punctuation is accepted as well: its meaning as a literal is the same in every dialect.
        if (c < 0x80 && !char.IsAsciiLetterOrDigit(c) && c > ' ' && c != 0x7F)
        {
            codePoint = c;
            return true;
        }

        return Fail(inClass && c == 'B' ? "\\B is not allowed in a class" : "invalid escape");
    }

    private bool UnicodeEscape(out int codePoint)
    {
        codePoint = 0;
        if (Peek(0) == '{')
        {
            var close = _p[_pos..].IndexOf('}');
            if (close < 2 || close > 9 || !TryHex(_p.Slice(_pos + 1, close - 1), out codePoint) || codePoint > 0x10FFFF)
            {
                return Fail("invalid \\u{...} escape");
            }

            _pos += close + 1;
            return true;
        }

        if (_pos + 4 > _p.Length || !TryHex(_p.Slice(_pos, 4), out codePoint))
        {
            return Fail("\\u needs four hex digits");
        }

        _pos += 4;

        // u flag: \uHigh\uLow is one code point (22.2.1 RegExpUnicodeEscapeSequence)
        if (codePoint is >= 0xD800 and <= 0xDBFF && Peek(0) == '\\' && Peek(1) == 'u' && _pos + 6 <= _p.Length
            && TryHex(_p.Slice(_pos + 2, 4), out var low) && low is >= 0xDC00 and <= 0xDFFF)
        {
            _pos += 6;
            codePoint = 0x10000 + ((codePoint - 0xD800) << 10) + (low - 0xDC00);
        }

        return true;
    }

    private static bool TryHex(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var d in digits)
        {
            int v = d switch
            {
                >= '0' and <= '9' => d - '0',
                >= 'a' and <= 'f' => d - 'a' + 10,
                >= 'A' and <= 'F' => d - 'A' + 10,
                _ => -1,
            };
            if (v < 0)
            {
                return false;
            }

            value = (value * 16) + v;
        }

        return !digits.IsEmpty;
    }

    private bool CharacterClass()
    {
        _pos++;
        var negated = false;
        if (Peek(0) == '^')
        {
            negated = true;
            _pos++;
        }

        var set = _out is null ? null : new EcmaRegexCharSet();
        while (true)
        {
            if (_pos >= _p.Length)
            {
                return Fail("unterminated character class");
            }

            if (_p[_pos] == ']')
            {
                _pos++;
                break;
            }

            if (!ClassAtom(set, out var low, out var lowIsSet))
            {
                return false;
            }

            if (Peek(0) == '-' && Peek(1) is not ']' and not '\0')
            {
                _pos++;
                if (!ClassAtom(set, out var high, out var highIsSet))
                {
                    return false;
                }

                if (lowIsSet || highIsSet)
                {
                    return Fail("a class escape cannot bound a range with the u flag");
                }

                if (low > high)
                {
                    return Fail("range out of order in character class");
                }

                set?.Add(low, high);
            }
            else if (!lowIsSet)
            {
                set?.Add(low, low);
            }
        }

        set?.Write(_out!, negated);
        return true;
    }

    /// <summary>One class atom: a code point, or a class escape added to <paramref name="set"/> directly.</summary>
    private bool ClassAtom(EcmaRegexCharSet? set, out int codePoint, out bool isSet)
    {
        codePoint = 0;
        isSet = false;
        if (_p[_pos] != '\\')
        {
            codePoint = ReadCodePoint();
            return true;
        }

        _pos++;
        if (_pos >= _p.Length)
        {
            return Fail("\\ at end of pattern");
        }

        var c = _p[_pos];
        if (IsClassEscapeLetter(c))
        {
            isSet = true;

            // the range check in the caller needs the atom not to be added when it bounds a range
            return ClassEscape(set);
        }

        switch (c)
        {
            case 'b':
                _pos++;
                codePoint = '\b';
                return true;
            case '-':
                _pos++;
                codePoint = '-';
                return true;
            case >= '1' and <= '9':
                return Fail("backreferences are not allowed in a class");
            case 'k':
                return Fail("\\k is not allowed in a class");
        }

        return CharacterEscape(inClass: true, out codePoint);
    }

    private int ReadCodePoint()
    {
        var c = _p[_pos++];
        if (char.IsHighSurrogate(c) && _pos < _p.Length && char.IsLowSurrogate(_p[_pos]))
        {
            return char.ConvertToUtf32(c, _p[_pos++]);
        }

        return c;
    }

    private readonly void WriteLiteral(int codePoint)
    {
        if (_out is not null)
        {
            EcmaRegexCharSet.WriteLiteral(_out, codePoint);
        }
    }

    private readonly char Peek(int offset) => _pos + offset < _p.Length ? _p[_pos + offset] : '\0';

    private readonly void Emit(string text) => _out?.Append(text);

    private readonly void Emit(ReadOnlySpan<char> text) => _out?.Append(text);

    private bool Fail(string message)
    {
        Error = message;
        ErrorOffset = _pos;
        return false;
    }

    /// <summary>Capturing groups in the whole pattern: a backreference may point forward (22.2.1 early errors).</summary>
    private readonly int CountCapturingGroups()
    {
        var count = 0;
        var inClass = false;
        for (var i = 0; i < _p.Length; i++)
        {
            var c = _p[i];
            if (c == '\\')
            {
                i++;
            }
            else if (inClass)
            {
                inClass = c != ']';
            }
            else if (c == '[')
            {
                inClass = true;
            }
            else if (c == '(' && (i + 1 >= _p.Length || _p[i + 1] != '?'
                || (i + 3 < _p.Length && _p[i + 2] == '<' && _p[i + 3] is not ('=' or '!'))))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>How many groups named <paramref name="name"/> appear in <paramref name="text"/>.</summary>
    private static int CountNamedGroups(ReadOnlySpan<char> name, ReadOnlySpan<char> text)
    {
        var count = 0;
        var rest = text;
        while (true)
        {
            var at = rest.IndexOf("(?<");
            if (at < 0)
            {
                return count;
            }

            rest = rest[(at + 3)..];
            if (rest.StartsWith(name) && rest.Length > name.Length && rest[name.Length] == '>')
            {
                count++;
            }
        }
    }
}
