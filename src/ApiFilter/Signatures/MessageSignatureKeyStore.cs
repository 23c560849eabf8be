namespace ApiFilter.Signatures;

/// <summary>
/// The configured verification keys by <c>keyid</c>. Filled at configuration time, then read
/// concurrently: a lookup by span allocates nothing.
/// </summary>
public sealed class MessageSignatureKeyStore
{
    private readonly Dictionary<string, MessageSignatureKey> _keys = new(StringComparer.Ordinal);

    /// <summary>Adds <paramref name="key"/> under <paramref name="keyId"/> (compared exactly, case-sensitive).</summary>
    /// <exception cref="ArgumentException">A key with that id is already configured.</exception>
    public void Add(string keyId, MessageSignatureKey key)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ArgumentNullException.ThrowIfNull(key);
        _keys.Add(keyId, key);
    }

    /// <summary>The key configured under <paramref name="keyId"/>, if any.</summary>
    public bool TryGet(ReadOnlySpan<char> keyId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MessageSignatureKey? key) =>
        _keys.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(keyId, out key);
}
