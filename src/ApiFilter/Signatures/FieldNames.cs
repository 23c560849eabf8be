namespace ApiFilter.Signatures;

/// <summary>
/// Field names as strings for <see cref="Pipeline.IRequestHeaders"/>, which takes a string:
/// the usual signed fields come from this table without allocating; a name outside it costs
/// one string (a bounded, per-component cost).
/// </summary>
internal static class FieldNames
{
    public const string SignatureInput = "Signature-Input";
    public const string Signature = "Signature";
    public const string Authorization = "Authorization";
    public const string ContentDigest = "Content-Digest";
    public const string Digest = "Digest";

    private static readonly Dictionary<string, string> Known = Build(
        "host", "date", "content-type", "content-length", "content-digest", "repr-digest", "digest", "authorization",
        "cache-control", "accept", "accept-encoding", "accept-language", "content-encoding", "content-language",
        "user-agent", "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "client-cert",
        "client-cert-chain", "signature", "signature-input", "expires", "etag", "last-modified", "location",
        "origin", "referer", "cookie", "set-cookie", "idempotency-key", "x-request-id", "traceparent", "tracestate",
        "if-match", "if-none-match", "priority", "trailer", "example-dict", "example-header");

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Known.GetAlternateLookup<ReadOnlySpan<char>>();

    public static string Get(ReadOnlySpan<char> lowercaseName) =>
        Lookup.TryGetValue(lowercaseName, out string? name) ? name : new string(lowercaseName);

    private static Dictionary<string, string> Build(params string[] names)
    {
        Dictionary<string, string> map = new(StringComparer.Ordinal);
        foreach (string name in names)
        {
            map[name] = name;
        }

        return map;
    }
}
