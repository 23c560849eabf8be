namespace ApiFilter.Signatures;

/// <summary>
/// The parameters of a draft-cavage-http-signatures-12 signature (section 2.1):
/// <c>keyId="…",algorithm="…",created=…,expires=…,headers="…",signature="…"</c>, comma separated.
/// </summary>
internal ref struct CavageSignatureParameters
{
    public ReadOnlySpan<char> KeyId;
    public ReadOnlySpan<char> Algorithm;
    public ReadOnlySpan<char> Headers;
    public ReadOnlySpan<char> Signature;
    public long? Created;
    public long? Expires;
    public bool HasAlgorithm;
    public bool HasHeaders;

    /// <summary>
    /// Parses the parameter list; a repeated parameter, a missing <c>keyId</c> or <c>signature</c>,
    /// or a bad value is malformed. Unknown parameters are ignored (section 2.1: "MUST ignore").
    /// </summary>
    public static SignatureVerificationStatus TryParse(ReadOnlySpan<char> text, out CavageSignatureParameters parameters)
    {
        parameters = default;
        bool hasKeyId = false, hasSignature = false;
        int seen = 0;
        ReadOnlySpan<char> rest = text;
        while (true)
        {
            rest = rest.TrimStart(" \t");
            int eq = rest.IndexOf('=');
            if (eq <= 0)
            {
                return SignatureVerificationStatus.Malformed;
            }

            ReadOnlySpan<char> name = rest[..eq].TrimEnd(" \t");
            rest = rest[(eq + 1)..].TrimStart(" \t");
            ReadOnlySpan<char> value;
            bool quoted = !rest.IsEmpty && rest[0] == '"';
            if (quoted)
            {
                // the draft's quoted strings have no escapes
                int close = rest[1..].IndexOf('"');
                if (close < 0)
                {
                    return SignatureVerificationStatus.Malformed;
                }

                value = rest.Slice(1, close);
                rest = rest[(close + 2)..];
            }
            else
            {
                int comma = rest.IndexOf(',');
                value = (comma < 0 ? rest : rest[..comma]).TrimEnd(" \t");
                rest = comma < 0 ? default : rest[comma..];
            }

            int bit = name switch
            {
                "keyId" => 1,
                "algorithm" => 2,
                "headers" => 4,
                "signature" => 8,
                "created" => 16,
                "expires" => 32,
                _ => 0,
            };
            if ((seen & bit) != 0)
            {
                // a repeated parameter could mean either value: refuse
                return SignatureVerificationStatus.Malformed;
            }

            seen |= bit;
            switch (bit)
            {
                case 1:
                    parameters.KeyId = value;
                    hasKeyId = !value.IsEmpty;
                    break;
                case 2:
                    parameters.Algorithm = value;
                    parameters.HasAlgorithm = true;
                    break;
                case 4:
                    parameters.Headers = value;
                    parameters.HasHeaders = true;
                    break;
                case 8:
                    parameters.Signature = value;
                    hasSignature = !value.IsEmpty;
                    break;
                case 16 or 32:
                    if (!long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long number))
                    {
                        return SignatureVerificationStatus.Malformed;
                    }

                    if (bit == 16)
                    {
                        parameters.Created = number;
                    }
                    else
                    {
                        parameters.Expires = number;
                    }

                    break;
            }

            rest = rest.TrimStart(" \t");
            if (rest.IsEmpty)
            {
                break;
            }

            if (rest[0] != ',')
            {
                return SignatureVerificationStatus.Malformed;
            }

            rest = rest[1..];
        }

        return hasKeyId && hasSignature ? SignatureVerificationStatus.Valid : SignatureVerificationStatus.Malformed;
    }
}
