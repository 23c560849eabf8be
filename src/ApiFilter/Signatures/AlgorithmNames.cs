namespace ApiFilter.Signatures;

/// <summary>The registered names of <see cref="MessageSignatureAlgorithm"/> values (RFC 9421 section 6.2.2).</summary>
internal static class AlgorithmNames
{
    public static bool TryParse(ReadOnlySpan<char> name, out MessageSignatureAlgorithm algorithm)
    {
        // exact, case-sensitive names: the registry defines them so (section 6.2.1)
        algorithm = name switch
        {
            "rsa-pss-sha512" => MessageSignatureAlgorithm.RsaPssSha512,
            "rsa-v1_5-sha256" => MessageSignatureAlgorithm.RsaV15Sha256,
            "hmac-sha256" => MessageSignatureAlgorithm.HmacSha256,
            "ecdsa-p256-sha256" => MessageSignatureAlgorithm.EcdsaP256Sha256,
            "ecdsa-p384-sha384" => MessageSignatureAlgorithm.EcdsaP384Sha384,
            "ed25519" => MessageSignatureAlgorithm.Ed25519,
            _ => (MessageSignatureAlgorithm)255,
        };
        return algorithm != (MessageSignatureAlgorithm)255;
    }
}
