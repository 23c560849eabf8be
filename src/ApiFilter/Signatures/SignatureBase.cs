using System.Buffers;
using System.Text;

namespace ApiFilter.Signatures;

/// <summary>
/// Builds the RFC 9421 signature base (section 2.5): one line per covered component,
/// <c>"name";params: value</c>, then the <c>"@signature-params"</c> line, joined with LF and
/// without a trailing LF. Derived components (section 2.2): <c>@method</c>, <c>@target-uri</c>,
/// <c>@authority</c>, <c>@scheme</c>, <c>@request-target</c>, <c>@path</c>, <c>@query</c>,
/// <c>@query-param</c>, <c>@status</c>. Field parameters: <c>sf</c>, <c>key</c>, <c>bs</c>,
/// <c>req</c>; <c>tr</c> (trailers) is refused as not supported.
/// </summary>
public static class SignatureBase
{
    // how many structured values one field covered with sf or key may hold
    private const int MaxFieldNodes = 64;

    /// <summary>Writes the signature base of a request (or of a response without <c>req</c> components) to <paramref name="output"/>.</summary>
    /// <returns><see cref="SignatureVerificationStatus.Valid"/> when the base was written, else why not.</returns>
    public static SignatureVerificationStatus TryCreate(in HttpMessageComponents message, in SignatureInput input, MessageSignaturePolicy policy, IBufferWriter<byte> output) =>
        TryCreate(message, default, false, input, policy, output);

    /// <summary>Writes the signature base of a response whose components may refer to <paramref name="request"/> with <c>req</c>.</summary>
    /// <returns><see cref="SignatureVerificationStatus.Valid"/> when the base was written, else why not.</returns>
    public static SignatureVerificationStatus TryCreate(in HttpMessageComponents response, in HttpMessageComponents request, in SignatureInput input, MessageSignaturePolicy policy, IBufferWriter<byte> output) =>
        TryCreate(response, request, true, input, policy, output);

    internal static SignatureVerificationStatus Build(scoped in HttpMessageComponents message, scoped in HttpMessageComponents request, bool hasRequest, scoped in SignatureInput input, MessageSignaturePolicy policy, ref ByteBuilder output)
    {
        if (input.ComponentCount > policy.MaxCoveredComponents)
        {
            return SignatureVerificationStatus.TooLarge;
        }

        ReadOnlySpan<StructuredFieldNode> nodes = input.Nodes;
        ReadOnlySpan<char> source = input.Source;
        int member = input.Member;
        Span<int> identifierStarts = stackalloc int[input.ComponentCount];
        Span<int> identifierLengths = stackalloc int[input.ComponentCount];
        Span<StructuredFieldNode> fieldNodes = stackalloc StructuredFieldNode[MaxFieldNodes];
        int seen = 0;
        for (int i = member + 1; i < nodes[member].ParametersStart; i = nodes[i].End)
        {
            int start = output.Length;
            StructuredFieldWriter.WriteBareItem(nodes[i], source, ref output);
            StructuredFieldWriter.WriteParameters(nodes, i, source, ref output);
            int length = output.Length - start;
            if (output.Overflowed)
            {
                return SignatureVerificationStatus.TooLarge;
            }

            // section 2.5: the same identifier (name and parameters) twice is an error
            ReadOnlySpan<byte> identifier = output.Written.Slice(start, length);
            for (int k = 0; k < seen; k++)
            {
                if (output.Written.Slice(identifierStarts[k], identifierLengths[k]).SequenceEqual(identifier))
                {
                    return SignatureVerificationStatus.ComponentDuplicated;
                }
            }

            identifierStarts[seen] = start;
            identifierLengths[seen] = length;
            seen++;
            output.Append(": "u8);
            SignatureVerificationStatus status = AppendValue(nodes, i, source, message, request, hasRequest, policy, fieldNodes, ref output);
            if (status != SignatureVerificationStatus.Valid)
            {
                return status;
            }

            output.Append((byte)'\n');
        }

        output.Append("\"@signature-params\": "u8);
        StructuredFieldWriter.WriteMember(nodes, member, source, ref output);
        return output.Overflowed ? SignatureVerificationStatus.TooLarge : SignatureVerificationStatus.Valid;
    }

