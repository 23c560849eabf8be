using ApiFilter.Signatures;

namespace ApiFilter.Tests.Signatures;

/// <summary>The component examples of RFC 9421 sections 2.1-2.3 (corpus/rfc9421/blocks): each rebuilt line equals the RFC's.</summary>
public sealed class SignatureComponentTests
{
    private static TestMessage Message(string block, string scheme = "https") => TestMessage.Parse(SignatureCorpus.Block(block), scheme);

    [Fact]
    public void Fields_TrimmedJoinedAndUnfolded()
    {
        // 2.1: OWS trimmed, obs-fold replaced by one space, several lines joined with ", ", inner spaces kept
        TestMessage message = TestMessage.Parse("GET / HTTP/1.1\n" + SignatureCorpus.Block("001-"));
        string lines = SignatureTestKit.Lines(message, "\"host\" \"date\" \"x-ows-header\" \"x-obs-fold-header\" \"cache-control\" \"example-dict\"");
        Assert.Equal(SignatureCorpus.Block("002-"), lines);
    }

    [Fact]
    public void Fields_EmptyValue()
    {
        TestMessage message = TestMessage.Parse("GET / HTTP/1.1\nX-Empty-Header: ");
        Assert.Equal(SignatureTestKit.BlockText("004-"), SignatureTestKit.Lines(message, "\"x-empty-header\""));
    }

    [Fact]
    public void StructuredField_Reserialized()
    {
        TestMessage message = TestMessage.Parse("GET / HTTP/1.1\n" + SignatureCorpus.Block("005-"));
        Assert.Equal(SignatureCorpus.Block("006-"), SignatureTestKit.Lines(message, "\"example-dict\""));
        Assert.Equal(SignatureCorpus.Block("007-"), SignatureTestKit.Lines(message, "\"example-dict\";sf"));
    }

    [Fact]
    public void DictionaryMembers_ByKey()
    {
        TestMessage message = TestMessage.Parse("GET / HTTP/1.1\n" + SignatureCorpus.Block("008-"));
        string lines = SignatureTestKit.Lines(message, "\"example-dict\";key=\"a\" \"example-dict\";key=\"d\" \"example-dict\";key=\"b\" \"example-dict\";key=\"c\"");
        Assert.Equal(SignatureCorpus.Block("009-"), lines);
        Assert.Equal(SignatureVerificationStatus.ComponentMissing, SignatureTestKit.LinesStatus(message, "\"example-dict\";key=\"zz\""));
    }

    [Fact]
    public void ByteSequence_PerFieldLine()
    {
        TestMessage twoLines = TestMessage.Parse("GET / HTTP/1.1\n" + SignatureCorpus.Block("010-"));
        TestMessage oneLine = TestMessage.Parse("GET / HTTP/1.1\n" + SignatureCorpus.Block("011-"));
        Assert.Equal(SignatureCorpus.Block("012-"), SignatureTestKit.Lines(twoLines, "\"example-header\""));
        Assert.Equal(SignatureCorpus.Block("012-"), SignatureTestKit.Lines(oneLine, "\"example-header\""));
        Assert.Equal(SignatureCorpus.Block("013-"), SignatureTestKit.Lines(twoLines, "\"example-header\";bs"));
        Assert.Equal(SignatureCorpus.Block("014-"), SignatureTestKit.Lines(oneLine, "\"example-header\";bs"));
    }

    [Theory]
    [InlineData("017-", "\"@method\"", "019-", "https")]
    [InlineData("020-", "\"@target-uri\"", "022-", "https")]
    [InlineData("023-", "\"@authority\"", "025-", "https")]
    [InlineData("026-", "\"@scheme\"", "028-", "http")]
    [InlineData("029-", "\"@request-target\"", "031-", "https")]
    [InlineData("032-", "\"@request-target\"", "034-", "https")]
    [InlineData("035-", "\"@request-target\"", "037-", "https")]
    [InlineData("038-", "\"@request-target\"", "040-", "https")]
    [InlineData("041-", "\"@path\"", "043-", "https")]
    [InlineData("044-", "\"@query\"", "046-", "https")]
    [InlineData("047-", "\"@query\"", "049-", "https")]
    [InlineData("057-", "\"@status\"", "059-", "https")]
    public void DerivedComponents(string messageBlock, string component, string expectedBlock, string scheme)
    {
        Assert.Equal(SignatureCorpus.Block(expectedBlock), SignatureTestKit.Lines(Message(messageBlock, scheme), component));
    }

    [Fact]
    public void Query_Absent_IsQuestionMarkAlone()
    {
        TestMessage message = TestMessage.Parse("GET /path HTTP/1.1\nHost: www.example.com");
        Assert.Equal(SignatureCorpus.Block("051-"), SignatureTestKit.Lines(message, "\"@query\""));
    }

