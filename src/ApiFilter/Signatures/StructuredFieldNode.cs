namespace ApiFilter.Signatures;

/// <summary>
/// One value of a parsed structured field, laid out flat in a caller's span in document order:
/// a member, then (for an Inner List) its items each followed by their parameters, then the
/// member's own parameters. Texts are ranges of the parsed input, so parsing copies nothing.
/// </summary>
public struct StructuredFieldNode
{
    internal int KeyStartField;
    internal int KeyLengthField;
    internal int ValueStartField;
    internal int ValueLengthField;
    internal long NumberField;
    internal int EndField;
    internal int ParametersStartField;
    internal int FinalIndexField;
    internal int FirstIndexField;
    internal StructuredFieldNodeKind KindField;
    internal StructuredFieldValueType TypeField;
    internal bool HasEscapesField;
    internal bool IsSupersededField;
    internal bool IsFirstOccurrenceField;

    /// <summary>Where the node sits: member, item of an Inner List, or parameter.</summary>
    public readonly StructuredFieldNodeKind Kind => KindField;

    /// <summary>The value's type.</summary>
    public readonly StructuredFieldValueType Type => TypeField;

    /// <summary>Start of the key in the input (Dictionary members and parameters; -1 otherwise).</summary>
    public readonly int KeyStart => KeyStartField;

    /// <summary>Length of the key in the input (0 when there is none).</summary>
    public readonly int KeyLength => KeyLengthField;

    /// <summary>Start of the value text in the input (see <see cref="StructuredFieldValueType"/> for what the range covers).</summary>
    public readonly int ValueStart => ValueStartField;

    /// <summary>Length of the value text in the input.</summary>
    public readonly int ValueLength => ValueLengthField;

    /// <summary>Integer value, Decimal value × 1000, or Boolean as 0/1.</summary>
    public readonly long Number => NumberField;

    /// <summary>Index just past this node's subtree (its items and parameters) in the node span.</summary>
    public readonly int End => EndField;

    /// <summary>Index of this node's first parameter; equal to <see cref="End"/> when it has none.</summary>
    public readonly int ParametersStart => ParametersStartField;

    /// <summary>A String whose range still holds <c>\"</c> or <c>\\</c> escapes.</summary>
    public readonly bool HasEscapes => HasEscapesField;

    /// <summary>
    /// A later member or parameter with the same key replaced this one (RFC 8941 sections 4.2.2
    /// and 4.2.3.2: the last value wins, in the position of the first).
    /// </summary>
    public readonly bool IsSuperseded => IsSupersededField;

    /// <summary>The first node with this key among its siblings (always true for unkeyed nodes).</summary>
    public readonly bool IsFirstOccurrence => IsFirstOccurrenceField;

    /// <summary>For a first occurrence, the index of the node whose value wins (itself when the key is not repeated).</summary>
    public readonly int FinalIndex => FinalIndexField;

    /// <summary>The key text (empty when the node has no key).</summary>
    public readonly ReadOnlySpan<char> Key(ReadOnlySpan<char> input) => KeyLengthField == 0 ? default : input.Slice(KeyStartField, KeyLengthField);

    /// <summary>The value text (see <see cref="ValueStart"/>).</summary>
    public readonly ReadOnlySpan<char> Value(ReadOnlySpan<char> input) => input.Slice(ValueStartField, ValueLengthField);
}
