namespace ApiFilter.Pipeline;

/// <summary>What a streaming body guard says after it has been fed a chunk of the body.</summary>
public enum GuardStatus : byte
{
    /// <summary>Everything fed so far is acceptable; feed the rest (including any unconsumed tail).</summary>
    NeedMoreData,

    /// <summary>The whole body was read (final block) and it is acceptable.</summary>
    Allowed,

    /// <summary>The body breaks a limit or is malformed; <see cref="IBodyGuard.Violation"/> tells why. Stop reading.</summary>
    Refused,
}
