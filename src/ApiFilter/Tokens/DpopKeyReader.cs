using System.Security.Cryptography;
using System.Text.Json;

namespace ApiFilter.Tokens;

/// <summary>
/// Reads the public key a DPoP proof carries in its "jwk" header (RFC 9449 section 4.2) without allocating: the
/// members are unescaped and base64url-decoded (strictly) into a scratch buffer, private members are refused, and
/// the RFC 7638 SHA-256 thumbprint is computed from the required members in canonical order.
/// </summary>
internal static class DpopKeyReader
{
    /// <summary>The longest "jwk" JSON read; an RSA-8192 key is about 1.4 KB.</summary>
    public const int MaxKeyJsonLength = 2048;

    /// <summary>The scratch <see cref="Read"/> needs: room for the unescaped text and the decoded bytes.</summary>
    public const int ScratchSize = 2 * MaxKeyJsonLength;

    /// <summary>RFC 7518 section 3.3 floor for RS*/PS*.</summary>
    public const int MinRsaBits = JsonWebKey.MinimumRsaKeySizeInBits;

    /// <summary>Ceiling for RSA moduli: verification cost grows with the square of the size, and no client needs more.</summary>
    public const int MaxRsaBits = 8192;

    // Public exponents are 65537 in practice; a long exponent only makes verification slower for whoever sends it.
    private const int MaxRsaExponentBytes = 4;

    private const int MaxMembers = 16;

    /// <summary>
    /// Reads <paramref name="json"/> (the raw "jwk" object) for <paramref name="algorithm"/>. On success, for EC keys
    /// <paramref name="first"/> and <paramref name="second"/> are the coordinates x and y; for RSA the modulus n and
    /// exponent e; <paramref name="thumbprint"/> receives the 32-byte RFC 7638 thumbprint.
    /// </summary>
    public static DpopStatus Read(
        ReadOnlySpan<byte> json,
        JwsAlgorithm algorithm,
        Span<byte> scratch,
        Span<byte> thumbprint,
        out JsonWebKeyType keyType,
        out ReadOnlySpan<byte> first,
        out ReadOnlySpan<byte> second)
    {
        keyType = 0;
        first = default;
        second = default;
        if (json.Length > MaxKeyJsonLength || scratch.Length < ScratchSize)
        {
            return DpopStatus.InvalidKey;
        }

        Span<byte> text = scratch[..MaxKeyJsonLength];
        Span<int> starts = stackalloc int[6];
        Span<int> lengths = stackalloc int[6];
        lengths.Fill(-1);
        DpopStatus status;
        try
        {
            status = ReadMembers(json, text, starts, lengths);
        }
        catch (JsonException)
        {
            status = DpopStatus.InvalidKey;
        }
        catch (InvalidOperationException)
        {
            // CopyString throws this for escapes that decode to invalid UTF-8.
            status = DpopStatus.InvalidKey;
        }

        if (status != DpopStatus.Valid)
        {
            return status;
        }

        if (lengths[Kty] < 0)
        {
            return DpopStatus.InvalidKey;
        }

        ReadOnlySpan<byte> kty = text.Slice(starts[Kty], lengths[Kty]);
        Span<byte> decoded = scratch[MaxKeyJsonLength..];
        if (kty.SequenceEqual("EC"u8))
        {
            keyType = JsonWebKeyType.EllipticCurve;
            return ReadEc(text, starts, lengths, algorithm, decoded, thumbprint, out first, out second);
        }

        if (kty.SequenceEqual("RSA"u8))
        {
            keyType = JsonWebKeyType.Rsa;
            return ReadRsa(text, starts, lengths, algorithm, decoded, thumbprint, out first, out second);
        }

        return DpopStatus.InvalidKey;
    }

    // Member indexes into starts/lengths.
    private const int Kty = 0;
    private const int Crv = 1;
    private const int X = 2;
    private const int Y = 3;
    private const int N = 4;
    private const int E = 5;

