using System.Text;

namespace ApiFilter.Multipart;

/// <summary>A <see cref="MultipartField"/> prepared for the hot path: UTF-8 name, parsed media ranges.</summary>
internal sealed class MultipartCompiledField
{
    public MultipartCompiledField(MultipartField field)
    {
        Field = field;
        Name = Encoding.UTF8.GetBytes(field.Name);
        var ranges = new List<MultipartMediaRange>();
        foreach (string entry in field.ContentTypes)
        {
            ArgumentNullException.ThrowIfNull(entry);
            foreach (string range in entry.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                ranges.Add(MultipartMediaRange.Parse(range));
            }
        }

        if (ranges.Count == 0)
        {
            throw new ArgumentException($"Field '{field.Name}' allows no content type.", nameof(field));
        }

        if (field.MaxBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(field), $"Field '{field.Name}': MaxBytes must not be negative, got {field.MaxBytes}.");
        }

        Ranges = [.. ranges];
    }

    public MultipartField Field { get; }

    public byte[] Name { get; }

    public MultipartMediaRange[] Ranges { get; }

    public bool Allows(ReadOnlySpan<byte> type, ReadOnlySpan<byte> subtype)
    {
        foreach (MultipartMediaRange range in Ranges)
        {
            if (range.Matches(type, subtype))
            {
                return true;
            }
        }

        return false;
    }
}
