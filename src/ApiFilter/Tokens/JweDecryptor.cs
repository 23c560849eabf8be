using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;

namespace ApiFilter.Tokens;

/// <summary>
/// Decrypts compact JWE (RFC 7516 section 7.1) with the algorithms of RFC 7518 an edge may need, against configured
/// private keys and explicit allow-lists. Key management: RSA-OAEP-256 (and RSA-OAEP with SHA-1, opt-in), ECDH-ES
/// with and without AES Key Wrap on P-256/P-384/P-521, "dir", A128KW/A192KW/A256KW. Content: AES-GCM and
/// AES-CBC with HMAC-SHA-2. Refused by name, always: RSA1_5 (RFC 8725 section 3.2), PBES2-* (sender-chosen
/// iteration count), "zip" (decompression bombs), unknown "crit" members.
/// </summary>
/// <remarks>
/// <para>
/// Streaming: the whole compact serialization must be buffered. .NET's AES-GCM is one-shot, and no plaintext may
/// leave before the tag is checked (AES-CBC-HMAC is MAC-then-decrypt, RFC 7518 section 5.2.2.2), so there is no
/// earlier point at which a body pass could release bytes. What the API saves is copies and allocations: the
/// ciphertext is decoded straight into the caller's destination and decrypted there in place (the plaintext is
/// never longer than the ciphertext), or into one pooled buffer (<see cref="Decrypt(ReadOnlySpan{byte}, out JwePlaintext)"/>).
/// Header, IV, tag and encrypted key live on the stack. The platform's own objects (AesGcm, the RSA/ECDH
/// operation contexts, an HMAC) still allocate a little per token; that is below this layer.
/// </para>
/// <para>
/// Oracles: see <see cref="JweDecryptionStatus"/> for which failures are told apart. Everything after the first
/// use of a secret key is <see cref="JweDecryptionStatus.DecryptionFailed"/>, and a failed key unwrap goes on with a
/// random content key (RFC 7516 section 11.5) so it does the same work as a failed tag check.
/// </para>
/// <para>Thread safety: one instance serves all requests; see <see cref="JweDecryptionKey"/> for the shared key objects.</para>
/// </remarks>
public sealed class JweDecryptor
{
    // Headers up to this many decoded bytes (twice: bytes and unescape scratch) are handled on the stack.
    private const int StackHeaderLimit = 1024;

    // An RSA-8192 encrypted key; anything longer is not a key this library can hold.
    private const int MaxEncryptedKeyBytes = 1024;

    // Concat KDF inputs up to this size are assembled on the stack.
    private const int StackKdfLimit = 512;

    private readonly JweDecryptionKey[] _keys;
    private readonly uint _allowedAlgorithms;
    private readonly uint _allowedEncryptions;
    private readonly JwsReaderLimits _headerLimits;
    private readonly int _maxTokenBytes;
    private readonly int _maxKeysTried;

