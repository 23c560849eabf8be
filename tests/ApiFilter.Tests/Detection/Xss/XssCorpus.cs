using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using ApiFilter.Contract;
using ApiFilter.Detection;

namespace ApiFilter.Tests.Detection.Xss;

/// <summary>One labelled sample: the values a filter would judge for it and whether it is an attack.</summary>
/// <param name="Set">The corpus file the sample comes from.</param>
/// <param name="Name">Stable name: file and line, or CRS rule and test id.</param>
/// <param name="Values">The decoded values the detector judges (any detection flags the sample).</param>
/// <param name="Attack">True when the sample must be detected, false when it must not.</param>
/// <param name="Level">
/// The sensitivity the sample is judged at: a CRS stage at its rule's paranoia level (a PL2 rule's
/// test must match when running at PL2), every other sample at Standard.
/// </param>
public sealed record XssSample(string Set, string Name, byte[][] Values, bool Attack, DetectionSensitivity Level = DetectionSensitivity.Standard);

/// <summary>
/// Loads the XSS corpora the repository carries: libinjection's XSS samples (attacks), the OWASP
/// CRS 941 regression tests (expect_ids: attack, no_expect_ids: benign) and the benign text corpus.
/// </summary>
internal static class XssCorpus
{
    // Request headers every CRS test sends that carry no payload of their own.
    private static readonly HashSet<string> PlainHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Accept", "Accept-Encoding", "Accept-Language", "Accept-Charset", "Connection", "Content-Type",
        "Content-Length", "Cache-Control", "Pragma", "Proxy-Connection", "Keep-Alive", "Transfer-Encoding",
    };

    private static Dictionary<string, DetectionSensitivity>? paranoiaLevels;

    /// <summary>The paranoia level of a CRS rule (corpus/crs-regression-sqli-xss/rule-paranoia-levels.tsv) as a sensitivity.</summary>
    public static DetectionSensitivity CrsLevel(string ruleId)
    {
        if (paranoiaLevels is null)
        {
            var levels = new Dictionary<string, DetectionSensitivity>(StringComparer.Ordinal);
            foreach (string line in File.ReadAllLines(Path.Combine(Root(), "crs-regression-sqli-xss", "rule-paranoia-levels.tsv")).Skip(1))
            {
                string[] cells = line.Split('\t');
                levels[cells[0]] = (DetectionSensitivity)byte.Parse(cells[1], System.Globalization.CultureInfo.InvariantCulture);
            }

            paranoiaLevels = levels;
        }

        return paranoiaLevels[ruleId];
    }

    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "corpus", "libinjection")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return Path.Combine(dir.FullName, "corpus");
    }

    public static IEnumerable<string> LibinjectionFiles() =>
        Directory.GetFiles(Path.Combine(Root(), "libinjection", "data"), "xss-*.txt").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static IEnumerable<string> CrsFiles() =>
        Directory.GetFiles(Path.Combine(Root(), "crs-regression-sqli-xss", "REQUEST-941-APPLICATION-ATTACK-XSS"), "*.yaml")
            .Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static IEnumerable<string> BenignFiles() =>
        Directory.GetFiles(Path.Combine(Root(), "benign-text"), "*.txt").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    /// <summary>libinjection's format: one URL-encoded sample a line, '#' comments, right-trimmed after decoding.</summary>
    public static List<XssSample> Libinjection(string file, bool attack)
    {
        string path = Path.Combine(Root(), "libinjection", "data", file);
        var result = new List<XssSample>();
        string[] lines = File.ReadAllLines(path, Encoding.Latin1);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            byte[] value = TrimEnd(UrlDecode(Encoding.Latin1.GetBytes(line)));
            result.Add(new XssSample(file, $"{file}:{i + 1}", [value], attack));
        }

        return result;
    }

    /// <summary>The benign corpus: one value a line, taken as is (UTF-8); empty lines skipped.</summary>
    public static List<XssSample> Benign(string file)
    {
        string path = Path.Combine(Root(), "benign-text", file);
        var result = new List<XssSample>();
        string[] lines = File.ReadAllLines(path, Encoding.UTF8);
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length > 0)
            {
                result.Add(new XssSample(file, $"{file}:{i + 1}", [Encoding.UTF8.GetBytes(lines[i])], false));
            }
        }

        return result;
    }

    /// <summary>
    /// A CRS regression file: each stage becomes one sample holding what a WAF inspects, URL-decoded
    /// once: query and form parameter names and values (a non-form body whole), the path, cookies and
    /// the headers that carry data (User-Agent, Referer, custom ones).
    /// </summary>
    public static List<XssSample> Crs(string file)
    {
        string path = Path.Combine(Root(), "crs-regression-sqli-xss", "REQUEST-941-APPLICATION-ATTACK-XSS", file);
        JsonNode doc = YamlToJson.Parse(File.ReadAllText(path), file);
        string rule = Scalar(doc["rule_id"]);
        DetectionSensitivity level = CrsLevel(rule);
        var result = new List<XssSample>();
        foreach (JsonNode? test in doc["tests"]!.AsArray())
        {
            string id = Scalar(test!["test_id"]);
            JsonArray stages = test["stages"]!.AsArray();
            for (int s = 0; s < stages.Count; s++)
            {
                JsonNode stage = stages[s]!;
                JsonNode input = stage["input"]!;
                JsonNode output = stage["output"]!;
                JsonNode log = output["log"] ?? output;
                bool attack;
                if (log["expect_ids"] is not null)
                {
                    attack = true;
                }
                else if (log["no_expect_ids"] is not null)
                {
                    attack = false;
                }
                else
                {
                    continue;
                }

                string name = stages.Count == 1 ? $"{rule}-{id}" : $"{rule}-{id}/{s + 1}";
                result.Add(new XssSample(file, name, [.. Values(input)], attack, level));
            }
        }

        return result;
    }

    private static List<byte[]> Values(JsonNode input)
    {
        var values = new List<byte[]>();
        string uri = input["uri"] is { } u ? Scalar(u) : "/";
        int q = uri.IndexOf('?', StringComparison.Ordinal);
        values.Add(UrlDecode(Encoding.UTF8.GetBytes(q < 0 ? uri : uri[..q])));
        if (q >= 0)
        {
            AddPairs(values, uri[(q + 1)..], '&');
        }

        string contentType = string.Empty;
        if (input["headers"] is JsonObject headers)
        {
            foreach (var (key, node) in headers)
            {
                string value = node is null ? string.Empty : Scalar(node);
                if (key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    contentType = value;
                }

                if (PlainHeaders.Contains(key) || (key.Equals("User-Agent", StringComparison.OrdinalIgnoreCase) && value == "OWASP CRS test agent"))
                {
                    continue;
                }

                if (key.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
                {
                    AddPairs(values, value, ';');
                }
                else
                {
                    values.Add(UrlDecode(Encoding.UTF8.GetBytes(value)));
                }
            }
        }

        if (input["data"] is { } dataNode)
        {
            string data = dataNode is JsonArray lines ? string.Join("\r\n", lines.Select(l => Scalar(l!))) : Scalar(dataNode);
            string trimmed = data.TrimStart();
            if (contentType.Contains("xml", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("<?xml", StringComparison.Ordinal))
            {
                AddXmlLeaves(values, data);
            }
            else if (contentType.Contains("json", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith('{') || trimmed.StartsWith('['))
            {
                AddJsonLeaves(values, data);
            }
            else
            {
                AddPairs(values, data, '&');
            }
        }

        return values;
    }

    // An XML body as the filter's XML guard sees it: every attribute value and text node, decoded.
    private static void AddXmlLeaves(List<byte[]> values, string data)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        var leaves = new List<byte[]>();
        try
        {
            using var reader = XmlReader.Create(new StringReader(data), settings);
            while (reader.Read())
            {
                if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA)
                {
                    leaves.Add(Encoding.UTF8.GetBytes(reader.Value));
                }

                if (reader.NodeType == XmlNodeType.Element && reader.MoveToFirstAttribute())
                {
                    do
                    {
                        leaves.Add(Encoding.UTF8.GetBytes(reader.Value));
                    }
                    while (reader.MoveToNextAttribute());
                }
            }
        }
        catch (XmlException)
        {
            // Not well-formed (or a DTD): judged whole, as the body's single value.
            values.Add(Encoding.UTF8.GetBytes(data));
            return;
        }

        values.AddRange(leaves);
    }

    // A JSON body: every member name and string leaf.
    private static void AddJsonLeaves(List<byte[]> values, string data)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(data);
        }
        catch (System.Text.Json.JsonException)
        {
            values.Add(Encoding.UTF8.GetBytes(data));
            return;
        }

        var pending = new Stack<JsonNode?>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case JsonObject o:
                    foreach (var (key, child) in o)
                    {
                        values.Add(Encoding.UTF8.GetBytes(key));
                        pending.Push(child);
                    }

                    break;
                case JsonArray a:
                    foreach (JsonNode? child in a)
                    {
                        pending.Push(child);
                    }

                    break;
                case JsonValue v when v.TryGetValue(out string? text):
                    values.Add(Encoding.UTF8.GetBytes(text));
                    break;
            }
        }
    }

    private static void AddPairs(List<byte[]> values, string text, char separator)
    {
        foreach (string pair in text.Split(separator))
        {
            string p = pair.TrimStart();
            int eq = p.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                values.Add(UrlDecode(Encoding.UTF8.GetBytes(p)));
            }
            else
            {
                values.Add(UrlDecode(Encoding.UTF8.GetBytes(p[..eq])));
                values.Add(UrlDecode(Encoding.UTF8.GetBytes(p[(eq + 1)..])));
            }
        }
    }

    private static string Scalar(JsonNode? node) => node switch
    {
        null => string.Empty,
        JsonValue v when v.TryGetValue(out string? s) => s,
        _ => node.ToJsonString(),
    };

    /// <summary>application/x-www-form-urlencoded decoding: '+' is a space, %XX a byte, a malformed escape stays as is.</summary>
    public static byte[] UrlDecode(byte[] input)
    {
        var output = new byte[input.Length];
        int w = 0;
        for (int i = 0; i < input.Length; i++)
        {
            byte b = input[i];
            if (b == '+')
            {
                output[w++] = (byte)' ';
            }
            else if (b == '%' && i + 2 < input.Length && Uri.IsHexDigit((char)input[i + 1]) && Uri.IsHexDigit((char)input[i + 2]))
            {
                output[w++] = (byte)((Uri.FromHex((char)input[i + 1]) << 4) | Uri.FromHex((char)input[i + 2]));
                i += 2;
            }
            else
            {
                output[w++] = b;
            }
        }

        return output[..w];
    }

    private static byte[] TrimEnd(byte[] value)
    {
        int end = value.Length;
        while (end > 0 && value[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            end--;
        }

        return value[..end];
    }
}
