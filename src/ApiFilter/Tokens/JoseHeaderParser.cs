using System.Text.Json;

namespace ApiFilter.Tokens;

/// <summary>
/// Reads a decoded JOSE header with <see cref="Utf8JsonReader"/> under the <see cref="JwsReaderLimits"/>:
/// one object, bounded depth and member count, every member name unescaped and compared with the ones
/// before it so a duplicate (also one spelled with escapes, "al\u0067") is refused (RFC 7515 section 4).
/// </summary>
internal static class JoseHeaderParser
{
    /// <summary>The most header members whose names are tracked for duplicates.</summary>
    public const int MaxTrackedMembers = 64;

    /// <summary>
    /// Parses <paramref name="json"/>. Unescaped names and string values are written to <paramref name="scratch"/>,
    /// which must be at least as long as <paramref name="json"/> (unescaping never lengthens a string).
    /// </summary>
    public static TokenValidationStatus Parse(ReadOnlySpan<byte> json, Span<byte> scratch, JwsReaderLimits limits, out JoseHeader header)
    {
        header = default;
        try
        {
            return ParseCore(json, scratch, limits, out header);
        }
        catch (JsonException)
        {
            // Utf8JsonReader reports syntax errors only by throwing; the exception stays inside this method.
            return TokenValidationStatus.Malformed;
        }
        catch (InvalidOperationException)
        {
            // CopyString throws this for a string whose escapes decode to invalid UTF-8 or lone surrogates.
            return TokenValidationStatus.Malformed;
        }
    }

