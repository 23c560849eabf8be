using ApiFilter.Signatures;

namespace ApiFilter.Tests.Signatures;

/// <summary>
/// An HTTP/1.1 message from the RFC's text form (request or status line, field lines, blank
/// line, content); a field line starting with whitespace continues the previous one (obs-fold,
/// kept with its line break so the signature base's unfolding is exercised).
/// </summary>
internal sealed class TestMessage
{
    public string Method { get; set; } = "";

    public string Scheme { get; set; } = "https";

    public string Authority { get; set; } = "";

    public string Path { get; set; } = "";

    public string Query { get; set; } = "";

    public string RequestTarget { get; set; } = "";

    public int Status { get; set; }

    public HeaderList Headers { get; set; } = new();

    public string Body { get; set; } = "";

    public HttpMessageComponents Components() => Status != 0
        ? new HttpMessageComponents(Status, Headers)
        : new HttpMessageComponents(Method, Scheme, Authority, Path, Query, Headers) { RequestTarget = RequestTarget };

    public TestMessage Clone() => new()
    {
        Method = Method,
        Scheme = Scheme,
        Authority = Authority,
        Path = Path,
        Query = Query,
        RequestTarget = RequestTarget,
        Status = Status,
        Headers = Headers.Clone(),
        Body = Body,
    };

    public static TestMessage Parse(string text, string scheme = "https")
    {
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        TestMessage message = new() { Scheme = scheme };
        string[] first = lines[0].Split(' ', 3);
        if (first[0].StartsWith("HTTP/", StringComparison.Ordinal))
        {
            message.Status = int.Parse(first[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            message.Method = first[0];
            string target = first[1];
            if (target.StartsWith('/'))
            {
                int q = target.IndexOf('?', StringComparison.Ordinal);
                message.Path = q < 0 ? target : target[..q];
                message.Query = q < 0 ? "" : target[(q + 1)..];
            }
            else
            {
                message.RequestTarget = target;
            }
        }

        List<(string Name, string Value)> fields = [];
        int i = 1;
        for (; i < lines.Length && lines[i].Length > 0; i++)
        {
            string line = lines[i];
            if (line[0] is ' ' or '\t')
            {
                (string name, string value) = fields[^1];
                fields[^1] = (name, value + "\n" + line);
                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            fields.Add((line[..colon], line[(colon + 1)..].TrimStart(' ', '\t')));
        }

        foreach ((string name, string value) in fields)
        {
            message.Headers.Add(name, value);
            if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase))
            {
                message.Authority = value;
            }
        }

        message.Body = i + 1 < lines.Length ? string.Join('\n', lines[(i + 1)..]) : "";
        return message;
    }
}
