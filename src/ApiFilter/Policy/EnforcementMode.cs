namespace ApiFilter.Policy;

/// <summary>What a module does with what it finds (ARCHITECTURE: "modes, not forks").</summary>
public enum EnforcementMode : byte
{
    /// <summary>Refuse the message.</summary>
    Block,
    /// <summary>Let the message pass and log what was found.</summary>
    Report,
    /// <summary>Do not check.</summary>
    Off,
}
