using SharpYaml;
using SharpYaml.Events;

namespace ApiFilter.Policy;

/// <summary>
/// Reads a YAML policy document into a <see cref="PolicyNode"/> tree with SharpYaml's event parser:
/// no object mapping and no reflection, so it works unchanged under native AOT.
/// </summary>
internal static class YamlPolicyReader
{
    public static PolicyNode Read(string text, string fileName)
    {
        var parser = Parser.CreateParser(new StringReader(text));
        try
        {
            PolicyNode? root = null;
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case StreamStart or DocumentStart or DocumentEnd:
                        continue;
                    case StreamEnd:
                        break;
                    default:
                        if (root is not null)
                        {
                            throw new PolicyException(fileName, "", "a policy file holds exactly one YAML document");
                        }

                        root = ReadNode(parser, fileName, "");
                        continue;
                }
            }

            return root ?? throw new PolicyException(fileName, "", "the file is empty");
        }
        catch (YamlException e)
        {
            throw new PolicyException(fileName, "", $"not valid YAML (line {e.Start.Line + 1}): {e.Message}", e);
        }
    }

    /// <summary>Builds the node whose start event is <c>parser.Current</c>; leaves the parser on its last event.</summary>
    private static PolicyNode ReadNode(IParser parser, string fileName, string path)
    {
        var current = parser.Current!;
        var line = current.Start.Line + 1;
        switch (current)
        {
            case Scalar scalar:
                return PolicyNode.Scalar(scalar.Value, scalar.Style is not ScalarStyle.Plain and not ScalarStyle.Any, line);
            case AnchorAlias:
                throw new PolicyException(fileName, path, $"aliases are not supported in policy files (line {line})");
            case SequenceStart:
                var sequence = PolicyNode.Sequence(line);
                while (Next(parser, fileName) is not SequenceEnd)
                {
                    sequence.Items.Add(ReadNode(parser, fileName, path + "[" + sequence.Items.Count + "]"));
                }

                return sequence;
            case MappingStart:
                var mapping = PolicyNode.Mapping(line);
                while (Next(parser, fileName) is not MappingEnd)
                {
                    if (parser.Current is not Scalar key)
                    {
                        throw new PolicyException(fileName, path, $"mapping keys must be plain names (line {parser.Current!.Start.Line + 1})");
                    }

                    var childPath = path.Length == 0 ? key.Value : path + "." + key.Value;
                    foreach (var member in mapping.Members)
                    {
                        if (member.Key == key.Value)
                        {
                            throw new PolicyException(fileName, childPath, $"duplicate key (line {key.Start.Line + 1})");
                        }
                    }

                    Next(parser, fileName);
                    mapping.Members.Add(new(key.Value, ReadNode(parser, fileName, childPath)));
                }

                return mapping;
            default:
                throw new PolicyException(fileName, path, $"unexpected YAML content (line {line})");
        }
    }

    private static ParsingEvent Next(IParser parser, string fileName)
    {
        if (!parser.MoveNext() || parser.Current is null)
        {
            throw new PolicyException(fileName, "", "unexpected end of the YAML document");
        }

        return parser.Current;
    }
}
