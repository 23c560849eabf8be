using ApiFilter.Json;

namespace ApiFilter.Parameters;

/// <summary>
/// Decodes a parameter value that travels as one text (already percent-decoded once, style prefix
/// removed) by its shape and style, and emits it as JSON tokens (OpenAPI 3.1 section 4.8.12.4.1
/// style examples; RFC 6570 sections 3.2.2 to 3.2.8).
/// </summary>
internal static class StyledText
{
    /// <param name="parameter">The parameter.</param>
    /// <param name="text">The decoded value.</param>
    /// <param name="sink">Where tokens go; null to only check the structure.</param>
    /// <param name="maxItems">Most items or members.</param>
    /// <param name="trim">Trim spaces and tabs around items (header lists, RFC 9110 section 5.6.1).</param>
    /// <param name="errorItem">For a style or duplicate error, the item index at fault (-1: the whole value).</param>
    public static ValueOutcome Emit(CompiledParameter parameter, ReadOnlySpan<byte> text, IJsonTokenSink? sink, int maxItems, bool trim, out int errorItem)
    {
        errorItem = -1;
        switch (parameter.Shape)
        {
            case ValueShape.Array:
                return EmitArray(parameter, text, sink, maxItems, trim, out errorItem);
            case ValueShape.Object:
                return EmitObject(parameter, text, sink, maxItems, trim, out errorItem);
            default:
                if (sink is null)
                {
                    return ValueOutcome.Ok;
                }

                return ScalarEmitter.Emit(sink, text, parameter.Types) ? ValueOutcome.Ok : ValueOutcome.Stopped;
        }
    }

    private static ValueOutcome EmitArray(CompiledParameter parameter, ReadOnlySpan<byte> text, IJsonTokenSink? sink, int maxItems, bool trim, out int errorItem)
    {
        errorItem = -1;

        // Exploded matrix arrays repeat the name: ;color=blue;color=black (section 4.8.12.4.1).
        bool named = parameter.Style == ParameterStyle.Matrix && parameter.Explode;
        int count = 0;
        var check = new ByteSplitter(text, parameter.Delimiter);
        while (check.Next(out ReadOnlySpan<byte> item))
        {
            if (named && !StripName(parameter.NameUtf8, ref item))
            {
                errorItem = count;
                return ValueOutcome.Style;
            }

            if (++count > maxItems)
            {
                return ValueOutcome.TooMany;
            }
        }

        if (sink is null)
        {
            return ValueOutcome.Ok;
        }

        if (!sink.StartArray())
        {
            return ValueOutcome.Stopped;
        }

        var items = new ByteSplitter(text, parameter.Delimiter);
        while (items.Next(out ReadOnlySpan<byte> item))
        {
            if (named)
            {
                StripName(parameter.NameUtf8, ref item);
            }

            if (!ScalarEmitter.Emit(sink, trim ? Trim(item) : item, parameter.ItemTypes))
            {
                return ValueOutcome.Stopped;
            }
        }

        return sink.EndArray() ? ValueOutcome.Ok : ValueOutcome.Stopped;
    }

    private static ValueOutcome EmitObject(CompiledParameter parameter, ReadOnlySpan<byte> text, IJsonTokenSink? sink, int maxItems, bool trim, out int errorItem)
    {
        errorItem = -1;

        // Exploded (simple, label, matrix): items are name=value. Otherwise names and values alternate.
        bool pairs = parameter.Explode;
        int count = 0;
        var check = new ByteSplitter(text, parameter.Delimiter);
        while (check.Next(out ReadOnlySpan<byte> item))
        {
            ReadOnlySpan<byte> name;
            if (pairs)
            {
                int equals = item.IndexOf((byte)'=');
                if (equals < 0)
                {
                    errorItem = count;
                    return ValueOutcome.Style;
                }

                name = item[..equals];
            }
            else
            {
                name = item;
                if (!check.Next(out _))
                {
                    // A name without its value: R,100,G
                    errorItem = count;
                    return ValueOutcome.Style;
                }
            }

            if (++count > maxItems)
            {
                return ValueOutcome.TooMany;
            }

            if (IsRepeated(text, parameter.Delimiter, pairs, trim ? Trim(name) : name, count - 1, trim))
            {
                errorItem = count - 1;
                return ValueOutcome.Duplicate;
            }
        }

        if (sink is null)
        {
            return ValueOutcome.Ok;
        }

        if (!sink.StartObject())
        {
            return ValueOutcome.Stopped;
        }

        var members = new ByteSplitter(text, parameter.Delimiter);
        while (members.Next(out ReadOnlySpan<byte> item))
        {
            ReadOnlySpan<byte> name;
            ReadOnlySpan<byte> value;
            if (pairs)
            {
                int equals = item.IndexOf((byte)'=');
                name = item[..equals];
                value = item[(equals + 1)..];
            }
            else
            {
                name = item;
                members.Next(out value);
            }

            if (trim)
            {
                name = Trim(name);
                value = Trim(value);
            }

            if (!sink.PropertyName(name) || !ScalarEmitter.Emit(sink, value, parameter.Members.TypesOf(name)))
            {
                return ValueOutcome.Stopped;
            }
        }

        return sink.EndObject() ? ValueOutcome.Ok : ValueOutcome.Stopped;
    }

    /// <summary>The name of member <paramref name="ordinal"/> of the value, for error pointers.</summary>
    public static ReadOnlySpan<byte> MemberName(CompiledParameter parameter, ReadOnlySpan<byte> text, int ordinal, bool trim)
    {
        var members = new ByteSplitter(text, parameter.Delimiter);
        int k = 0;
        while (members.Next(out ReadOnlySpan<byte> item))
        {
            ReadOnlySpan<byte> name = item;
            if (parameter.Explode)
            {
                int equals = item.IndexOf((byte)'=');
                name = equals < 0 ? item : item[..equals];
            }
            else
            {
                members.Next(out _);
            }

            if (k++ == ordinal)
            {
                return trim ? Trim(name) : name;
            }
        }

        return default;
    }

    /// <summary>Whether a member before <paramref name="before"/> has the name <paramref name="name"/>.</summary>
    private static bool IsRepeated(ReadOnlySpan<byte> text, byte delimiter, bool pairs, ReadOnlySpan<byte> name, int before, bool trim)
    {
        var members = new ByteSplitter(text, delimiter);
        for (int k = 0; k < before && members.Next(out ReadOnlySpan<byte> item); k++)
        {
            ReadOnlySpan<byte> other = item;
            if (pairs)
            {
                other = item[..item.IndexOf((byte)'=')];
            }
            else
            {
                members.Next(out _);
            }

            if ((trim ? Trim(other) : other).SequenceEqual(name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool StripName(ReadOnlySpan<byte> name, ref ReadOnlySpan<byte> item)
    {
        if (item.Length > name.Length && item.StartsWith(name) && item[name.Length] == '=')
        {
            item = item[(name.Length + 1)..];
            return true;
        }

        return false;
    }

    /// <summary>Optional whitespace around list items (RFC 9110 section 5.6.3: SP and HTAB).</summary>
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> item) => item.Trim(" \t"u8);
}
