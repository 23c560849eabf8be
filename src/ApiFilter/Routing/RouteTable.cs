using System.Buffers;
using System.Runtime.CompilerServices;

namespace ApiFilter.Routing;

/// <summary>
/// The contract's paths compiled into a segment trie (see <see cref="RouteTableBuilder"/>).
/// Immutable and thread-safe; <see cref="Match"/> allocates nothing.
/// </summary>
/// <remarks>
/// <para>
/// <b>Raw input, decoded once.</b> The request path is matched as the client sent it, still
/// percent-encoded: it is split on '/' first, then each segment is decoded exactly once
/// (RFC 3986 section 2.4), so <c>%2F</c> stays inside its segment and <c>%252F</c> is the text
/// <c>%2F</c>. Literal segments are compared after decoding; captures are ranges of the raw path.
/// </para>
/// <para>
/// <b>Precedence.</b> At each segment a literal child is tried first, then segments mixing
/// literals and parameters (more literal text first), then a single parameter (OpenAPI 3.1
/// section 4.8.8.2: concrete paths before templated ones). If a more specific branch does not
/// lead to an operation for the method, less specific ones are tried. A parameter never matches
/// an empty segment and never spans a '/'.
/// </para>
/// <para>
/// <b>Strictness.</b> Paths are case-sensitive; a trailing slash is a different path; methods are
/// case-sensitive and HEAD matches only where it is declared. Paths the filter will not interpret
/// are <see cref="RouteMatchStatus.UnknownPath"/> (<c>route.unknown</c>): a dot segment (<c>.</c>,
/// <c>..</c>, also encoded as <c>%2e</c>), an empty segment (<c>//</c>), a path not starting with
/// '/', malformed percent-encoding or escapes that are not UTF-8. An edge filter must not guess how
/// the service behind it normalizes such paths; and a path whose bytes do not decode names no
/// resource of the contract, before any operation (and so any parameter) is known — hence 404,
/// not <c>param.encoding</c>.
/// </para>
/// </remarks>
public sealed class RouteTable
{
    private const int StackChars = 256;
    private const int StackSegments = 32;

    private readonly RouteNode _root;
    private readonly string[] _methods;
    private readonly RouteDefinition[] _routes;

    internal RouteTable(RouteNode root, string[] methods, RouteDefinition[] routes, int maxCaptures, int maxSegments)
    {
        _root = root;
        _methods = methods;
        _routes = routes;
        MaxCaptures = maxCaptures;
        MaxSegments = maxSegments;
    }

    /// <summary>The routes in the order they were added; <see cref="RouteMatch.RouteIndex"/> indexes it.</summary>
    public IReadOnlyList<RouteDefinition> Routes => _routes;

    /// <summary>The capture span passed to <see cref="Match"/> must be at least this long.</summary>
    public int MaxCaptures { get; }

    /// <summary>The deepest template, in segments (base path included). Longer paths match nothing.</summary>
    public int MaxSegments { get; }

