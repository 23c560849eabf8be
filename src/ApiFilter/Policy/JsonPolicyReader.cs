using System.Text;
using System.Text.Json;

namespace ApiFilter.Policy;

/// <summary>Reads a JSON policy document into a <see cref="PolicyNode"/> tree (cold path).</summary>
internal static class JsonPolicyReader
{
    public static PolicyNode Read(ReadOnlySpan<byte> utf8, string fileName)
    {
        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new PolicyException(fileName, "", "the file is empty");
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 16 });
        try
        {
            if (!reader.Read())
            {
                throw new PolicyException(fileName, "", "the file is empty");
            }

            var root = ReadValue(ref reader, fileName, "");
            if (reader.Read())
            {
                throw new PolicyException(fileName, "", "unexpected data after the policy document");
            }

            return root;
        }
        catch (JsonException e)
        {
            throw new PolicyException(fileName, "", $"not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
    }

    private static PolicyNode ReadValue(ref Utf8JsonReader reader, string fileName, string path)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var mapping = PolicyNode.Mapping(0);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var key = reader.GetString()!;
                    var childPath = path.Length == 0 ? key : path + "." + key;
                    foreach (var member in mapping.Members)
                    {
                        if (member.Key == key)
                        {
                            throw new PolicyException(fileName, childPath, "duplicate key");
                        }
                    }

                    reader.Read();
                    mapping.Members.Add(new(key, ReadValue(ref reader, fileName, childPath)));
                }

                return mapping;
            case JsonTokenType.StartArray:
                var sequence = PolicyNode.Sequence(0);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    sequence.Items.Add(ReadValue(ref reader, fileName, path + "[" + sequence.Items.Count + "]"));
                }

                return sequence;
            case JsonTokenType.String:
                return PolicyNode.Scalar(reader.GetString()!, quoted: true, 0);
            default:
                // numbers, true, false, null: keep the literal text, typed later by the validator
                var raw = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray();
                return PolicyNode.Scalar(Encoding.UTF8.GetString(raw), quoted: false, 0);
        }
    }
}
