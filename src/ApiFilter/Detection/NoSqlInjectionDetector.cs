using System.Buffers;

namespace ApiFilter.Detection;

/// <summary>
/// Finds NoSQL query-operator injection (MongoDB query, update and aggregation operators, CouchDB
/// Mango selectors): operator member names in JSON bodies, operator subscripts in parameter names
/// (<c>user[$ne]=1</c>, as qs-style and PHP-style query parsers turn them into objects), operator
/// objects smuggled inside string values, and JavaScript that breaks out of a server-side
/// <c>$where</c> string.
/// </summary>
/// <remarks>
/// <para>
/// What counts as an operator: a name that is exactly <c>$</c> followed by one of a fixed list of
/// operator words (case-sensitive, as the databases match them). Everything else starting with
/// <c>$</c> is data: money (<c>$5</c>), and the <c>$</c>-keywords of JSON Schema and JSON
/// serializers (<c>$schema</c>, <c>$id</c>, <c>$ref</c>, <c>$defs</c>, <c>$anchor</c>,
/// <c>$dynamicRef</c>, <c>$vocabulary</c>, <c>$values</c>), which clients legitimately send when
/// they post schema documents. Two operator words are deliberately left out because they are also
/// such keywords and are harmless to a database: <c>$comment</c> (JSON Schema 2019-09 and a no-op
/// MongoDB annotation) and <c>$type</c> (the polymorphism discriminator of System.Text.Json and
/// Json.NET; as a MongoDB operator it only tests a BSON type).
/// </para>
/// <para>
/// Parameter names are judged on their subscripts only (<c>a[$gt]</c>, <c>a[b][$regex]</c>,
/// <c>a.$ne</c>): a leading <c>$</c> name such as <c>$filter</c>, <c>$top</c> or <c>$search</c> is an
/// OData system query option (OData 4.01 Part 2, section 5), not an injection.
/// </para>
/// <para>
/// Cost: one forward pass with constant look-ahead per construct, plus the bounded layers of
/// <see cref="ValueNormalizer"/> when a value or name carries encodings. Nothing is allocated.
/// </para>
/// </remarks>
public static class NoSqlInjectionDetector
{
    // Bytes that can start a construct in a value / in a parameter name; the rest is skipped vectorized.
    private static readonly SearchValues<byte> ValueTriggers = SearchValues.Create("{['\";"u8);
    private static readonly SearchValues<byte> NameTriggers = SearchValues.Create("[."u8);

    // Longest operator word ("geoIntersects", "bitsAnyClear") is 13 bytes.
    private const int MaxOperatorLength = 14;