    /// <summary>Matches a request.</summary>
    /// <param name="method">The request method as received (case-sensitive).</param>
    /// <param name="rawPath">The raw, still percent-encoded path, without the query.</param>
    /// <param name="captures">Receives the path parameter captures; at least <see cref="MaxCaptures"/> long.</param>
    /// <exception cref="ArgumentException"><paramref name="captures"/> is too short (a caller bug).</exception>
    [SkipLocalsInit]
    public RouteMatch Match(ReadOnlySpan<char> method, ReadOnlySpan<char> rawPath, Span<PathCapture> captures)
    {
        if (captures.Length < MaxCaptures)
        {
            ThrowHelper.ThrowArgument(nameof(captures), $"The capture span must hold at least {MaxCaptures} captures.");
        }

        if (rawPath.IsEmpty || rawPath[0] != '/')
        {
            return Unknown;
        }

        // Every '/' starts a segment: "/" is one empty segment, "/a/" is "a" then an empty one.
        int segmentCount = rawPath.Count('/');
        if (segmentCount > MaxSegments)
        {
            return Unknown;
        }

        char[]? rentedChars = null;
        int[]? rentedMap = null;
        int[]? rentedSegments = null;
        try
        {
            Span<char> decoded = rawPath.Length <= StackChars
                ? stackalloc char[StackChars]
                : (rentedChars = ArrayPool<char>.Shared.Rent(rawPath.Length));
            Span<int> map = rawPath.Length <= StackChars
                ? stackalloc int[StackChars]
                : (rentedMap = ArrayPool<int>.Shared.Rent(rawPath.Length));
            Span<int> segments = segmentCount <= StackSegments
                ? stackalloc int[StackSegments * 4]
                : (rentedSegments = ArrayPool<int>.Shared.Rent(segmentCount * 4));

            if (!Split(rawPath, segmentCount, decoded, map, segments))
            {
                return Unknown;
            }

            var search = new Search
            {
                Decoded = decoded,
                Map = map,
                Segments = segments,
                SegmentCount = segmentCount,
                Captures = captures,
                MethodId = MethodId(method),
            };
            if (Visit(_root, 0, 0, ref search))
            {
                RouteEndpoint found = search.Found!;
                int count = search.FoundCaptures - found.BaseCaptures;
                if (found.BaseCaptures > 0)
                {
                    captures.Slice(found.BaseCaptures, count).CopyTo(captures);
                }

                return new RouteMatch(RouteMatchStatus.Matched, found.OperationIndex, found.RouteIndex, count, null);
            }

            if (search.FirstPathNode is null)
            {
                return Unknown;
            }

            // Usually one node matched; when several did, the refusal may build the union.
            string allow = search.AllowMask == search.FirstPathNode.Mask
                ? search.FirstPathNode.Allow!
                : RouteNode.AllowOf(search.AllowMask, _methods);
            return new RouteMatch(RouteMatchStatus.MethodNotAllowed, -1, -1, 0, allow);
        }
        finally
        {
            if (rentedChars is not null)
            {
                ArrayPool<char>.Shared.Return(rentedChars);
            }

            if (rentedMap is not null)
            {
                ArrayPool<int>.Shared.Return(rentedMap);
            }

            if (rentedSegments is not null)
            {
                ArrayPool<int>.Shared.Return(rentedSegments);
            }
        }
    }

    private static RouteMatch Unknown => new(RouteMatchStatus.UnknownPath, -1, -1, 0, null);

    private int MethodId(ReadOnlySpan<char> method)
    {
        for (int id = 0; id < _methods.Length; id++)
        {
            if (method.SequenceEqual(_methods[id]))
            {
                return id;
            }
        }

        return -1;
    }

    /// <summary>
    /// Splits the raw path into segments and decodes each once. Per segment, four ints:
    /// decoded start, decoded length, raw start, raw length.
    /// </summary>
    private static bool Split(ReadOnlySpan<char> rawPath, int segmentCount, Span<char> decoded, Span<int> map, Span<int> segments)
    {
        int rawStart = 1;
        int written = 0;
        for (int s = 0; s < segmentCount; s++)
        {
            int slash = rawPath[rawStart..].IndexOf('/');
            int rawEnd = slash < 0 ? rawPath.Length : rawStart + slash;
            ReadOnlySpan<char> raw = rawPath[rawStart..rawEnd];
            if (raw.IsEmpty && s < segmentCount - 1)
            {
                return false;
            }

            if (!PathSegmentDecoder.TryDecode(raw, rawStart, decoded[written..], map[written..], out int length))
            {
                return false;
            }

            ReadOnlySpan<char> segment = decoded.Slice(written, length);
            if (segment is "." or "..")
            {
                // RFC 3986 section 5.2.4 would remove these; whether the upstream does is unknown.
                return false;
            }

            segments[s * 4] = written;
            segments[(s * 4) + 1] = length;
            segments[(s * 4) + 2] = rawStart;
            segments[(s * 4) + 3] = raw.Length;
            written += length;
            rawStart = rawEnd + 1;
        }

        return true;
    }

