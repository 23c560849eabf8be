using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace ApiFilter.Tokens;

/// <summary>
/// The users of an http <c>basic</c> scheme (RFC 7617) with salted PBKDF2-HMAC-SHA256 password hashes
/// (RFC 8018 section 5.2). Immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>File format (<see cref="Load"/>): one user per line,
/// <c>user:pbkdf2-sha256$&lt;iterations&gt;$&lt;salt base64&gt;$&lt;hash base64&gt;</c>; blank lines and lines starting
/// with <c>#</c> are skipped. At least <see cref="MinIterations"/> iterations, a salt of at least 16 bytes
/// and a 32-byte hash are required at load. <see cref="HashLine"/> produces a line.</para>
/// <para>Timing: an unknown user costs one PBKDF2 run against a dummy hash with the store's largest
/// iteration count, so the answer time does not tell whether a user exists; hashes are compared with
/// <see cref="CryptographicOperations.FixedTimeEquals"/>.</para>
/// <para>Cache: PBKDF2 at 100,000+ iterations costs tens of milliseconds of CPU (about 30 ms at
/// 100,000 on the development machine), which a client sending Basic credentials on every request
/// would pay every time. A successful verification is therefore remembered, keyed by an HMAC-SHA256
/// (with a random per-store key) of the user and password, so a correct repeat costs one HMAC. Only
/// successes are cached: a wrong password always pays the full PBKDF2, so guessing stays as slow as
/// the hash makes it. The cache is bounded (<see cref="CacheCapacity"/>; emptied when full) so a
/// stream of distinct valid logins cannot grow it.</para>
/// </remarks>
public sealed class BasicCredentialStore
{
    /// <summary>The fewest PBKDF2 iterations a stored hash may use.</summary>
    public const int MinIterations = 100_000;

    /// <summary>The iterations <see cref="HashLine"/> uses by default (OWASP Password Storage Cheat Sheet, PBKDF2-HMAC-SHA256).</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>Most remembered successful verifications.</summary>
    public const int CacheCapacity = 1024;

    /// <summary>Longest user name and password checked, in UTF-8 bytes each.</summary>
    public const int MaxFieldBytes = 256;

    private const string Prefix = "pbkdf2-sha256$";
    private const int HashBytes = 32;
    private const int MinSaltBytes = 16;

    private readonly Dictionary<string, Entry> _users;
    private readonly Dictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Entry _dummy;
    private readonly byte[] _cacheKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<CacheKey, bool> _verified = new();

    private BasicCredentialStore(Dictionary<string, Entry> users)
    {
        _users = users;
        _lookup = users.GetAlternateLookup<ReadOnlySpan<char>>();
        var iterations = MinIterations;
        foreach (var entry in users.Values)
        {
            iterations = Math.Max(iterations, entry.Iterations);
        }

        _dummy = new Entry(RandomNumberGenerator.GetBytes(MinSaltBytes), RandomNumberGenerator.GetBytes(HashBytes), iterations);
    }

    /// <summary>How many users the store holds.</summary>
    public int Count => _users.Count;

    /// <summary>Parses user lines (see the remarks for the format).</summary>
    /// <param name="text">The lines.</param>
    /// <param name="source">Name used in error messages, e.g. the file name.</param>
    /// <exception cref="FormatException">A line is not a valid user line, a user appears twice, or there is none.</exception>
    public static BasicCredentialStore Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        var users = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var at = $"{source}: line {number.ToString(CultureInfo.InvariantCulture)}";
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"{at}: expected user:{Prefix}<iterations>$<salt base64>$<hash base64>");
            }

            var user = line[..colon];
            var entry = ParseHash(line[(colon + 1)..], at);
            if (!users.TryAdd(user, entry))
            {
                throw new FormatException($"{at}: user '{user}' is listed twice");
            }
        }

        if (users.Count == 0)
        {
            throw new FormatException($"{source}: no user: expected user:{Prefix}<iterations>$<salt base64>$<hash base64> lines");
        }

        return new BasicCredentialStore(users);
    }

    /// <summary>Reads and parses a user file.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="FormatException">The file is not a user file.</exception>
    public static BasicCredentialStore Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadAllText(path, Encoding.UTF8), Path.GetFileName(path));
    }

    /// <summary>The file line for <paramref name="user"/> with a fresh random salt.</summary>
    /// <exception cref="ArgumentException">The user is empty or contains ':' (RFC 7617 section 2), or the iterations are below <see cref="MinIterations"/>.</exception>
    public static string HashLine(string user, string password, int iterations = DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentNullException.ThrowIfNull(password);
        if (user.Contains(':', StringComparison.Ordinal) || user.Trim() != user)
        {
            ThrowHelper.ThrowArgument(nameof(user), "A Basic user-id must not contain ':' (RFC 7617 section 2) or surrounding spaces.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinIterations);
        var salt = RandomNumberGenerator.GetBytes(MinSaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return $"{user}:{Prefix}{iterations.ToString(CultureInfo.InvariantCulture)}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>
    /// Whether <paramref name="user"/> exists and <paramref name="password"/> is its password (both UTF-8).
    /// Costs one PBKDF2 run unless the same pair was verified recently.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> user, ReadOnlySpan<byte> password)
    {
        if (user.Length > MaxFieldBytes || password.Length > MaxFieldBytes)
        {
            return false;
        }

        Span<byte> keyed = stackalloc byte[(2 * MaxFieldBytes) + 1];
        user.CopyTo(keyed);
        keyed[user.Length] = 0;
        password.CopyTo(keyed[(user.Length + 1)..]);
        Span<byte> mac = stackalloc byte[HashBytes];
        HMACSHA256.HashData(_cacheKey, keyed[..(user.Length + 1 + password.Length)], mac);
        var cacheKey = MemoryMarshal.Read<CacheKey>(mac);
        if (_verified.ContainsKey(cacheKey))
        {
            return true;
        }

        Span<char> name = stackalloc char[MaxFieldBytes];
        var known = Encoding.UTF8.TryGetChars(user, name, out var chars) & _lookup.TryGetValue(name[..chars], out var entry);
        if (!known)
        {
            entry = _dummy;
        }

        Span<byte> derived = stackalloc byte[HashBytes];
        Rfc2898DeriveBytes.Pbkdf2(password, entry!.Salt, derived, entry.Iterations, HashAlgorithmName.SHA256);
        var ok = CryptographicOperations.FixedTimeEquals(derived, entry.Hash) & known;
        if (ok)
        {
            if (_verified.Count >= CacheCapacity)
            {
                _verified.Clear();
            }

            _verified.TryAdd(cacheKey, true);
        }

        return ok;
    }

    private static Entry ParseHash(string text, string at)
    {
        var parts = text.Split('$');
        if (parts.Length != 4 || parts[0] + "$" != Prefix)
        {
            throw new FormatException($"{at}: expected {Prefix}<iterations>$<salt base64>$<hash base64> after the user name");
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < MinIterations)
        {
            throw new FormatException($"{at}: the iteration count must be an integer of at least {MinIterations.ToString(CultureInfo.InvariantCulture)}");
        }

        byte[] salt;
        byte[] hash;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            throw new FormatException($"{at}: the salt and hash must be base64");
        }

        if (salt.Length < MinSaltBytes || hash.Length != HashBytes)
        {
            throw new FormatException($"{at}: the salt must have at least {MinSaltBytes} bytes and the hash exactly {HashBytes}");
        }

        return new Entry(salt, hash, iterations);
    }

    private sealed record Entry(byte[] Salt, byte[] Hash, int Iterations);

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct CacheKey(ulong A, ulong B, ulong C, ulong D);
}
