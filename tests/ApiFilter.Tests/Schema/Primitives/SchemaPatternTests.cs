using System.Text;
using ApiFilter.Schema;

namespace ApiFilter.Tests.Schema.Primitives;

/// <summary>ECMA-262 (u flag) pattern semantics on .NET; expectations from the ECMA-262 text (section 22.2).</summary>
public sealed class SchemaPatternTests
{
    public static TheoryData<string, string, bool> Matches => new()
    {
        // $ is the end of input only; ^ the start only (no m flag)
        { "^abc$", "abc\n", false },
        { "abc$", "abc", true },
        { "^b", "a\nb", false },
        // not anchored unless the pattern says so
        { "b+", "abbbc", true },
        // . excludes the four line terminators, and takes an astral code point whole
        { "^.$", "\n", false },
        { "^.$", "\r", false },
        { "^.$", "\u2028", false },
        { "^.$", "\u2029", false },
        { "^.$", "\u0085", true },
        { "^.$", "\U0001F432", true },
        { "^..$", "\U0001F432", false },
        // \d \w \s are ASCII/ECMA sets
        { "^\\d$", "\u0661", false },
        { "^\\w$", "\u00e9", false },
        { "^\\W$", "\U0001F432", true },
        { "^\\D$", "\U0001F432", true },
        { "^\\s$", "\ufeff", true },
        { "^\\s$", "\u180e", false },
        { "^\\S$", "\U0001F432", true },
        // \b uses ECMA word characters: é is not one
        { "\\bcole", "\u00e9cole", true },
        { "\\Bcole", "\u00e9cole", false },
        { "a\\b", "a b", true },
        // escapes
        { "^\\cJ$", "\n", true },
        { "^\\x41\\u0042\\u{43}$", "ABC", true },
        { "^\\u{1F432}$", "\U0001F432", true },
        { "^\\uD83D\\uDC32$", "\U0001F432", true },
        { "^\\0$", "\0", true },
        { "^[\\b]$", "\b", true },
        { "^\\/$", "/", true },
        { "^a\\-b$", "a-b", true },
        // classes
        { "^[^a]$", "\U0001F432", true },
        { "^[\U0001F400-\U0001F4FF]$", "\U0001F432", true },
        { "^[\U0001F400-\U0001F4FF]$", "\U0001F500", false },
        { "^[^\U0001F432]$", "\U0001F432", false },
        { "^[^\U0001F432]$", "\U0001F433", true },
        { "^[\\d-]+$", "1-2", true },
        { "^[\\w.]+$", "a.b_c", true },
        { "^[]$", "a", false },
        { "^[^]$", "\n", true },
        { "^[\\s\\S]$", "\U0001F432", true },
        { "^[^\\d\\s]+$", "ab", true },
        { "^[^\\d\\s]+$", "a b", false },
        // astral literal under a quantifier repeats the whole code point
        { "^\U0001F432{2}$", "\U0001F432\U0001F432", true },
        { "^\U0001F432+$", "\U0001F432\U0001F433", false },
        // property escapes
        { "^\\p{Lu}+$", "ABC", true },
        { "^\\p{Lu}+$", "AbC", false },
        { "^\\P{L}+$", "123", true },
        { "^\\p{gc=Nd}$", "\u0663", true },
        { "^\\p{General_Category=Decimal_Number}$", "7", true },
        { "^[\\p{L}\\d]+$", "\u00e9t\u00e92", true },
        { "^[^\\p{L}]+$", "12", true },
        { "^[^\\p{L}]+$", "1a", false },
        { "^\\p{ASCII}+$", "abc", true },
        { "^\\p{ASCII}+$", "ab\u00e9", false },
        { "^\\p{LC}$", "a", true },
        // quantifiers, groups, alternation, backreferences, lookaround
        { "^a{2,3}$", "aaaa", false },
        { "^a{2,}$", "aaaa", true },
        { "^(?:ab|cd)+$", "abcdab", true },
        { "^(a)\\1$", "aa", true },
        { "^(a)\\1$", "ab", false },
        { "^(?<x>a)\\k<x>$", "aa", true },
        { "^(?=.*\\d)\\w+$", "abc1", true },
        { "^(?=.*\\d)\\w+$", "abc", false },
        { "(?<=\\$)\\d+", "cost $42", true },
        { "(?<!\\$)\\b\\d+", "$42", false },
    };

    public static TheoryData<string> Refused => new()
    {
        "(abc",
        "abc)",
        "a**",
        "*a",
        "a{2,1}",
        "a{",
        "x{1",
        "]",
        "}",
        "[abc",
        "[z-a]",
        "[\\d-z]",
        "\\a",
        "\\e",
        "\\1",
        "(a)\\2",
        "\\k<x>",
        "(?<x>a)(?<x>b)",
        "(?P<name>x)",
        "(?#comment)",
        "(?i)abc",
        "(?i:abc)",
        "(?=a)*",
        "\\cž",
        "\\c1",
        "\\01",
        "\\x4",
        "\\u12",
        "\\u{110000}",
        "\\p{Script=Greek}",
        "\\p{Greek}",
        "\\p{letter}",
        "\\p{L",
        "\\",
        "[\\B]",
        "[\\1]",
    };

