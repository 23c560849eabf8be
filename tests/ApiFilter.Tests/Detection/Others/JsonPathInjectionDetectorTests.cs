using ApiFilter.Detection;
using static ApiFilter.Tests.Detection.Others.DetectorTestSupport;

namespace ApiFilter.Tests.Detection.Others;

public class JsonPathInjectionDetectorTests
{
    // Plain locations (RFC 9535 name, index, wildcard and slice selectors).
    public static TheoryData<string> PlainExpressions => Data(
        "$", "$.store.book", "$.store.book[0].title", "$['store']['book'][0]", "$[\"a.b\"]", "$['a..b']", "$.a[*]",
        "$.a.*", "$[1:3]", "$[-1]", "$[0:10:2]", "$['?(not a filter)']", "$['(x)']", "$.prototype", "$['it\\'s']", "$.ключ");

    public static TheoryData<string, DetectionReason> HostileExpressions => new()
    {
        { "$..book", DetectionReason.JsonPathRecursiveDescent },
        { "$..*", DetectionReason.JsonPathRecursiveDescent },
        { "$.store..price", DetectionReason.JsonPathRecursiveDescent },
        { "$.book[?(@.price < 10)]", DetectionReason.JsonPathFilter },
        { "$.book[?@.isbn]", DetectionReason.JsonPathFilter },
        { "$[?(@.a=='x')]", DetectionReason.JsonPathFilter },
        { "$.book[(@.length-1)]", DetectionReason.JsonPathScript },
        { "$[(function(){return 1})()]", DetectionReason.JsonPathScript },
        { "$.a.length()", DetectionReason.JsonPathFunction },
        { "$.__proto__.polluted", DetectionReason.PrototypePollution },
        { "$['__proto__']", DetectionReason.PrototypePollution },
        { "$.constructor", DetectionReason.PrototypePollution },
        { "$['a", DetectionReason.JsonPathBreakout },
    };

    public static TheoryData<string, DetectionReason> HostileFragments => new()
    {
        { "x']..password", DetectionReason.JsonPathBreakout },
        { "x'].secret", DetectionReason.JsonPathBreakout },
        { "x'][0]", DetectionReason.JsonPathBreakout },
        { "x')]", DetectionReason.JsonPathBreakout },
        { "x' || @.admin == true || '", DetectionReason.JsonPathBreakout },
        { "x\" && $..x", DetectionReason.JsonPathBreakout },
        { "$..password", DetectionReason.JsonPathRecursiveDescent },
        { "$..*", DetectionReason.JsonPathRecursiveDescent },
        { "a[?(@.b)]", DetectionReason.JsonPathFilter },
        { "?@.role=='admin'", DetectionReason.JsonPathFilter },
        { "x || @.isAdmin", DetectionReason.JsonPathFilter },
        { "[(@.length-1)]", DetectionReason.JsonPathScript },
        { "length(@.a)", DetectionReason.JsonPathFunction },
        { "match(@.name, '.*')", DetectionReason.JsonPathFunction },
        { "__proto__", DetectionReason.PrototypePollution },
    };

    public static TheoryData<string> BenignFragments => Data(
        "O'Brien", "It's 'quoted' (really)", "see ('here')", "costs $... a lot", "$5.00", "$.50 off", "a@b.example",
        "mail me at bob@example.com.", "@handle", "@ 5pm", "really?(no)", "Really? (yes)", "x == y", "a || b", "rock 'n' roll",
        "Price (approx.)", "f(x) = 2x", "['a', 'b']",
        "parentheses (()), single quotes ('), at-signs (@), or underscores", "ranges such as [\"1-5\"], and [\"12345-12349\"].", "");

    [Theory]
    [MemberData(nameof(PlainExpressions))]
    public void Plain_locations_pass(string expression)
    {
        DetectionResult r = JsonPathInjectionDetector.DetectExpression(Utf8(expression));
        Assert.False(r.Detected, $"{expression}: {r}");
    }

    [Theory]
    [MemberData(nameof(HostileExpressions))]
    public void Expressions_that_do_more_than_select_are_refused(string expression, DetectionReason reason)
    {
        Assert.Equal(reason, JsonPathInjectionDetector.DetectExpression(Utf8(expression)).Reason);
    }

    [Theory]
    [MemberData(nameof(HostileFragments))]
    public void Breakouts_in_free_text_are_refused(string value, DetectionReason reason)
    {
        Assert.Equal(reason, JsonPathInjectionDetector.DetectFragment(Utf8(value)).Reason);
    }

    [Theory]
    [MemberData(nameof(BenignFragments))]
    public void Prose_passes_as_free_text(string value)
    {
        DetectionResult r = JsonPathInjectionDetector.DetectFragment(Utf8(value));
        Assert.False(r.Detected, $"{value}: {r}");
    }

    [Fact]
    public void Offsets_name_the_construct()
    {
        Assert.Equal(new DetectionResult(DetectionReason.JsonPathRecursiveDescent, 7, normalized: false), JsonPathInjectionDetector.DetectExpression("$.store..price"u8));
        Assert.Equal(new DetectionResult(DetectionReason.JsonPathFunction, 4, normalized: false), JsonPathInjectionDetector.DetectExpression("$.a.length()"u8));
    }

    [Theory]
    [InlineData("'")]
    [InlineData("' ")]
    [InlineData("a(")]
    [InlineData("'\\")]
    [InlineData(".abc")]
    [InlineData("$.")]
    public void Work_is_linear_in_the_value_length(string unit)
    {
        byte[] k = Repeat(unit, 1024);
        byte[] m = Repeat(unit, 1024 * 1024);
        long small = 0, large = 0;
        JsonPathInjectionDetector.DetectExpression(k, ref small);
        JsonPathInjectionDetector.DetectExpression(m, ref large);
        JsonPathInjectionDetector.DetectFragment(k, ref small);
        JsonPathInjectionDetector.DetectFragment(m, ref large);
        Assert.InRange(large, 1, 8L * m.Length);
        Assert.True(large <= small * 1100, $"{unit}: {small} vs {large}");
    }

    [Fact]
    public void Nothing_is_allocated()
    {
        string[] values = ["$.store.book[0].title", "$..x", "x']..y", "O'Brien", "a@b.example"];
        Assert.Equal(0, AllocatedBytes(JsonPathInjectionDetector.DetectExpression, values));
        Assert.Equal(0, AllocatedBytes(JsonPathInjectionDetector.DetectFragment, values));
    }
}