    private static DpopStatus ReadMembers(ReadOnlySpan<byte> json, Span<byte> text, Span<int> starts, Span<int> lengths)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 4, CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return DpopStatus.InvalidKey;
        }

        Span<int> nameStarts = stackalloc int[MaxMembers];
        Span<int> nameLengths = stackalloc int[MaxMembers];
        int members = 0;
        int used = 0;
        while (true)
        {
            if (!reader.Read())
            {
                return DpopStatus.InvalidKey;
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return DpopStatus.Valid;
            }

            if (members == MaxMembers)
            {
                return DpopStatus.InvalidKey;
            }

            int nameLength = reader.CopyString(text[used..]);
            ReadOnlySpan<byte> name = text.Slice(used, nameLength);
            for (int i = 0; i < members; i++)
            {
                // RFC 7517 section 4: member names are unique; two "x" values would make the thumbprint ambiguous.
                if (nameLengths[i] == nameLength && name.SequenceEqual(text.Slice(nameStarts[i], nameLength)))
                {
                    return DpopStatus.InvalidKey;
                }
            }

            nameStarts[members] = used;
            nameLengths[members] = nameLength;
            members++;
            used += nameLength;

            // RFC 9449 section 4.3 step 7: a key with private parts is refused, whatever their value.
            if (IsPrivateMember(name))
            {
                return DpopStatus.PrivateKey;
            }

            int index = MemberIndex(name);
            if (!reader.Read())
            {
                return DpopStatus.InvalidKey;
            }

            if (index < 0)
            {
                if (!JoseHeaderParser.SkipValue(ref reader, 3))
                {
                    return DpopStatus.InvalidKey;
                }

                continue;
            }

            if (reader.TokenType != JsonTokenType.String)
            {
                return DpopStatus.InvalidKey;
            }

            starts[index] = used;
            lengths[index] = reader.CopyString(text[used..]);
            used += lengths[index];
        }
    }

    /// <summary>Private members of EC and RSA keys (RFC 7518 sections 6.2.2, 6.3.2) and the "oct" secret (section 6.4.1).</summary>
    private static bool IsPrivateMember(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("d"u8) || name.SequenceEqual("p"u8) || name.SequenceEqual("q"u8) ||
        name.SequenceEqual("dp"u8) || name.SequenceEqual("dq"u8) || name.SequenceEqual("qi"u8) ||
        name.SequenceEqual("oth"u8) || name.SequenceEqual("k"u8);

    private static int MemberIndex(ReadOnlySpan<byte> name)
    {
        if (name.Length == 1)
        {
            return name[0] switch
            {
                (byte)'x' => X,
                (byte)'y' => Y,
                (byte)'n' => N,
                (byte)'e' => E,
                _ => -1,
            };
        }

        return name.SequenceEqual("kty"u8) ? Kty : name.SequenceEqual("crv"u8) ? Crv : -1;
    }

    private static DpopStatus ReadEc(
        scoped ReadOnlySpan<byte> text,
        scoped ReadOnlySpan<int> starts,
        scoped ReadOnlySpan<int> lengths,
        JwsAlgorithm algorithm,
        Span<byte> decoded,
        scoped Span<byte> thumbprint,
        out ReadOnlySpan<byte> x,
        out ReadOnlySpan<byte> y)
    {
        x = default;
        y = default;
        JsonWebKeyCurve expected = JwsAlgorithmInfo.GetCurve(algorithm);
        if (expected == JsonWebKeyCurve.None)
        {
            return DpopStatus.KeyAlgorithmMismatch;
        }

        if (lengths[Crv] < 0 || lengths[X] < 0 || lengths[Y] < 0)
        {
            return DpopStatus.InvalidKey;
        }

        ReadOnlySpan<byte> crv = text.Slice(starts[Crv], lengths[Crv]);
        JsonWebKeyCurve curve = crv.SequenceEqual("P-256"u8) ? JsonWebKeyCurve.P256
            : crv.SequenceEqual("P-384"u8) ? JsonWebKeyCurve.P384
            : crv.SequenceEqual("P-521"u8) ? JsonWebKeyCurve.P521
            : JsonWebKeyCurve.None;
        if (curve == JsonWebKeyCurve.None)
        {
            return DpopStatus.InvalidKey;
        }

        // RFC 7518 section 3.4: ES256 is P-256 only, and so on.
        if (curve != expected)
        {
            return DpopStatus.KeyAlgorithmMismatch;
        }

        int size = JwsAlgorithmInfo.GetFieldSize(curve);
        ReadOnlySpan<byte> xText = text.Slice(starts[X], lengths[X]);
        ReadOnlySpan<byte> yText = text.Slice(starts[Y], lengths[Y]);

        // RFC 7518 section 6.2.1.2: each coordinate is exactly the field size, leading zeros included.
        if (!TryDecodeExact(xText, decoded[..size]) || !TryDecodeExact(yText, decoded.Slice(size, size)))
        {
            return DpopStatus.InvalidKey;
        }

        x = decoded[..size];
        y = decoded.Slice(size, size);

        // RFC 7638 section 3.2: {"crv","kty","x","y"} in that order, no whitespace. The texts are strict base64url
        // and crv is one of three fixed names, so nothing in them needs escaping.
        Span<byte> canonical = stackalloc byte[256];
        int n = Append(canonical, 0, "{\"crv\":\""u8);
        n = Append(canonical, n, crv);
        n = Append(canonical, n, "\",\"kty\":\"EC\",\"x\":\""u8);
        n = Append(canonical, n, xText);
        n = Append(canonical, n, "\",\"y\":\""u8);
        n = Append(canonical, n, yText);
        n = Append(canonical, n, "\"}"u8);
        SHA256.HashData(canonical[..n], thumbprint);
        return DpopStatus.Valid;
    }

    private static DpopStatus ReadRsa(
        scoped ReadOnlySpan<byte> text,
        scoped ReadOnlySpan<int> starts,
        scoped ReadOnlySpan<int> lengths,
        JwsAlgorithm algorithm,
        Span<byte> decoded,
        scoped Span<byte> thumbprint,
        out ReadOnlySpan<byte> modulus,
        out ReadOnlySpan<byte> exponent)
    {
        modulus = default;
        exponent = default;
        if (JwsAlgorithmInfo.GetKeyType(algorithm) != JsonWebKeyType.Rsa)
        {
            return DpopStatus.KeyAlgorithmMismatch;
        }

        if (lengths[N] < 0 || lengths[E] < 0)
        {
            return DpopStatus.InvalidKey;
        }

        ReadOnlySpan<byte> nText = text.Slice(starts[N], lengths[N]);
        ReadOnlySpan<byte> eText = text.Slice(starts[E], lengths[E]);
        int nLength = Base64Url.GetDecodedLength(nText.Length);
        int eLength = Base64Url.GetDecodedLength(eText.Length);
        if (nLength <= 0 || nLength > MaxRsaBits / 8 || eLength <= 0 || eLength > MaxRsaExponentBytes)
        {
            return DpopStatus.InvalidKey;
        }

        if (!TryDecodeExact(nText, decoded[..nLength]) || !TryDecodeExact(eText, decoded.Slice(nLength, eLength)))
        {
            return DpopStatus.InvalidKey;
        }

        modulus = decoded[..nLength];
        exponent = decoded.Slice(nLength, eLength);

        // RFC 7518 section 6.3.1: minimal big-endian octets; a leading zero would also change the thumbprint.
        if (modulus[0] == 0 || exponent[0] == 0)
        {
            return DpopStatus.InvalidKey;
        }

        int bits = ((nLength - 1) * 8) + (32 - System.Numerics.BitOperations.LeadingZeroCount((uint)modulus[0]));
        if (bits < MinRsaBits)
        {
            return DpopStatus.InvalidKey;
        }

        // RFC 7638 section 3.2: {"e","kty","n"}.
        Span<byte> canonical = stackalloc byte[1536];
        int n = Append(canonical, 0, "{\"e\":\""u8);
        n = Append(canonical, n, eText);
        n = Append(canonical, n, "\",\"kty\":\"RSA\",\"n\":\""u8);
        n = Append(canonical, n, nText);
        n = Append(canonical, n, "\"}"u8);
        SHA256.HashData(canonical[..n], thumbprint);
        return DpopStatus.Valid;
    }

    private static bool TryDecodeExact(ReadOnlySpan<byte> text, Span<byte> destination) =>
        Base64Url.GetDecodedLength(text.Length) == destination.Length &&
        Base64Url.TryDecode(text, destination, out _) == Base64UrlDecodeStatus.Done;

    private static int Append(Span<byte> destination, int at, ReadOnlySpan<byte> value)
    {
        value.CopyTo(destination[at..]);
        return at + value.Length;
    }
}
