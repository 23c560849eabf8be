using System.Globalization;
using System.Text.Json.Nodes;
using SharpYaml;
using SharpYaml.Events;

namespace ApiFilter.Contract;

/// <summary>
/// Reads YAML descriptions by turning SharpYaml's event stream into a <see cref="JsonNode"/>,
/// which the library's JSON reader then takes. The library's own YAML
/// package is built against an older SharpYaml than the one the policy reader uses, so the two
/// cannot share a process; the event parser used here is the one already in the engine and needs
/// no reflection under native AOT. Syntax errors surface as <see cref="ContractLoadException"/>
/// naming the file, line and column.
/// </summary>
internal static class YamlToJson
{
    /// <summary>Parses one YAML document into a node; throws <see cref="ContractLoadException"/> on any syntax problem.</summary>
    public static JsonNode Parse(string text, string fileName)
    {
        var anchors = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var parser = Parser.CreateParser(new StringReader(text));
        try
        {
            JsonNode? root = null;
            var seenDocument = false;
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case StreamStart or DocumentEnd or StreamEnd:
                        continue;
                    case DocumentStart:
                        if (seenDocument)
                        {
                            throw Problem(fileName, parser.Current, "a contract file holds exactly one YAML document");
                        }

                        seenDocument = true;
                        continue;
                    default:
                        root = ReadNode(parser, anchors, fileName);
                        continue;
                }
            }

            return root ?? throw new ContractLoadException([new ContractProblem(fileName, "", "the file is empty")]);
        }
        catch (YamlException e)
        {
            throw new ContractLoadException([new ContractProblem(fileName, "",
                $"not valid YAML (line {e.Start.Line + 1}, column {e.Start.Column + 1}): {WithoutPosition(e.Message)}")], e);
        }
    }

    /// <summary>SharpYaml prefixes its messages with the position (<c>(Lin: 3, Col: 9, Chr: 49) - (...): </c>), which the problem already states.</summary>
    private static string WithoutPosition(string message)
    {
        if (!message.StartsWith("(Lin:", StringComparison.Ordinal))
        {
            return message;
        }

        var end = message.IndexOf("): ", StringComparison.Ordinal);
        var second = end < 0 ? -1 : message.IndexOf("): ", end + 3, StringComparison.Ordinal);
        var cut = second >= 0 && message.AsSpan(end + 3).StartsWith("- (Lin:") ? second : end;
        return cut < 0 ? message : message[(cut + 3)..];
    }

    /// <summary>Builds the node whose start event is <c>parser.Current</c>; leaves the parser on its last event.</summary>
    private static JsonNode? ReadNode(IParser parser, Dictionary<string, JsonNode?> anchors, string fileName)
    {
        var current = parser.Current!;
        JsonNode? node;
        string? anchor;
        switch (current)
        {
            case AnchorAlias alias:
                // JSON has no sharing, so an alias becomes a copy of the anchored value
                if (!anchors.TryGetValue(alias.Value, out var target))
                {
                    throw Problem(fileName, current, $"alias *{alias.Value} has no matching anchor");
                }

                return target?.DeepClone();
            case Scalar scalar:
                node = ToValue(scalar);
                anchor = scalar.Anchor;
                break;
            case SequenceStart sequenceStart:
                var array = new JsonArray();
                while (Next(parser, fileName) is not SequenceEnd)
                {
                    array.Add(ReadNode(parser, anchors, fileName));
                }

                node = array;
                anchor = sequenceStart.Anchor;
                break;
            case MappingStart mappingStart:
                var obj = new JsonObject();
                while (Next(parser, fileName) is not MappingEnd)
                {
                    if (parser.Current is not Scalar key)
                    {
                        throw Problem(fileName, parser.Current!, "mapping keys must be scalars");
                    }

                    Next(parser, fileName);
                    var value = ReadNode(parser, anchors, fileName);
                    if (!obj.TryAdd(key.Value, value))
                    {
                        // a repeated key would silently replace the first value; refuse instead
                        throw Problem(fileName, key, $"duplicate key '{key.Value}'");
                    }
                }

                node = obj;
                anchor = mappingStart.Anchor;
                break;
            default:
                throw Problem(fileName, current, "unexpected YAML content");
        }

        if (!string.IsNullOrEmpty(anchor))
        {
            anchors[anchor] = node;
        }

        return node;
    }

    /// <summary>YAML 1.2 core schema: plain scalars may be null, booleans or numbers; quoted ones are strings.</summary>
    private static JsonNode? ToValue(Scalar scalar)
    {
        var text = scalar.Value;
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
        {
            return JsonValue.Create(real);
        }

        return JsonValue.Create(text);
    }

    private static ParsingEvent Next(IParser parser, string fileName)
    {
        if (!parser.MoveNext() || parser.Current is null)
        {
            throw new ContractLoadException([new ContractProblem(fileName, "", "unexpected end of the YAML document")]);
        }

        return parser.Current;
    }

    private static ContractLoadException Problem(string fileName, ParsingEvent at, string message) =>
        new([new ContractProblem(fileName, "", $"{message} (line {at.Start.Line + 1}, column {at.Start.Column + 1})")]);
}