    private static SignatureVerificationStatus TryCreate(in HttpMessageComponents message, in HttpMessageComponents request, bool hasRequest, in SignatureInput input, MessageSignaturePolicy policy, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(output);
        ByteBuilder builder = new(1024, policy.MaxSignatureBaseLength);
        try
        {
            SignatureVerificationStatus status = Build(message, request, hasRequest, input, policy, ref builder);
            if (status == SignatureVerificationStatus.Valid)
            {
                output.Write(builder.Written);
            }

            return status;
        }
        finally
        {
            builder.Dispose();
        }
    }

    private static SignatureVerificationStatus AppendValue(
        ReadOnlySpan<StructuredFieldNode> nodes,
        int component,
        ReadOnlySpan<char> source,
        in HttpMessageComponents message,
        in HttpMessageComponents request,
        bool hasRequest,
        MessageSignaturePolicy policy,
        scoped Span<StructuredFieldNode> fieldNodes,
        ref ByteBuilder output)
    {
        ReadOnlySpan<char> name = nodes[component].Value(source);
        if (name.IsEmpty || nodes[component].HasEscapes)
        {
            return SignatureVerificationStatus.Malformed;
        }

        bool sf = false, bs = false, req = false;
        ReadOnlySpan<char> key = default, queryName = default;
        bool hasKey = false, hasName = false;
        for (int p = nodes[component].ParametersStart; p < nodes[component].End; p++)
        {
            StructuredFieldNode parameter = nodes[p];
            if (parameter.IsSuperseded)
            {
                continue;
            }

            bool flag = parameter.Type == StructuredFieldValueType.Boolean && parameter.Number == 1;
            bool text = parameter.Type == StructuredFieldValueType.String && !parameter.HasEscapes;
            switch (parameter.Key(source))
            {
                case "sf" when flag:
                    sf = true;
                    break;
                case "bs" when flag:
                    bs = true;
                    break;
                case "req" when flag:
                    req = true;
                    break;
                case "key" when text:
                    key = parameter.Value(source);
                    hasKey = true;
                    break;
                case "name" when text:
                    queryName = parameter.Value(source);
                    hasName = true;
                    break;
                case "sf" or "bs" or "req" or "key" or "name":
                    return SignatureVerificationStatus.Malformed;
                default:
                    // "tr" (trailers are not handed to this verifier) and unregistered parameters (section 2.5: an error)
                    return SignatureVerificationStatus.ComponentNotSupported;
            }
        }

        if (req)
        {
            // section 2.4: req only on a response, naming its request
            if (!message.IsResponse)
            {
                return SignatureVerificationStatus.Malformed;
            }

            if (!hasRequest)
            {
                return SignatureVerificationStatus.ComponentMissing;
            }
        }

        if (name[0] == '@')
        {
            if (sf || bs || hasKey || (hasName && !name.SequenceEqual("@query-param")))
            {
                return SignatureVerificationStatus.Malformed;
            }

            return req
                ? AppendDerived(name, queryName, hasName, request, ref output)
                : AppendDerived(name, queryName, hasName, message, ref output);
        }

        if (hasName || (bs && (sf || hasKey)) || name.ContainsAnyExcept(LowercaseFieldNameChars))
        {
            // section 2.1: field names are lowercased; bs cannot be combined with sf or key (section 2.1.3)
            return SignatureVerificationStatus.Malformed;
        }

        string fieldName = FieldNames.Get(name);
        Pipeline.IRequestHeaders headers = req ? request.Headers : message.Headers;
        if (sf || hasKey)
        {
            return AppendStructured(headers, fieldName, name, hasKey, key, policy, fieldNodes, ref output);
        }

        int count = headers.GetValueCount(fieldName);
        if (count == 0)
        {
            return SignatureVerificationStatus.ComponentMissing;
        }

        for (int line = 0; line < count; line++)
        {
            if (line > 0)
            {
                output.Append(", "u8);
            }

            ReadOnlySpan<char> value = CombinedField.Trim(headers.GetValue(fieldName, line));
            if (bs)
            {
                AppendByteSequence(value, ref output);
            }
            else if (!AppendUnfolded(value, ref output))
            {
                return SignatureVerificationStatus.Malformed;
            }
        }

        return SignatureVerificationStatus.Valid;
    }