    /// <summary>True when <paramref name="name"/> is a query operator (<c>$ne</c>, <c>$where</c>, ...); see the remarks on the type for the rule.</summary>
    /// <param name="name">A JSON member name or a subscript, as UTF-8.</param>
    /// <returns>Whether a NoSQL engine would read the name as an operator.</returns>
    public static bool IsOperatorName(ReadOnlySpan<byte> name)
    {
        if (name.Length < 3 || name[0] != (byte)'$')
        {
            return false;
        }

        ReadOnlySpan<byte> rest = name[1..];
        return rest.Length switch
        {
            2 => rest.SequenceEqual("eq"u8)
                || rest.SequenceEqual("gt"u8)
                || rest.SequenceEqual("in"u8)
                || rest.SequenceEqual("lt"u8)
                || rest.SequenceEqual("ne"u8)
                || rest.SequenceEqual("or"u8),
            3 => rest.SequenceEqual("all"u8)
                || rest.SequenceEqual("and"u8)
                || rest.SequenceEqual("gte"u8)
                || rest.SequenceEqual("inc"u8)
                || rest.SequenceEqual("lte"u8)
                || rest.SequenceEqual("max"u8)
                || rest.SequenceEqual("min"u8)
                || rest.SequenceEqual("mod"u8)
                || rest.SequenceEqual("mul"u8)
                || rest.SequenceEqual("nin"u8)
                || rest.SequenceEqual("nor"u8)
                || rest.SequenceEqual("not"u8)
                || rest.SequenceEqual("out"u8)
                || rest.SequenceEqual("pop"u8)
                || rest.SequenceEqual("set"u8),
            4 => rest.SequenceEqual("expr"u8)
                || rest.SequenceEqual("near"u8)
                || rest.SequenceEqual("pull"u8)
                || rest.SequenceEqual("push"u8)
                || rest.SequenceEqual("size"u8)
                || rest.SequenceEqual("text"u8),
            5 => rest.SequenceEqual("group"u8)
                || rest.SequenceEqual("match"u8)
                || rest.SequenceEqual("merge"u8)
                || rest.SequenceEqual("regex"u8)
                || rest.SequenceEqual("unset"u8)
                || rest.SequenceEqual("where"u8),
            6 => rest.SequenceEqual("exists"u8)
                || rest.SequenceEqual("lookup"u8)
                || rest.SequenceEqual("rename"u8),
            7 => rest.SequenceEqual("options"u8)
                || rest.SequenceEqual("project"u8)
                || rest.SequenceEqual("pullAll"u8),
            8 => rest.SequenceEqual("addToSet"u8)
                || rest.SequenceEqual("allMatch"u8)
                || rest.SequenceEqual("function"u8),
            9 => rest.SequenceEqual("addFields"u8)
                || rest.SequenceEqual("elemMatch"u8)
                || rest.SequenceEqual("geoWithin"u8)
                || rest.SequenceEqual("unionWith"u8),
            10 => rest.SequenceEqual("beginsWith"u8)
                || rest.SequenceEqual("bitsAllSet"u8)
                || rest.SequenceEqual("bitsAnySet"u8)
                || rest.SequenceEqual("jsonSchema"u8)
                || rest.SequenceEqual("nearSphere"u8),
            11 => rest.SequenceEqual("accumulator"u8)
                || rest.SequenceEqual("currentDate"u8)
                || rest.SequenceEqual("graphLookup"u8)
                || rest.SequenceEqual("keyMapMatch"u8)
                || rest.SequenceEqual("replaceRoot"u8)
                || rest.SequenceEqual("replaceWith"u8)
                || rest.SequenceEqual("setOnInsert"u8),
            12 => rest.SequenceEqual("bitsAllClear"u8)
                || rest.SequenceEqual("bitsAnyClear"u8),
            13 => rest.SequenceEqual("geoIntersects"u8),
            _ => false,
        };
    }

    /// <summary>Judges a JSON member name (decoded, as the JSON reader returns it).</summary>
    /// <param name="memberName">The member name's bytes.</param>
    /// <returns><see cref="DetectionReason.NoSqlOperator"/> at offset 0 when the name is an operator.</returns>
    public static DetectionResult DetectMemberName(ReadOnlySpan<byte> memberName) =>
        IsOperatorName(memberName) ? new DetectionResult(DetectionReason.NoSqlOperator, 0, normalized: false) : DetectionResult.Clean;

    /// <summary>
    /// Judges a query, form or header parameter name for operator subscripts: <c>field[$ne]</c>,
    /// <c>field[0][$regex]</c>, <c>field.$gt</c>, also when percent-encoded (<c>field%5B%24ne%5D</c>).
    /// </summary>
    /// <param name="name">The parameter name's bytes.</param>
    /// <returns>What was found.</returns>
    public static DetectionResult DetectParameterName(ReadOnlySpan<byte> name)
    {
        long work = 0;
        return DetectParameterName(name, ref work);
    }

    /// <summary>As <see cref="DetectParameterName(ReadOnlySpan{byte})"/>, adding the bytes examined to <paramref name="work"/>.</summary>
    internal static DetectionResult DetectParameterName(ReadOnlySpan<byte> name, ref long work)
    {
        var forms = new ValueForms(name, stackalloc byte[DecodedValue.StackLimit]);
        try
        {
            DetectionResult r = ScanParameterName(name, ref work);
            if (r.Detected || !forms.TryDecoded(ref work, out var decoded, out _))
            {
                return r;
            }

            return ScanParameterName(decoded, ref work).AsNormalized();
        }
        finally
        {
            forms.Dispose();
        }
    }

