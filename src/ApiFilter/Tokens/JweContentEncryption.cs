namespace ApiFilter.Tokens;

/// <summary>JWE "enc" values: how the content is encrypted and authenticated (RFC 7518 section 5.1).</summary>
public enum JweContentEncryption
{
    /// <summary>An "enc" value this library does not know; refused.</summary>
    Unknown = 0,

    /// <summary>"A128CBC-HS256": AES-128-CBC with HMAC-SHA-256 truncated to 128 bits (RFC 7518 section 5.2.3); a 32-byte key.</summary>
    A128CbcHs256,

    /// <summary>"A192CBC-HS384": AES-192-CBC with HMAC-SHA-384 truncated to 192 bits (section 5.2.4); a 48-byte key.</summary>
    A192CbcHs384,

    /// <summary>"A256CBC-HS512": AES-256-CBC with HMAC-SHA-512 truncated to 256 bits (section 5.2.5); a 64-byte key.</summary>
    A256CbcHs512,

    /// <summary>"A128GCM": AES-128-GCM with a 96-bit IV and a 128-bit tag (RFC 7518 section 5.3).</summary>
    A128Gcm,

    /// <summary>"A192GCM".</summary>
    A192Gcm,

    /// <summary>"A256GCM".</summary>
    A256Gcm,
}
