using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ApiFilter.Tokens;

/// <summary>
/// AES Key Wrap (RFC 3394 section 2.2, the index-based form of 2.2.1 and 2.2.2) with the default initial value
/// A6A6A6A6A6A6A6A6, as JWE "A128KW"/"A192KW"/"A256KW" and "ECDH-ES+AxxxKW" use it (RFC 7518 section 4.4). .NET has
/// no key wrap API, so it is built on single-block AES-ECB encryptions (<see cref="SymmetricAlgorithm.EncryptEcb(ReadOnlySpan{byte}, Span{byte}, PaddingMode)"/>).
/// Unwrapping checks the integrity value in constant time and writes nothing on failure.
/// </summary>
public static class AesKeyWrap
{
    /// <summary>The size of one semiblock (RFC 3394 works on 64-bit blocks); the wrapped key is one semiblock longer.</summary>
    public const int SemiblockSize = 8;

    // RFC 3394 section 2.2.3.1: the default initial value.
    private const ulong DefaultInitialValue = 0xA6A6A6A6A6A6A6A6UL;

    /// <summary>Whether <paramref name="keyDataLength"/> can be wrapped: at least two semiblocks, a whole number of them (RFC 3394 section 2).</summary>
    public static bool IsValidKeyDataLength(int keyDataLength) => keyDataLength >= 2 * SemiblockSize && keyDataLength % SemiblockSize == 0;

    /// <summary>Wraps <paramref name="keyData"/> under <paramref name="kek"/> into <paramref name="destination"/> (<c>keyData.Length + 8</c> bytes).</summary>
    /// <exception cref="ArgumentException">The key encryption key is not 16, 24 or 32 bytes, the key data length is not valid, or the destination is too short.</exception>
    public static void Wrap(ReadOnlySpan<byte> kek, ReadOnlySpan<byte> keyData, Span<byte> destination)
    {
        CheckKek(kek);
        if (!IsValidKeyDataLength(keyData.Length))
        {
            ThrowHelper.ThrowArgument(nameof(keyData), "Key data must be a multiple of 8 bytes and at least 16 bytes (RFC 3394 section 2).");
        }

        if (destination.Length < keyData.Length + SemiblockSize)
        {
            ThrowHelper.ThrowArgument(nameof(destination), "The destination must hold the key data plus 8 bytes.");
        }

        using Aes aes = Aes.Create();
        aes.SetKey(kek);
        int n = keyData.Length / SemiblockSize;
        Span<byte> r = destination.Slice(SemiblockSize, keyData.Length);
        keyData.CopyTo(r);
        ulong a = DefaultInitialValue;
        Span<byte> block = stackalloc byte[16];
        for (int j = 0; j <= 5; j++)
        {
            for (int i = 1; i <= n; i++)
            {
                // B = AES(K, A | R[i]); A = MSB(64, B) ^ t where t = (n*j)+i; R[i] = LSB(64, B).
                Span<byte> ri = r.Slice((i - 1) * SemiblockSize, SemiblockSize);
                BinaryPrimitives.WriteUInt64BigEndian(block, a);
                ri.CopyTo(block[SemiblockSize..]);
                aes.EncryptEcb(block, block, PaddingMode.None);
                a = BinaryPrimitives.ReadUInt64BigEndian(block) ^ (ulong)((n * j) + i);
                block[SemiblockSize..].CopyTo(ri);
            }
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, a);
        CryptographicOperations.ZeroMemory(block);
    }

    /// <summary>
    /// Unwraps <paramref name="wrapped"/> under <paramref name="kek"/> into <paramref name="destination"/>
    /// (<c>wrapped.Length - 8</c> bytes). False, with the destination cleared, when the lengths are wrong or the
    /// integrity check fails (RFC 3394 section 2.2.3); the check compares in constant time. Never throws for bad input.
    /// </summary>
    /// <exception cref="ArgumentException">The key encryption key is not 16, 24 or 32 bytes.</exception>
    public static bool TryUnwrap(ReadOnlySpan<byte> kek, ReadOnlySpan<byte> wrapped, Span<byte> destination)
    {
        CheckKek(kek);
        int keyDataLength = wrapped.Length - SemiblockSize;
        if (!IsValidKeyDataLength(keyDataLength) || destination.Length < keyDataLength)
        {
            return false;
        }

        using Aes aes = Aes.Create();
        aes.SetKey(kek);
        int n = keyDataLength / SemiblockSize;
        Span<byte> r = destination[..keyDataLength];
        wrapped[SemiblockSize..].CopyTo(r);
        ulong a = BinaryPrimitives.ReadUInt64BigEndian(wrapped);
        Span<byte> block = stackalloc byte[16];
        for (int j = 5; j >= 0; j--)
        {
            for (int i = n; i >= 1; i--)
            {
                // B = AES-1(K, (A ^ t) | R[i]) where t = n*j+i; A = MSB(64, B); R[i] = LSB(64, B).
                Span<byte> ri = r.Slice((i - 1) * SemiblockSize, SemiblockSize);
                BinaryPrimitives.WriteUInt64BigEndian(block, a ^ (ulong)((n * j) + i));
                ri.CopyTo(block[SemiblockSize..]);
                aes.DecryptEcb(block, block, PaddingMode.None);
                a = BinaryPrimitives.ReadUInt64BigEndian(block);
                block[SemiblockSize..].CopyTo(ri);
            }
        }

        Span<byte> expected = stackalloc byte[SemiblockSize];
        Span<byte> actual = stackalloc byte[SemiblockSize];
        BinaryPrimitives.WriteUInt64BigEndian(expected, DefaultInitialValue);
        BinaryPrimitives.WriteUInt64BigEndian(actual, a);
        CryptographicOperations.ZeroMemory(block);

        // The integrity check value is the only thing between a forged wrapped key and its use: compare in constant time.
        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            CryptographicOperations.ZeroMemory(r);
            return false;
        }

        return true;
    }

    private static void CheckKek(ReadOnlySpan<byte> kek)
    {
        if (kek.Length is not (16 or 24 or 32))
        {
            ThrowHelper.ThrowArgument(nameof(kek), "An AES key encryption key is 16, 24 or 32 bytes.");
        }
    }
}
