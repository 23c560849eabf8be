using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace ApiFilter.Schema;

/// <summary>
/// A <c>pattern</c> (ECMA-262 regular expression) translated to .NET and compiled once at load:
/// linear-time engine (<c>RegexOptions.NonBacktracking</c>) when the pattern allows it, else the
/// backtracking engine with a match timeout and an input-length cap. A pattern that cannot be
/// translated faithfully is a load error, never a silent pass.
/// </summary>
/// <remarks>
/// Instances are immutable and thread-safe. <see cref="TryCreate"/> keeps the patterns it built in a
/// process-wide cache keyed by pattern text and options, because building a linear-time regex is
/// costly and a contract often repeats one pattern on many properties.
/// </remarks>
public sealed class SchemaPattern
{
    /// <summary>Patterns kept at most; beyond, the cache starts over (it only saves construction time).</summary>
    private const int CacheLimit = 4096;

    private const int StackChars = 512;

    private static readonly ConcurrentDictionary<(string Pattern, SchemaPatternOptions Options), (SchemaPattern? Pattern, string? Error)> Cache = new();

    private readonly Regex _regex;
    private readonly int _maxInputBytes;

    private SchemaPattern(string source, string translated, Regex regex, bool linearTime, int maxInputBytes)
    {
        Source = source;
        Translated = translated;
        _regex = regex;
        IsLinearTime = linearTime;
        _maxInputBytes = maxInputBytes;
    }

    /// <summary>The pattern as written in the schema.</summary>
    public string Source { get; }

    /// <summary>True when the pattern runs on the linear-time engine.</summary>
    public bool IsLinearTime { get; }

    /// <summary>The .NET pattern the ECMA-262 pattern was translated to (for diagnostics).</summary>
    public string Translated { get; }

    /// <summary>
    /// Translates and compiles <paramref name="ecmaPattern"/>. Returns false with a reason in
    /// <paramref name="error"/> when it is not a valid ECMA-262 pattern or cannot be translated exactly.
    /// </summary>
    public static bool TryCreate(string ecmaPattern, SchemaPatternOptions options, out SchemaPattern? pattern, out string? error)
    {
        ArgumentNullException.ThrowIfNull(ecmaPattern);
        ArgumentNullException.ThrowIfNull(options);
        if (!Cache.TryGetValue((ecmaPattern, options), out var entry))
        {
            entry = Build(ecmaPattern, options);
            if (Cache.Count >= CacheLimit)
            {
                Cache.Clear();
            }

            entry = Cache.GetOrAdd((ecmaPattern, options), entry);
        }

        pattern = entry.Pattern;
        error = entry.Error;
        return pattern is not null;
    }

    /// <summary>Matches the unescaped UTF-8 string <paramref name="utf8"/>. No allocation.</summary>
    [SkipLocalsInit] // the stack buffer is read only where the transcoder wrote it
    public PatternMatch Match(ReadOnlySpan<byte> utf8)
    {
        if (!IsLinearTime && utf8.Length > _maxInputBytes)
        {
            return PatternMatch.InputTooLong;
        }

        char[]? rented = null;
        var buffer = utf8.Length <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(utf8.Length));
        try
        {
            // UTF-8 never needs more UTF-16 code units than bytes
            var length = Encoding.UTF8.GetChars(utf8, buffer);
            return _regex.IsMatch(buffer[..length]) ? PatternMatch.Match : PatternMatch.NoMatch;
        }
        catch (RegexMatchTimeoutException)
        {
            return PatternMatch.Timeout;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static (SchemaPattern? Pattern, string? Error) Build(string ecmaPattern, SchemaPatternOptions options)
    {
        if (!EcmaRegexTranslator.TryTranslate(ecmaPattern, out var translated, out var error))
        {
            return (null, error);
        }

        // CultureInvariant: no culture-dependent behaviour (the translation uses no IgnoreCase, but be explicit)
        const RegexOptions common = RegexOptions.CultureInvariant;
        try
        {
            // Linear time in the input, so no timeout: a timeout here would only fire on the engine's lazy
            // construction of its automaton under load and refuse valid values.
            // IsMatch is unanchored; the explicit lazy prefix keeps it so while sparing the engine's
            // leading-set search, which allocates on every call for patterns that start with a class
            // A pattern that starts with ^ and has no alternation can only match at the start: it
            // needs no prefix, and without one the engine does about half the work per call.
            var anchored = ecmaPattern.StartsWith('^') && !ecmaPattern.Contains('|', StringComparison.Ordinal);
            var linear = new Regex(anchored ? translated : "^[\\s\\S]*?(?:" + translated + ")", common | RegexOptions.NonBacktracking, Regex.InfiniteMatchTimeout);
            return (new SchemaPattern(ecmaPattern, translated, linear, linearTime: true, int.MaxValue), null);
        }
        catch (NotSupportedException)
        {
            // lookaround, backreferences: the backtracking engine, bounded by time and input length
        }
        catch (ArgumentException ex)
        {
            return (null, "pattern could not be compiled: " + ex.Message);
        }

        try
        {
            var backtracking = new Regex(translated, common, options.MatchTimeout);
            return (new SchemaPattern(ecmaPattern, translated, backtracking, linearTime: false, options.MaxBacktrackingInputLength), null);
        }
        catch (ArgumentException ex)
        {
            return (null, "pattern could not be compiled: " + ex.Message);
        }
    }
}
