using System.Buffers;
using ApiFilter.Pipeline;

namespace ApiFilter.Xml;

/// <summary>
/// Streaming XML threat guard. PLACEHOLDER: refuses DOCTYPE and oversize bodies only; the full
/// implementation over <c>XmlScanner</c> replaces it.
/// </summary>
public sealed class XmlGuard : IBodyGuard
{
    private readonly XmlThreatLimits _limits;
    private long _consumedTotal;

    /// <summary>Creates a guard enforcing <paramref name="limits"/>.</summary>
    public XmlGuard(XmlThreatLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
    }

    /// <summary>The limits this guard enforces.</summary>
    public XmlThreatLimits Limits => _limits;

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
            Violation = new Violation(ViolationCodes.XmlSize, "", $"Body exceeds {_limits.MaxBodyBytes} bytes.", _limits.MaxBodyBytes);
            return GuardStatus.Refused;
        }

        if (!isFinalBlock)
        {
            return GuardStatus.NeedMoreData;
        }

        var reader = new SequenceReader<byte>(data);
        if (reader.TryAdvanceTo((byte)'<', advancePastDelimiter: true) && reader.IsNext("!DOCTYPE"u8, advancePast: false))
        {
            Violation = new Violation(ViolationCodes.XmlDtd, "", "Document type declarations are not allowed.", reader.Consumed);
            return GuardStatus.Refused;
        }

        consumed = data.Length;
        _consumedTotal += consumed;
        return GuardStatus.Allowed;
    }

    /// <inheritdoc/>
    public void Reset()
    {
        _consumedTotal = 0;
        Violation = null;
    }
}
