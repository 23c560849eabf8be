namespace ApiFilter.Signatures;

/// <summary>
/// What a signature must satisfy besides verifying: covered components, freshness, algorithms.
/// Immutable once built; shared by all requests.
/// </summary>
public sealed class MessageSignaturePolicy
{
    private static readonly MessageSignatureAlgorithm[] DefaultAlgorithms =
    [
        MessageSignatureAlgorithm.RsaPssSha512,
        MessageSignatureAlgorithm.RsaV15Sha256,
        MessageSignatureAlgorithm.HmacSha256,
        MessageSignatureAlgorithm.EcdsaP256Sha256,
        MessageSignatureAlgorithm.EcdsaP384Sha384,
    ];

    private static readonly Dictionary<string, StructuredFieldType> DefaultStructuredFields = new(StringComparer.Ordinal)
    {
        // fields whose specifications define them as structured (RFC 9421, RFC 9530, RFC 9218, RFC 9211, RFC 8941 examples)
        ["signature-input"] = StructuredFieldType.Dictionary,
        ["signature"] = StructuredFieldType.Dictionary,
        ["accept-signature"] = StructuredFieldType.Dictionary,
        ["content-digest"] = StructuredFieldType.Dictionary,
        ["repr-digest"] = StructuredFieldType.Dictionary,
        ["want-content-digest"] = StructuredFieldType.Dictionary,
        ["want-repr-digest"] = StructuredFieldType.Dictionary,
        ["priority"] = StructuredFieldType.Dictionary,
        ["cache-status"] = StructuredFieldType.List,
        ["proxy-status"] = StructuredFieldType.List,
        ["example-dict"] = StructuredFieldType.Dictionary,
    };

    private readonly IReadOnlyList<MessageSignatureAlgorithm> _allowed = DefaultAlgorithms;
    private readonly IReadOnlyDictionary<string, StructuredFieldType> _structuredFields = DefaultStructuredFields;
    private Dictionary<string, StructuredFieldType>.AlternateLookup<ReadOnlySpan<char>> _fieldLookup =
        DefaultStructuredFields.GetAlternateLookup<ReadOnlySpan<char>>();

    private int _allowedMask = MaskOf(DefaultAlgorithms);
    private int _maxCoveredComponents = 32;
    private int _maxSignatureBaseLength = 64 * 1024;

    /// <summary>The default policy: all supported algorithms, <c>created</c> required, five minutes maximum age, one minute skew.</summary>
    public static MessageSignaturePolicy Default { get; } = new();

    /// <summary>
    /// Component names that must be covered, e.g. <c>@method</c>, <c>@authority</c>,
    /// <c>content-digest</c> (any parameters except <c>req</c> count). For draft-cavage, the
    /// header names, e.g. <c>(request-target)</c>, <c>date</c>, <c>digest</c>.
    /// </summary>
    public IReadOnlyList<string> RequiredComponents { get; init; } = [];

    /// <summary>Algorithms accepted (by the key's configured algorithm); the default is every supported one.</summary>
    public IReadOnlyList<MessageSignatureAlgorithm> AllowedAlgorithms
    {
        get => _allowed;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            _allowed = value;
            _allowedMask = MaskOf(value);
        }
    }

    /// <summary>Refuse signatures without <c>created</c> (default true: without it freshness cannot be judged).</summary>
    public bool RequireCreated { get; init; } = true;

    /// <summary>Refuse signatures without <c>nonce</c> (default false); replays are checked by an <see cref="ISignatureNonceValidator"/>.</summary>
    public bool RequireNonce { get; init; }

    /// <summary>Refuse signatures without <c>expires</c> (default false).</summary>
    public bool RequireExpires { get; init; }

    /// <summary>Refuse signatures whose <c>created</c> is older than this (null: no limit). Default five minutes.</summary>
    public TimeSpan? MaxAge { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Tolerance for clocks that disagree, applied to <c>created</c> in the future, <c>expires</c> and the maximum age. Default one minute.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>When set, the signature's <c>tag</c> parameter must equal it (RFC 9421 section 2.3: an application-specific tag).</summary>
    public string? RequiredTag { get; init; }

    /// <summary>At most this many covered components (default 32, at most 256: the duplicate check compares each with those before it).</summary>
    public int MaxCoveredComponents
    {
        get => _maxCoveredComponents;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 256);
            _maxCoveredComponents = value;
        }
    }

    /// <summary>At most this many bytes of signature base (default 64 KiB).</summary>
    public int MaxSignatureBaseLength
    {
        get => _maxSignatureBaseLength;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 64);
            _maxSignatureBaseLength = value;
        }
    }

    /// <summary>
    /// The structured type of fields that may be covered with the <c>sf</c> parameter (RFC 9421
    /// section 2.1.1: the verifier must know the type); lowercase names. Defaults to the
    /// signature, digest and priority fields.
    /// </summary>
    public IReadOnlyDictionary<string, StructuredFieldType> StructuredFields
    {
        get => _structuredFields;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            Dictionary<string, StructuredFieldType> copy = new(value, StringComparer.Ordinal);
            _structuredFields = copy;
            _fieldLookup = copy.GetAlternateLookup<ReadOnlySpan<char>>();
        }
    }

    internal bool IsAllowed(MessageSignatureAlgorithm algorithm) => (_allowedMask & (1 << (int)algorithm)) != 0;

    internal bool TryGetStructuredType(ReadOnlySpan<char> name, out StructuredFieldType type) => _fieldLookup.TryGetValue(name, out type);

    private static int MaskOf(IReadOnlyList<MessageSignatureAlgorithm> algorithms)
    {
        int mask = 0;
        for (int i = 0; i < algorithms.Count; i++)
        {
            mask |= 1 << (int)algorithms[i];
        }

        return mask;
    }
}
