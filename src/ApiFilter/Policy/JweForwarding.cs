namespace ApiFilter.Policy;

/// <summary>What an allowed JWE request body is forwarded as (<c>jose.decrypt.forward</c>).</summary>
public enum JweForwarding : byte
{
    /// <summary>The validated plaintext, with the Content-Type its <c>cty</c> names (RFC 7516 section 4.1.12).</summary>
    Plaintext,

    /// <summary>The compact JWE exactly as received.</summary>
    Original,
}
