using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ApiFilter.Host.Tests;

/// <summary>
/// Every example request `apifilter demo` prints is sent to the running demo, and must get the
/// answer its comment promises: the allowed ones reach the sample upstream, each refused one gets
/// the status and violation code its comment names. The demo is what a newcomer tries first, so its
/// text is held to what the filter really does.
/// </summary>
public sealed partial class DemoExamplesTests
{
    [Fact]
    public async Task Every_printed_example_behaves_as_its_comment_says()
    {
        using var demo = HostProcess.Start("demo", "--listen", "http://127.0.0.1:0");
        await demo.WaitForLineAsync(@"filter listening on (http://\S+?),");
        await demo.WaitForLineAsync("DOCTYPE order");
        var examples = Parse(demo.Stdout);
        Assert.True(examples.Count >= 15, $"expected the demo to print at least 15 examples, found {examples.Count}");

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var failures = new List<string>();
        foreach (var example in examples)
        {
            using var request = new HttpRequestMessage(new HttpMethod(example.Method), example.Url);
            string? contentType = null;
            foreach (var (name, value) in example.Headers)
            {
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    contentType = value;
                }
                else
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }
            }

            if (example.Body is not null || contentType is not null)
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(example.Body ?? ""));
                if (contentType is not null)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                }
            }

            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var outcome = Describe(response, body);
            if (example.ExpectedStatus is null)
            {
                if (!response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType == "application/problem+json")
                {
                    failures.Add($"{example.Line}\n  expected to be allowed, got {outcome}");
                }
            }
            else if ((int)response.StatusCode != example.ExpectedStatus || !example.ExpectedCodes.Contains(FirstCode(body) ?? ""))
            {
                failures.Add($"{example.Line}\n  expected {example.ExpectedStatus} {string.Join(" or ", example.ExpectedCodes)}, got {outcome}");
            }
            else if (example.ExpectedStatus == 405 && !response.Content.Headers.Allow.Any())
            {
                failures.Add($"{example.Line}\n  a 405 must carry Allow");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string Describe(HttpResponseMessage response, string body) =>
        $"{(int)response.StatusCode} {FirstCode(body) ?? "(no violation)"}: {(body.Length > 300 ? body[..300] : body)}";

    private static string? FirstCode(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(body));
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("violations", out var violations) && violations.GetArrayLength() > 0
                ? violations[0].GetProperty("code").GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads the printed examples: a <c># NNN code: why</c> comment sets what the curl lines below
    /// it must get (one code per line when the comment names several), the "Allowed" section expects success.
    /// </summary>
    private static List<Example> Parse(string stdout)
    {
        var examples = new List<Example>();
        var allowed = false;
        int? status = null;
        var codes = new List<string>();
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var next = 0;
        foreach (var raw in stdout.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                // export NAME=value, as a shell reads it (the demo prints its tokens this way)
                var assignment = Words(line, variables)[1];
                var equals = assignment.IndexOf('=', StringComparison.Ordinal);
                variables[assignment[..equals]] = assignment[(equals + 1)..];
                continue;
            }

            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                allowed = line.StartsWith("## Allowed", StringComparison.Ordinal);
                continue;
            }

            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                codes.Clear();
                next = 0;
                status = null;
                foreach (Match m in ExpectationPattern().Matches(line))
                {
                    status = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                    codes.Add(m.Groups[2].Value);
                }

                continue;
            }

            if (!line.StartsWith("curl ", StringComparison.Ordinal))
            {
                continue;
            }

            var example = ParseCurl(line, variables);
            if (allowed)
            {
                examples.Add(example);
            }
            else
            {
                Assert.True(status is not null, $"no expectation above: {line}");
                // a comment naming several codes covers the lines below it in order
                var code = codes[Math.Min(next++, codes.Count - 1)];
                examples.Add(example with { ExpectedStatus = status, ExpectedCodes = [code] });
            }
        }

        return examples;
    }

    private static Example ParseCurl(string line, Dictionary<string, string> variables)
    {
        var words = Words(line, variables);
        string method = "GET";
        string? url = null;
        string? body = null;
        var headers = new List<(string, string)>();
        for (int i = 1; i < words.Count; i++)
        {
            switch (words[i])
            {
                case "-i" or "-g":
                    break;
                case "-X":
                    method = words[++i];
                    break;
                case "-H":
                    var header = words[++i];
                    var colon = header.IndexOf(':', StringComparison.Ordinal);
                    headers.Add((header[..colon].Trim(), header[(colon + 1)..].Trim()));
                    break;
                case "-d":
                    body = words[++i];
                    if (method == "GET")
                    {
                        method = "POST";
                    }

                    break;
                default:
                    url = words[i];
                    break;
            }
        }

        Assert.True(url is not null, $"no URL in {line}");
        return new Example(line, method, url!, headers, body, null, []);
    }

    /// <summary>
    /// Splits a shell line into words, honouring single and double quotes (no escapes: the demo uses none)
    /// and expanding <c>$NAME</c> outside single quotes; an unknown variable fails the test.
    /// </summary>
    private static List<string> Words(string line, Dictionary<string, string> variables)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        char quote = '\0';
        var any = false;
        for (int i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '$' && quote != '\'' && i + 1 < line.Length && (char.IsAsciiLetter(line[i + 1]) || line[i + 1] == '_'))
            {
                var end = i + 1;
                while (end < line.Length && (char.IsAsciiLetterOrDigit(line[end]) || line[end] == '_'))
                {
                    end++;
                }

                var name = line[(i + 1)..end];
                Assert.True(variables.TryGetValue(name, out var value), $"${name} is used before an export line sets it: {line}");
                current.Append(value);
                any = true;
                i = end - 1;
            }
            else if (quote == '\0' && c is '\'' or '"')
            {
                quote = c;
                any = true;
            }
            else if (c == quote)
            {
                quote = '\0';
            }
            else if (c == ' ' && quote == '\0')
            {
                if (any)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    any = false;
                }
            }
            else
            {
                current.Append(c);
                any = true;
            }
        }

        if (any)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    [GeneratedRegex(@"(\d{3}) ([a-z]+\.[A-Za-z.]+)")]
    private static partial Regex ExpectationPattern();

    private sealed record Example(string Line, string Method, string Url, List<(string Name, string Value)> Headers, string? Body,
        int? ExpectedStatus, List<string> ExpectedCodes);
}
