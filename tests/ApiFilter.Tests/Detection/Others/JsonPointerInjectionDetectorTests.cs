using ApiFilter.Detection;
using static ApiFilter.Tests.Detection.Others.DetectorTestSupport;

namespace ApiFilter.Tests.Detection.Others;

public class JsonPointerInjectionDetectorTests
{
    // RFC 6901 section 5 examples: every one is a valid pointer.
    public static TheoryData<string> Rfc6901Examples => Data(
        "", "/foo", "/foo/0", "/", "/a~1b", "/c%d", "/e^f", "/g|h", "/i\\j", "/k\"l", "/ ", "/m~0n",
        "#", "#/foo", "#/foo/0", "#/", "#/a~1b", "#/c%25d", "#/e%5Ef", "#/g%7Ch", "#/i%5Cj", "#/k%22l", "#/%20", "#/m~0n");

    public static TheoryData<string> OtherValidPointers => Data(
        "/components/schemas/Pet", "/items/-", "/a/b/c/0/d", "/~0~1", "/~1~0", "/a~1b~1c", "/constructor", "/prototype",
        "/cars/0/constructor/name", "/.../x", "/a..b", "/.", "/ünïcode/ключ");

    public static TheoryData<string, DetectionReason> InvalidOrHostilePointers => new()
    {
        { "a/b", DetectionReason.JsonPointerSyntax },
        { "foo", DetectionReason.JsonPointerSyntax },
        { "#foo", DetectionReason.JsonPointerSyntax },
        { "/a~2b", DetectionReason.JsonPointerEscape },
        { "/a~", DetectionReason.JsonPointerEscape },
        { "/~", DetectionReason.JsonPointerEscape },
        { "/a~/b", DetectionReason.JsonPointerEscape },
        { "/~01", DetectionReason.JsonPointerEscape },
        { "/a~01b", DetectionReason.JsonPointerEscape },
        { "#/a%7E2", DetectionReason.JsonPointerEscape },
        { "/a/../b", DetectionReason.JsonPointerTraversal },
        { "/..", DetectionReason.JsonPointerTraversal },
        { "/../../secrets", DetectionReason.JsonPointerTraversal },
        { "#/a/%2E%2E/b", DetectionReason.JsonPointerTraversal },
        { "/__proto__/admin", DetectionReason.PrototypePollution },
        { "/a/constructor/prototype/isAdmin", DetectionReason.PrototypePollution },
        { "/constructor/prototype", DetectionReason.PrototypePollution },
    };

    public static TheoryData<string, DetectionReason> HostileFragments => new()
    {
        { "../admin", DetectionReason.JsonPointerTraversal },
        { "x/../../y", DetectionReason.JsonPointerTraversal },
        { "a/..", DetectionReason.JsonPointerTraversal },
        { "__proto__", DetectionReason.PrototypePollution },
        { "x.__proto__.y", DetectionReason.PrototypePollution },
        { "constructor/prototype", DetectionReason.PrototypePollution },
        { "a.constructor.prototype.b", DetectionReason.PrototypePollution },
    };

    public static TheoryData<string> BenignFragments => Data(
        "and/or", "1/2 cup", "~5 minutes", "..", "Wait...", "a..b", "O'Brien", "constructor", "the constructor's prototype",
        "prototype", "proto", "__init__", "a/b/c", "/x/y", "");

    [Theory]
    [MemberData(nameof(Rfc6901Examples))]
    [MemberData(nameof(OtherValidPointers))]
    public void Valid_pointers_pass(string pointer)
    {
        DetectionResult r = JsonPointerInjectionDetector.DetectPointer(Utf8(pointer));
        Assert.False(r.Detected, $"{pointer}: {r}");
    }

    [Theory]
    [MemberData(nameof(InvalidOrHostilePointers))]
    public void Invalid_and_hostile_pointers_are_refused(string pointer, DetectionReason reason)
    {
        Assert.Equal(reason, JsonPointerInjectionDetector.DetectPointer(Utf8(pointer)).Reason);
    }

    [Theory]
    [MemberData(nameof(HostileFragments))]
    public void Hostile_free_text_is_refused(string value, DetectionReason reason)
    {
        Assert.Equal(reason, JsonPointerInjectionDetector.DetectFragment(Utf8(value)).Reason);
    }

    [Theory]
    [MemberData(nameof(BenignFragments))]
    public void Prose_passes_as_free_text(string value)
    {
        DetectionResult r = JsonPointerInjectionDetector.DetectFragment(Utf8(value));
        Assert.False(r.Detected, $"{value}: {r}");
    }

    [Fact]
    public void Offsets_and_decoding_are_reported()
    {
        Assert.Equal(new DetectionResult(DetectionReason.JsonPointerEscape, 2, normalized: false), JsonPointerInjectionDetector.DetectPointer("/a~2"u8));
        Assert.Equal(new DetectionResult(DetectionReason.JsonPointerTraversal, 3, normalized: true), JsonPointerInjectionDetector.DetectPointer("#/a/%2e%2e"u8));
    }

    [Fact]
    public void Long_fragment_pointers_are_judged_whole()
    {
        byte[] valid = Utf8("#/" + string.Concat(Enumerable.Repeat("a%20b/", 200)) + "x");
        byte[] hostile = Utf8("#/" + string.Concat(Enumerable.Repeat("a%20b/", 200)) + "%2E%2E/x");
        Assert.False(JsonPointerInjectionDetector.DetectPointer(valid).Detected);
        Assert.Equal(DetectionReason.JsonPointerTraversal, JsonPointerInjectionDetector.DetectPointer(hostile).Reason);
    }

    [Theory]
    [InlineData("/..")]
    [InlineData("/~0")]
    [InlineData("/")]
    [InlineData("constructor")]
    [InlineData("%25")]
    public void Work_is_linear_in_the_value_length(string unit)
    {
        byte[] k = Repeat(unit, 1024);
        byte[] m = Repeat(unit, 1024 * 1024);
        long small = 0, large = 0;
        JsonPointerInjectionDetector.DetectPointer([.. "#"u8, .. k], ref small);
        JsonPointerInjectionDetector.DetectPointer([.. "#"u8, .. m], ref large);
        JsonPointerInjectionDetector.DetectPointer(k, ref small);
        JsonPointerInjectionDetector.DetectPointer(m, ref large);
        JsonPointerInjectionDetector.DetectFragment(k, ref small);
        JsonPointerInjectionDetector.DetectFragment(m, ref large);
        Assert.InRange(large, 1, 8L * m.Length);
        Assert.True(large <= small * 1100, $"{unit}: {small} vs {large}");
    }

    [Fact]
    public void Nothing_is_allocated()
    {
        string[] values = ["/components/schemas/Pet", "#/a%20b/c", "/a~2", "/__proto__/x", "and/or", "#/" + string.Concat(Enumerable.Repeat("a%20b/", 200))];
        Assert.Equal(0, AllocatedBytes(JsonPointerInjectionDetector.DetectPointer, values));
        Assert.Equal(0, AllocatedBytes(JsonPointerInjectionDetector.DetectFragment, values));
    }
}
