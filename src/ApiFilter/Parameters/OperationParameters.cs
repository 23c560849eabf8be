using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using ApiFilter.Json;
using ApiFilter.Pipeline;
using ApiFilter.Routing;

namespace ApiFilter.Parameters;

/// <summary>
/// The compiled parameters of one operation (immutable, thread-safe) and their per-request check:
/// presence, duplicates, unknown query parameters, empty values, reserved characters, encoding,
/// and style/explode decoding, with every value decoded once and handed to an
/// <see cref="IParameterValueChecker"/> as JSON tokens.
/// </summary>
/// <remarks>
/// <para>
/// <b>Decoding.</b> Path values, query names and values, and cookie values are percent-decoded
/// once (RFC 3986 section 2.1) and must be UTF-8; in the query '+' is a space (WHATWG URL
/// application/x-www-form-urlencoded parsing, which servers apply to query strings). Header values
/// are not percent-decoded; control characters other than HTAB in them are refused
/// (<c>param.encoding</c>: header injection). The decoded text is then split by the style: the
/// delimiter of a style is recognized after decoding, as servers do.
/// </para>
/// <para>
/// <b>Tokens.</b> A text becomes a Number, Boolean or Null token when the schema's types (union over
/// <c>allOf</c>/<c>anyOf</c>/<c>oneOf</c>, <c>nullable</c>, type arrays) allow that type and the text is
/// exactly that JSON literal; otherwise a String. A schema without any type gets strings.
/// An empty query value that <c>allowEmptyValue</c> permits is not passed to the value checker.
/// </para>
/// <para>
/// <b>Reserved characters.</b> Without <c>allowReserved</c>, a raw query value may not contain
/// <c>: / ? [ ] @ $ , ; =</c> unencoded (a ',' is allowed where it is the style's delimiter):
/// the RFC 3986 section 2.2 delimiters that every client's encoder escapes. <c>! ' ( ) *</c> are
/// left alone because common encoders (ECMAScript <c>encodeURIComponent</c>) do not escape them.
/// </para>
/// <para>
/// <b>Cost.</b> Work is bounded by <see cref="ParameterOptions.MaxQueryParameters"/> and
/// <see cref="ParameterOptions.MaxItems"/>; buffers come from the shared array pool; the allow path
/// allocates nothing.
/// </para>
/// </remarks>
public sealed class OperationParameters
{
    private const string CookieHeader = "Cookie";

    private readonly CompiledParameter[] _parameters;
    private readonly IReadOnlyList<ParameterDefinition> _definitions;
    private readonly bool _hasQuery;
    private readonly bool _hasCookie;
    private readonly byte[][] _credentialQueryNames;
    private readonly byte[][] _credentialCookieNames;

    internal OperationParameters(CompiledParameter[] parameters, IReadOnlyList<ParameterDefinition> definitions, ParameterOptions options)
    {
        _parameters = parameters;
        _definitions = definitions;
        Options = options;
        foreach (CompiledParameter parameter in parameters)
        {
            _hasQuery |= parameter.Location == ParameterLocation.Query;
            _hasCookie |= parameter.Location == ParameterLocation.Cookie;
        }

        _credentialQueryNames = Utf8Names(options.CredentialQueryNames);
        _credentialCookieNames = Utf8Names(options.CredentialCookieNames);
    }

    /// <summary>The definitions compiled, in parameter-index order.</summary>
    public IReadOnlyList<ParameterDefinition> Definitions => _definitions;

    /// <summary>The limits and switches in force.</summary>
    public ParameterOptions Options { get; }

    /// <summary>Checks the parameters of <paramref name="request"/> (path, query and <see cref="HttpMessageView.Headers"/>).</summary>
    /// <inheritdoc cref="Check(ReadOnlySpan{char}, ReadOnlySpan{PathCapture}, ReadOnlySpan{char}, IRequestHeaders?, IParameterValueChecker?, out Violation?)"/>
    public bool Check(in HttpMessageView request, ReadOnlySpan<PathCapture> captures, IParameterValueChecker? values, out Violation? violation) =>
        Check(request.Path, captures, request.Query, request.Headers, values, out violation);

