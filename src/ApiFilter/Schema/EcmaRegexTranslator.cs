using System.Buffers;
using System.Globalization;
using System.Text;

namespace ApiFilter.Schema;

/// <summary>
/// Parses an ECMA-262 pattern (section 22.2.1, with the <c>u</c> flag that JSON Schema 2020-12 core
/// section 6.4 asks for) and writes the equivalent .NET pattern, matched against well-formed UTF-16.
/// </summary>
/// <remarks>
/// What the translation preserves: <c>\d \w \s</c> and their negations with ECMA's character sets,
/// <c>.</c> without line terminators, <c>$</c> as end of input, <c>\b</c> with ECMA word characters,
/// code-point semantics for astral characters in literals, <c>.</c>, classes and negations.
/// Deliberate differences: identity escapes of ASCII punctuation (<c>\-</c>, <c>\_</c>, <c>\#</c>…)
/// are accepted outside the ECMA list because their meaning is unambiguous; pattern modifiers
/// <c>(?i:…)</c> are refused; property escapes support General_Category and the binary properties
/// ASCII and Any, evaluated on BMP characters only (an astral code point is in no <c>\p{…}</c>
/// set and in every <c>\P{…}</c> set).
/// </remarks>
internal static class EcmaRegexTranslator
{
    private const int StackChars = 256;

    /// <summary>True when <paramref name="utf8"/> is a valid ECMA-262 pattern this translator accepts. No allocation for ordinary sizes.</summary>
    public static bool IsValid(ReadOnlySpan<byte> utf8)
    {
        char[]? rented = null;
        var buffer = utf8.Length <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(utf8.Length));
        try
        {
            var length = Encoding.UTF8.GetChars(utf8, buffer);
            var parser = new EcmaRegexParser(buffer[..length], null);
            return parser.Parse();
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Translates <paramref name="pattern"/>; false with a reason when it is invalid or untranslatable.</summary>
    public static bool TryTranslate(string pattern, out string translated, out string? error)
    {
        var output = new StringBuilder(pattern.Length * 2);
        var parser = new EcmaRegexParser(pattern, output);
        if (!parser.Parse())
        {
            translated = string.Empty;
            error = string.Create(CultureInfo.InvariantCulture, $"{parser.Error} (at offset {parser.ErrorOffset})");
            return false;
        }

        translated = output.ToString();
        error = null;
        return true;
    }
}
