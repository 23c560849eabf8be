using System.Text;
using ApiFilter.Json;
using ApiFilter.Pipeline;

namespace ApiFilter.Tests.Json;

/// <summary>
/// Every limit at its boundary: a body exactly at the limit passes, one past it is refused with the
/// limit's code, a pointer to the spot (RFC 6901) and the offset of the token that broke it. Every
/// body is also judged split at every byte (see <see cref="GuardRun.AssertSameAtEverySplit"/>).
/// </summary>
public sealed class JsonGuardLimitTests
{
    private static byte[] U(string json) => Encoding.UTF8.GetBytes(json);

    private static void AssertAllowed(string json, JsonThreatLimits? limits = null)
    {
        GuardOutcome outcome = GuardRun.AssertSameAtEverySplit(U(json), limits);
        Assert.True(outcome.Status == GuardStatus.Allowed, $"{json} -> {outcome}");
    }

    private static Violation AssertRefused(string json, string code, string pointer, long offset, JsonThreatLimits? limits = null)
    {
        GuardOutcome outcome = GuardRun.AssertSameAtEverySplit(U(json), limits);
        Assert.True(outcome.Status == GuardStatus.Refused, $"{json} -> {outcome}");
        Assert.Equal(code, outcome.Code);
        Assert.Equal(pointer, outcome.Pointer);
        Assert.Equal(offset, outcome.Violation!.Offset);
        return outcome.Violation;
    }

    // ---- json.depth: the outermost container is depth 1 ----

    [Fact]
    public void Depth_DefaultLimit_64NestedArraysAllowed_65Refused()
    {
        Assert.Equal(64, JsonThreatLimits.Default.MaxDepth);
        AssertAllowed(new string('[', 64) + new string(']', 64));

        string tooDeep = new string('[', 65) + new string(']', 65);

        // The 65th '[' (offset 64) is the first element of the 64th array: 64 times "/0".
        string pointer = string.Concat(Enumerable.Repeat("/0", 64));
        Violation v = AssertRefused(tooDeep, ViolationCodes.JsonDepth, pointer, 64);
        Assert.Contains("json.depth = 64", v.Message, StringComparison.Ordinal);
        Assert.Equal(400, v.Status);
    }

    [Fact]
    public void Depth_CountsObjectsAndArraysAlike()
    {
        var limits = new JsonThreatLimits { MaxDepth = 3 };
        AssertAllowed("{\"a\":[{\"b\":1}]}", limits);
        AssertAllowed("[[[]],[[]]]", limits);

        // Fourth container: the array under /a/0/b, starting at offset 11.
        AssertRefused("{\"a\":[{\"b\":[1]}]}", ViolationCodes.JsonDepth, "/a/0/b", 11, limits);
    }

    [Fact]
    public void Depth_ScalarsDoNotCount()
    {
        var limits = new JsonThreatLimits { MaxDepth = 1 };
        AssertAllowed("[1,\"x\",true,null]", limits);
        AssertAllowed("\"top-level scalar\"", limits);
        AssertRefused("[1,{}]", ViolationCodes.JsonDepth, "/1", 3, limits);
    }

    // ---- json.arrayLength: the pointer is the array, the offset the first element too many ----

