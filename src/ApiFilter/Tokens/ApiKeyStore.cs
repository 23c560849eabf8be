using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ApiFilter.Tokens;

/// <summary>
/// The API keys an <c>apiKey</c> scheme accepts, held only as SHA-256 hashes (a leaked policy folder
/// does not leak usable keys). A presented key is hashed and compared with every stored hash in
/// constant time. Immutable and thread-safe; checking a key allocates nothing.
/// </summary>
/// <remarks>
/// File format (<see cref="Load"/>): one key per line as the lower-case hex SHA-256 of its UTF-8
/// bytes, optionally followed by a space and a label naming the client; blank lines and lines
/// starting with <c>#</c> are skipped. <see cref="HashLine"/> produces a line. API keys are high-entropy
/// random strings chosen by the operator, so an unsalted fast hash is enough: there is no dictionary
/// to attack, unlike passwords (see <see cref="BasicCredentialStore"/>).
/// </remarks>
public sealed class ApiKeyStore
{
    /// <summary>Longest key checked, in UTF-8 bytes; a longer presented key is refused without hashing.</summary>
    public const int MaxKeyBytes = 1024;

    private readonly byte[] _hashes;
    private readonly string[] _labels;

    private ApiKeyStore(byte[] hashes, string[] labels)
    {
        _hashes = hashes;
        _labels = labels;
    }

    /// <summary>How many keys the store holds.</summary>
    public int Count => _labels.Length;

    /// <summary>The labels of the keys, in file order (empty string where a line has none).</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>Builds a store from plain keys (tests, keys held in a secret manager); only their hashes are kept.</summary>
    /// <exception cref="ArgumentException">No key, or an empty key.</exception>
    public static ApiKeyStore Create(params IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var hashes = new List<byte>();
        var labels = new List<string>();
        foreach (var key in keys)
        {
            ArgumentException.ThrowIfNullOrEmpty(key, nameof(keys));
            hashes.AddRange(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
            labels.Add("");
        }

        if (labels.Count == 0)
        {
            ThrowHelper.ThrowArgument(nameof(keys), "An API key store needs at least one key.");
        }

        return new ApiKeyStore([.. hashes], [.. labels]);
    }

    /// <summary>Parses the hash lines of <paramref name="text"/> (see the remarks for the format).</summary>
    /// <param name="text">The lines.</param>
    /// <param name="source">Name used in error messages, e.g. the file name.</param>
    /// <exception cref="FormatException">A line is not a lower-case hex SHA-256 with an optional label, or there is no key at all.</exception>
    public static ApiKeyStore Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        var hashes = new List<byte>();
        var labels = new List<string>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var hex = space < 0 ? line : line[..space];
            if (hex.Length != 64 || !IsLowerHex(hex))
            {
                // the line is not echoed: it may be a plain key pasted by mistake
                throw new FormatException($"{source}: line {number.ToString(CultureInfo.InvariantCulture)}: expected the lower-case hex SHA-256 of a key (64 characters), then an optional label");
            }

            hashes.AddRange(Convert.FromHexString(hex));
            labels.Add(space < 0 ? "" : line[(space + 1)..].Trim());
        }

        if (labels.Count == 0)
        {
            throw new FormatException($"{source}: no key: expected one lower-case hex SHA-256 per line");
        }

        return new ApiKeyStore([.. hashes], [.. labels]);
    }

    /// <summary>Reads and parses a key file.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="FormatException">The file is not a key file.</exception>
    public static ApiKeyStore Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadAllText(path, Encoding.UTF8), Path.GetFileName(path));
    }

    /// <summary>The file line for <paramref name="key"/>: its lower-case hex SHA-256, then the label if any.</summary>
    public static string HashLine(string key, string? label = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var hex = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return string.IsNullOrWhiteSpace(label) ? hex : hex + " " + label.Trim();
    }

    /// <summary>Whether <paramref name="key"/> is one of the stored keys. Allocates nothing.</summary>
    public bool Verify(ReadOnlySpan<char> key)
    {
        if (key.IsEmpty || key.Length > MaxKeyBytes)
        {
            return false;
        }

        Span<byte> utf8 = stackalloc byte[MaxKeyBytes * 3];
        return Encoding.UTF8.TryGetBytes(key, utf8, out var written) && written <= MaxKeyBytes && Verify(utf8[..written]);
    }

    /// <summary>Whether the UTF-8 <paramref name="key"/> is one of the stored keys. Allocates nothing.</summary>
    public bool Verify(ReadOnlySpan<byte> key) => Find(key) >= 0;

    /// <summary>The index of the stored key equal to <paramref name="key"/> (its <see cref="Labels"/> entry), or -1.</summary>
    public int Find(ReadOnlySpan<byte> key)
    {
        if (key.IsEmpty || key.Length > MaxKeyBytes)
        {
            return -1;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(key, hash);
        // Every stored hash is compared, in constant time, and the loop never exits early: the time
        // taken does not say whether, or at which position, a key matched. Strictly a hash set
        // lookup would be safe too (what an attacker could learn by timing is about the SHA-256 of
        // a guess, which says nothing about a stored key short of a preimage), but a fixed-cost
        // scan needs no such argument, and key lists are short (a few hundred compares cost ~1 µs).
        var found = -1;
        var stored = _hashes.AsSpan();
        for (int i = 0; i < _labels.Length; i++)
        {
            var match = CryptographicOperations.FixedTimeEquals(stored.Slice(i * SHA256.HashSizeInBytes, SHA256.HashSizeInBytes), hash);
            // branch-free select of the first match
            var take = match & found < 0;
            found = take ? i : found;
        }

        return found;
    }

    private static bool IsLowerHex(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }
}
