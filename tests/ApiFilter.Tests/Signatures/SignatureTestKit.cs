using System.Buffers;
using System.Text;
using ApiFilter.Signatures;

namespace ApiFilter.Tests.Signatures;

/// <summary>Builds signature bases from test messages through the public API.</summary>
internal static class SignatureTestKit
{
    /// <summary>The signature base for <paramref name="label"/> of the message's own Signature-Input, or the status that stopped it.</summary>
    public static (SignatureVerificationStatus Status, string Base) BaseOf(TestMessage message, string label, TestMessage? request = null, MessageSignaturePolicy? policy = null)
    {
        string input = string.Join(", ", Values(message.Headers, "Signature-Input"));
        return BaseFor(message, input, label, request, policy);
    }

    /// <summary>The signature base for <paramref name="label"/> of <paramref name="signatureInput"/> over <paramref name="message"/>.</summary>
    public static (SignatureVerificationStatus Status, string Base) BaseFor(TestMessage message, string signatureInput, string label, TestMessage? request = null, MessageSignaturePolicy? policy = null)
    {
        StructuredFieldNode[] nodes = new StructuredFieldNode[256];
        StructuredFieldStatus parsed = StructuredFieldParser.Parse(signatureInput, StructuredFieldType.Dictionary, nodes, out int count);
        if (parsed != StructuredFieldStatus.Ok)
        {
            return (SignatureVerificationStatus.Malformed, "");
        }

        SignatureVerificationStatus status = SignatureInput.TryParse(nodes.AsSpan(0, count), signatureInput, label, out SignatureInput input);
        if (status != SignatureVerificationStatus.Valid)
        {
            return (status, "");
        }

        ArrayBufferWriter<byte> output = new();
        status = request is null
            ? SignatureBase.TryCreate(message.Components(), input, policy ?? MessageSignaturePolicy.Default, output)
            : SignatureBase.TryCreate(message.Components(), request.Components(), input, policy ?? MessageSignaturePolicy.Default, output);
        return (status, Encoding.UTF8.GetString(output.WrittenSpan));
    }

    /// <summary>The component lines (everything before the @signature-params line) for an inner list of identifiers.</summary>
    public static string Lines(TestMessage message, string components, TestMessage? request = null, MessageSignaturePolicy? policy = null)
    {
        (SignatureVerificationStatus status, string signatureBase) = BaseFor(message, "x=(" + components + ")", "x", request, policy);
        Assert.Equal(SignatureVerificationStatus.Valid, status);
        int last = signatureBase.LastIndexOf("\n\"@signature-params\"", StringComparison.Ordinal);
        return last < 0 ? "" : signatureBase[..last];
    }

    public static SignatureVerificationStatus LinesStatus(TestMessage message, string components, TestMessage? request = null, MessageSignaturePolicy? policy = null) =>
        BaseFor(message, "x=(" + components + ")", "x", request, policy).Status;

    /// <summary>A block of the RFC with its "(SP)" marker turned back into the space it stands for.</summary>
    public static string BlockText(string name) => SignatureCorpus.Block(name).Replace("(SP)", " ", StringComparison.Ordinal);

    public static IEnumerable<string> Values(HeaderList headers, string name)
    {
        int count = headers.GetValueCount(name);
        for (int i = 0; i < count; i++)
        {
            yield return headers.GetValue(name, i).ToString();
        }
    }
}