    [Fact]
    public void ArrayLength_AtLimitAllowed_OnePastRefused()
    {
        var limits = new JsonThreatLimits { MaxArrayLength = 3 };
        AssertAllowed("[1,2,3]", limits);
        AssertAllowed("[[1,2,3],[1,2,3]]", limits);
        Violation v = AssertRefused("[1,2,3,4]", ViolationCodes.JsonArrayLength, "", 7, limits);
        Assert.Contains("more than 3 elements", v.Message, StringComparison.Ordinal);
        Assert.Contains("json.arrayLength = 3", v.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ArrayLength_CountsEveryKindOfElement_PointsAtNestedArray()
    {
        var limits = new JsonThreatLimits { MaxArrayLength = 3 };

        // Fourth element is an object; the pointer names the array that holds it.
        string json = "{\"orders\":[{\"items\":[\"a\",null,[],{}]}]}";
        AssertRefused(json, ViolationCodes.JsonArrayLength, "/orders/0/items", json.IndexOf("{}", StringComparison.Ordinal), limits);
    }

    [Fact]
    public void ArrayLength_DefaultLimit()
    {
        string atLimit = "[" + string.Join(',', Enumerable.Repeat("0", 10_000)) + "]";
        Assert.Equal(GuardStatus.Allowed, GuardRun.AssertSameAtEverySplit(U(atLimit)).Status);
        string past = "[" + string.Join(',', Enumerable.Repeat("0", 10_001)) + "]";
        GuardOutcome outcome = GuardRun.AssertSameAtEverySplit(U(past));
        Assert.Equal(ViolationCodes.JsonArrayLength, outcome.Code);
        Assert.Equal("", outcome.Pointer);
        Assert.Equal(1 + (10_000 * 2), outcome.Violation!.Offset);
    }

    // ---- json.objectEntries ----

    [Fact]
    public void ObjectEntries_AtLimitAllowed_OnePastRefused()
    {
        var limits = new JsonThreatLimits { MaxObjectEntries = 2 };
        AssertAllowed("{\"a\":1,\"b\":{\"c\":2,\"d\":3}}", limits);
        Violation v = AssertRefused("{\"a\":1,\"b\":2,\"c\":3}", ViolationCodes.JsonObjectEntries, "", 13, limits);
        Assert.Contains("json.objectEntries = 2", v.Message, StringComparison.Ordinal);

        string nested = "{\"x\":[{},{\"a\":1,\"b\":2,\"c\":3}]}";
        AssertRefused(nested, ViolationCodes.JsonObjectEntries, "/x/1", nested.IndexOf("\"c\"", StringComparison.Ordinal), limits);
    }

    [Fact]
    public void ObjectEntries_DefaultLimitOf1000_DistinctNames()
    {
        Assert.Equal(GuardStatus.Allowed, GuardRun.AssertSameAtEverySplit(U(ObjectWithMembers(1000))).Status);
        string past = ObjectWithMembers(1001);
        GuardOutcome outcome = GuardRun.AssertSameAtEverySplit(U(past));
        Assert.Equal(ViolationCodes.JsonObjectEntries, outcome.Code);
        Assert.Equal(past.IndexOf("\"m1000\"", StringComparison.Ordinal), outcome.Violation!.Offset);
    }

    // ---- json.stringLength: UTF-8 bytes after unescaping ----

    [Fact]
    public void StringLength_CountsUnescapedUtf8Bytes()
    {
        var limits = new JsonThreatLimits { MaxStringLength = 5 };
        AssertAllowed("[\"abcde\"]", limits);
        AssertAllowed("[\"\\u0061\\u0062\\u0063\\u0064\\u0065\"]", limits); // 30 raw bytes, 5 unescaped
        AssertAllowed("[\"\\ud83d\\ude00a\"]", limits);                     // U+1F600 is 4 bytes, +1
        AssertAllowed("[\"\\n\\t\\\\\\\"\\/\"]", limits);                     // five one-byte escapes

        Violation v = AssertRefused("[\"abcdef\"]", ViolationCodes.JsonStringLength, "/0", 1, limits);
        Assert.Contains("6 UTF-8 bytes", v.Message, StringComparison.Ordinal);
        Assert.Contains("json.stringLength = 5", v.Message, StringComparison.Ordinal);
        AssertRefused("{\"a\":[\"x\",\"ééé\"]}", ViolationCodes.JsonStringLength, "/a/1", 10, limits); // 3 x 2 bytes
        AssertRefused("[\"\\u00e9\\u00e9\\u00e9\"]", ViolationCodes.JsonStringLength, "/0", 1, limits);
        AssertRefused("\"abcdef\"", ViolationCodes.JsonStringLength, "", 0, limits);
    }

    // ---- duplicate names around the 16-byte fingerprint boundary: equal only when every byte is ----

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(40)]
    public void DuplicateNames_EveryByteCounts(int length)
    {
        // Names that differ in one byte only, at every position, and at every length class.
        var members = new List<string>();
        for (int at = 0; at < length; at++)
        {
            char[] name = new string('a', length).ToCharArray();
            name[at] = 'b';
            members.Add(new string(name));
        }

        members.Add(new string('a', length));
        if (length > 1)
        {
            members.Add(new string('a', length - 1)); // a shorter name that shares every read byte
        }

        string distinct = "{" + string.Join(",", members.Select((m, i) => $"\"{m}\":{i}")) + "}";
        AssertAllowed(distinct, JsonThreatLimits.Default);

        string repeated = "{" + string.Join(",", members.Select((m, i) => $"\"{m}\":{i}")) + $",\"{members[length / 2]}\":0}}";
        GuardOutcome outcome = GuardRun.Single(Encoding.UTF8.GetBytes(repeated));
        Assert.Equal(ViolationCodes.JsonDuplicateName, outcome.Code);
        Assert.Equal("/" + members[length / 2], outcome.Pointer);
    }

    [Fact]
    public void DuplicateNames_EscapedAndPlainSpellingsAreTheSameName()
    {
        GuardOutcome shortName = GuardRun.Single("{\"abc\":1,\"a\\u0062c\":2}"u8);
        Assert.Equal(ViolationCodes.JsonDuplicateName, shortName.Code);
        Assert.Equal("/abc", shortName.Pointer);

        GuardOutcome longName = GuardRun.Single("{\"abcdefghijklmnopq\":1,\"abcdefghijklmnop\\u0071\":2}"u8);
        Assert.Equal(ViolationCodes.JsonDuplicateName, longName.Code);
        Assert.Equal("/abcdefghijklmnopq", longName.Pointer);
    }

    // ---- json.nameLength: names measured like strings; the pointer is the object holding it ----

    [Fact]
    public void NameLength_CountsUnescapedUtf8Bytes()
    {
        var limits = new JsonThreatLimits { MaxNameLength = 4 };
        AssertAllowed("{\"abcd\":1,\"\\u0062bcd\":{}}", limits);
        AssertAllowed("{\"éé\":1}", limits);
        Violation v = AssertRefused("{\"o\":{\"abcde\":1}}", ViolationCodes.JsonNameLength, "/o", 6, limits);
        Assert.Contains("json.nameLength = 4", v.Message, StringComparison.Ordinal);
        AssertRefused("{\"ééa\":1}", ViolationCodes.JsonNameLength, "", 1, limits);

        // A long name is not a long string: the string limit does not apply to names.
        AssertAllowed("{\"abcd\":\"a much longer value\"}", limits with { MaxStringLength = 100 });
    }

    // ---- json.numberLength: characters of the literal ----

    [Fact]
    public void NumberLength_CountsLiteralCharacters()
    {
        var limits = new JsonThreatLimits { MaxNumberLength = 5 };
        AssertAllowed("[12345,-1234,1.5e3,-0.25]", limits);
        Violation v = AssertRefused("{\"n\":123456}", ViolationCodes.JsonNumberLength, "/n", 5, limits);
        Assert.Contains("6 characters", v.Message, StringComparison.Ordinal);
        AssertRefused("[1,-1.5e3]", ViolationCodes.JsonNumberLength, "/1", 3, limits);
        AssertRefused("100000", ViolationCodes.JsonNumberLength, "", 0, limits);
    }

    // ---- json.duplicateName: unescaped names, per object ----

    [Fact]
    public void DuplicateName_SameObject_Refused_PointsAtMember()
    {
        Violation v = AssertRefused("{\"a\":1,\"b\":2,\"a\":3}", ViolationCodes.JsonDuplicateName, "/a", 13);
        Assert.Contains("json.duplicateName", v.Message, StringComparison.Ordinal);
        Assert.Contains("\"a\"", v.Message, StringComparison.Ordinal);
        AssertRefused("{\"x\":{\"id\":1,\"id\":1}}", ViolationCodes.JsonDuplicateName, "/x/id", 13);
    }

    [Fact]
    public void DuplicateName_ComparesUnescapedNames()
    {
        AssertRefused("{\"a\":1,\"\\u0061\":2}", ViolationCodes.JsonDuplicateName, "/a", 7);
        AssertRefused("{\"a/b\":1,\"a\\/b\":2}", ViolationCodes.JsonDuplicateName, "/a~1b", 9);
        AssertRefused("{\"m~n\":1,\"m~n\":2}", ViolationCodes.JsonDuplicateName, "/m~0n", 9);
        AssertRefused("{\"é\":1,\"\\u00e9\":2}", ViolationCodes.JsonDuplicateName, "/é", 8);
        AssertRefused("{\"\\ud83d\\ude00\":1,\"😀\":2}", ViolationCodes.JsonDuplicateName, "/😀", 18);
        AssertAllowed("{\"a\":1,\"A\":2,\"a \":3,\"\\u0000a\":4}");
    }

    [Fact]
    public void DuplicateName_IsPerObject()
    {
        AssertAllowed("{\"a\":{\"a\":{\"a\":1}},\"b\":{\"a\":2}}");
        AssertAllowed("[{\"id\":1},{\"id\":2},{\"id\":3}]");

        // A name reused after a nested object closed is still a duplicate of the outer member.
        AssertRefused("{\"a\":{\"b\":1},\"b\":2,\"a\":3}", ViolationCodes.JsonDuplicateName, "/a", 19);
    }

    [Fact]
    public void DuplicateName_CanBeSwitchedOff()
    {
        var limits = new JsonThreatLimits { RejectDuplicateNames = false };
        AssertAllowed("{\"a\":1,\"a\":2,\"\\u0061\":3}", limits);

        // Pointers still name the current member.
        AssertRefused("{\"a\":1,\"a\":[1,2]}", ViolationCodes.JsonArrayLength, "/a", 14, limits with { MaxArrayLength = 1 });
    }

    [Fact]
    public void DuplicateName_LargeObject_FindsDuplicateOfAnyEarlierMember()
    {
        string members = ObjectWithMembers(999);
        string json = members[..^1] + ",\"m500\":true}";
        GuardOutcome outcome = GuardRun.AssertSameAtEverySplit(U(json));
        Assert.Equal(ViolationCodes.JsonDuplicateName, outcome.Code);
        Assert.Equal("/m500", outcome.Pointer);
        Assert.Equal(json.LastIndexOf("\"m500\"", StringComparison.Ordinal), outcome.Violation!.Offset);
    }

    [Fact]
    public void DuplicateName_NestedLargeObjects_EachHasItsOwnSet()
    {
        // Objects past the small-object size use the shared hash table: an inner object reusing
        // every outer name is fine, and the outer names are still known after it closed.
        string inner = ObjectWithMembers(40);
        string outer = ObjectWithMembers(40)[..^1] + ",\"inner\":" + inner + ",\"list\":[" + inner + "," + inner + "]";
        AssertAllowed(outer + "}");

        string json = outer + ",\"m39\":0}";
        AssertRefused(json, ViolationCodes.JsonDuplicateName, "/m39", json.LastIndexOf("\"m39\"", StringComparison.Ordinal));

        string dupInside = "{\"a\":" + inner[..^1] + ",\"m7\":1}}";
        AssertRefused(dupInside, ViolationCodes.JsonDuplicateName, "/a/m7", dupInside.LastIndexOf("\"m7\"", StringComparison.Ordinal));
    }

    [Fact]
    public void DuplicateName_ManyObjectsAtOnce_TableGrowsAndShrinks()
    {
        // 30 nested objects of 20 members each are open at the same time at the deepest point.
        var json = new StringBuilder();
        for (int d = 0; d < 30; d++)
        {
            json.Append(ObjectWithMembers(20)[..^1]).Append(",\"next\":");
        }

        json.Append("null").Append('}', 30);
        AssertAllowed(json.ToString());
    }

    // ---- pointers ----

    [Fact]
    public void Pointer_EscapesTildeAndSlash_RFC6901()
    {
        var limits = new JsonThreatLimits { MaxNumberLength = 2 };
        AssertRefused("{\"a/b\":{\"~1\":[0,123]}}", ViolationCodes.JsonNumberLength, "/a~1b/~01/1", 16, limits);
        AssertRefused("{\"\":{\" \":123}}", ViolationCodes.JsonNumberLength, "// ", 9, limits);
    }

    private static string ObjectWithMembers(int count)
    {
        var json = new StringBuilder("{");
        for (int i = 0; i < count; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("\"m").Append(i).Append("\":").Append(i);
        }

        return json.Append('}').ToString();
    }
}
