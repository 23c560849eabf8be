using System.Buffers;
using ApiFilter.Pipeline;

namespace ApiFilter.Signatures;

/// <summary>
/// The field lines of one header field as one value: each line's leading and trailing OWS
/// removed, lines joined with ", " (RFC 9110 section 5.3, RFC 8941 section 4.2). One line is
/// used in place; several are joined in a pooled buffer.
/// </summary>
internal ref struct CombinedField
{
    private char[]? _rented;

    public ReadOnlySpan<char> Value { get; private set; }

    public bool IsPresent { get; private set; }

    /// <summary>False when the combined value would exceed <paramref name="maxLength"/> characters.</summary>
    public static bool TryRead(IRequestHeaders headers, string name, int maxLength, out CombinedField field)
    {
        field = default;
        int count = headers.GetValueCount(name);
        if (count == 0)
        {
            return true;
        }

        field.IsPresent = true;
        if (count == 1)
        {
            ReadOnlySpan<char> only = Trim(headers.GetValue(name, 0));
            if (only.Length > maxLength)
            {
                return false;
            }

            field.Value = only;
            return true;
        }

        long total = 0;
        for (int i = 0; i < count; i++)
        {
            total += Trim(headers.GetValue(name, i)).Length + 2;
        }

        if (total > maxLength)
        {
            return false;
        }

        char[] buffer = ArrayPool<char>.Shared.Rent((int)total);
        int length = 0;
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                buffer[length++] = ',';
                buffer[length++] = ' ';
            }

            ReadOnlySpan<char> line = Trim(headers.GetValue(name, i));
            line.CopyTo(buffer.AsSpan(length));
            length += line.Length;
        }

        field._rented = buffer;
        field.Value = buffer.AsSpan(0, length);
        return true;
    }

    /// <summary>Removes leading and trailing SP and HTAB (RFC 9110 section 5.5 OWS).</summary>
    public static ReadOnlySpan<char> Trim(ReadOnlySpan<char> value) => value.Trim(" \t");

    public void Dispose()
    {
        char[]? rented = _rented;
        _rented = null;
        Value = default;
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }
}
