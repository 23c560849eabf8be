namespace ApiFilter.Policy;

/// <summary>
/// A format-neutral tree of a policy document (JSON and YAML both read into it), so one validator
/// checks both and reports the same key paths.
/// </summary>
internal sealed class PolicyNode
{
    private PolicyNode(PolicyNodeKind kind, string text, int line)
    {
        Kind = kind;
        Text = text;
        Line = line;
    }

    public PolicyNodeKind Kind { get; }

    /// <summary>Scalar text; empty for containers.</summary>
    public string Text { get; }

    /// <summary>1-based line in the source, or 0 when the reader does not track lines.</summary>
    public int Line { get; }

    /// <summary>Mapping members in document order.</summary>
    public List<KeyValuePair<string, PolicyNode>> Members { get; } = [];

    /// <summary>Sequence items in document order.</summary>
    public List<PolicyNode> Items { get; } = [];

    public bool IsScalar => Kind is PolicyNodeKind.PlainScalar or PolicyNodeKind.QuotedScalar;

    public static PolicyNode Mapping(int line) => new(PolicyNodeKind.Mapping, "", line);

    public static PolicyNode Sequence(int line) => new(PolicyNodeKind.Sequence, "", line);

    public static PolicyNode Scalar(string text, bool quoted, int line) =>
        new(quoted ? PolicyNodeKind.QuotedScalar : PolicyNodeKind.PlainScalar, text, line);

    /// <summary>How the value reads in an error message: <c>"deep"</c>, <c>12</c>, <c>a mapping</c>.</summary>
    public string Describe() => Kind switch
    {
        PolicyNodeKind.Mapping => "a mapping",
        PolicyNodeKind.Sequence => "a list",
        PolicyNodeKind.QuotedScalar => $"\"{Text}\"",
        _ => IsPlainNumberLike() ? Text : $"\"{Text}\"",
    };

    private bool IsPlainNumberLike() => Text.Length > 0 && (char.IsAsciiDigit(Text[0]) || Text[0] == '-' || Text[0] == '+');
}