    [Theory]
    [MemberData(nameof(Matches))]
    public void Translation_FollowsEcmaSemantics(string ecma, string input, bool expected)
    {
        Assert.True(SchemaPattern.TryCreate(ecma, SchemaPatternOptions.Default, out var pattern, out var error), error);
        Assert.Equal(expected ? PatternMatch.Match : PatternMatch.NoMatch, pattern!.Match(Encoding.UTF8.GetBytes(input)));
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void InvalidOrUntranslatable_IsRefusedWithAReason(string ecma)
    {
        Assert.False(SchemaPattern.TryCreate(ecma, SchemaPatternOptions.Default, out var pattern, out var error));
        Assert.Null(pattern);
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.False(SchemaFormats.IsValidString(SchemaFormat.Regex, Encoding.UTF8.GetBytes(ecma)));
    }

    [Fact]
    public void UnsupportedScript_SaysWhy()
    {
        Assert.False(SchemaPattern.TryCreate("\\p{sc=Latin}", SchemaPatternOptions.Default, out _, out var error));
        Assert.Contains("script", error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void CatastrophicPattern_FinishesAndRefuses()
    {
        Assert.True(SchemaPattern.TryCreate("(a+)+$", SchemaPatternOptions.Default, out var pattern, out _));
        Assert.True(pattern!.IsLinearTime);
        var input = Encoding.ASCII.GetBytes(new string('a', 30) + "!");
        Assert.Equal(PatternMatch.Match, pattern.Match(input[..30]));
        var result = pattern.Match(input);
        Assert.True(result is PatternMatch.NoMatch or PatternMatch.Timeout, result.ToString());
    }

    [Fact]
    public void CatastrophicBacktrackingPattern_TimesOutRatherThanAllowing()
    {
        // the backreference forces the backtracking engine; the nested quantifier is exponential there
        var options = SchemaPatternOptions.Default with { MatchTimeout = TimeSpan.FromMilliseconds(20) };
        Assert.True(SchemaPattern.TryCreate("^(a)\\1*(a+)+$", options, out var pattern, out _));
        Assert.False(pattern!.IsLinearTime);
        var result = pattern.Match(Encoding.ASCII.GetBytes(new string('a', 40) + "!"));
        Assert.True(result is PatternMatch.NoMatch or PatternMatch.Timeout, result.ToString());
        Assert.NotEqual(PatternMatch.Match, result);
    }

    [Fact]
    public void Backreference_UsesTheBacktrackingEngine_WithInputCap()
    {
        var options = SchemaPatternOptions.Default with { MaxBacktrackingInputLength = 16 };
        Assert.True(SchemaPattern.TryCreate("(a)\\1", options, out var pattern, out _));
        Assert.False(pattern!.IsLinearTime);
        Assert.Equal(PatternMatch.Match, pattern.Match("xaax"u8));
        Assert.Equal(PatternMatch.Match, pattern.Match("0123456789abcdaa"u8));
        Assert.Equal(PatternMatch.InputTooLong, pattern.Match("0123456789abcdefaa"u8));
    }

    [Fact]
    public void LinearPatterns_HaveNoInputCap()
    {
        var options = SchemaPatternOptions.Default with { MaxBacktrackingInputLength = 16 };
        Assert.True(SchemaPattern.TryCreate("^[a-z]+$", options, out var pattern, out _));
        Assert.True(pattern!.IsLinearTime);
        Assert.Equal(PatternMatch.Match, pattern.Match(Encoding.ASCII.GetBytes(new string('q', 100_000))));
    }

    [Fact]
    public void SamePatternAndOptions_AreBuiltOnce()
    {
        var text = "^[a-z]{3}-\\d{4}$";
        Assert.True(SchemaPattern.TryCreate(text, SchemaPatternOptions.Default, out var first, out _));
        for (var i = 0; i < 500; i++)
        {
            Assert.True(SchemaPattern.TryCreate(text, new SchemaPatternOptions(), out var again, out _));
            Assert.Same(first, again);
        }

        var other = SchemaPatternOptions.Default with { MatchTimeout = TimeSpan.FromMilliseconds(7) };
        Assert.True(SchemaPattern.TryCreate(text, other, out var different, out _));
        Assert.NotSame(first, different);
    }

    [Fact]
    public void Match_DoesNotAllocate()
    {
        Assert.True(SchemaPattern.TryCreate("^[\\p{L} ]+\\d*$", SchemaPatternOptions.Default, out var linear, out _));
        Assert.True(SchemaPattern.TryCreate("^(?=.*\\d)(\\w)\\w*$", SchemaPatternOptions.Default, out var backtracking, out _));
        Assert.True(SchemaPattern.TryCreate("\\d", SchemaPatternOptions.Default, out var unanchored, out _));
        byte[][] inputs =
        [
            "Grüße aus Köln 42"u8.ToArray(), "no digits here"u8.ToArray(), "abc1"u8.ToArray(), "\U0001F432"u8.ToArray(),
            Encoding.UTF8.GetBytes(new string('x', 3000) + "1"),
        ];
        var sink = 0;
        void Run()
        {
            foreach (var input in inputs)
            {
                sink += (int)linear!.Match(input) + (int)backtracking!.Match(input) + (int)unanchored!.Match(input);
                sink += SchemaFormats.IsValidString(SchemaFormat.Regex, "^(?<y>\\d{4})-[a-f]+\\k<y>$"u8) ? 1 : 0;
            }
        }

        Run();
        Run();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sink > 0);
    }
}