    /// <summary>
    /// Judges a string value: an operator object inside it (<c>{"$ne": null}</c>, <c>{$gt: ""}</c>,
    /// <c>[$regex]</c>), for back ends that parse string parameters as JSON or query syntax; and
    /// JavaScript breaking out of a string or number that a back end pastes into <c>$where</c>
    /// (<c>' || '1'=='1</c>, <c>'; return true; var a='</c>, <c>1; sleep(5000)</c>).
    /// </summary>
    /// <param name="value">The value's bytes (UTF-8), as the transport decoded them.</param>
    /// <returns>What was found.</returns>
    public static DetectionResult DetectValue(ReadOnlySpan<byte> value)
    {
        long work = 0;
        return DetectValue(value, ref work);
    }

    /// <summary>As <see cref="DetectValue(ReadOnlySpan{byte})"/>, adding the bytes examined to <paramref name="work"/>.</summary>
    internal static DetectionResult DetectValue(ReadOnlySpan<byte> value, ref long work)
    {
        var forms = new ValueForms(value, stackalloc byte[DecodedValue.StackLimit]);
        try
        {
            return DetectValue(ref forms, ref work);
        }
        finally
        {
            forms.Dispose();
        }
    }

    /// <summary>As <see cref="DetectValue(ReadOnlySpan{byte})"/> on a value whose decoded form other detectors share.</summary>
    internal static DetectionResult DetectValue(ref ValueForms forms, ref long work)
    {
        DetectionResult r = ScanValue(forms.Value, ref work);
        if (r.Detected || !forms.TryDecoded(ref work, out var decoded, out _))
        {
            return r;
        }

        return ScanValue(decoded, ref work).AsNormalized();
    }

    // Subscripts: "[" name "]" and "." name, after the root name.
    private static DetectionResult ScanParameterName(ReadOnlySpan<byte> s, ref long work)
    {
        for (int i = 0; i < s.Length; i++)
        {
            int skip = s[i..].IndexOfAny(NameTriggers);
            if (skip < 0)
            {
                work += s.Length - i;
                break;
            }

            work += skip + 1;
            i += skip;
            byte c = s[i];
            if ((c == (byte)'[' || (c == (byte)'.' && i > 0)) && i + 1 < s.Length && s[i + 1] == (byte)'$')
            {
                int end = OperatorEnd(s, i + 1, ref work);
                if (end > 0 && (end == s.Length || s[end] is (byte)']' or (byte)'.' or (byte)'['))
                {
                    return new DetectionResult(DetectionReason.NoSqlOperator, i + 1, normalized: false);
                }
            }
        }

        return DetectionResult.Clean;
    }

    private static DetectionResult ScanValue(ReadOnlySpan<byte> s, ref long work)
    {
        for (int i = 0; i < s.Length; i++)
        {
            int skip = s[i..].IndexOfAny(ValueTriggers);
            if (skip < 0)
            {
                work += s.Length - i;
                break;
            }

            work += skip + 1;
            i += skip;
            switch (s[i])
            {
                case (byte)'{':
                    {
                        // {"$op": / {'$op': / {$op:
                        int j = SkipSpace(s, i + 1, ref work);
                        byte quote = 0;
                        if (j < s.Length && s[j] is (byte)'"' or (byte)'\'')
                        {
                            quote = s[j++];
                        }

                        int end = OperatorEnd(s, j, ref work);
                        if (end > 0)
                        {
                            if (quote != 0 && end < s.Length && s[end] == quote)
                            {
                                end++;
                            }

                            end = SkipSpace(s, end, ref work);
                            if (end < s.Length && s[end] == (byte)':')
                            {
                                return new DetectionResult(DetectionReason.NoSqlOperator, j, normalized: false);
                            }
                        }

                        break;
                    }

                case (byte)'[':
                    {
                        int end = OperatorEnd(s, i + 1, ref work);
                        if (end > 0 && end < s.Length && s[end] == (byte)']')
                        {
                            return new DetectionResult(DetectionReason.NoSqlOperator, i + 1, normalized: false);
                        }

                        break;
                    }

                case (byte)'\'':
                case (byte)'"':
                    {
                        // A quote that closes the server's JavaScript string, then || / && / ; and code.
                        int j = SkipSpace(s, i + 1, ref work);
                        if (j + 1 < s.Length && ((s[j] == (byte)'|' && s[j + 1] == (byte)'|') || (s[j] == (byte)'&' && s[j + 1] == (byte)'&')))
                        {
                            int k = SkipSpace(s, j + 2, ref work);
                            if (k < s.Length && (s[k] is (byte)'\'' or (byte)'"' or (byte)'!' or (byte)'(' || IsDigit(s[k]) || Word(s[k..], "true"u8) > 0 || JsStatementAt(s, k, ref work)))
                            {
                                return new DetectionResult(DetectionReason.NoSqlJavaScript, i, normalized: false);
                            }
                        }

                        break;
                    }

                case (byte)';':
                    {
                        int k = SkipSpace(s, i + 1, ref work);
                        if (JsStatementAt(s, k, ref work))
                        {
                            return new DetectionResult(DetectionReason.NoSqlJavaScript, i, normalized: false);
                        }

                        break;
                    }
            }
        }

        return DetectionResult.Clean;
    }

