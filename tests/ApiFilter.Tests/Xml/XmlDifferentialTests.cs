using System.Text;
using System.Xml;
using ApiFilter.Xml;
using Xunit.Abstractions;

namespace ApiFilter.Tests.Xml;

/// <summary>
/// Differential test against System.Xml's XmlReader (secure settings, every node and attribute read):
/// on hand-written documents and on deterministic mutations of valid ones, both must agree on
/// accept/refuse, except for the explained disagreement classes below. Any other disagreement fails.
/// </summary>
public class XmlDifferentialTests
{
    private readonly ITestOutputHelper _output;

    public XmlDifferentialTests(ITestOutputHelper output) => _output = output;

    /// <summary>Known, intended disagreements: a classifier recognises each one, with the reason.</summary>
    internal static readonly (string Name, string Reason, Func<byte[], bool, bool> Applies)[] Explained =
    [
        ("version-1.x",
         "XML 1.0 fifth edition allows any version 1.x in the declaration ([26] VersionNum ::= '1.' [0-9]+); XmlReader only accepts \"1.0\".",
         (doc, guardAllows) => guardAllows && Contains(doc, "version=") && !Contains(doc, "version=\"1.0\"") && !Contains(doc, "version='1.0'")),
        ("non-utf8-encoding",
         "We accept UTF-8 only and refuse other declared encodings and UTF-16/32 byte patterns (xml.encoding); XmlReader decodes them.",
         (doc, guardAllows) => !guardAllows && (ContainsEncodingOtherThanUtf8(doc) || (doc.Length > 1 && (doc[0] is 0x00 or 0xFE or 0xFF || doc[1] == 0x00)))),
        ("name-characters-5th-edition",
         "We apply the XML 1.0 fifth edition [4] NameStartChar / [4a] NameChar ranges (e.g. U+20AC, U+203F, U+10000 and up are name characters); XmlReader still uses the older, narrower name classes. Recognised by: XmlReader accepts the same document once every non-ASCII character is replaced by 'x'.",
         (doc, guardAllows) => guardAllows && XmlReaderAccepts(AsciiFolded(doc))),
        ("xmlns-element-prefix",
         "Namespaces in XML 1.0 (Reserved Prefixes): element names must not have the prefix xmlns; XmlReader does not enforce this.",
         (doc, guardAllows) => !guardAllows && Contains(doc, "<xmlns:")),
        ("version-grammar",
         "We check [26] VersionNum ::= '1.' [0-9]+ exactly; XmlReader accepts a version value that merely starts with \"1.0\".",
         (doc, guardAllows) => !guardAllows && VersionIsMalformed(doc)),
        ("truncated-utf8-at-end",
         "XmlReader's decoder silently drops an incomplete UTF-8 sequence at the very end of the stream; we refuse malformed UTF-8 anywhere ([2] Char).",
         (doc, guardAllows) => !guardAllows && EndsInIncompleteUtf8(doc)),
    ];