    /// <summary>Depth-first search, most specific child first; true once an endpoint for the method is found.</summary>
    private static bool Visit(RouteNode node, int s, int captureCount, ref Search search)
    {
        if (s == search.SegmentCount)
        {
            RouteEndpoint?[]? byMethod = node.ByMethod;
            if (byMethod is null)
            {
                return false;
            }

            if (search.MethodId >= 0 && byMethod[search.MethodId] is { } endpoint)
            {
                search.Found = endpoint;
                search.FoundCaptures = captureCount;
                return true;
            }

            search.FirstPathNode ??= node;
            search.AllowMask |= node.Mask;
            return false;
        }

        ReadOnlySpan<char> segment = search.Decoded.Slice(search.Segments[s * 4], search.Segments[(s * 4) + 1]);
        if (node.HasLiterals && node.Literals.TryGetValue(segment, out RouteNode? literal) && Visit(literal, s + 1, captureCount, ref search))
        {
            return true;
        }

        if (segment.IsEmpty)
        {
            return false;
        }

        foreach (MixedChild mixed in node.Mixed)
        {
            if (MatchMixed(mixed.Pattern.Parts, s, captureCount, ref search)
                && Visit(mixed.Node, s + 1, captureCount + mixed.Pattern.ParameterNames.Length, ref search))
            {
                return true;
            }
        }

        if (node.Parameter is not null)
        {
            search.Captures[captureCount] = new PathCapture(search.Segments[(s * 4) + 2], search.Segments[(s * 4) + 3]);
            return Visit(node.Parameter, s + 1, captureCount + 1, ref search);
        }

        return false;
    }

    /// <summary>
    /// Matches a segment such as <c>{name}.{ext}</c> from the right: each literal that ends a
    /// parameter is taken at its last occurrence, so <c>a.b.c</c> gives <c>name=a.b</c>,
    /// <c>ext=c</c>. Every parameter must be non-empty.
    /// </summary>
    private static bool MatchMixed(string?[] parts, int s, int captureCount, ref Search search)
    {
        int decodedStart = search.Segments[s * 4];
        ReadOnlySpan<char> segment = search.Decoded.Slice(decodedStart, search.Segments[(s * 4) + 1]);
        int rawEnd = search.Segments[(s * 4) + 2] + search.Segments[(s * 4) + 3];
        int parameter = captureCount + CountParameters(parts) - 1;
        int end = segment.Length;
        int parameterEnd = -1;
        for (int i = parts.Length - 1; i >= 0; i--)
        {
            string? literal = parts[i];
            if (literal is null)
            {
                parameterEnd = end;
                if (i == 0)
                {
                    if (end < 1)
                    {
                        return false;
                    }

                    Capture(ref search, parameter, decodedStart, 0, end, segment.Length, rawEnd);
                    end = 0;
                }

                continue;
            }

            if (parameterEnd < 0)
            {
                if (!segment[..end].EndsWith(literal, StringComparison.Ordinal))
                {
                    return false;
                }

                end -= literal.Length;
                continue;
            }

            int position;
            if (i == 0)
            {
                position = segment[..end].StartsWith(literal, StringComparison.Ordinal) ? 0 : -1;
            }
            else
            {
                // The parameter before this literal must keep at least one character.
                position = segment[..(parameterEnd - 1)].LastIndexOf(literal, StringComparison.Ordinal);
                if (position < 1)
                {
                    return false;
                }
            }

            if (position < 0 || parameterEnd - (position + literal.Length) < 1)
            {
                return false;
            }

            Capture(ref search, parameter--, decodedStart, position + literal.Length, parameterEnd, segment.Length, rawEnd);
            parameterEnd = -1;
            end = position;
        }

        return end == 0;
    }

    private static int CountParameters(string?[] parts)
    {
        int n = 0;
        foreach (string? part in parts)
        {
            if (part is null)
            {
                n++;
            }
        }

        return n;
    }

    private static void Capture(ref Search search, int index, int decodedStart, int from, int to, int decodedLength, int rawEnd)
    {
        int rawFrom = search.Map[decodedStart + from];
        int rawTo = to < decodedLength ? search.Map[decodedStart + to] : rawEnd;
        search.Captures[index] = new PathCapture(rawFrom, rawTo - rawFrom);
    }

    /// <summary>The state of one match, on the stack.</summary>
    private ref struct Search
    {
        public ReadOnlySpan<char> Decoded;
        public ReadOnlySpan<int> Map;
        public ReadOnlySpan<int> Segments;
        public int SegmentCount;
        public Span<PathCapture> Captures;
        public int MethodId;
        public RouteEndpoint? Found;
        public int FoundCaptures;
        public RouteNode? FirstPathNode;
        public ulong AllowMask;
    }
}