    private static readonly SearchValues<char> LowercaseFieldNameChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyz");

    // section 2.1.1 (sf: re-serialized) and 2.1.2 (key: one Dictionary member, re-serialized)
    private static SignatureVerificationStatus AppendStructured(
        Pipeline.IRequestHeaders headers, string fieldName, ReadOnlySpan<char> name, bool hasKey, ReadOnlySpan<char> key, MessageSignaturePolicy policy, scoped Span<StructuredFieldNode> fieldNodes, ref ByteBuilder output)
    {
        StructuredFieldType type = StructuredFieldType.Dictionary;
        if (!hasKey && !policy.TryGetStructuredType(name, out type))
        {
            return SignatureVerificationStatus.ComponentNotSupported;
        }

        if (!CombinedField.TryRead(headers, fieldName, policy.MaxSignatureBaseLength, out CombinedField field))
        {
            return SignatureVerificationStatus.TooLarge;
        }

        try
        {
            if (!field.IsPresent)
            {
                return SignatureVerificationStatus.ComponentMissing;
            }

            ReadOnlySpan<char> value = field.Value;
            if (StructuredFieldParser.Parse(value, type, fieldNodes, out int count) != StructuredFieldStatus.Ok)
            {
                return SignatureVerificationStatus.Malformed;
            }

            ReadOnlySpan<StructuredFieldNode> parsed = fieldNodes[..count];
            if (hasKey)
            {
                int member = StructuredFieldParser.FindMember(parsed, value, key);
                if (member < 0)
                {
                    return SignatureVerificationStatus.ComponentMissing;
                }

                return StructuredFieldWriter.WriteMember(parsed, member, value, ref output)
                    ? SignatureVerificationStatus.Valid : SignatureVerificationStatus.Malformed;
            }

            return StructuredFieldWriter.WriteField(parsed, value, type, ref output)
                ? SignatureVerificationStatus.Valid : SignatureVerificationStatus.Malformed;
        }
        finally
        {
            field.Dispose();
        }
    }

    // section 2.1.3: each field line's bytes as a Byte Sequence
    private static void AppendByteSequence(ReadOnlySpan<char> value, ref ByteBuilder output)
    {
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        Span<byte> bytes = max <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(max));
        int written = Encoding.UTF8.GetBytes(value, bytes);
        output.Append((byte)':');
        output.AppendBase64(bytes[..written]);
        output.Append((byte)':');
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    // section 2.1: obsolete line folding (RFC 9112 section 5.2) becomes one space; any other CR or LF is refused
    private static bool AppendUnfolded(ReadOnlySpan<char> value, ref ByteBuilder output)
    {
        int stop = value.IndexOfAny('\r', '\n');
        while (stop >= 0)
        {
            output.AppendText(value[..stop].TrimEnd(" \t"));
            ReadOnlySpan<char> rest = value[stop..];
            int skip = rest.StartsWith("\r\n") ? 2 : rest[0] == '\n' ? 1 : 0;
            int spaces = skip == 0 ? 0 : rest[skip..].IndexOfAnyExcept(" \t");
            if (skip == 0 || spaces <= 0)
            {
                return false;
            }

            output.Append((byte)' ');
            value = rest[(skip + spaces)..];
            stop = value.IndexOfAny('\r', '\n');
        }

        output.AppendText(value);
        return true;
    }

