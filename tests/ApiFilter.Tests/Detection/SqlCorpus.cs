using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using ApiFilter.Contract;
using ApiFilter.Detection;

namespace ApiFilter.Tests.Detection;

/// <summary>One value of a corpus: where it comes from (file:line or rule/test) and its bytes.</summary>
internal sealed record CorpusValue(string Id, byte[] Bytes)
{
    public string Text => Encoding.UTF8.GetString(Bytes);
}

/// <summary>One CRS regression test stage: must the rule fire, and the values a WAF would inspect.</summary>
internal sealed record CrsCase(string Id, bool MustMatch, List<byte[]> Values);

/// <summary>
/// Readers for the attack and benign corpora under corpus/: libinjection's samples (one URL-encoded
/// input per line, '#' comments), the OWASP CRS regression tests (go-ftw YAML) and our own benign
/// value list.
/// </summary>
internal static class SqlCorpus
{
    public static string CorpusRoot() => Contract.ContractCorpusTests.CorpusRoot();

    /// <summary>The libinjection SQLi sample files (names relative to data/).</summary>
    public static IEnumerable<string> LibinjectionSqliFiles() =>
        Directory.EnumerateFiles(Path.Combine(CorpusRoot(), "libinjection", "data"), "sqli-*.txt")
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)!;

    /// <summary>
    /// The samples of a libinjection data file, decoded as upstream's reader does: %XX and '+'
    /// URL-decoding, then trailing whitespace trimmed.
    /// </summary>
    public static List<CorpusValue> Libinjection(string file)
    {
        var values = new List<CorpusValue>();
        string[] lines = File.ReadAllLines(Path.Combine(CorpusRoot(), "libinjection", "data", file));
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            byte[] decoded = UrlDecode(line, plusIsSpace: true);
            int end = decoded.Length;
            while (end > 0 && decoded[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0x0B or 0x0C)
            {
                end--;
            }

            values.Add(new CorpusValue($"{file}:{i + 1}", decoded[..end]));
        }

        return values;
    }

    /// <summary>The benign corpus, one literal value per line.</summary>
    public static List<CorpusValue> Benign()
    {
        var values = new List<CorpusValue>();
        string[] lines = File.ReadAllLines(Path.Combine(CorpusRoot(), "benign-values", "values.txt"), Encoding.UTF8);
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length > 0)
            {
                values.Add(new CorpusValue($"values.txt:{i + 1}", Encoding.UTF8.GetBytes(lines[i])));
            }
        }

        return values;
    }

    /// <summary>The paranoia level of each CRS rule (rule-paranoia-levels.tsv), as the sensitivity its tests are judged at.</summary>
    public static Dictionary<string, DetectionSensitivity> CrsRuleLevels() =>
        File.ReadAllLines(Path.Combine(CorpusRoot(), "crs-regression-sqli-xss", "rule-paranoia-levels.tsv"))
            .Skip(1)
            .Select(l => l.Split('\t'))
            .ToDictionary(p => p[0], p => (DetectionSensitivity)int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);

    /// <summary>Every stage of the CRS regression tests of one rule family folder (e.g. REQUEST-942-APPLICATION-ATTACK-SQLI).</summary>
    public static List<CrsCase> Crs(string folder)
    {
        var cases = new List<CrsCase>();
        foreach (string path in Directory.EnumerateFiles(Path.Combine(CorpusRoot(), "crs-regression-sqli-xss", folder), "*.yaml").Order(StringComparer.Ordinal))
        {
            JsonNode doc = YamlToJson.Parse(File.ReadAllText(path), Path.GetFileName(path));
            string rule = doc["rule_id"]!.ToString();
            foreach (JsonNode? test in doc["tests"]!.AsArray())
            {
                string testId = test!["test_id"]!.ToString();
                int stageNo = 0;
                foreach (JsonNode? stage in test["stages"]!.AsArray())
                {
                    stageNo++;
                    JsonNode input = stage!["input"]!;
                    JsonNode? log = stage["output"]?["log"];
                    bool? must = log?["expect_ids"] is not null ? true : log?["no_expect_ids"] is not null ? false : null;
                    if (must is null)
                    {
                        continue;
                    }

                    cases.Add(new CrsCase($"{rule}-{testId}" + (stageNo > 1 ? $".{stageNo}" : string.Empty), must.Value, Values(input)));
                }
            }
        }

        return cases;
    }

    // What a WAF inspects, decoded once as it would be: query and form arguments (names and values),
    // the path, a non-form body whole, and header values (cookies split into their values).
    private static List<byte[]> Values(JsonNode input)
    {
        var values = new List<byte[]>();
        string uri = input["uri"]?.ToString() ?? "/";
        int q = uri.IndexOf('?', StringComparison.Ordinal);
        string path = q < 0 ? uri : uri[..q];
        values.Add(UrlDecode(path, plusIsSpace: false));
        foreach (string segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            values.Add(UrlDecode(segment, plusIsSpace: false));
        }
        if (q >= 0)
        {
            AddPairs(values, uri[(q + 1)..]);
        }

        string contentType = string.Empty;
        if (input["headers"] is JsonObject headers)
        {
            foreach (var (name, value) in headers)
            {
                string text = value?.ToString() ?? string.Empty;
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    contentType = text;
                    continue;
                }

                if (name is "Host" or "Accept" or "Content-Length" or "Connection" or "Accept-Encoding" or "Accept-Language" or "Cache-Control"
                    || (name == "User-Agent" && text == "OWASP CRS test agent"))
                {
                    continue;
                }

                if (name.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
                {
                    foreach (string cookie in text.Split(';'))
                    {
                        int eq = cookie.IndexOf('=', StringComparison.Ordinal);
                        values.Add(UrlDecode(eq < 0 ? cookie.Trim() : cookie[(eq + 1)..].Trim(), plusIsSpace: false));
                        if (eq > 0)
                        {
                            values.Add(UrlDecode(cookie[..eq].Trim(), plusIsSpace: false));
                        }
                    }

                    continue;
                }

                values.Add(UrlDecode(text, plusIsSpace: false));
            }
        }

        string? data = input["data"]?.ToString();
        if (!string.IsNullOrEmpty(data))
        {
            if (contentType.Contains("xml", StringComparison.OrdinalIgnoreCase))
            {
                values.Add(Encoding.UTF8.GetBytes(data));
                AddXmlLeaves(values, data);
            }
            else if (contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
            {
                values.Add(Encoding.UTF8.GetBytes(data));
            }
            else if (data.Contains('=', StringComparison.Ordinal))
            {
                AddPairs(values, data);
            }
            else
            {
                values.Add(UrlDecode(data, plusIsSpace: true));
            }
        }

        return values;
    }

    // An XML body reaches the detectors as its attribute values and text nodes, entities decoded
    // (ApiFilter maps XML onto the JSON model and inspects the string leaves).
    private static void AddXmlLeaves(List<byte[]> values, string xml)
    {
        XDocument doc;
        try
        {
            doc = XDocument.Parse(xml);
        }
        catch (System.Xml.XmlException)
        {
            return;
        }

        foreach (XElement element in doc.Descendants())
        {
            foreach (XAttribute attribute in element.Attributes())
            {
                values.Add(Encoding.UTF8.GetBytes(attribute.Value));
            }

            foreach (XText text in element.Nodes().OfType<XText>())
            {
                values.Add(Encoding.UTF8.GetBytes(text.Value));
            }
        }
    }

    private static void AddPairs(List<byte[]> values, string pairs)
    {
        foreach (string pair in pairs.Split('&'))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                values.Add(UrlDecode(pair, plusIsSpace: true));
                continue;
            }

            values.Add(UrlDecode(pair[..eq], plusIsSpace: true));
            values.Add(UrlDecode(pair[(eq + 1)..], plusIsSpace: true));
        }
    }

    /// <summary>Percent-decoding of %XX (malformed escapes kept literally) and optionally '+' as space.</summary>
    public static byte[] UrlDecode(string text, bool plusIsSpace)
    {
        byte[] raw = Encoding.UTF8.GetBytes(text);
        var output = new List<byte>(raw.Length);
        for (int i = 0; i < raw.Length; i++)
        {
            byte b = raw[i];
            if (b == '%' && i + 2 < raw.Length && Uri.IsHexDigit((char)raw[i + 1]) && Uri.IsHexDigit((char)raw[i + 2]))
            {
                output.Add(Convert.ToByte(Encoding.ASCII.GetString(raw, i + 1, 2), 16));
                i += 2;
            }
            else
            {
                output.Add(plusIsSpace && b == '+' ? (byte)' ' : b);
            }
        }

        return [.. output];
    }
}
