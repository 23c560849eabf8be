using ApiFilter.Detection;
using static ApiFilter.Tests.Detection.Others.DetectorTestSupport;

namespace ApiFilter.Tests.Detection.Others;

public class NoSqlInjectionDetectorTests
{
    // MongoDB query, update and aggregation operators and CouchDB Mango selectors.
    public static TheoryData<string> OperatorNames => Data(
        "$where", "$ne", "$eq", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$regex", "$options", "$exists",
        "$expr", "$function", "$accumulator", "$or", "$and", "$nor", "$not", "$elemMatch", "$all", "$size",
        "$jsonSchema", "$mod", "$text", "$set", "$unset", "$inc", "$rename", "$push", "$lookup", "$unionWith",
        "$out", "$merge", "$match", "$group", "$graphLookup", "$allMatch", "$keyMapMatch", "$beginsWith",
        "$bitsAnySet", "$geoWithin", "$nearSphere", "$replaceRoot", "$addToSet", "$currentDate");

    // Money, JSON Schema / serializer keywords, near misses and case variants the databases do not accept.
    public static TheoryData<string> BenignNames => Data(
        "$5", "$100", "$", "$$", "$schema", "$id", "$ref", "$defs", "$anchor", "$dynamicRef", "$dynamicAnchor",
        "$vocabulary", "$comment", "$type", "$values", "$NE", "$Where", "$wherever", "$nee", "ne", "where",
        "price$", "a$ne", "$ ne", "regex", "$regexp", "$filter", "$top", "$select", "$orderby", "$expand",
        "$search", "$count", "$skip", "name", "");

    public static TheoryData<string> AttackParameterNames => Data(
        "username[$ne]", "password[$regex]", "age[$gt]", "user[0][$ne]", "filter[name][$regex]", "a.$ne",
        "user[$where]", "x[$exists]", "login[$in][]", "q[$nin][0]", "username%5B%24ne%5D", "username%5b$ne%5d",
        "user[%24gt]", "a[$or][0][b]");

    public static TheoryData<string> BenignParameterNames => Data(
        "username", "user[name]", "filter[price]", "items[0]", "$filter", "$top", "$search", "price[$5]",
        "a[$schema]", "a[$ref]", "page[size]", "sort", "fields[articles]", "a.b.c", "a[]", "x[$nee]",
        "q[NE]", "data[$type]");

    public static TheoryData<string> AttackValues => Data(
        "{\"$ne\": null}",
        "{\"$gt\":\"\"}",
        "{ $ne: 1 }",
        "{'$regex': '.*'}",
        "{\"$where\": \"sleep(5000)\"}",
        "x[$ne]=1",
        "' || '1'=='1",
        "' || 1==1//",
        "\" || true",
        "'; return true; var a='",
        "'; return this.password; var x='",
        "1; sleep(5000)",
        "'; while(true){}; '",
        "0; return 1",
        "a'; db.users.drop(); var b='",
        "x\"; var d = 1; //",
        "' && this.password.match(/.*/)//",
        "%7B%22%24ne%22%3A1%7D",
        "%27%3B%20return%20true%3B%20var%20a%3D%27");

    public static TheoryData<string> BenignValues => Data(
        "It costs $5 or {$10}",
        "Tom & Jerry; then lunch",
        "O'Brien || Smith",
        "\"quoted\" && more",
        "Damaged; return requested",
        "Meet me; let me know",
        "He said 'go' && left",
        "a JSON Schema: {\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"$id\": \"x\"}",
        "{\"$ref\": \"#/components/schemas/Pet\"}",
        "price [$USD] 5",
        "It's fine; this is the plan",
        "while you wait; sleep well",
        "function of the day",
        "Use {name} and [brackets]",
        "select * from t where a = 1",
        "email@example.com",
        "{\"$comment\": \"note\", \"$type\": \"Dog\"}");

    [Theory]
    [MemberData(nameof(OperatorNames))]
    public void Operator_member_names_are_recognised(string name)
    {
        Assert.True(NoSqlInjectionDetector.IsOperatorName(Utf8(name)));
        DetectionResult r = NoSqlInjectionDetector.DetectMemberName(Utf8(name));
        Assert.Equal(DetectionReason.NoSqlOperator, r.Reason);
        Assert.Equal(0, r.Offset);
    }

