namespace ApiFilter.Json;

/// <summary>What <see cref="JsonStringScanner"/> found in the raw bytes of a JSON string token.</summary>
internal enum JsonStringStatus : byte
{
    /// <summary>Valid UTF-8 with well-formed escapes; the unescaped length is known.</summary>
    Valid,

    /// <summary>A byte sequence that is not well-formed UTF-8 (RFC 3629 §3, RFC 8259 §8.1).</summary>
    InvalidUtf8,

    /// <summary>A <c>\u</c> escape naming a surrogate that is not part of a high+low pair (RFC 8259 §7).</summary>
    LoneSurrogate,

    /// <summary>A backslash not followed by one of the escapes RFC 8259 §7 allows.</summary>
    InvalidEscape,
}