    private static byte[] AsciiFolded(byte[] doc)
    {
        var sb = new StringBuilder();
        foreach (var rune in Encoding.UTF8.GetString(doc).EnumerateRunes())
        {
            sb.Append(rune.Value < 0x80 ? (char)rune.Value : 'x');
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static bool VersionIsMalformed(byte[] doc)
    {
        var m = System.Text.RegularExpressions.Regex.Match(Encoding.Latin1.GetString(doc), "^<\\?xml\\s+version\\s*=\\s*[\"']([^\"']*)[\"']", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        return m.Success && !System.Text.RegularExpressions.Regex.IsMatch(m.Groups[1].Value, "^1\\.[0-9]+$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
    }

    private static bool EndsInIncompleteUtf8(byte[] doc)
    {
        for (int k = doc.Length - 1; k >= 0 && k >= doc.Length - 4; k--)
        {
            if ((doc[k] & 0xC0) != 0x80)
            {
                return doc[k] >= 0xC0 && System.Text.Rune.DecodeFromUtf8(doc.AsSpan(k), out _, out _) == System.Buffers.OperationStatus.NeedMoreData;
            }
        }

        return false;
    }

    internal static bool Contains(byte[] doc, string text) => doc.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    private static bool ContainsEncodingOtherThanUtf8(byte[] doc)
    {
        string s = Encoding.Latin1.GetString(doc);
        int i = s.IndexOf("encoding=", StringComparison.Ordinal);
        return i >= 0 && i + 15 <= s.Length && !s.Substring(i + 10, 5).Equals("UTF-8", StringComparison.OrdinalIgnoreCase);
    }

    internal static bool XmlReaderAccepts(byte[] doc)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            CloseInput = true,
        };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(doc), settings);
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    while (reader.MoveToNextAttribute())
                    {
                        _ = reader.Value;
                    }
                }
                else if (reader.HasValue)
                {
                    _ = reader.Value;
                }
            }

            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }

    private static bool GuardAccepts(byte[] doc) => XmlTestDriver.Judge(doc, Generous).Allowed;

    /// <summary>Limits out of the way: the differential is about well-formedness only.</summary>
    private static readonly XmlThreatLimits Generous = new()
    {
        MaxDepth = 10_000,
        MaxChildCount = 1_000_000,
        MaxAttributeCount = 10_000,
        MaxNamespaceDeclarations = 10_000,
        MaxElementNameLength = 100_000,
        MaxAttributeNameLength = 100_000,
        MaxPrefixLength = 100_000,
        MaxNamespaceUriLength = 100_000,
        MaxTextLength = 10_000_000,
        MaxAttributeValueLength = 10_000_000,
        MaxCommentLength = 10_000_000,
        MaxPITargetLength = 100_000,
        MaxPIDataLength = 10_000_000,
        MaxBodyBytes = 100_000_000,
    };

    private static readonly string[] ExtraHandWritten =
    [
        "<a><![CDATA[]]]]><![CDATA[>]]></a>",
        "<a b='&lt;&#60;'/>",
        "<a>\r\n</a>\r\n",
        "<x:a xmlns:x='u' x:b='1' b='2'/>",
        "<a xmlns:x='u'><x:b/><x:c xmlns:x='v'/></a>",
        "<a>&#x1F600;</a>",
        "<a>&#55296;</a>",
        "<a x='&#x9;&#xA;&#xD;'/>",
        "<?pi?><a/>",
        "<?pi ?><a/>",
        "<a><?pi\t\tx?></a>",
        "<a>text<!--c-->text</a>",
        "<a></a><!---->",
        "<a></a>\n<?x?>\n",
        "<a/>\u0000",
        "<a xml:lang='de-CH'/>",
        "<a xmlns:a='urn:a' a:a='1'/>",
        "<a b='1' / >",
        "<a\u00B7/>",
        "<\u00B7a/>",
        "<a:\u00B7b xmlns:a='u'/>",
        "<\U00010000/>",
        "<a\U000EFFFF/>",
        "<a\U000F0000/>",
        "<a>\U0010FFFF</a>",
    ];

    private static IEnumerable<byte[]> HandWritten()
    {
        foreach (var (doc, _) in XmlCases.All)
        {
            yield return XmlTestDriver.Bytes(doc);
        }

        foreach (string doc in ExtraHandWritten)
        {
            yield return XmlTestDriver.Bytes(doc);
        }
    }

    private static readonly string[] Insertions = ["<", "&", "]]>", "--", "\"", "'", "¤C3", "¤E2¤82¤AC", "¤FF", "&#0;", "&amp;", ">", "/", "=", ":", "<!--", "?>", "<?", "<![CDATA[", " ", "¤00", "¤0B"];

    /// <summary>Deterministic mutations (seeded) of valid documents.</summary>
    internal static IEnumerable<byte[]> Mutations()
    {
        string[] seeds =
        [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- head --><o:root xmlns:o=\"urn:o\" a=\"1\" b='x&amp;y'><o:item id=\"7\">text &lt;b&gt; &#233;</o:item><![CDATA[cd<>]]><?pi data?><e/></o:root>\n",
            "<a xmlns=\"urn:d\" xmlns:p=\"urn:p\" p:x=\"1\"><b c=\"2\">Zoë &#x1F600; ok</b><!-- c --><d/></a>",
            "<r><s t='u'>v</s><w>&quot;x&apos;</w></r>",
        ];

        var random = new Random(20260101);
        foreach (string seed in seeds)
        {
            var doc = XmlTestDriver.Bytes(seed);
            for (int m = 0; m < 1000; m++)
            {
                var list = new List<byte>(doc);
                int op = random.Next(5);
                int at = random.Next(list.Count + 1);
                switch (op)
                {
                    case 0: // truncation
                        list.RemoveRange(at, list.Count - at);
                        break;
                    case 1: // byte flip
                        if (at < list.Count)
                        {
                            list[at] = (byte)random.Next(256);
                        }

                        break;
                    case 2: // deletion
                        if (at < list.Count)
                        {
                            list.RemoveAt(at);
                        }

                        break;
                    default: // insertion of a troublesome token
                        list.InsertRange(at, XmlTestDriver.Bytes(Insertions[random.Next(Insertions.Length)]));
                        break;
                }

                yield return [.. list];
            }
        }
    }

    [Fact]
    public void Guard_agrees_with_XmlReader_on_hand_written_documents() => AssertAgreement(HandWritten(), minimum: 180);

    [Fact]
    public void Guard_agrees_with_XmlReader_on_mutated_documents() => AssertAgreement(Mutations(), minimum: 3000);

    private void AssertAgreement(IEnumerable<byte[]> docs, int minimum)
    {
        int count = 0;
        int refusedByBoth = 0;
        var explained = new Dictionary<string, int>(StringComparer.Ordinal);
        var unexplained = new List<string>();
        foreach (var doc in docs)
        {
            count++;
            bool ours = GuardAccepts(doc);
            bool theirs = XmlReaderAccepts(doc);
            if (!ours && !theirs)
            {
                refusedByBoth++;
            }

            if (ours == theirs)
            {
                continue;
            }

            string? reason = null;
            foreach (var (name, _, applies) in Explained)
            {
                if (applies(doc, ours))
                {
                    reason = name;
                    break;
                }
            }

            if (reason is null)
            {
                var j = XmlTestDriver.Judge(doc, Generous);
                unexplained.Add($"guard {(ours ? "accepts" : "refuses (" + j + ")")}, XmlReader {(theirs ? "accepts" : "refuses")}: {Printable(doc)}");
            }
            else
            {
                explained[reason] = explained.GetValueOrDefault(reason) + 1;
            }
        }

        _output.WriteLine($"{count} documents, {refusedByBoth} refused by both; explained disagreements: {string.Join(", ", explained.Select(p => $"{p.Key}={p.Value}"))}");
        foreach (string line in unexplained)
        {
            _output.WriteLine(line);
        }

        Assert.True(count >= minimum, $"only {count} documents");
        Assert.True(unexplained.Count == 0, $"{unexplained.Count} unexplained disagreements:\n{string.Join("\n", unexplained.Take(40))}");
    }

    internal static string Printable(byte[] doc)
    {
        var sb = new StringBuilder();
        foreach (byte b in doc)
        {
            sb.Append(b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"¤{b:X2}");
        }

        return sb.ToString();
    }
}
