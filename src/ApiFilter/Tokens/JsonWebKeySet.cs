using System.Text.Json;

namespace ApiFilter.Tokens;

/// <summary>
/// An immutable snapshot of verification keys (RFC 7517 section 5), loaded from a JWK Set document (or a single
/// JWK) in a file. Keys of a "kty" this library does not use (OKP, say) are skipped as RFC 7517 section 5 asks and
/// counted in <see cref="IgnoredKeyCount"/>; a malformed key of a known type fails the whole load, loudly.
/// To rotate keys, load a new snapshot and build a new <see cref="JwsVerifier"/> over it.
/// </summary>
public sealed class JsonWebKeySet
{
    private readonly JsonWebKey[] _keys;

    private JsonWebKeySet(JsonWebKey[] keys, int ignored)
    {
        _keys = keys;
        IgnoredKeyCount = ignored;
        foreach (JsonWebKey key in keys)
        {
            HasSharedSecret |= key.KeyType == JsonWebKeyType.Octet;
        }
    }

    /// <summary>The usable keys, in document order.</summary>
    public IReadOnlyList<JsonWebKey> Keys => _keys;

    /// <summary>How many keys were skipped because their "kty" is not RSA, EC or oct.</summary>
    public int IgnoredKeyCount { get; }

    /// <summary>Whether the set holds a shared secret (kty "oct"): HMAC algorithms can only be allowed when it does.</summary>
    public bool HasSharedSecret { get; }

    internal ReadOnlySpan<JsonWebKey> KeySpan => _keys;

    /// <summary>Parses a JWK Set (<c>{"keys":[…]}</c>) or a single JWK. Cold path: throws <see cref="JsonWebKeyException"/> on anything wrong.</summary>
    public static JsonWebKeySet Parse(ReadOnlySpan<byte> json)
    {
        using JsonDocument document = ParseDocument(json);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonWebKeyException("A key set must be a JSON object.");
        }

        if (!root.TryGetProperty("keys", out JsonElement keys))
        {
            JsonWebKey single = JsonWebKey.FromElement(root, "the key")
                ?? throw new JsonWebKeyException("The key's \"kty\" is not one this library uses (RSA, EC, oct).");
            return new JsonWebKeySet([single], 0);
        }

        if (keys.ValueKind != JsonValueKind.Array)
        {
            throw new JsonWebKeyException("\"keys\" must be an array of JWK objects.");
        }

        var list = new List<JsonWebKey>();
        int ignored = 0;
        int index = 0;
        foreach (JsonElement element in keys.EnumerateArray())
        {
            JsonWebKey? key = JsonWebKey.FromElement(element, $"key {index}");
            if (key is null)
            {
                ignored++;
            }
            else
            {
                list.Add(key);
            }

            index++;
        }

        return new JsonWebKeySet([.. list], ignored);
    }

    /// <summary>Reads and parses a key set file (see <see cref="Parse(ReadOnlySpan{byte})"/>).</summary>
    public static JsonWebKeySet Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException ex)
        {
            throw new JsonWebKeyException($"The key set file \"{path}\" could not be read: {ex.Message}", ex);
        }

        return Parse(bytes);
    }

    /// <summary>Makes a set of keys built in code (for example <see cref="JsonWebKey.CreateSharedSecret"/>).</summary>
    public static JsonWebKeySet Create(params IEnumerable<JsonWebKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        JsonWebKey[] array = [.. keys];
        foreach (JsonWebKey key in array)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(keys));
        }

        return new JsonWebKeySet(array, 0);
    }

    /// <summary>The first key whose "kid" is <paramref name="keyId"/>, or null.</summary>
    public JsonWebKey? FindByKeyId(string keyId)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        foreach (JsonWebKey key in _keys)
        {
            if (key.KeyId == keyId)
            {
                return key;
            }
        }

        return null;
    }

    /// <summary>
    /// The index of the next key at or after <paramref name="start"/> whose UTF-8 "kid" equals <paramref name="keyId"/>,
    /// or -1. A linear scan: sets hold a handful of keys, and it allocates nothing.
    /// </summary>
    internal int IndexOfKeyId(ReadOnlySpan<byte> keyId, int start)
    {
        JsonWebKey[] keys = _keys;
        for (int i = start; i < keys.Length; i++)
        {
            byte[]? kid = keys[i].KeyIdUtf8;
            if (kid is not null && keyId.SequenceEqual(kid))
            {
                return i;
            }
        }

        return -1;
    }

    internal static JsonDocument ParseDocument(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions
            {
                MaxDepth = 16,
                CommentHandling = JsonCommentHandling.Disallow,
                AllowTrailingCommas = false,

                // A key with two "n" members is ambiguous: which one did the issuer mean? Refuse it.
                AllowDuplicateProperties = false,
            });
        }
        catch (JsonException ex)
        {
            throw new JsonWebKeyException($"The key document is not valid JSON: {ex.Message}", ex);
        }
    }
}