    private static TokenValidationStatus ParseCore(ReadOnlySpan<byte> json, Span<byte> scratch, JwsReaderLimits limits, out JoseHeader header)
    {
        header = default;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions
        {
            // One more than ours so our own depth check answers first with InvalidHeader.
            MaxDepth = limits.MaxHeaderDepth + 1,
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
        });

        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return TokenValidationStatus.Malformed;
        }

        Span<int> nameStarts = stackalloc int[MaxTrackedMembers];
        Span<int> nameLengths = stackalloc int[MaxTrackedMembers];
        int members = 0;
        int used = 0;

        JwsAlgorithm algorithm = JwsAlgorithm.Unknown;
        int kidStart = 0, kidLength = 0, typStart = 0, typLength = 0, ctyStart = 0, ctyLength = 0;
        JoseHeaderParameters seen = JoseHeaderParameters.None;
        bool payloadEncoded = true;
        int algStart = 0, algLength = 0;

        // JWE members (RFC 7516 section 4.1, RFC 7518 section 4.6.1).
        int encStart = 0, encLength = 0, apuStart = 0, apuLength = 0, apvStart = 0, apvLength = 0;
        int epkStart = 0, epkLength = 0;
        bool critListsB64 = false;
        bool critListsUnknown = false;
        int jwkStart = 0, jwkLength = 0;

        while (true)
        {
            if (!reader.Read())
            {
                return TokenValidationStatus.Malformed;
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            // Inside an object the reader yields only names here.
            if (members == limits.MaxHeaderMembers)
            {
                return TokenValidationStatus.InvalidHeader;
            }

            int nameLength = reader.CopyString(scratch[used..]);
            ReadOnlySpan<byte> name = scratch.Slice(used, nameLength);

            // Each name meets at most MaxHeaderMembers earlier ones, so the check is O(MaxHeaderMembers × header length): linear.
            for (int i = 0; i < members; i++)
            {
                if (name.SequenceEqual(scratch.Slice(nameStarts[i], nameLengths[i])))
                {
                    return TokenValidationStatus.DuplicateHeaderParameter;
                }
            }

            nameStarts[members] = used;
            nameLengths[members] = nameLength;
            members++;
            used += nameLength;

            if (!reader.Read())
            {
                return TokenValidationStatus.Malformed;
            }

            JsonTokenType valueType = reader.TokenType;
            if (name.SequenceEqual("alg"u8))
            {
                if (valueType != JsonTokenType.String)
                {
                    return TokenValidationStatus.InvalidHeader;
                }

                algStart = used;
                algLength = reader.CopyString(scratch[used..]);
                algorithm = JwsAlgorithmInfo.Parse(scratch.Slice(used, algLength));
                used += algLength;
                seen |= JoseHeaderParameters.Algorithm;
            }
            else if (name.SequenceEqual("kid"u8))
            {
                if (valueType != JsonTokenType.String)
                {
                    return TokenValidationStatus.InvalidHeader;
                }

                kidStart = used;
                kidLength = reader.CopyString(scratch[used..]);
                used += kidLength;
                seen |= JoseHeaderParameters.KeyId;
            }
            else if (name.SequenceEqual("typ"u8))
            {
                if (valueType != JsonTokenType.String)
                {
                    return TokenValidationStatus.InvalidHeader;
                }

                typStart = used;
                typLength = reader.CopyString(scratch[used..]);
                used += typLength;
                seen |= JoseHeaderParameters.Type;
            }
            else if (name.SequenceEqual("cty"u8))
            {
                if (valueType != JsonTokenType.String)
                {
                    return TokenValidationStatus.InvalidHeader;
                }

                ctyStart = used;
                ctyLength = reader.CopyString(scratch[used..]);
                used += ctyLength;
                seen |= JoseHeaderParameters.ContentType;
            }
            else if (name.SequenceEqual("crit"u8))
            {
                TokenValidationStatus crit = ReadCritical(ref reader, scratch[used..], out critListsB64, out critListsUnknown);
                if (crit != TokenValidationStatus.Valid)
                {
                    return crit;
                }

                seen |= JoseHeaderParameters.Critical;
            }
            else if (name.SequenceEqual("b64"u8))
            {
                if (valueType is not (JsonTokenType.True or JsonTokenType.False))
                {
                    return TokenValidationStatus.InvalidHeader;
                }

                payloadEncoded = valueType == JsonTokenType.True;
                seen |= JoseHeaderParameters.Base64Payload;
            }
            else if (IsJweMember(name))
            {
                TokenValidationStatus jwe = ReadJweMember(ref reader, json, name, scratch, ref used, limits.MaxHeaderDepth, ref seen, out int start, out int length);
                if (jwe != TokenValidationStatus.Valid)
                {
                    return jwe;
                }

                switch (name[2])
                {
                    case (byte)'c':
                        (encStart, encLength) = (start, length);
                        break;
                    case (byte)'k':
                        (epkStart, epkLength) = (start, length);
                        break;
                    case (byte)'u':
                        (apuStart, apuLength) = (start, length);
                        break;
                    case (byte)'v':
                        (apvStart, apvLength) = (start, length);
                        break;
                }
            }
            else
            {
                JoseHeaderParameters noted = NotedParameter(name, valueType, out bool typeMatches);
                if (!typeMatches)
                {
                    return TokenValidationStatus.InvalidHeader;
                }

                seen |= noted;
                int valueStart = (int)reader.TokenStartIndex;
                if (!SkipValue(ref reader, limits.MaxHeaderDepth))
                {
                    return TokenValidationStatus.InvalidHeader;
                }

                if (noted == JoseHeaderParameters.JsonWebKey)
                {
                    // After skipping, the reader sits on the object's closing brace: the member's text ends there.
                    jwkStart = valueStart;
                    jwkLength = (int)reader.BytesConsumed - valueStart;
                }
            }
        }

        // Exactly one JSON value: anything after the object (other than whitespace) makes the reader throw.
        if (reader.Read())
        {
            return TokenValidationStatus.Malformed;
        }

        if ((seen & JoseHeaderParameters.Algorithm) == 0)
        {
            return TokenValidationStatus.InvalidHeader;
        }

        if (critListsUnknown)
        {
            return TokenValidationStatus.CriticalHeaderUnknown;
        }

        // "crit" names must be present (RFC 7515 section 4.1.11), and "b64" must be listed in "crit" (RFC 7797 section 6).
        bool hasB64 = (seen & JoseHeaderParameters.Base64Payload) != 0;
        if (critListsB64 != hasB64)
        {
            return TokenValidationStatus.InvalidHeader;
        }

        header = new JoseHeader(
            algorithm,
            scratch.Slice(kidStart, kidLength),
            scratch.Slice(typStart, typLength),
            scratch.Slice(ctyStart, ctyLength),
            seen,
            payloadEncoded,
            json.Slice(jwkStart, jwkLength))
        {
            AlgorithmName = scratch.Slice(algStart, algLength),
            EncryptionName = scratch.Slice(encStart, encLength),
            EphemeralPublicKeyJson = json.Slice(epkStart, epkLength),
            AgreementPartyUInfo = scratch.Slice(apuStart, apuLength),
            AgreementPartyVInfo = scratch.Slice(apvStart, apvLength),
        };
        return TokenValidationStatus.Valid;
    }

    // JWE members (RFC 7516 section 4.1, RFC 7518 section 4.6.1): "enc", "epk", "apu", "apv", "zip".
    private static bool IsJweMember(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("enc"u8) || name.SequenceEqual("epk"u8) || name.SequenceEqual("apu"u8) ||
        name.SequenceEqual("apv"u8) || name.SequenceEqual("zip"u8);

    /// <summary>
    /// Reads a JWE member: "epk" must be an object (its bytes in <paramref name="json"/> are returned, for the
    /// decryptor's own strict reading), the others strings (unescaped into <paramref name="scratch"/>; "zip" only noted).
    /// </summary>
    private static TokenValidationStatus ReadJweMember(
        ref Utf8JsonReader reader,
        ReadOnlySpan<byte> json,
        ReadOnlySpan<byte> name,
        Span<byte> scratch,
        ref int used,
        int maxDepth,
        ref JoseHeaderParameters seen,
        out int start,
        out int length)
    {
        start = 0;
        length = 0;
        if (name[2] == (byte)'k')
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return TokenValidationStatus.InvalidHeader;
            }

            start = (int)reader.TokenStartIndex;
            if (!SkipValue(ref reader, maxDepth))
            {
                return TokenValidationStatus.InvalidHeader;
            }

            // After the skip the reader stands on the closing brace, the last byte consumed.
            length = (int)reader.BytesConsumed - start;
            seen |= JoseHeaderParameters.EphemeralPublicKey;
            return TokenValidationStatus.Valid;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return TokenValidationStatus.InvalidHeader;
        }

        start = used;
        length = reader.CopyString(scratch[used..]);
        used += length;
        seen |= name[2] switch
        {
            (byte)'c' => JoseHeaderParameters.Encryption,
            (byte)'u' => JoseHeaderParameters.AgreementPartyUInfo,
            (byte)'v' => JoseHeaderParameters.AgreementPartyVInfo,
            _ => JoseHeaderParameters.Compression,
        };
        return TokenValidationStatus.Valid;
    }

    /// <summary>
    /// Reads "crit" (RFC 7515 section 4.1.11): a non-empty array of strings naming extensions, none of them a
    /// parameter the JWS/JWA specifications define. Only "b64" (RFC 7797) is understood.
    /// </summary>
    private static TokenValidationStatus ReadCritical(ref Utf8JsonReader reader, Span<byte> scratch, out bool listsB64, out bool listsUnknown)
    {
        listsB64 = false;
        listsUnknown = false;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return TokenValidationStatus.InvalidHeader;
        }

        int count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                return TokenValidationStatus.InvalidHeader;
            }

            // Written at the free end of the scratch and not kept.
            int length = reader.CopyString(scratch);
            ReadOnlySpan<byte> extension = scratch[..length];
            if (extension.SequenceEqual("b64"u8))
            {
                listsB64 = true;
            }
            else if (IsRegisteredJwsParameter(extension))
            {
                return TokenValidationStatus.InvalidHeader;
            }
            else
            {
                listsUnknown = true;
            }

            count++;
        }

        return count == 0 ? TokenValidationStatus.InvalidHeader : TokenValidationStatus.Valid;
    }

    private static bool IsRegisteredJwsParameter(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("alg"u8) || name.SequenceEqual("jku"u8) || name.SequenceEqual("jwk"u8) ||
        name.SequenceEqual("kid"u8) || name.SequenceEqual("x5u"u8) || name.SequenceEqual("x5c"u8) ||
        name.SequenceEqual("x5t"u8) || name.SequenceEqual("x5t#S256"u8) || name.SequenceEqual("typ"u8) ||
        name.SequenceEqual("cty"u8) || name.SequenceEqual("crit"u8);

    /// <summary>The noted-only parameters and the JSON type RFC 7515 section 4.1 gives each.</summary>
    private static JoseHeaderParameters NotedParameter(ReadOnlySpan<byte> name, JsonTokenType valueType, out bool typeMatches)
    {
        typeMatches = true;
        JoseHeaderParameters parameter;
        JsonTokenType expected;
        if (name.SequenceEqual("jku"u8))
        {
            (parameter, expected) = (JoseHeaderParameters.JwkSetUrl, JsonTokenType.String);
        }
        else if (name.SequenceEqual("jwk"u8))
        {
            (parameter, expected) = (JoseHeaderParameters.JsonWebKey, JsonTokenType.StartObject);
        }
        else if (name.SequenceEqual("x5u"u8))
        {
            (parameter, expected) = (JoseHeaderParameters.X509Url, JsonTokenType.String);
        }
        else if (name.SequenceEqual("x5c"u8))
        {
            (parameter, expected) = (JoseHeaderParameters.X509CertificateChain, JsonTokenType.StartArray);
        }
        else if (name.SequenceEqual("x5t"u8))
        {
            (parameter, expected) = (JoseHeaderParameters.X509Thumbprint, JsonTokenType.String);
        }
        else if (name.SequenceEqual("x5t#S256"u8))
        {
            (parameter, expected) = (JoseHeaderParameters.X509ThumbprintSha256, JsonTokenType.String);
        }
        else
        {
            return JoseHeaderParameters.None;
        }

        typeMatches = valueType == expected;
        return parameter;
    }

    /// <summary>Skips the current value; false when it nests deeper than <paramref name="maxDepth"/> open containers.</summary>
    internal static bool SkipValue(ref Utf8JsonReader reader, int maxDepth)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return true;
        }

        int startDepth = reader.CurrentDepth;
        if (startDepth + 1 > maxDepth)
        {
            return false;
        }

        while (reader.Read())
        {
            JsonTokenType type = reader.TokenType;
            if (type is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                // CurrentDepth counts the containers around this token; opening it makes one more.
                if (reader.CurrentDepth + 1 > maxDepth)
                {
                    return false;
                }
            }
            else if (type is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == startDepth)
            {
                return true;
            }
        }

        return false;
    }
}
