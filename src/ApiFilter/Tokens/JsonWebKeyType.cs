namespace ApiFilter.Tokens;

/// <summary>JWK "kty" values this library can use (RFC 7518 section 6.1).</summary>
public enum JsonWebKeyType
{
    /// <summary>"RSA": modulus "n" and exponent "e".</summary>
    Rsa = 1,

    /// <summary>"EC": curve "crv" and point "x", "y".</summary>
    EllipticCurve,

    /// <summary>"oct": a shared secret "k", for HMAC.</summary>
    Octet,
}
