namespace ApiFilter.Detection;

/// <summary>
/// A value as received and its normalized form (<see cref="ValueNormalizer"/>), decoded once, on the
/// first detector's demand, and shared by every detector that looks at the value after it: the
/// detection sink judges a string with up to six detectors, and each used to decode it again.
/// Read-only for the detectors: one that decodes further (XSS undoes CSS and lax HTML escapes in
/// place) keeps its own copy.
/// </summary>
internal ref struct ValueForms
{
    private readonly ReadOnlySpan<byte> _value;
    private readonly Span<byte> _stack;
    private DecodedValue _decoded;
    private State _state;

    /// <summary>Wraps <paramref name="value"/>; <paramref name="stack"/> (<see cref="DecodedValue.StackLimit"/> bytes) holds a short decoded form.</summary>
    public ValueForms(ReadOnlySpan<byte> value, Span<byte> stack)
    {
        _value = value;
        _stack = stack;
        _decoded = default;
        _state = State.NotAsked;
    }

    private enum State : byte
    {
        NotAsked,
        Same,
        Decoded,
    }

    /// <summary>The value as received.</summary>
    public readonly ReadOnlySpan<byte> Value => _value;

    /// <summary>
    /// The decoded form, when decoding changes the value (decoding it now if no detector has asked
    /// before); false when the value carries no encoding.
    /// </summary>
    public bool TryDecoded(ref long work, out ReadOnlySpan<byte> decoded, out NormalizationFlags flags)
    {
        if (_state == State.NotAsked)
        {
            _state = State.Same;
            if (ValueNormalizer.MayNeedDecoding(_value))
            {
                _decoded = DecodedValue.Decode(_value, _stack, ref work);
                if (_decoded.Flags != NormalizationFlags.None)
                {
                    _state = State.Decoded;
                }
            }
        }

        if (_state == State.Decoded)
        {
            decoded = _decoded.Bytes;
            flags = _decoded.Flags;
            return true;
        }

        decoded = default;
        flags = NormalizationFlags.None;
        return false;
    }

    /// <summary>Returns a pooled buffer, if decoding rented one.</summary>
    public void Dispose() => _decoded.Dispose();
}