    // "$" operator-word at 'at': returns the index after the word, or -1 when it is not an operator.
    private static int OperatorEnd(ReadOnlySpan<byte> s, int at, ref long work)
    {
        if (at >= s.Length || s[at] != (byte)'$')
        {
            return -1;
        }

        int j = at + 1;
        while (j < s.Length && j - at <= MaxOperatorLength && IsAsciiLetter(s[j]))
        {
            work++;
            j++;
        }

        return j < s.Length && IsAsciiLetter(s[j]) ? -1 : IsOperatorName(s[at..j]) ? j : -1;
    }

    // JavaScript that only code contains: "return <expr>", "while(", "sleep(", "this.", "db.", "function(", "var|let|const x =".
    private static bool JsStatementAt(ReadOnlySpan<byte> s, int k, ref long work)
    {
        ReadOnlySpan<byte> rest = s[k..];
        int w;
        if ((w = Word(rest, "return"u8)) > 0)
        {
            int n = SkipSpace(rest, w, ref work);
            return n < rest.Length && (rest[n] is (byte)'\'' or (byte)'"' or (byte)'!' or (byte)'(' || IsDigit(rest[n]) || Word(rest[n..], "true"u8) > 0 || Word(rest[n..], "this"u8) > 0);
        }

        if ((w = Word(rest, "while"u8)) > 0 || (w = Word(rest, "sleep"u8)) > 0 || (w = Word(rest, "function"u8)) > 0)
        {
            int n = SkipSpace(rest, w, ref work);
            return n < rest.Length && rest[n] == (byte)'(';
        }

        if ((w = Word(rest, "this"u8)) > 0 || (w = Word(rest, "db"u8)) > 0)
        {
            return w < rest.Length && rest[w] == (byte)'.';
        }

        if ((w = Word(rest, "var"u8)) > 0 || (w = Word(rest, "let"u8)) > 0 || (w = Word(rest, "const"u8)) > 0)
        {
            int n = SkipSpace(rest, w, ref work);
            int id = n;
            while (id < rest.Length && id - n < 64 && (IsAsciiLetter(rest[id]) || IsDigit(rest[id]) || rest[id] is (byte)'_' or (byte)'$'))
            {
                work++;
                id++;
            }

            int eq = SkipSpace(rest, id, ref work);
            return id > n && eq < rest.Length && rest[eq] == (byte)'=';
        }

        return false;
    }

    // Length of 'word' when 'rest' starts with it and the next byte does not continue an identifier; else 0.
    private static int Word(ReadOnlySpan<byte> rest, ReadOnlySpan<byte> word)
    {
        if (!rest.StartsWith(word))
        {
            return 0;
        }

        return rest.Length == word.Length || !(IsAsciiLetter(rest[word.Length]) || IsDigit(rest[word.Length]) || rest[word.Length] == (byte)'_') ? word.Length : 0;
    }

    private static int SkipSpace(ReadOnlySpan<byte> s, int i, ref long work)
    {
        while (i < s.Length && s[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            work++;
            i++;
        }

        return i;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool IsAsciiLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';
}
