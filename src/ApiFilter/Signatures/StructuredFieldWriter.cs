using System.Buffers;

namespace ApiFilter.Signatures;

/// <summary>
/// RFC 8941 section 4.1 serialization of parsed nodes: the canonical form the <c>sf</c> and
/// <c>key</c> component parameters and the <c>@signature-params</c> line of RFC 9421 need.
/// </summary>
internal static class StructuredFieldWriter
{
    /// <summary>Serializes a whole parsed field of <paramref name="type"/>; false when a Byte Sequence does not decode.</summary>
    public static bool WriteField(scoped ReadOnlySpan<StructuredFieldNode> nodes, scoped ReadOnlySpan<char> input, StructuredFieldType type, ref ByteBuilder output)
    {
        bool first = true;
        for (int i = 0; i < nodes.Length; i = nodes[i].EndField)
        {
            // a repeated Dictionary key is written once, where it first appeared, with the last value (section 4.2.2)
            if (!nodes[i].IsFirstOccurrenceField)
            {
                continue;
            }

            if (!first)
            {
                output.Append(", "u8);
            }

            first = false;
            int winner = nodes[i].FinalIndexField;
            if (type == StructuredFieldType.Dictionary)
            {
                output.AppendText(nodes[winner].Key(input));
                if (nodes[winner].TypeField == StructuredFieldValueType.Boolean && nodes[winner].NumberField == 1)
                {
                    // section 4.1.2: a true member is the key with its parameters alone
                    if (!WriteParameters(nodes, winner, input, ref output))
                    {
                        return false;
                    }

                    continue;
                }

                output.Append((byte)'=');
            }

            if (!WriteMember(nodes, winner, input, ref output))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Serializes one member (Item or Inner List, with parameters) without its key.</summary>
    public static bool WriteMember(scoped ReadOnlySpan<StructuredFieldNode> nodes, int index, scoped ReadOnlySpan<char> input, ref ByteBuilder output)
    {
        if (nodes[index].TypeField != StructuredFieldValueType.InnerList)
        {
            return WriteBareItem(nodes[index], input, ref output) && WriteParameters(nodes, index, input, ref output);
        }

        output.Append((byte)'(');
        bool first = true;
        for (int i = index + 1; i < nodes[index].ParametersStartField; i = nodes[i].EndField)
        {
            if (!first)
            {
                output.Append((byte)' ');
            }

            first = false;
            if (!WriteBareItem(nodes[i], input, ref output) || !WriteParameters(nodes, i, input, ref output))
            {
                return false;
            }
        }

        output.Append((byte)')');
        return WriteParameters(nodes, index, input, ref output);
    }

    /// <summary>Serializes the parameters of node <paramref name="owner"/> (section 4.1.1.2).</summary>
    public static bool WriteParameters(scoped ReadOnlySpan<StructuredFieldNode> nodes, int owner, scoped ReadOnlySpan<char> input, ref ByteBuilder output)
    {
        for (int i = nodes[owner].ParametersStartField; i < nodes[owner].EndField; i++)
        {
            if (!nodes[i].IsFirstOccurrenceField)
            {
                continue;
            }

            StructuredFieldNode parameter = nodes[nodes[i].FinalIndexField];
            output.Append((byte)';');
            output.AppendText(parameter.Key(input));
            if (parameter.TypeField == StructuredFieldValueType.Boolean && parameter.NumberField == 1)
            {
                continue;
            }

            output.Append((byte)'=');
            if (!WriteBareItem(parameter, input, ref output))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Serializes one bare item (section 4.1.3).</summary>
    public static bool WriteBareItem(in StructuredFieldNode node, scoped ReadOnlySpan<char> input, ref ByteBuilder output)
    {
        switch (node.TypeField)
        {
            case StructuredFieldValueType.Integer:
                output.AppendInt64(node.NumberField);
                return true;
            case StructuredFieldValueType.Decimal:
                WriteDecimal(node.NumberField, ref output);
                return true;
            case StructuredFieldValueType.String:
                // only \" and \\ exist as escapes, so the escaped source text is already canonical
                output.Append((byte)'"');
                output.AppendText(node.Value(input));
                output.Append((byte)'"');
                return true;
            case StructuredFieldValueType.Token:
                output.AppendText(node.Value(input));
                return true;
            case StructuredFieldValueType.Boolean:
                output.Append(node.NumberField == 1 ? "?1"u8 : "?0"u8);
                return true;
            case StructuredFieldValueType.ByteSequence:
                return WriteByteSequence(node.Value(input), ref output);
            default:
                return false;
        }
    }

    // section 4.1.5: the fraction rounded to three digits (already so), trailing zeros dropped, at least one digit
    private static void WriteDecimal(long thousandths, ref ByteBuilder output)
    {
        if (thousandths < 0)
        {
            output.Append((byte)'-');
            thousandths = -thousandths;
        }

        output.AppendInt64(thousandths / 1000);
        output.Append((byte)'.');
        long fraction = thousandths % 1000;
        Span<byte> digits = [(byte)('0' + (fraction / 100)), (byte)('0' + (fraction / 10 % 10)), (byte)('0' + (fraction % 10))];
        int length = 3;
        while (length > 1 && digits[length - 1] == '0')
        {
            length--;
        }

        output.Append(digits[..length]);
    }

    // re-encoded, so missing padding or stray pad bits in the input do not reach the output (section 4.1.8)
    private static bool WriteByteSequence(scoped ReadOnlySpan<char> base64, ref ByteBuilder output)
    {
        int max = StructuredFieldParser.MaxDecodedLength(base64);
        byte[]? rented = null;
        Span<byte> bytes = max <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(max));
        bool ok = StructuredFieldParser.TryDecodeByteSequence(base64, bytes, out int written);
        if (ok)
        {
            output.Append((byte)':');
            output.AppendBase64(bytes[..written]);
            output.Append((byte)':');
        }

        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return ok;
    }
}