    /// <summary>Checks a request's parameters.</summary>
    /// <param name="rawPath">The raw request path the route was matched on.</param>
    /// <param name="captures">The route's captures (<see cref="RouteMatch.CaptureCount"/> of them), in template order.</param>
    /// <param name="query">The raw query string, with or without its leading '?'.</param>
    /// <param name="headers">The header fields, or null (then header and cookie parameters are absent).</param>
    /// <param name="values">Receives decoded values for schema validation, or null.</param>
    /// <param name="violation">
    /// Why the request was refused: a <c>param.*</c> violation. Null when the method returns true, and
    /// also null when it returns false because <paramref name="values"/> refused a value (the checker
    /// holds those violations).
    /// </param>
    /// <returns>True when every parameter is acceptable.</returns>
    [SkipLocalsInit]
    public bool Check(ReadOnlySpan<char> rawPath, ReadOnlySpan<PathCapture> captures, ReadOnlySpan<char> query, IRequestHeaders? headers, IParameterValueChecker? values, out Violation? violation)
    {
        violation = null;
        var scratch = default(ParameterScratch);
        var names = default(ParameterScratch);
        try
        {
            foreach (CompiledParameter parameter in _parameters)
            {
                bool ok = parameter.Location switch
                {
                    ParameterLocation.Path => CheckPath(parameter, rawPath, captures, values, ref scratch, out violation),
                    ParameterLocation.Header => CheckHeader(parameter, headers, values, ref scratch, out violation),
                    _ => true,
                };
                if (!ok)
                {
                    return false;
                }
            }

            if (query.StartsWith('?'))
            {
                query = query[1..];
            }

            if ((_hasQuery || !query.IsEmpty)
                && !CheckPairs(ParameterLocation.Query, query, headers, values, ref scratch, ref names, out violation))
            {
                return false;
            }

            if ((_hasCookie || (!Options.AllowUnknownCookies && headers is not null))
                && !CheckPairs(ParameterLocation.Cookie, default, headers, values, ref scratch, ref names, out violation))
            {
                return false;
            }

            return true;
        }
        finally
        {
            scratch.Release();
            names.Release();
        }
    }

    private bool CheckPath(CompiledParameter parameter, ReadOnlySpan<char> rawPath, ReadOnlySpan<PathCapture> captures, IParameterValueChecker? values, ref ParameterScratch scratch, out Violation? violation)
    {
        violation = null;
        if (parameter.CaptureIndex < 0 || parameter.CaptureIndex >= captures.Length)
        {
            violation = Refuse(parameter, ViolationCodes.ParamMissing, "", $"path parameter '{parameter.Name}' is missing");
            return false;
        }

        ReadOnlySpan<char> raw = captures[parameter.CaptureIndex].Slice(rawPath);
        byte[] buffer = scratch.Get(PercentDecoding.MaxDecodedLength(raw.Length));
        if (!PercentDecoding.TryDecode(raw, buffer, plusIsSpace: false, out int length))
        {
            violation = Refuse(parameter, ViolationCodes.ParamEncoding, "", $"path parameter '{parameter.Name}' is not valid percent-encoded UTF-8");
            return false;
        }

        if (parameter.IsContent)
        {
            return Content(parameter, buffer, length, values);
        }

        ReadOnlySpan<byte> text = buffer.AsSpan(0, length);
        if (parameter.Style == ParameterStyle.Label)
        {
            // RFC 6570 section 3.2.5: {.x} expands to "." followed by the value.
            if (text.IsEmpty || text[0] != '.')
            {
                violation = Refuse(parameter, ViolationCodes.ParamStyle, "", $"path parameter '{parameter.Name}' must start with '.' (label style)");
                return false;
            }

            text = text[1..];
        }
        else if (parameter.Style == ParameterStyle.Matrix)
        {
            // RFC 6570 section 3.2.7: {;x} expands to ";x=value" (";x" when empty); exploded
            // arrays repeat ";x=item", exploded objects are ";key=value" pairs.
            if (text.IsEmpty || text[0] != ';')
            {
                violation = Refuse(parameter, ViolationCodes.ParamStyle, "", $"path parameter '{parameter.Name}' must start with ';' (matrix style)");
                return false;
            }

            text = text[1..];
            if (!parameter.Explode || parameter.Shape == ValueShape.Primitive)
            {
                ReadOnlySpan<byte> name = parameter.NameUtf8;
                if (!text.StartsWith(name) || (text.Length > name.Length && text[name.Length] != '='))
                {
                    violation = Refuse(parameter, ViolationCodes.ParamStyle, "", $"path parameter '{parameter.Name}' must be ';{parameter.Name}=value' (matrix style)");
                    return false;
                }

                text = text.Length > name.Length ? text[(name.Length + 1)..] : default;
            }
        }

        return Deliver(parameter, text, trim: false, values, out violation);
    }

