namespace ApiFilter.Signatures;

/// <summary>
/// An in-memory replay check for RFC 9421 nonces (section 7.2.2) of one process: remembers each
/// accepted (keyid, nonce) until its signature could no longer pass the age check anyway, up to a
/// fixed number of entries. When full it refuses new nonces (fail closed) rather than forget ones
/// that could still be replayed. A farm of filters needs a shared store instead.
/// </summary>
public sealed class BoundedNonceSet : ISignatureNonceValidator
{
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, long Until)> _order = new();
    private readonly Lock _lock = new();
    private readonly int _capacity;
    private readonly long _window;
    private readonly TimeProvider _clock;

    /// <summary>A set of at most <paramref name="capacity"/> nonces, each kept for <paramref name="window"/> after its <c>created</c> time.</summary>
    /// <param name="capacity">How many nonces are remembered at most.</param>
    /// <param name="window">How long a nonce is remembered: the policy's maximum age plus clock skew.</param>
    /// <param name="clock">The clock (default the system clock).</param>
    public BoundedNonceSet(int capacity, TimeSpan window, TimeProvider? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _window = (long)window.TotalSeconds;
        _clock = clock ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public bool TryAccept(ReadOnlySpan<char> keyId, ReadOnlySpan<char> nonce, long? created)
    {
        long now = _clock.GetUtcNow().ToUnixTimeSeconds();
        // the key is built only for a verified signature with a nonce; the NUL cannot occur in either sf-string
        string key = string.Concat(keyId, "\0", nonce);
        lock (_lock)
        {
            while (_order.TryPeek(out var oldest) && oldest.Until < now)
            {
                _order.Dequeue();
                _seen.Remove(oldest.Key);
            }

            if (_seen.ContainsKey(key) || _seen.Count >= _capacity)
            {
                return false;
            }

            long until = Math.Max(created ?? now, now) + _window;
            _seen.Add(key, until);
            _order.Enqueue((key, until));
            return true;
        }
    }
}
