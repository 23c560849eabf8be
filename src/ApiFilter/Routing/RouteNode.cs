using System.Collections.Frozen;
using System.Text;

namespace ApiFilter.Routing;

/// <summary>
/// A node of the segment trie: the children for the next segment (literal, mixed, single
/// parameter) and, when a template ends here, its endpoints by method. Mutable while the builder
/// adds templates, then frozen.
/// </summary>
internal sealed class RouteNode
{
    private readonly Dictionary<string, RouteNode> _literalsBuild = new(StringComparer.Ordinal);
    private readonly List<MixedChild> _mixedBuild = [];
    private FrozenDictionary<string, RouteNode> _literals = FrozenDictionary<string, RouteNode>.Empty;

    /// <summary>Literal children, looked up by the decoded request segment without allocating.</summary>
    public FrozenDictionary<string, RouteNode>.AlternateLookup<ReadOnlySpan<char>> Literals { get; private set; }

    public bool HasLiterals { get; private set; }

    /// <summary>Children whose segment mixes literals and parameters, most specific first.</summary>
    public MixedChild[] Mixed { get; private set; } = [];

    /// <summary>The child for a segment that is one parameter.</summary>
    public RouteNode? Parameter { get; private set; }

    /// <summary>Endpoints by method id, or null when no template ends here.</summary>
    public RouteEndpoint?[]? ByMethod { get; private set; }

    /// <summary>Bit per method id declared here.</summary>
    public ulong Mask { get; private set; }

    /// <summary>The <c>Allow</c> header value for this node.</summary>
    public string? Allow { get; private set; }

    public RouteNode Child(SegmentPattern pattern)
    {
        if (pattern.IsLiteral)
        {
            if (!_literalsBuild.TryGetValue(pattern.Literal!, out RouteNode? child))
            {
                child = new RouteNode();
                _literalsBuild.Add(pattern.Literal!, child);
            }

            return child;
        }

        if (pattern.IsSingleParameter)
        {
            return Parameter ??= new RouteNode();
        }

        foreach (MixedChild mixed in _mixedBuild)
        {
            if (mixed.Pattern.Key == pattern.Key)
            {
                return mixed.Node;
            }
        }

        var node = new RouteNode();
        _mixedBuild.Add(new MixedChild(pattern, node));
        return node;
    }

    /// <summary>Declares <paramref name="endpoint"/> for <paramref name="methodId"/>; false when the method is already taken.</summary>
    public bool TryAdd(int methodId, int methodCount, RouteEndpoint endpoint, out RouteEndpoint? existing)
    {
        ByMethod ??= new RouteEndpoint?[methodCount];
        existing = ByMethod[methodId];
        if (existing is not null)
        {
            return false;
        }

        ByMethod[methodId] = endpoint;
        Mask |= 1UL << methodId;
        return true;
    }

    /// <summary>Freezes this node and its subtree.</summary>
    public void Freeze(IReadOnlyList<string> methods)
    {
        foreach (RouteNode child in _literalsBuild.Values)
        {
            child.Freeze(methods);
        }

        _literals = _literalsBuild.ToFrozenDictionary(StringComparer.Ordinal);
        Literals = _literals.GetAlternateLookup<ReadOnlySpan<char>>();
        HasLiterals = _literals.Count > 0;

        // More literal text is more specific; then fewer parameters; then a stable order.
        _mixedBuild.Sort(static (a, b) =>
        {
            int byLiteral = b.Pattern.LiteralLength.CompareTo(a.Pattern.LiteralLength);
            if (byLiteral != 0)
            {
                return byLiteral;
            }

            int byParameters = a.Pattern.ParameterNames.Length.CompareTo(b.Pattern.ParameterNames.Length);
            return byParameters != 0 ? byParameters : string.CompareOrdinal(a.Pattern.Key, b.Pattern.Key);
        });
        foreach (MixedChild mixed in _mixedBuild)
        {
            mixed.Node.Freeze(methods);
        }

        Mixed = _mixedBuild.ToArray();
        Parameter?.Freeze(methods);
        if (ByMethod is not null)
        {
            Allow = AllowOf(Mask, methods);
        }
    }

    /// <summary>The <c>Allow</c> value for a set of method ids (ids are in ordinal order of the names).</summary>
    public static string AllowOf(ulong mask, IReadOnlyList<string> methods)
    {
        var allow = new StringBuilder();
        for (int id = 0; id < methods.Count; id++)
        {
            if ((mask & (1UL << id)) != 0)
            {
                if (allow.Length > 0)
                {
                    allow.Append(", ");
                }

                allow.Append(methods[id]);
            }
        }

        return allow.ToString();
    }
}