    [Fact]
    public void QueryParameters()
    {
        Assert.Equal(
            SignatureTestKit.BlockText("053-"),
            SignatureTestKit.Lines(Message("052-"), "\"@query-param\";name=\"baz\" \"@query-param\";name=\"qux\" \"@query-param\";name=\"param\""));
        Assert.Equal(
            SignatureCorpus.Block("055-"),
            SignatureTestKit.Lines(Message("054-"), "\"@query-param\";name=\"var\" \"@query-param\";name=\"bar\" \"@query-param\";name=\"fa%C3%A7ade%22%3A%20\""));
    }

    [Fact]
    public void QueryParameter_MissingOrRepeated_IsRefused()
    {
        TestMessage message = TestMessage.Parse("GET /p?a=1&b=2&a=3 HTTP/1.1\nHost: h");
        Assert.Equal(SignatureVerificationStatus.ComponentMissing, SignatureTestKit.LinesStatus(message, "\"@query-param\";name=\"c\""));
        Assert.Equal(SignatureVerificationStatus.ComponentAmbiguous, SignatureTestKit.LinesStatus(message, "\"@query-param\";name=\"a\""));
        Assert.Equal(SignatureVerificationStatus.Malformed, SignatureTestKit.LinesStatus(message, "\"@query-param\""));
    }

    [Fact]
    public void SignatureParams_Serialization()
    {
        // the @signature-params value is the re-serialized inner list, whatever spacing it arrived with
        TestMessage message = TestMessage.Parse("GET / HTTP/1.1\nHost: h");
        string input = "sig1=(  \"@target-uri\"   \"@authority\" \"date\" \"cache-control\" );keyid=\"test-key-rsa-pss\";alg=\"rsa-pss-sha512\";created=1618884475;expires=1618884775";
        message.Headers.Add("Date", "d").Add("Cache-Control", "c");
        string signatureBase = SignatureTestKit.BaseFor(message, input, "sig1").Base;
        Assert.EndsWith("\"@signature-params\": " + SignatureCorpus.Block("060-"), signatureBase, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"@status\"", SignatureVerificationStatus.ComponentMissing)]
    [InlineData("\"@signature-params\"", SignatureVerificationStatus.Malformed)]
    [InlineData("\"@unknown\"", SignatureVerificationStatus.ComponentNotSupported)]
    [InlineData("\"Content-Type\"", SignatureVerificationStatus.Malformed)]
    [InlineData("\"content-type\";tr", SignatureVerificationStatus.ComponentNotSupported)]
    [InlineData("\"content-type\";foo", SignatureVerificationStatus.ComponentNotSupported)]
    [InlineData("\"content-type\";sf", SignatureVerificationStatus.ComponentNotSupported)]
    [InlineData("\"content-type\";bs;sf", SignatureVerificationStatus.Malformed)]
    [InlineData("\"content-type\";req", SignatureVerificationStatus.Malformed)]
    [InlineData("\"@method\";sf", SignatureVerificationStatus.Malformed)]
    [InlineData("\"@method\";name=\"a\"", SignatureVerificationStatus.Malformed)]
    [InlineData("\"x-absent\"", SignatureVerificationStatus.ComponentMissing)]
    [InlineData("\"\"", SignatureVerificationStatus.Malformed)]
    [InlineData("\"date\" \"date\"", SignatureVerificationStatus.ComponentDuplicated)]
    [InlineData("\"@query-param\";name=\"a\" \"@query-param\";name=\"a\"", SignatureVerificationStatus.ComponentDuplicated)]
    public void BadComponents_AreRefusedWithAReason(string components, SignatureVerificationStatus expected)
    {
        TestMessage message = TestMessage.Parse("GET /p?a=1 HTTP/1.1\nHost: h\nDate: d\nContent-Type: text/plain");
        Assert.Equal(expected, SignatureTestKit.LinesStatus(message, components));
    }

    [Fact]
    public void SameNameDifferentParameters_AreDistinctComponents()
    {
        TestMessage message = TestMessage.Parse("GET / HTTP/1.1\nExample-Dict: a=1, b=2");
        Assert.Equal(
            "\"example-dict\": a=1, b=2\n\"example-dict\";sf: a=1, b=2\n\"example-dict\";key=\"a\": 1",
            SignatureTestKit.Lines(message, "\"example-dict\" \"example-dict\";sf \"example-dict\";key=\"a\""));
    }

    [Fact]
    public void Authority_IsNormalized()
    {
        TestMessage message = TestMessage.Parse("GET / HTTP/1.1\nHost: WWW.Example.COM:443");
        Assert.Equal("\"@authority\": www.example.com\n\"@target-uri\": https://www.example.com/", SignatureTestKit.Lines(message, "\"@authority\" \"@target-uri\""));
    }

    [Fact]
    public void BareLineBreakInAField_IsRefused()
    {
        TestMessage message = TestMessage.Parse("GET / HTTP/1.1\nHost: h");
        message.Headers.Add("X-Bad", "one\ntwo");
        Assert.Equal(SignatureVerificationStatus.Malformed, SignatureTestKit.LinesStatus(message, "\"x-bad\""));
    }
}