    private bool CheckHeader(CompiledParameter parameter, IRequestHeaders? headers, IParameterValueChecker? values, ref ParameterScratch scratch, out Violation? violation)
    {
        violation = null;
        if (parameter.Ignored)
        {
            return true;
        }

        int lines = headers?.GetValueCount(parameter.Name) ?? 0;
        if (lines == 0)
        {
            return !parameter.Definition.Required || Missing(parameter, out violation);
        }

        if (lines > 1 && (parameter.Shape == ValueShape.Primitive || parameter.IsContent))
        {
            violation = Refuse(parameter, ViolationCodes.ParamDuplicate, "", $"header '{parameter.Name}' is single-valued but was sent {lines} times");
            return false;
        }

        int total = 0;
        for (int line = 0; line < lines; line++)
        {
            total += headers!.GetValue(parameter.Name, line).Length + 1;
        }

        // Field lines of a list-valued field are one comma-separated list (RFC 9110 section 5.3).
        byte[] buffer = scratch.Get(PercentDecoding.MaxDecodedLength(total));
        int length = 0;
        for (int line = 0; line < lines; line++)
        {
            ReadOnlySpan<char> value = headers!.GetValue(parameter.Name, line);
            foreach (char c in value)
            {
                // RFC 9110 section 5.5: field values never contain CR, LF or NUL; other controls are obsolete.
                if ((c < 0x20 && c != '\t') || c == 0x7F)
                {
                    violation = Refuse(parameter, ViolationCodes.ParamEncoding, "", $"header '{parameter.Name}' contains a control character (RFC 9110 section 5.5)");
                    return false;
                }
            }

            if (line > 0)
            {
                buffer[length++] = (byte)',';
            }

            if (Utf8.FromUtf16(value, buffer.AsSpan(length), out _, out int written, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                violation = Refuse(parameter, ViolationCodes.ParamEncoding, "", $"header '{parameter.Name}' is not valid text");
                return false;
            }

            length += written;
        }

        return parameter.IsContent
            ? Content(parameter, buffer, length, values)
            : Deliver(parameter, buffer.AsSpan(0, length), trim: true, values, out violation);
    }

    /// <summary>Query string ('&amp;'-separated) or Cookie header (';'-separated, RFC 6265 section 4.2.1) pairs.</summary>
    private bool CheckPairs(ParameterLocation location, ReadOnlySpan<char> query, IRequestHeaders? headers, IParameterValueChecker? values, ref ParameterScratch scratch, ref ParameterScratch names, out Violation? violation)
    {
        violation = null;
        bool isQuery = location == ParameterLocation.Query;
        int lines = isQuery ? 1 : headers?.GetValueCount(CookieHeader) ?? 0;
        char separator = isQuery ? '&' : ';';
        int total = 0;
        int count = 0;
        for (int line = 0; line < lines; line++)
        {
            ReadOnlySpan<char> text = isQuery ? query : headers!.GetValue(CookieHeader, line);
            total += text.Length;
            count += text.Count(separator) + 1;
        }

        // Count before any decoding: a flood of pairs costs no more than this scan.
        int limit = Options.MaxQueryParameters;
        if (CountPairs(isQuery, query, headers, lines) > limit)
        {
            violation = new Violation(ViolationCodes.ParamCount, "",
                $"more than {limit} {(isQuery ? "query parameters" : "cookies")} (limit param.count = {limit})", -1, isQuery ? "query" : "cookie", null);
            return false;
        }

        ParameterPair[] pairs = ArrayPool<ParameterPair>.Shared.Rent(Math.Max(1, Math.Min(count, limit)));
        try
        {
            byte[] nameBuffer = names.Get(PercentDecoding.MaxDecodedLength(total));
            int pairCount = 0;
            int decodedEnd = 0;
            for (int line = 0; line < lines; line++)
            {
                ReadOnlySpan<char> text = isQuery ? query : headers!.GetValue(CookieHeader, line);
                int start = 0;
                while (start <= text.Length)
                {
                    int end = text[start..].IndexOf(separator);
                    end = end < 0 ? text.Length : start + end;
                    if (!ReadPair(isQuery, text, line, start, end, nameBuffer, ref decodedEnd, out ParameterPair pair, out violation))
                    {
                        return false;
                    }

                    if (pair.NameLength > 0 || pair.ValueStart >= 0)
                    {
                        if (!Classify(location, ref pair, nameBuffer, out violation))
                        {
                            return false;
                        }

                        // An undeclared name the policy lets through still reaches the upstream's
                        // parser: field[$ne]=x is a NoSQL operator there (the checker decides).
                        if (pair.Parameter < 0 && values is not null
                            && !values.UndeclaredName(location, nameBuffer.AsSpan(pair.Decoded, pair.DecodedLength), out violation))
                        {
                            return false;
                        }

                        pairs[pairCount++] = pair;
                    }

                    start = end + 1;
                }
            }

            foreach (CompiledParameter parameter in _parameters)
            {
                if (parameter.Location == location
                    && !CheckPairParameter(parameter, isQuery, query, headers, pairs.AsSpan(0, pairCount), nameBuffer, values, ref scratch, out violation))
                {
                    return false;
                }
            }

            return true;
        }
        finally
        {
            ArrayPool<ParameterPair>.Shared.Return(pairs);
        }
    }

    private static int CountPairs(bool isQuery, ReadOnlySpan<char> query, IRequestHeaders? headers, int lines)
    {
        int count = 0;
        char separator = isQuery ? '&' : ';';
        for (int line = 0; line < lines; line++)
        {
            ReadOnlySpan<char> text = isQuery ? query : headers!.GetValue(CookieHeader, line);
            int start = 0;
            while (start <= text.Length)
            {
                int end = text[start..].IndexOf(separator);
                end = end < 0 ? text.Length : start + end;
                if (!text[start..end].Trim(" \t").IsEmpty)
                {
                    count++;
                }

                start = end + 1;
            }
        }

        return count;
    }

    /// <summary>Locates one pair and decodes its name into the names buffer; an empty pair has no name and no value.</summary>
    private static bool ReadPair(bool isQuery, ReadOnlySpan<char> text, int line, int start, int end, byte[] nameBuffer, ref int decodedEnd, out ParameterPair pair, out Violation? violation)
    {
        violation = null;
        pair = new ParameterPair { Line = line, ValueStart = -1, KeyStart = -1, Parameter = -1 };
        if (!isQuery)
        {
            // RFC 6265 section 4.2.1: pairs separated by "; "; be lenient about the space.
            while (start < end && text[start] is ' ' or '\t')
            {
                start++;
            }

            while (end > start && text[end - 1] is ' ' or '\t')
            {
                end--;
            }
        }

        if (start == end)
        {
            return true;
        }

        int equals = text[start..end].IndexOf('=');
        int nameEnd = equals < 0 ? end : start + equals;
        if (!isQuery && equals < 0)
        {
            // A cookie without '=' has no name (RFC 6265 section 5.2); it cannot be a declared parameter.
            return true;
        }

        pair.NameStart = start;
        pair.NameLength = nameEnd - start;
        if (equals >= 0)
        {
            pair.ValueStart = nameEnd + 1;
            pair.ValueLength = end - pair.ValueStart;
            if (!isQuery && pair.ValueLength >= 2 && text[pair.ValueStart] == '"' && text[end - 1] == '"')
            {
                // cookie-value may be wrapped in DQUOTEs (RFC 6265 section 4.1.1).
                pair.ValueStart++;
                pair.ValueLength -= 2;
            }
        }

        if (!PercentDecoding.TryDecode(text.Slice(pair.NameStart, pair.NameLength), nameBuffer.AsSpan(decodedEnd), isQuery, out int written))
        {
            violation = new Violation(ViolationCodes.ParamEncoding, "",
                $"a {(isQuery ? "query parameter" : "cookie")} name is not valid percent-encoded UTF-8", -1, isQuery ? "query" : "cookie", null);
            return false;
        }

        pair.Decoded = decodedEnd;
        pair.DecodedLength = written;
        decodedEnd += written;
        return true;
    }

    private static bool IsCredentialName(byte[][] names, ReadOnlySpan<byte> name)
    {
        foreach (byte[] credential in names)
        {
            if (name.SequenceEqual(credential))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[][] Utf8Names(IReadOnlyList<string> names)
    {
        var utf8 = new byte[names.Count][];
        for (int i = 0; i < utf8.Length; i++)
        {
            utf8[i] = Encoding.UTF8.GetBytes(names[i]);
        }

        return utf8;
    }

    /// <summary>Finds the parameter a pair belongs to: by name, as a deepObject member, or as a member of an exploded form object.</summary>
    private bool Classify(ParameterLocation location, ref ParameterPair pair, byte[] nameBuffer, out Violation? violation)
    {
        violation = null;
        ReadOnlySpan<byte> name = nameBuffer.AsSpan(pair.Decoded, pair.DecodedLength);
        if (IsCredentialName(location == ParameterLocation.Query ? _credentialQueryNames : _credentialCookieNames, name))
        {
            // an API key of the operation's security scheme: the authentication stage checks it
            return true;
        }

        CompiledParameter? open = null;
        foreach (CompiledParameter parameter in _parameters)
        {
            if (parameter.Location != location)
            {
                continue;
            }

            ReadOnlySpan<byte> declared = parameter.NameUtf8;
            if (parameter.Style == ParameterStyle.DeepObject && !parameter.IsContent)
            {
                if (name.Length > declared.Length && name.StartsWith(declared) && name[declared.Length] == '[')
                {
                    // OpenAPI defines deepObject for one level: name[key]. Anything else, e.g.
                    // filter[a][50000000], is refused here, before any index is read or stored.
                    ReadOnlySpan<byte> key = name[(declared.Length + 1)..];
                    if (key.Length < 2 || key[^1] != ']' || key[..^1].IndexOfAny((byte)'[', (byte)']') >= 0)
                    {
                        violation = Refuse(parameter, ViolationCodes.ParamStyle, "",
                            $"query parameter '{parameter.Name}': '{Shorten(name)}' is not {parameter.Name}[key] (deepObject has one level)");
                        return false;
                    }

                    pair.Parameter = parameter.Index;
                    pair.KeyStart = pair.Decoded + declared.Length + 1;
                    pair.KeyLength = key.Length - 1;
                    return true;
                }

                if (name.SequenceEqual(declared))
                {
                    violation = Refuse(parameter, ViolationCodes.ParamStyle, "",
                        $"query parameter '{parameter.Name}' must be sent as {parameter.Name}[key]=value (deepObject)");
                    return false;
                }

                continue;
            }

            if (parameter.MultiPair && parameter.Shape == ValueShape.Object)
            {
                // Exploded form objects send each member as its own pair: ?R=100&G=200.
                if (parameter.Members.Declares(name))
                {
                    pair.Parameter = parameter.Index;
                    pair.KeyStart = pair.Decoded;
                    pair.KeyLength = pair.DecodedLength;
                    return true;
                }

                if (parameter.Members.AdditionalAllowed)
                {
                    open ??= parameter;
                }

                continue;
            }

            if (name.SequenceEqual(declared))
            {
                pair.Parameter = parameter.Index;
                return true;
            }
        }

        if (open is not null)
        {
            pair.Parameter = open.Index;
            pair.KeyStart = pair.Decoded;
            pair.KeyLength = pair.DecodedLength;
            return true;
        }

        bool isQuery = location == ParameterLocation.Query;
        if (isQuery ? Options.AllowUnknownQueryParameters : Options.AllowUnknownCookies)
        {
            return true;
        }

        violation = new Violation(ViolationCodes.ParamUnknown, "",
            $"{(isQuery ? "query parameter" : "cookie")} '{Shorten(name)}' is not declared by the operation", -1, isQuery ? "query" : "cookie", null);
        return false;
    }

    private bool CheckPairParameter(CompiledParameter parameter, bool isQuery, ReadOnlySpan<char> query, IRequestHeaders? headers, ReadOnlySpan<ParameterPair> pairs, byte[] nameBuffer, IParameterValueChecker? values, ref ParameterScratch scratch, out Violation? violation)
    {
        violation = null;
        int count = 0;
        int first = -1;
        for (int k = 0; k < pairs.Length; k++)
        {
            if (pairs[k].Parameter == parameter.Index)
            {
                count++;
                first = first < 0 ? k : first;
            }
        }

        if (count == 0)
        {
            return !parameter.Definition.Required || Missing(parameter, out violation);
        }

        if (!parameter.MultiPair && count > 1)
        {
            // Parameter pollution: which of the values the upstream takes is the upstream's guess.
            violation = Refuse(parameter, ViolationCodes.ParamDuplicate, "", $"{parameter.LocationName} parameter '{parameter.Name}' is single-valued but was sent {count} times");
            return false;
        }

        if (count == 1 && pairs[first].ValueLength == 0 && isQuery && !(parameter.MultiPair && parameter.Shape == ValueShape.Object))
        {
            // ?flag or ?flag= (OpenAPI 3.1 section 4.8.12.2, allowEmptyValue).
            if (!parameter.Definition.AllowEmptyValue)
            {
                violation = Refuse(parameter, ViolationCodes.ParamEmpty, "", $"query parameter '{parameter.Name}' is empty");
                return false;
            }

            return true;
        }

        bool commaDelimits = !parameter.MultiPair && parameter.Shape != ValueShape.Primitive && parameter.Delimiter == ',';
        for (int k = first; k < pairs.Length; k++)
        {
            if (pairs[k].Parameter == parameter.Index && isQuery && Options.EnforceAllowReserved && !parameter.Definition.AllowReserved
                && HasReserved(RawValue(pairs[k], isQuery, query, headers), commaDelimits))
            {
                violation = Refuse(parameter, ViolationCodes.ParamReserved, "",
                    $"query parameter '{parameter.Name}' has reserved characters that are not percent-encoded (allowReserved is false)");
                return false;
            }
        }

        if (!parameter.MultiPair)
        {
            ReadOnlySpan<char> raw = RawValue(pairs[first], isQuery, query, headers);
            byte[] buffer = scratch.Get(PercentDecoding.MaxDecodedLength(raw.Length));
            if (!DecodeValue(parameter, raw, buffer, isQuery, out int length, out violation))
            {
                return false;
            }

            return parameter.IsContent
                ? Content(parameter, buffer, length, values)
                : Deliver(parameter, buffer.AsSpan(0, length), trim: false, values, out violation);
        }

        if (count > Options.MaxItems)
        {
            violation = Refuse(parameter, ViolationCodes.ParamCount, "", $"{parameter.LocationName} parameter '{parameter.Name}' has more than {Options.MaxItems} items (limit param.count)");
            return false;
        }

        bool isObject = parameter.Shape == ValueShape.Object;
        if (isObject)
        {
            for (int k = first; k < pairs.Length; k++)
            {
                if (pairs[k].Parameter != parameter.Index)
                {
                    continue;
                }

                ReadOnlySpan<byte> key = nameBuffer.AsSpan(pairs[k].KeyStart, pairs[k].KeyLength);
                for (int j = first; j < k; j++)
                {
                    if (pairs[j].Parameter == parameter.Index && key.SequenceEqual(nameBuffer.AsSpan(pairs[j].KeyStart, pairs[j].KeyLength)))
                    {
                        violation = Refuse(parameter, ViolationCodes.ParamDuplicate, PointerTo(key),
                            $"{parameter.LocationName} parameter '{parameter.Name}' has member '{Shorten(key)}' twice");
                        return false;
                    }
                }
            }
        }

        IJsonTokenSink? sink = values?.Begin(parameter.Index);
        if (sink is not null && !(isObject ? sink.StartObject() : sink.StartArray()))
        {
            return false;
        }

        for (int k = first; k < pairs.Length; k++)
        {
            if (pairs[k].Parameter != parameter.Index)
            {
                continue;
            }

            ReadOnlySpan<char> raw = RawValue(pairs[k], isQuery, query, headers);
            byte[] buffer = scratch.Get(PercentDecoding.MaxDecodedLength(raw.Length));
            if (!DecodeValue(parameter, raw, buffer, isQuery, out int length, out violation))
            {
                return false;
            }

            if (sink is not null)
            {
                ReadOnlySpan<byte> text = buffer.AsSpan(0, length);
                JsonTypes types = parameter.ItemTypes;
                if (isObject)
                {
                    ReadOnlySpan<byte> key = nameBuffer.AsSpan(pairs[k].KeyStart, pairs[k].KeyLength);
                    types = parameter.Members.TypesOf(key);
                    if (!sink.PropertyName(key))
                    {
                        return false;
                    }
                }

                if (!ScalarEmitter.Emit(sink, text, types))
                {
                    return false;
                }
            }
        }

        if (sink is null)
        {
            return true;
        }

        return (isObject ? sink.EndObject() : sink.EndArray()) && values!.End(parameter.Index);
    }

    private static ReadOnlySpan<char> RawValue(in ParameterPair pair, bool isQuery, ReadOnlySpan<char> query, IRequestHeaders? headers)
    {
        if (pair.ValueStart < 0)
        {
            return default;
        }

        ReadOnlySpan<char> line = isQuery ? query : headers!.GetValue(CookieHeader, pair.Line);
        return line.Slice(pair.ValueStart, pair.ValueLength);
    }

    private static bool DecodeValue(CompiledParameter parameter, ReadOnlySpan<char> raw, byte[] buffer, bool isQuery, out int length, out Violation? violation)
    {
        violation = null;
        if (PercentDecoding.TryDecode(raw, buffer, plusIsSpace: isQuery, out length))
        {
            return true;
        }

        violation = Refuse(parameter, ViolationCodes.ParamEncoding, "", $"{parameter.LocationName} parameter '{parameter.Name}' is not valid percent-encoded UTF-8");
        return false;
    }

    /// <summary>RFC 3986 section 2.2 delimiters that encoders escape (see the class remarks).</summary>
    private static bool HasReserved(ReadOnlySpan<char> raw, bool commaDelimits) =>
        commaDelimits ? raw.IndexOfAny(":/?[]@$;=") >= 0 : raw.IndexOfAny(":/?[]@$,;=") >= 0;

    private bool Deliver(CompiledParameter parameter, ReadOnlySpan<byte> text, bool trim, IParameterValueChecker? values, out Violation? violation)
    {
        violation = null;

        // Structure first, so a value that cannot be decoded reaches no checker.
        ValueOutcome outcome = StyledText.Emit(parameter, text, null, Options.MaxItems, trim, out int item);
        if (outcome == ValueOutcome.Ok)
        {
            IJsonTokenSink? sink = values?.Begin(parameter.Index);
            if (sink is null)
            {
                return true;
            }

            outcome = StyledText.Emit(parameter, text, sink, Options.MaxItems, trim, out item);
            if (outcome == ValueOutcome.Ok)
            {
                return values!.End(parameter.Index);
            }
        }

        violation = outcome switch
        {
            ValueOutcome.Stopped => null,
            ValueOutcome.Duplicate => Refuse(parameter, ViolationCodes.ParamDuplicate, PointerTo(StyledText.MemberName(parameter, text, item, trim)),
                $"{parameter.LocationName} parameter '{parameter.Name}' has member '{Shorten(StyledText.MemberName(parameter, text, item, trim))}' twice"),
            ValueOutcome.TooMany => Refuse(parameter, ViolationCodes.ParamCount, "",
                $"{parameter.LocationName} parameter '{parameter.Name}' has more than {Options.MaxItems} items (limit param.count)"),
            _ => Refuse(parameter, ViolationCodes.ParamStyle, item >= 0 ? "/" + item.ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
                $"{parameter.LocationName} parameter '{parameter.Name}' cannot be decoded as {parameter.Style}{(parameter.Explode ? " exploded" : "")} {parameter.Shape.ToString().ToLowerInvariant()}"),
        };
        return false;
    }

    private static bool Content(CompiledParameter parameter, byte[] buffer, int length, IParameterValueChecker? values) =>
        values is null || values.Content(parameter.Index, new ReadOnlyMemory<byte>(buffer, 0, length));

    private static bool Missing(CompiledParameter parameter, out Violation? violation)
    {
        violation = Refuse(parameter, ViolationCodes.ParamMissing, "", $"required {parameter.LocationName} parameter '{parameter.Name}' is missing");
        return false;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Violation Refuse(CompiledParameter parameter, string code, string pointer, string message) =>
        new(code, pointer, message, -1, parameter.LocationName, parameter.Definition.Pointer.Length == 0 ? null : parameter.Definition.Pointer);

    /// <summary>RFC 6901 pointer to a member.</summary>
    private static string PointerTo(ReadOnlySpan<byte> key) =>
        "/" + Encoding.UTF8.GetString(key).Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>Names quoted in messages are cut, so a refusal's report stays small whatever was sent.</summary>
    private static string Shorten(ReadOnlySpan<byte> text) =>
        text.Length <= 100 ? Encoding.UTF8.GetString(text) : Encoding.UTF8.GetString(text[..100]) + "…";
}
