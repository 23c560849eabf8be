using System.Globalization;
using System.Text.Json.Nodes;

namespace ApiFilter.Contract;

/// <summary>RFC 6901 JSON Pointers into a contract document: building, and resolving local <c>$ref</c> fragments.</summary>
internal static class JsonPointer
{
    /// <summary>Appends one reference token, escaping <c>~</c> and <c>/</c> (RFC 6901 section 3).</summary>
    public static string Append(string pointer, string token) =>
        pointer + "/" + token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>Appends an array index.</summary>
    public static string Append(string pointer, int index) => pointer + "/" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The pointer a local reference (<c>#/components/schemas/Pet</c>) names: the fragment is
    /// percent-decoded first (RFC 6901 section 6, URI fragment representation). Null when the
    /// reference is not a local JSON Pointer fragment.
    /// </summary>
    public static string? FromLocalReference(string reference)
    {
        if (reference == "#")
        {
            return "";
        }

        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return Uri.UnescapeDataString(reference[1..]);
        }
        catch (UriFormatException)
        {
            return null;
        }
    }

    /// <summary>The node at <paramref name="pointer"/>, or false when a token does not exist.</summary>
    public static bool TryResolve(JsonNode root, string pointer, out JsonNode? node)
    {
        node = root;
        if (pointer.Length == 0)
        {
            return true;
        }

        if (pointer[0] != '/')
        {
            node = null;
            return false;
        }

        foreach (var raw in pointer[1..].Split('/'))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            switch (node)
            {
                case JsonObject obj when obj.TryGetPropertyValue(token, out var child):
                    node = child;
                    break;
                case JsonArray array when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count
                                          && (token == "0" || token[0] != '0'):
                    node = array[index];
                    break;
                default:
                    node = null;
                    return false;
            }
        }

        return true;
    }
}
