namespace ApiFilter.Tokens;

/// <summary>JWK "crv" values for <see cref="JsonWebKeyType.EllipticCurve"/> keys (RFC 7518 section 6.2.1.1).</summary>
public enum JsonWebKeyCurve
{
    /// <summary>No curve (not an EC key).</summary>
    None = 0,

    /// <summary>"P-256", for ES256.</summary>
    P256,

    /// <summary>"P-384", for ES384.</summary>
    P384,

    /// <summary>"P-521", for ES512.</summary>
    P521,
}
