using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ApiFilter.Schema;

/// <summary>
/// The canonical byte form of a JSON value, in which two values are equal exactly when JSON Schema
/// calls them equal (2020-12 core section 4.2.2): numbers by mathematical value (<c>1.0</c> is
/// <c>1</c>), objects regardless of member order, strings by their code points. Used by
/// <c>enum</c>, <c>const</c> and <c>uniqueItems</c>: a hash first, the bytes compared on a match.
/// </summary>
/// <remarks>
/// Layout, self-delimiting so a concatenation parses one way: <c>n</c> null, <c>t</c> true,
/// <c>f</c> false, <c>N[-]digits e exponent ;</c> a number with no leading or trailing zero digit
/// (<c>N0;</c> for zero), <c>S</c> + 4-byte length + UTF-8 a string, <c>A</c> elements <c>]</c> an
/// array, <c>O</c> (4-byte name length + name + value)* <c>}</c> an object with members sorted
/// by name bytes.
/// </remarks>
internal static class CanonicalJson
{
    public const byte Null = (byte)'n';
    public const byte True = (byte)'t';
    public const byte False = (byte)'f';
    public const byte String = (byte)'S';
    public const byte ArrayStart = (byte)'A';
    public const byte ArrayEnd = (byte)']';
    public const byte ObjectStart = (byte)'O';
    public const byte ObjectEnd = (byte)'}';

    /// <summary>Room <see cref="WriteNumber"/> needs for a literal of <paramref name="literalLength"/> bytes.</summary>
    public static int NumberRoom(int literalLength) => literalLength + 26;

    /// <summary>
    /// Writes the canonical form of the RFC 8259 number <paramref name="literal"/> and says whether
    /// its value is an integer. <paramref name="destination"/> holds at least <see cref="NumberRoom"/> bytes.
    /// </summary>
    public static int WriteNumber(ReadOnlySpan<byte> literal, Span<byte> destination, out bool integral)
    {
        int i = 0;
        bool negative = false;
        if (i < literal.Length && literal[i] == '-')
        {
            negative = true;
            i++;
        }

        int written = 2; // 'N' and possibly '-': digits are placed after, sign fixed below
        int digits = 0;
        long fractionDigits = 0;
        bool inFraction = false;
        for (; i < literal.Length; i++)
        {
            byte c = literal[i];
            if (c == '.')
            {
                inFraction = true;
                continue;
            }

            if (c is (byte)'e' or (byte)'E')
            {
                break;
            }

            if (inFraction)
            {
                fractionDigits++;
            }

            if (digits == 0 && c == '0')
            {
                continue; // leading zeros carry no value
            }

            destination[written + digits] = c;
            digits++;
        }

        long exponent = 0;
        if (i < literal.Length)
        {
            i++;
            bool negativeExponent = false;
            if (i < literal.Length && literal[i] is (byte)'+' or (byte)'-')
            {
                negativeExponent = literal[i] == '-';
                i++;
            }

            for (; i < literal.Length; i++)
            {
                // Saturate: an exponent this large only compares as "huge"; values beyond it are
                // beyond any body the limits let through.
                exponent = Math.Min(exponent * 10 + (literal[i] - '0'), 1_000_000_000_000L);
            }

            if (negativeExponent)
            {
                exponent = -exponent;
            }
        }

        if (digits == 0)
        {
            integral = true;
            destination[0] = (byte)'N';
            destination[1] = (byte)'0';
            destination[2] = (byte)';';
            return 3;
        }

        exponent -= fractionDigits;
        while (destination[written + digits - 1] == '0')
        {
            digits--;
            exponent++;
        }

        integral = exponent >= 0;
        destination[0] = (byte)'N';
        int start = 1;
        if (negative)
        {
            destination[1] = (byte)'-';
            start = 2;
        }
        else
        {
            destination.Slice(2, digits).CopyTo(destination[1..]);
        }

        int at = start + digits;
        destination[at++] = (byte)'e';
        exponent.TryFormat(destination[at..], out int exponentLength, default, System.Globalization.CultureInfo.InvariantCulture);
        at += exponentLength;
        destination[at++] = (byte)';';
        return at;
    }

    /// <summary>Hash of canonical bytes (seeded per process).</summary>
    public static int Hash(ReadOnlySpan<byte> canonical)
    {
        HashCode hasher = default;
        hasher.AddBytes(canonical);
        return hasher.ToHashCode();
    }

    /// <summary>The canonical form of a schema value (cold path: enum and const at compile time).</summary>
    public static byte[] FromNode(JsonNode? node)
    {
        var output = new List<byte>();
        Write(node, output);
        return output.ToArray();
    }

    private static void Write(JsonNode? node, List<byte> output)
    {
        switch (node)
        {
            case null:
                output.Add(Null);
                return;
            case JsonObject obj:
                var members = new List<(byte[] Name, byte[] Value)>();
                foreach (var member in obj)
                {
                    members.Add((Encoding.UTF8.GetBytes(member.Key), FromNode(member.Value)));
                }

                members.Sort((a, b) => a.Name.AsSpan().SequenceCompareTo(b.Name));
                output.Add(ObjectStart);
                foreach (var (name, value) in members)
                {
                    AddLength(output, name.Length);
                    output.AddRange(name);
                    output.AddRange(value);
                }

                output.Add(ObjectEnd);
                return;
            case JsonArray array:
                output.Add(ArrayStart);
                foreach (var item in array)
                {
                    Write(item, output);
                }

                output.Add(ArrayEnd);
                return;
        }

        switch (node.GetValueKind())
        {
            case JsonValueKind.String:
                byte[] text = Encoding.UTF8.GetBytes(node.GetValue<string>());
                output.Add(String);
                AddLength(output, text.Length);
                output.AddRange(text);
                return;
            case JsonValueKind.Number:
                byte[] literal = Encoding.UTF8.GetBytes(node.ToJsonString());
                byte[] buffer = new byte[NumberRoom(literal.Length)];
                int length = WriteNumber(literal, buffer, out _);
                output.AddRange(buffer.AsSpan(0, length));
                return;
            case JsonValueKind.True:
                output.Add(True);
                return;
            case JsonValueKind.False:
                output.Add(False);
                return;
            default:
                output.Add(Null);
                return;
        }
    }

    private static void AddLength(List<byte> output, int length)
    {
        output.Add((byte)length);
        output.Add((byte)(length >> 8));
        output.Add((byte)(length >> 16));
        output.Add((byte)(length >> 24));
    }
}
