namespace ApiFilter.Signatures;

/// <summary>
/// One signature's entry of a parsed <c>Signature-Input</c> dictionary (RFC 9421 section 4.1):
/// the covered components (an Inner List of Strings) and the signature parameters
/// (section 2.3), checked for type. Views the parsed nodes and field text; copies nothing.
/// </summary>
public readonly ref struct SignatureInput
{
    private SignatureInput(ReadOnlySpan<StructuredFieldNode> nodes, ReadOnlySpan<char> source, int member)
    {
        Nodes = nodes;
        Source = source;
        Member = member;
    }

    /// <summary>The <c>Signature-Input</c> field text the nodes point into.</summary>
    public ReadOnlySpan<char> Source { get; }

    /// <summary>How many components the signature covers.</summary>
    public int ComponentCount { get; private init; }

    /// <summary>The <c>created</c> parameter (UNIX seconds), if present.</summary>
    public long? Created { get; private init; }

    /// <summary>The <c>expires</c> parameter (UNIX seconds), if present.</summary>
    public long? Expires { get; private init; }

    /// <summary>The <c>keyid</c> parameter as written between the quotes (may hold <c>\"</c> or <c>\\</c> escapes); empty when absent.</summary>
    public ReadOnlySpan<char> KeyId { get; private init; }

    /// <summary>True when <see cref="KeyId"/> holds escapes.</summary>
    public bool KeyIdHasEscapes { get; private init; }

    /// <summary>True when the <c>keyid</c> parameter is present.</summary>
    public bool HasKeyId { get; private init; }

    /// <summary>The <c>alg</c> parameter as written; empty when absent.</summary>
    public ReadOnlySpan<char> Algorithm { get; private init; }

    /// <summary>True when the <c>alg</c> parameter is present.</summary>
    public bool HasAlgorithm { get; private init; }

    /// <summary>The <c>nonce</c> parameter as written (for the caller's replay check); empty when absent.</summary>
    public ReadOnlySpan<char> Nonce { get; private init; }

    /// <summary>True when the <c>nonce</c> parameter is present.</summary>
    public bool HasNonce { get; private init; }

    /// <summary>The <c>tag</c> parameter as written; empty when absent.</summary>
    public ReadOnlySpan<char> Tag { get; private init; }

    /// <summary>True when the <c>tag</c> parameter is present.</summary>
    public bool HasTag { get; private init; }

    internal ReadOnlySpan<StructuredFieldNode> Nodes { get; }

    internal int Member { get; }

    /// <summary>
    /// Finds <paramref name="label"/> in a parsed <c>Signature-Input</c> Dictionary and checks its shape:
    /// an Inner List of Strings; <c>created</c> and <c>expires</c> non-negative Integers (expires not
    /// before created); <c>keyid</c>, <c>alg</c>, <c>nonce</c>, <c>tag</c> Strings.
    /// </summary>
    /// <returns><see cref="SignatureVerificationStatus.Valid"/>, <see cref="SignatureVerificationStatus.LabelNotFound"/> or <see cref="SignatureVerificationStatus.Malformed"/>.</returns>
    public static SignatureVerificationStatus TryParse(ReadOnlySpan<StructuredFieldNode> dictionary, ReadOnlySpan<char> source, ReadOnlySpan<char> label, out SignatureInput input)
    {
        input = default;
        int member = StructuredFieldParser.FindMember(dictionary, source, label);
        if (member < 0)
        {
            return SignatureVerificationStatus.LabelNotFound;
        }

        StructuredFieldNode list = dictionary[member];
        if (list.Type != StructuredFieldValueType.InnerList)
        {
            return SignatureVerificationStatus.Malformed;
        }

        int components = 0;
        for (int i = member + 1; i < list.ParametersStart; i = dictionary[i].End)
        {
            // section 2.1: a component name is a String
            if (dictionary[i].Type != StructuredFieldValueType.String)
            {
                return SignatureVerificationStatus.Malformed;
            }

            components++;
        }

        long? created = null;
        long? expires = null;
        ReadOnlySpan<char> keyId = default, algorithm = default, nonce = default, tag = default;
        bool hasKeyId = false, hasAlgorithm = false, hasTag = false, hasNonce = false, keyIdEscapes = false;
        for (int i = list.ParametersStart; i < list.End; i++)
        {
            StructuredFieldNode parameter = dictionary[i];
            if (parameter.IsSuperseded)
            {
                continue;
            }

            ReadOnlySpan<char> key = parameter.Key(source);
            bool isInteger = parameter.Type == StructuredFieldValueType.Integer && parameter.Number >= 0;
            bool isString = parameter.Type == StructuredFieldValueType.String;
            switch (key)
            {
                case "created" when isInteger:
                    created = parameter.Number;
                    break;
                case "expires" when isInteger:
                    expires = parameter.Number;
                    break;
                case "keyid" when isString:
                    keyId = parameter.Value(source);
                    keyIdEscapes = parameter.HasEscapes;
                    hasKeyId = true;
                    break;
                case "alg" when isString:
                    algorithm = parameter.Value(source);
                    hasAlgorithm = true;
                    break;
                case "nonce" when isString:
                    nonce = parameter.Value(source);
                    hasNonce = true;
                    break;
                case "tag" when isString:
                    tag = parameter.Value(source);
                    hasTag = true;
                    break;
                case "created" or "expires" or "keyid" or "alg" or "nonce" or "tag":
                    // a registered parameter of the wrong type (section 6.3.2)
                    return SignatureVerificationStatus.Malformed;
                default:
                    // unregistered parameters are signed like the rest (they are in @signature-params)
                    break;
            }
        }

        if (created is long c && expires is long e && e < c)
        {
            return SignatureVerificationStatus.Malformed;
        }

        input = new SignatureInput(dictionary, source, member)
        {
            ComponentCount = components,
            Created = created,
            Expires = expires,
            KeyId = keyId,
            KeyIdHasEscapes = keyIdEscapes,
            HasKeyId = hasKeyId,
            Algorithm = algorithm,
            HasAlgorithm = hasAlgorithm,
            Nonce = nonce,
            HasNonce = hasNonce,
            Tag = tag,
            HasTag = hasTag,
        };
        return SignatureVerificationStatus.Valid;
    }

    /// <summary>The name of covered component <paramref name="ordinal"/> as written (component names need no escapes).</summary>
    public ReadOnlySpan<char> ComponentName(int ordinal)
    {
        int index = Member + 1;
        for (int n = 0; n < ordinal; n++)
        {
            index = Nodes[index].End;
        }

        return Nodes[index].Value(Source);
    }
}