    [Theory]
    [MemberData(nameof(BenignNames))]
    public void Money_schema_keywords_and_near_misses_are_not_operators(string name)
    {
        Assert.False(NoSqlInjectionDetector.IsOperatorName(Utf8(name)));
        Assert.False(NoSqlInjectionDetector.DetectMemberName(Utf8(name)).Detected);
    }

    [Theory]
    [MemberData(nameof(AttackParameterNames))]
    public void Operator_subscripts_in_parameter_names_are_refused(string name)
    {
        Assert.Equal(DetectionReason.NoSqlOperator, NoSqlInjectionDetector.DetectParameterName(Utf8(name)).Reason);
    }

    [Theory]
    [MemberData(nameof(BenignParameterNames))]
    public void Ordinary_parameter_names_pass(string name)
    {
        Assert.False(NoSqlInjectionDetector.DetectParameterName(Utf8(name)).Detected, name);
    }

    [Fact]
    public void Encoded_parameter_name_is_reported_as_decoded()
    {
        DetectionResult r = NoSqlInjectionDetector.DetectParameterName("username%5B%24ne%5D"u8);
        Assert.True(r.Normalized);
        Assert.Equal(9, r.Offset);
    }

    [Theory]
    [MemberData(nameof(AttackValues))]
    public void Operator_objects_and_where_breakouts_in_values_are_refused(string value)
    {
        DetectionResult r = NoSqlInjectionDetector.DetectValue(Utf8(value));
        Assert.True(r.Reason is DetectionReason.NoSqlOperator or DetectionReason.NoSqlJavaScript, $"{value}: {r}");
    }

    [Theory]
    [MemberData(nameof(BenignValues))]
    public void Ordinary_values_pass(string value)
    {
        DetectionResult r = NoSqlInjectionDetector.DetectValue(Utf8(value));
        Assert.False(r.Detected, $"{value}: {r}");
    }

    [Fact]
    public void Reasons_distinguish_operator_objects_from_javascript()
    {
        Assert.Equal(DetectionReason.NoSqlOperator, NoSqlInjectionDetector.DetectValue("{\"$ne\":1}"u8).Reason);
        Assert.Equal(new DetectionResult(DetectionReason.NoSqlJavaScript, 2, normalized: false), NoSqlInjectionDetector.DetectValue("x'; return true; //"u8));
    }

    [Theory]
    [InlineData("{{{{")]
    [InlineData("'''' ")]
    [InlineData(";;;;")]
    [InlineData("[$ne")]
    [InlineData("%25")]
    [InlineData("{ \"$")]
    public void Work_is_linear_in_the_value_length(string unit)
    {
        long small = 0, large = 0;
        byte[] k = Repeat(unit, 1024);
        byte[] m = Repeat(unit, 1024 * 1024);
        NoSqlInjectionDetector.DetectValue(k, ref small);
        NoSqlInjectionDetector.DetectValue(m, ref large);
        Assert.InRange(large, 1, 24L * m.Length);
        Assert.InRange((double)large / small, 500, 1100 * 1.05);

        long names = 0;
        NoSqlInjectionDetector.DetectParameterName(m, ref names);
        Assert.InRange(names, 1, 24L * m.Length);
    }

    [Fact]
    public void Nothing_is_allocated()
    {
        string[] values = ["Tom & Jerry; then lunch", "{\"$ne\": null}", "'; return true; var a='", "%7B%22%24ne%22%3A1%7D", new string('x', 2000) + "%25"];
        Assert.Equal(0, AllocatedBytes(NoSqlInjectionDetector.DetectValue, values));
        Assert.Equal(0, AllocatedBytes(NoSqlInjectionDetector.DetectParameterName, ["user[$ne]", "user%5B%24ne%5D", "page[size]"]));
        Assert.Equal(0, AllocatedBytes(NoSqlInjectionDetector.DetectMemberName, ["$where", "$schema"]));
    }
}
