using System.Buffers;
using System.Text.Json;
using ApiFilter.Pipeline;

namespace ApiFilter.Json;

/// <summary>
/// Streaming JSON threat guard. PLACEHOLDER: checks syntax, depth and size only; the full
/// implementation (all <see cref="JsonThreatLimits"/>, JSON Pointers) replaces it.
/// </summary>
public sealed class JsonGuard : IBodyGuard
{
    private readonly JsonThreatLimits _limits;
    private JsonReaderState _state;
    private long _consumedTotal;
    private bool _sawToken;

    /// <summary>Creates a guard enforcing <paramref name="limits"/>.</summary>
    public JsonGuard(JsonThreatLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
        Reset();
    }

    /// <summary>The limits this guard enforces.</summary>
    public JsonThreatLimits Limits => _limits;

    /// <inheritdoc/>
    public long MaxBodyBytes => _limits.MaxBodyBytes;

    /// <inheritdoc/>
    public Violation? Violation { get; private set; }

    /// <inheritdoc/>
    public GuardStatus Feed(ReadOnlySequence<byte> data, bool isFinalBlock, out long consumed)
    {
        consumed = 0;
        if (_consumedTotal + data.Length > _limits.MaxBodyBytes)
        {
            Violation = new Violation(ViolationCodes.JsonSize, "", $"Body exceeds {_limits.MaxBodyBytes} bytes.", _limits.MaxBodyBytes);
            return GuardStatus.Refused;
        }

        var reader = new Utf8JsonReader(data, isFinalBlock, _state);
        try
        {
            while (reader.Read())
            {
                _sawToken = true;
                if (reader.CurrentDepth >= _limits.MaxDepth)
                {
                    Violation = new Violation(ViolationCodes.JsonDepth, "", "Nesting too deep.", _consumedTotal + reader.TokenStartIndex);
                    return GuardStatus.Refused;
                }
            }
        }
        catch (JsonException e)
        {
            Violation = new Violation(ViolationCodes.JsonSyntax, "", e.Message, _consumedTotal + reader.BytesConsumed);
            return GuardStatus.Refused;
        }

        consumed = reader.BytesConsumed;
        _consumedTotal += consumed;
        _state = reader.CurrentState;
        if (!isFinalBlock)
        {
            return GuardStatus.NeedMoreData;
        }

        if (!_sawToken)
        {
            Violation = new Violation(ViolationCodes.JsonSyntax, "", "Empty body.", 0);
            return GuardStatus.Refused;
        }

        return GuardStatus.Allowed;
    }

    /// <inheritdoc/>
    public void Reset()
    {
        _state = new JsonReaderState(new JsonReaderOptions { MaxDepth = _limits.MaxDepth + 1 });
        _consumedTotal = 0;
        _sawToken = false;
        Violation = null;
    }
}