    /// <summary>Creates a decryptor over <paramref name="keys"/>.</summary>
    /// <exception cref="ArgumentException">
    /// An allow-list is empty or names an unknown value, "RSA1_5" or "PBES2-*", or "RSA-OAEP" without <see cref="JweDecryptorOptions.AllowRsaOaepSha1"/>; or there are no keys.
    /// </exception>
    public JweDecryptor(IEnumerable<JweDecryptionKey> keys, JweDecryptorOptions options)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.AllowedKeyManagementAlgorithms);
        ArgumentNullException.ThrowIfNull(options.AllowedContentEncryptions);
        ArgumentNullException.ThrowIfNull(options.HeaderLimits);
        JweDecryptionKey[] array = [.. keys];
        if (array.Length == 0)
        {
            ThrowHelper.ThrowArgument(nameof(keys), "At least one decryption key is required.");
        }

        foreach (JweDecryptionKey key in array)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(keys));
        }

        if (options.AllowedKeyManagementAlgorithms.Count == 0 || options.AllowedContentEncryptions.Count == 0)
        {
            ThrowHelper.ThrowArgument(nameof(options), "Both allow-lists must name at least one algorithm.");
        }

        uint algorithms = 0;
        foreach (JweKeyManagementAlgorithm algorithm in options.AllowedKeyManagementAlgorithms)
        {
            if (algorithm == JweKeyManagementAlgorithm.RsaPkcs1V15)
            {
                ThrowHelper.ThrowArgument(nameof(options), "RSA1_5 is never allowed: RSAES-PKCS1-v1_5 decryption is a padding oracle (RFC 8725 section 3.2).");
            }

            if (algorithm == JweKeyManagementAlgorithm.Pbes2)
            {
                ThrowHelper.ThrowArgument(nameof(options), "PBES2 is never allowed: the sender picks the PBKDF2 iteration count, so a token can cost seconds of work.");
            }

            if (algorithm == JweKeyManagementAlgorithm.RsaOaep && !options.AllowRsaOaepSha1)
            {
                ThrowHelper.ThrowArgument(nameof(options), "RSA-OAEP (SHA-1) needs AllowRsaOaepSha1 as well; prefer RSA-OAEP-256.");
            }

            if (algorithm is <= JweKeyManagementAlgorithm.Unknown or > JweKeyManagementAlgorithm.A256KW)
            {
                ThrowHelper.ThrowArgument(nameof(options), "The key management allow-list names an unknown algorithm.");
            }

            algorithms |= 1u << (int)algorithm;
        }

        uint encryptions = 0;
        foreach (JweContentEncryption encryption in options.AllowedContentEncryptions)
        {
            if (encryption is <= JweContentEncryption.Unknown or > JweContentEncryption.A256Gcm)
            {
                ThrowHelper.ThrowArgument(nameof(options), "The content encryption allow-list names an unknown algorithm.");
            }

            encryptions |= 1u << (int)encryption;
        }

        _keys = array;
        _allowedAlgorithms = algorithms;
        _allowedEncryptions = encryptions;
        _headerLimits = options.HeaderLimits;
        _maxTokenBytes = options.MaxTokenBytes;
        _maxKeysTried = options.MaxKeysTriedWithoutKeyId;
    }

    /// <summary>
    /// The destination size <see cref="Decrypt(ReadOnlySpan{byte}, Span{byte}, out int)"/> needs for <paramref name="token"/>:
    /// the decoded length of its ciphertext segment (the plaintext is never longer); -1 when it is not five segments.
    /// </summary>
    public static int GetMaxPlaintextLength(ReadOnlySpan<byte> token) =>
        Split(token, out _, out _, out _, out Range ciphertext, out _) ? Base64Url.GetDecodedLength(token[ciphertext].Length) : -1;

    /// <summary>
    /// Decrypts <paramref name="token"/> into <paramref name="destination"/>, which must be at least
    /// <see cref="GetMaxPlaintextLength"/> bytes (it is also used as working space). On success
    /// <paramref name="written"/> is the plaintext length; on failure it is 0 and the destination holds no plaintext.
    /// Never throws for bad input.
    /// </summary>
    public JweDecryptionStatus Decrypt(ReadOnlySpan<byte> token, Span<byte> destination, out int written)
    {
        written = 0;
        if (token.Length > _maxTokenBytes)
        {
            return JweDecryptionStatus.TokenTooLarge;
        }

        if (!Split(token, out Range headerRange, out Range keyRange, out Range ivRange, out Range ciphertextRange, out Range tagRange))
        {
            return JweDecryptionStatus.Malformed;
        }

        ReadOnlySpan<byte> headerSegment = token[headerRange];
        int headerLength = Base64Url.GetDecodedLength(headerSegment.Length);
        if (headerLength <= 0)
        {
            return JweDecryptionStatus.Malformed;
        }

        if (headerLength > _headerLimits.MaxHeaderBytes)
        {
            return JweDecryptionStatus.TokenTooLarge;
        }

        byte[]? rented = null;
        Span<byte> work = headerLength <= StackHeaderLimit ? stackalloc byte[2 * StackHeaderLimit] : (rented = ArrayPool<byte>.Shared.Rent(2 * headerLength));
        try
        {
            Span<byte> headerBytes = work[..headerLength];
            if (Base64Url.TryDecode(headerSegment, headerBytes, out _) != Base64UrlDecodeStatus.Done)
            {
                return JweDecryptionStatus.Malformed;
            }

            TokenValidationStatus parsed = JoseHeaderParser.Parse(headerBytes, work.Slice(headerLength, headerLength), _headerLimits, out JoseHeader header);
            if (parsed != TokenValidationStatus.Valid)
            {
                return parsed switch
                {
                    TokenValidationStatus.Malformed => JweDecryptionStatus.Malformed,
                    TokenValidationStatus.TokenTooLarge => JweDecryptionStatus.TokenTooLarge,
                    TokenValidationStatus.DuplicateHeaderParameter => JweDecryptionStatus.DuplicateHeaderParameter,
                    TokenValidationStatus.CriticalHeaderUnknown => JweDecryptionStatus.CriticalHeaderUnknown,
                    _ => JweDecryptionStatus.InvalidHeader,
                };
            }

            return DecryptParsed(header, headerSegment, token[keyRange], token[ivRange], token[ciphertextRange], token[tagRange], destination, out written);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Decrypts <paramref name="token"/> into a pooled buffer owned by <paramref name="plaintext"/> (dispose it; it
    /// is cleared on return). On failure <paramref name="plaintext"/> is empty and nothing needs disposing.
    /// </summary>
    public JweDecryptionStatus Decrypt(ReadOnlySpan<byte> token, out JwePlaintext plaintext)
    {
        plaintext = default;
        if (token.Length > _maxTokenBytes)
        {
            return JweDecryptionStatus.TokenTooLarge;
        }

        int length = GetMaxPlaintextLength(token);
        if (length < 0)
        {
            return JweDecryptionStatus.Malformed;
        }

        byte[] rented = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
        JweDecryptionStatus status = Decrypt(token, rented.AsSpan(0, length), out int written);
        if (status != JweDecryptionStatus.Decrypted)
        {
            CryptographicOperations.ZeroMemory(rented.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(rented);
            return status;
        }

        plaintext = new JwePlaintext(rented, written);
        return status;
    }

    /// <summary>Whether <paramref name="algorithm"/> is in the key management allow-list.</summary>
    public bool IsAllowed(JweKeyManagementAlgorithm algorithm) => (uint)algorithm < 32 && (_allowedAlgorithms & (1u << (int)algorithm)) != 0;

    /// <summary>Whether <paramref name="encryption"/> is in the content encryption allow-list.</summary>
    public bool IsAllowed(JweContentEncryption encryption) => (uint)encryption < 32 && (_allowedEncryptions & (1u << (int)encryption)) != 0;

    /// <summary>Finds the five segments: exactly four dots (RFC 7516 section 7.1).</summary>
    private static bool Split(ReadOnlySpan<byte> token, out Range header, out Range key, out Range iv, out Range ciphertext, out Range tag)
    {
        header = key = iv = ciphertext = tag = default;
        Span<int> dots = stackalloc int[4];
        int start = 0;
        for (int i = 0; i < 4; i++)
        {
            int dot = token[start..].IndexOf((byte)'.');
            if (dot < 0)
            {
                return false;
            }

            dots[i] = start + dot;
            start = dots[i] + 1;
        }

        if (token[start..].Contains((byte)'.'))
        {
            return false;
        }

        header = new Range(0, dots[0]);
        key = new Range(dots[0] + 1, dots[1]);
        iv = new Range(dots[1] + 1, dots[2]);
        ciphertext = new Range(dots[2] + 1, dots[3]);
        tag = new Range(dots[3] + 1, token.Length);
        return true;
    }

    private JweDecryptionStatus DecryptParsed(
        scoped in JoseHeader header,
        ReadOnlySpan<byte> aad,
        ReadOnlySpan<byte> keySegment,
        ReadOnlySpan<byte> ivSegment,
        ReadOnlySpan<byte> ciphertextSegment,
        ReadOnlySpan<byte> tagSegment,
        Span<byte> destination,
        out int written)
    {
        written = 0;

        // "b64" is a JWS extension (RFC 7797); in a JWE it can only be a mistake or a confusion attempt.
        if ((header.Parameters & JoseHeaderParameters.Base64Payload) != 0 || (header.Parameters & JoseHeaderParameters.Encryption) == 0)
        {
            return JweDecryptionStatus.InvalidHeader;
        }

        JweKeyManagementAlgorithm algorithm = JweAlgorithmInfo.ParseKeyManagement(header.AlgorithmName);
        if (JweAlgorithmInfo.IsRefused(algorithm))
        {
            return JweDecryptionStatus.AlgorithmRefused;
        }

        if (algorithm == JweKeyManagementAlgorithm.Unknown)
        {
            return JweDecryptionStatus.UnsupportedAlgorithm;
        }

        if (!IsAllowed(algorithm))
        {
            return JweDecryptionStatus.AlgorithmNotAllowed;
        }

        JweContentEncryption encryption = JweAlgorithmInfo.ParseContentEncryption(header.EncryptionName);
        if (encryption == JweContentEncryption.Unknown)
        {
            return JweDecryptionStatus.UnsupportedEncryption;
        }

        if (!IsAllowed(encryption))
        {
            return JweDecryptionStatus.EncryptionNotAllowed;
        }

        // RFC 7516 section 4.1.3 lets a sender compress before encrypting; a decryptor at the edge would then
        // inflate attacker-chosen data whose expanded size it cannot bound in advance. Refused.
        if ((header.Parameters & JoseHeaderParameters.Compression) != 0)
        {
            return JweDecryptionStatus.CompressionRefused;
        }

        // Lengths fixed by the algorithms, checked before any key is touched (all public).
        int ivLength = Base64Url.GetDecodedLength(ivSegment.Length);
        int tagLength = Base64Url.GetDecodedLength(tagSegment.Length);
        int ciphertextLength = Base64Url.GetDecodedLength(ciphertextSegment.Length);
        int keyLength = Base64Url.GetDecodedLength(keySegment.Length);
        bool gcm = JweAlgorithmInfo.IsGcm(encryption);
        bool direct = algorithm is JweKeyManagementAlgorithm.Direct or JweKeyManagementAlgorithm.EcdhEs;
        if (ivLength != JweAlgorithmInfo.GetIvSize(encryption) || tagLength != JweAlgorithmInfo.GetTagSize(encryption) || ciphertextLength < 0 || keyLength < 0)
        {
            return JweDecryptionStatus.Malformed;
        }

        // CBC ciphertext is whole blocks, at least one (PKCS #7 always pads); GCM ciphertext may be empty.
        if (!gcm && (ciphertextLength == 0 || ciphertextLength % 16 != 0))
        {
            return JweDecryptionStatus.Malformed;
        }

        // RFC 7516 section 5.2 step 10: with direct encryption or direct key agreement the encrypted key is empty.
        if (direct ? keyLength != 0 : keyLength == 0 || keyLength > MaxEncryptedKeyBytes)
        {
            return JweDecryptionStatus.Malformed;
        }

        if (destination.Length < ciphertextLength)
        {
            return JweDecryptionStatus.DestinationTooSmall;
        }

        Span<byte> iv = stackalloc byte[16];
        Span<byte> tag = stackalloc byte[32];
        Span<byte> encryptedKey = stackalloc byte[MaxEncryptedKeyBytes];
        Span<byte> ciphertext = destination[..ciphertextLength];
        if (Base64Url.TryDecode(ivSegment, iv, out _) != Base64UrlDecodeStatus.Done ||
            Base64Url.TryDecode(tagSegment, tag, out _) != Base64UrlDecodeStatus.Done ||
            Base64Url.TryDecode(keySegment, encryptedKey, out _) != Base64UrlDecodeStatus.Done ||
            Base64Url.TryDecode(ciphertextSegment, ciphertext, out _) != Base64UrlDecodeStatus.Done)
        {
            return JweDecryptionStatus.Malformed;
        }

        var content = new ContentParts(encryption, aad, iv[..ivLength], tag[..tagLength], encryptedKey[..keyLength]);
        if (!JweAlgorithmInfo.IsEcdh(algorithm))
        {
            return TryKeys(header, algorithm, content, JsonWebKeyCurve.None, null, default, ciphertextSegment, ciphertext, out written);
        }

        // ECDH-ES: the ephemeral key and the PartyUInfo/PartyVInfo are public; read them before any secret is used.
        JweDecryptionStatus epkStatus = ReadEphemeralKey(header.EphemeralPublicKeyJson, out JsonWebKeyCurve curve, out ECDiffieHellman? ephemeral);
        if (epkStatus != JweDecryptionStatus.Decrypted)
        {
            return epkStatus;
        }

        using (ephemeral)
        using (ECDiffieHellmanPublicKey publicKey = ephemeral!.PublicKey)
        {
            ReadOnlySpan<byte> algorithmId = algorithm == JweKeyManagementAlgorithm.EcdhEs ? header.EncryptionName : header.AlgorithmName;
            int apuLength = Base64Url.GetDecodedLength(header.AgreementPartyUInfo.Length);
            int apvLength = Base64Url.GetDecodedLength(header.AgreementPartyVInfo.Length);
            if (apuLength < 0 || apvLength < 0)
            {
                return JweDecryptionStatus.InvalidHeader;
            }

            // OtherInfo (RFC 7518 section 4.6.2): AlgorithmID || PartyUInfo || PartyVInfo || SuppPubInfo, each datalen-prefixed but the last.
            int otherInfoLength = 4 + algorithmId.Length + 4 + apuLength + 4 + apvLength + 4;
            byte[]? rented = null;
            Span<byte> otherInfo = otherInfoLength <= StackKdfLimit ? stackalloc byte[StackKdfLimit] : (rented = ArrayPool<byte>.Shared.Rent(otherInfoLength));
            try
            {
                otherInfo = otherInfo[..otherInfoLength];
                int at = WriteWithLength(otherInfo, 0, algorithmId);
                BinaryPrimitives.WriteInt32BigEndian(otherInfo[at..], apuLength);
                if (Base64Url.TryDecode(header.AgreementPartyUInfo, otherInfo[(at + 4)..], out _) != Base64UrlDecodeStatus.Done)
                {
                    return JweDecryptionStatus.InvalidHeader;
                }

                at += 4 + apuLength;
                BinaryPrimitives.WriteInt32BigEndian(otherInfo[at..], apvLength);
                if (Base64Url.TryDecode(header.AgreementPartyVInfo, otherInfo[(at + 4)..], out _) != Base64UrlDecodeStatus.Done)
                {
                    return JweDecryptionStatus.InvalidHeader;
                }

                at += 4 + apvLength;
                int keyDataLength = algorithm == JweKeyManagementAlgorithm.EcdhEs ? JweAlgorithmInfo.GetKeySize(encryption) : JweAlgorithmInfo.GetWrapKeySize(algorithm);
                BinaryPrimitives.WriteInt32BigEndian(otherInfo[at..], keyDataLength * 8);
                return TryKeys(header, algorithm, content, curve, publicKey, otherInfo, ciphertextSegment, ciphertext, out written);
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }
    }

    /// <summary>Tries the key named by "kid", or up to the configured number of compatible keys when there is none.</summary>
    private JweDecryptionStatus TryKeys(
        scoped in JoseHeader header,
        JweKeyManagementAlgorithm algorithm,
        scoped in ContentParts content,
        JsonWebKeyCurve curve,
        ECDiffieHellmanPublicKey? ephemeral,
        ReadOnlySpan<byte> otherInfo,
        ReadOnlySpan<byte> ciphertextSegment,
        Span<byte> ciphertext,
        out int written)
    {
        written = 0;
        JweDecryptionStatus failure = JweDecryptionStatus.KeyNotFound;
        bool hasKeyId = header.HasKeyId;
        int tried = 0;
        foreach (JweDecryptionKey key in _keys)
        {
            if (hasKeyId && (key.KeyIdUtf8 is null || !header.KeyId.SequenceEqual(key.KeyIdUtf8)))
            {
                continue;
            }

            JweDecryptionStatus fit = CheckKey(key, algorithm, content.Encryption, curve);
            if (fit != JweDecryptionStatus.Decrypted)
            {
                // Without a "kid" an unfit key is simply not a candidate; with one, report the nearest miss.
                if (hasKeyId && failure != JweDecryptionStatus.KeyUsageNotPermitted)
                {
                    failure = fit;
                }

                continue;
            }

            // A failed attempt clears the destination, so every later attempt starts from the ciphertext again.
            if (tried > 0)
            {
                Base64Url.TryDecode(ciphertextSegment, ciphertext, out _);
            }

            if (TryDecryptWith(key, algorithm, content, ephemeral, otherInfo, ciphertext, out written))
            {
                return JweDecryptionStatus.Decrypted;
            }

            failure = JweDecryptionStatus.DecryptionFailed;
            if (++tried == _maxKeysTried)
            {
                break;
            }
        }

        return failure;
    }

    private static JweDecryptionStatus CheckKey(JweDecryptionKey key, JweKeyManagementAlgorithm algorithm, JweContentEncryption encryption, JsonWebKeyCurve curve)
    {
        if (key.KeyType != JweAlgorithmInfo.GetKeyType(algorithm))
        {
            return JweDecryptionStatus.KeyTypeMismatch;
        }

        switch (key.KeyType)
        {
            case JsonWebKeyType.EllipticCurve when key.Curve != curve:
                return JweDecryptionStatus.KeyTypeMismatch;
            case JsonWebKeyType.Octet:
                {
                    int expected = algorithm == JweKeyManagementAlgorithm.Direct ? JweAlgorithmInfo.GetKeySize(encryption) : JweAlgorithmInfo.GetWrapKeySize(algorithm);
                    if (key.Secret.Length != expected)
                    {
                        return JweDecryptionStatus.KeyTypeMismatch;
                    }

                    break;
                }
        }

        if ((key.Algorithm is { } restricted && restricted != algorithm) || (key.ContentEncryption is { } enc && enc != encryption))
        {
            return JweDecryptionStatus.KeyUsageNotPermitted;
        }

        return JweDecryptionStatus.Decrypted;
    }

    /// <summary>Unwraps the content key (a random one when unwrapping fails, RFC 7516 section 11.5) and decrypts; false on any failure.</summary>
    private static bool TryDecryptWith(
        JweDecryptionKey key,
        JweKeyManagementAlgorithm algorithm,
        scoped in ContentParts content,
        ECDiffieHellmanPublicKey? ephemeral,
        ReadOnlySpan<byte> otherInfo,
        Span<byte> ciphertext,
        out int written)
    {
        written = 0;
        Span<byte> cekBuffer = stackalloc byte[64];
        Span<byte> cek = cekBuffer[..JweAlgorithmInfo.GetKeySize(content.Encryption)];
        bool unwrapped = UnwrapKey(key, algorithm, content.EncryptedKey, ephemeral, otherInfo, cek);
        if (!unwrapped)
        {
            RandomNumberGenerator.Fill(cek);
        }

        bool decrypted = DecryptContent(content, cek, ciphertext, out written);
        CryptographicOperations.ZeroMemory(cekBuffer);
        if (decrypted && unwrapped)
        {
            return true;
        }

        CryptographicOperations.ZeroMemory(ciphertext);
        written = 0;
        return false;
    }

    private static bool UnwrapKey(
        JweDecryptionKey key,
        JweKeyManagementAlgorithm algorithm,
        ReadOnlySpan<byte> encryptedKey,
        ECDiffieHellmanPublicKey? ephemeral,
        ReadOnlySpan<byte> otherInfo,
        Span<byte> cek)
    {
        try
        {
            switch (algorithm)
            {
                case JweKeyManagementAlgorithm.Direct:
                    key.Secret.CopyTo(cek);
                    return true;

                case JweKeyManagementAlgorithm.A128KW or JweKeyManagementAlgorithm.A192KW or JweKeyManagementAlgorithm.A256KW:
                    return encryptedKey.Length == cek.Length + AesKeyWrap.SemiblockSize && AesKeyWrap.TryUnwrap(key.Secret, encryptedKey, cek);

                case JweKeyManagementAlgorithm.RsaOaep256 or JweKeyManagementAlgorithm.RsaOaep:
                    {
                        // RFC 8017 section 7.1.2 step 1: the ciphertext is exactly as long as the modulus.
                        if (encryptedKey.Length != (key.KeySizeInBits + 7) / 8)
                        {
                            return false;
                        }

                        RSAEncryptionPadding padding = algorithm == JweKeyManagementAlgorithm.RsaOaep256 ? RSAEncryptionPadding.OaepSHA256 : RSAEncryptionPadding.OaepSHA1;
                        Span<byte> decrypted = stackalloc byte[MaxEncryptedKeyBytes];
                        bool ok = key.Rsa!.TryDecrypt(encryptedKey, decrypted, padding, out int length) && length == cek.Length;
                        if (ok)
                        {
                            decrypted[..length].CopyTo(cek);
                        }

                        CryptographicOperations.ZeroMemory(decrypted);
                        return ok;
                    }

                default:
                    {
                        // ECDH-ES (RFC 7518 section 4.6): Z from the agreement, then the Concat KDF over Z and OtherInfo.
                        byte[] z = key.Ecdh!.DeriveRawSecretAgreement(ephemeral!);
                        try
                        {
                            if (algorithm == JweKeyManagementAlgorithm.EcdhEs)
                            {
                                ConcatKdf(z, otherInfo, cek);
                                return true;
                            }

                            Span<byte> kek = stackalloc byte[JweAlgorithmInfo.GetWrapKeySize(algorithm)];
                            ConcatKdf(z, otherInfo, kek);
                            bool ok = encryptedKey.Length == cek.Length + AesKeyWrap.SemiblockSize && AesKeyWrap.TryUnwrap(kek, encryptedKey, cek);
                            CryptographicOperations.ZeroMemory(kek);
                            return ok;
                        }
                        finally
                        {
                            CryptographicOperations.ZeroMemory(z);
                        }
                    }
            }
        }
        catch (CryptographicException)
        {
            // A platform refusal is an unwrap failure like any other: the caller goes on with a random key.
            return false;
        }
    }

    private static bool DecryptContent(scoped in ContentParts content, ReadOnlySpan<byte> cek, Span<byte> ciphertext, out int written)
    {
        written = 0;
        try
        {
            if (JweAlgorithmInfo.IsGcm(content.Encryption))
            {
                // AAD is the ASCII of the encoded protected header (RFC 7516 section 5.2 step 14). Decrypted in place.
                using var gcm = new AesGcm(cek, AesGcm.TagByteSizes.MaxSize);
                gcm.Decrypt(content.Iv, ciphertext, content.Tag, ciphertext, content.Aad);
                written = ciphertext.Length;
                return true;
            }

            // RFC 7518 section 5.2.2.2: MAC_KEY is the first half of the key, ENC_KEY the second; the tag is checked
            // over A || IV || E || AL before anything is decrypted, so CBC padding is never an oracle.
            int half = cek.Length / 2;
            HashAlgorithmName hash = JweAlgorithmInfo.GetHmacHash(content.Encryption);
            Span<byte> mac = stackalloc byte[64];
            Span<byte> al = stackalloc byte[8];

            // AL: the number of bits in A as a 64-bit big-endian integer.
            BinaryPrimitives.WriteUInt64BigEndian(al, (ulong)content.Aad.Length * 8);
            using (IncrementalHash hmac = IncrementalHash.CreateHMAC(hash, cek[..half]))
            {
                hmac.AppendData(content.Aad);
                hmac.AppendData(content.Iv);
                hmac.AppendData(ciphertext);
                hmac.AppendData(al);
                hmac.TryGetHashAndReset(mac, out _);
            }

            bool tagMatches = CryptographicOperations.FixedTimeEquals(mac[..content.Tag.Length], content.Tag);
            CryptographicOperations.ZeroMemory(mac);
            if (!tagMatches)
            {
                return false;
            }

            using Aes aes = Aes.Create();
            aes.SetKey(cek[half..]);
            return aes.TryDecryptCbc(ciphertext, content.Iv, ciphertext, out written, PaddingMode.PKCS7);
        }
        catch (CryptographicException)
        {
            // AuthenticationTagMismatchException derives from it; a bad padding after a good MAC lands here too.
            written = 0;
            return false;
        }
    }

    /// <summary>RFC 7518 section 4.6.2 / NIST SP 800-56A Concat KDF with SHA-256: K(i) = SHA-256(counter(i) || Z || OtherInfo), concatenated and cut.</summary>
    internal static void ConcatKdf(ReadOnlySpan<byte> z, ReadOnlySpan<byte> otherInfo, Span<byte> output)
    {
        int inputLength = 4 + z.Length + otherInfo.Length;
        byte[]? rented = null;
        Span<byte> input = inputLength <= StackKdfLimit ? stackalloc byte[StackKdfLimit] : (rented = ArrayPool<byte>.Shared.Rent(inputLength));
        input = input[..inputLength];
        z.CopyTo(input[4..]);
        otherInfo.CopyTo(input[(4 + z.Length)..]);
        Span<byte> round = stackalloc byte[SHA256.HashSizeInBytes];
        int done = 0;
        for (int counter = 1; done < output.Length; counter++)
        {
            BinaryPrimitives.WriteInt32BigEndian(input, counter);
            SHA256.HashData(input, round);
            int take = Math.Min(round.Length, output.Length - done);
            round[..take].CopyTo(output[done..]);
            done += take;
        }

        CryptographicOperations.ZeroMemory(round);
        CryptographicOperations.ZeroMemory(input);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int WriteWithLength(Span<byte> destination, int at, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination[at..], value.Length);
        value.CopyTo(destination[(at + 4)..]);
        return at + 4 + value.Length;
    }

    /// <summary>
    /// Reads "epk" strictly (RFC 7518 section 4.6.1.1): an EC JWK with "kty", "crv", "x", "y", no duplicates, coordinates
    /// the full field size; importing it makes the platform check that the point lies on the named curve, which
    /// defeats the invalid-curve attack (a point on a weak curve would leak the private key bit by bit).
    /// </summary>
    private static JweDecryptionStatus ReadEphemeralKey(ReadOnlySpan<byte> json, out JsonWebKeyCurve curve, out ECDiffieHellman? ephemeral)
    {
        curve = JsonWebKeyCurve.None;
        ephemeral = null;
        if (json.IsEmpty)
        {
            return JweDecryptionStatus.InvalidEphemeralKey;
        }

        Span<byte> x = stackalloc byte[66];
        Span<byte> y = stackalloc byte[66];
        int xLength = -1, yLength = -1;
        bool sawKty = false;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 4 });
            reader.Read();
            Span<byte> name = stackalloc byte[8];
            Span<byte> value = stackalloc byte[96];
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueSpan.Length > name.Length)
                {
                    // Not one of ours; skip its value.
                    reader.Read();
                    reader.Skip();
                    continue;
                }

                int nameLength = reader.CopyString(name);
                reader.Read();
                ReadOnlySpan<byte> member = name[..nameLength];
                bool ours = member.SequenceEqual("kty"u8) || member.SequenceEqual("crv"u8) || member.SequenceEqual("x"u8) || member.SequenceEqual("y"u8);
                if (!ours)
                {
                    reader.Skip();
                    continue;
                }

                if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length > value.Length)
                {
                    return JweDecryptionStatus.InvalidEphemeralKey;
                }

                int valueLength = reader.CopyString(value);
                ReadOnlySpan<byte> text = value[..valueLength];
                switch (member[0])
                {
                    case (byte)'k':
                        if (sawKty || !text.SequenceEqual("EC"u8))
                        {
                            return JweDecryptionStatus.InvalidEphemeralKey;
                        }

                        sawKty = true;
                        break;
                    case (byte)'c':
                        if (curve != JsonWebKeyCurve.None)
                        {
                            return JweDecryptionStatus.InvalidEphemeralKey;
                        }

                        curve = text.SequenceEqual("P-256"u8) ? JsonWebKeyCurve.P256
                            : text.SequenceEqual("P-384"u8) ? JsonWebKeyCurve.P384
                            : text.SequenceEqual("P-521"u8) ? JsonWebKeyCurve.P521
                            : JsonWebKeyCurve.None;
                        if (curve == JsonWebKeyCurve.None)
                        {
                            return JweDecryptionStatus.InvalidEphemeralKey;
                        }

                        break;
                    case (byte)'x':
                        if (xLength >= 0 || Base64Url.TryDecode(text, x, out xLength) != Base64UrlDecodeStatus.Done)
                        {
                            return JweDecryptionStatus.InvalidEphemeralKey;
                        }

                        break;
                    default:
                        if (yLength >= 0 || Base64Url.TryDecode(text, y, out yLength) != Base64UrlDecodeStatus.Done)
                        {
                            return JweDecryptionStatus.InvalidEphemeralKey;
                        }

                        break;
                }
            }
        }
        catch (JsonException)
        {
            return JweDecryptionStatus.InvalidEphemeralKey;
        }
        catch (InvalidOperationException)
        {
            return JweDecryptionStatus.InvalidEphemeralKey;
        }

        int fieldSize = JwsAlgorithmInfo.GetFieldSize(curve);
        if (!sawKty || fieldSize == 0 || xLength != fieldSize || yLength != fieldSize)
        {
            return JweDecryptionStatus.InvalidEphemeralKey;
        }

        try
        {
            // Import validates the point: off the curve (or the point at infinity) throws.
            ephemeral = ECDiffieHellman.Create(new ECParameters
            {
                Curve = curve switch
                {
                    JsonWebKeyCurve.P256 => ECCurve.NamedCurves.nistP256,
                    JsonWebKeyCurve.P384 => ECCurve.NamedCurves.nistP384,
                    _ => ECCurve.NamedCurves.nistP521,
                },
                Q = new ECPoint { X = x[..fieldSize].ToArray(), Y = y[..fieldSize].ToArray() },
            });
            return JweDecryptionStatus.Decrypted;
        }
        catch (CryptographicException)
        {
            return JweDecryptionStatus.InvalidEphemeralKey;
        }
    }

    /// <summary>The decoded public parts of a token that every decryption attempt uses.</summary>
    private readonly ref struct ContentParts
    {
        public ContentParts(JweContentEncryption encryption, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> encryptedKey)
        {
            Encryption = encryption;
            Aad = aad;
            Iv = iv;
            Tag = tag;
            EncryptedKey = encryptedKey;
        }

        public JweContentEncryption Encryption { get; }

        public ReadOnlySpan<byte> Aad { get; }

        public ReadOnlySpan<byte> Iv { get; }

        public ReadOnlySpan<byte> Tag { get; }

        public ReadOnlySpan<byte> EncryptedKey { get; }
    }
}