    private static SignatureVerificationStatus AppendDerived(ReadOnlySpan<char> name, ReadOnlySpan<char> queryName, bool hasName, in HttpMessageComponents target, ref ByteBuilder output)
    {
        if (name.SequenceEqual("@status"))
        {
            // section 2.2.9: responses only, three digits
            if (!target.IsResponse)
            {
                return SignatureVerificationStatus.ComponentMissing;
            }

            if (target.Status is < 100 or > 999)
            {
                return SignatureVerificationStatus.Malformed;
            }

            output.AppendInt64(target.Status);
            return SignatureVerificationStatus.Valid;
        }

        if (name.SequenceEqual("@signature-params"))
        {
            // section 2.3: never listed among the covered components
            return SignatureVerificationStatus.Malformed;
        }

        bool known = name is "@method" or "@target-uri" or "@authority" or "@scheme" or "@request-target" or "@path" or "@query" or "@query-param";
        if (!known)
        {
            return SignatureVerificationStatus.ComponentNotSupported;
        }

        if (target.IsResponse)
        {
            // the request-derived components have no value in a response unless marked req
            return SignatureVerificationStatus.ComponentMissing;
        }

        switch (name)
        {
            case "@method":
                output.AppendText(target.Method);
                break;
            case "@target-uri":
                AppendLower(target.Scheme, ref output);
                output.Append("://"u8);
                AppendAuthority(target.Scheme, target.Authority, ref output);
                AppendPath(target.Path, ref output);
                if (!target.Query.IsEmpty)
                {
                    output.Append((byte)'?');
                    output.AppendText(target.Query);
                }

                break;
            case "@authority":
                AppendAuthority(target.Scheme, target.Authority, ref output);
                break;
            case "@scheme":
                AppendLower(target.Scheme, ref output);
                break;
            case "@request-target":
                if (!target.RequestTarget.IsEmpty)
                {
                    output.AppendText(target.RequestTarget);
                    break;
                }

                AppendPath(target.Path, ref output);
                if (!target.Query.IsEmpty)
                {
                    output.Append((byte)'?');
                    output.AppendText(target.Query);
                }

                break;
            case "@path":
                AppendPath(target.Path, ref output);
                break;
            case "@query":
                // section 2.2.7: an absent query is the "?" alone
                output.Append((byte)'?');
                output.AppendText(target.Query);
                break;
            default:
                return hasName ? QueryParameterComponent.Append(target.Query, queryName, ref output) : SignatureVerificationStatus.Malformed;
        }

        return SignatureVerificationStatus.Valid;
    }

    private static void AppendPath(ReadOnlySpan<char> path, ref ByteBuilder output)
    {
        // section 2.2.6: an empty path is "/"
        if (path.IsEmpty)
        {
            output.Append((byte)'/');
        }
        else
        {
            output.AppendText(path);
        }
    }

    // section 2.2.3: the authority normalized per RFC 9110 section 4.2.3: lowercased host, default port dropped
    private static void AppendAuthority(ReadOnlySpan<char> scheme, ReadOnlySpan<char> authority, ref ByteBuilder output)
    {
        if ((scheme.Equals("https", StringComparison.OrdinalIgnoreCase) && authority.EndsWith(":443"))
            || (scheme.Equals("http", StringComparison.OrdinalIgnoreCase) && authority.EndsWith(":80")))
        {
            authority = authority[..authority.LastIndexOf(':')];
        }

        AppendLower(authority, ref output);
    }

    internal static void AppendLower(ReadOnlySpan<char> value, ref ByteBuilder output)
    {
        Span<char> lower = stackalloc char[256];
        while (!value.IsEmpty)
        {
            int chunk = Math.Min(value.Length, lower.Length);
            int written = value[..chunk].ToLowerInvariant(lower);
            output.AppendText(lower[..written]);
            value = value[chunk..];
        }
    }
}
