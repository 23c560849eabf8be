namespace ApiFilter.Pipeline;

/// <summary>
/// Read access to a request's header fields without copying them: the host adapts its own header
/// store (ASP.NET Core's <c>IHeaderDictionary.TryGetValue</c> yields a <c>StringValues</c> struct,
/// so an adapter allocates nothing).
/// </summary>
/// <remarks>
/// Field names are case-insensitive (RFC 9110 section 5.1). A field that arrived on several lines
/// has several values, in the order received (section 5.3); the engine treats them as one
/// comma-separated list where the field's syntax is a list, and as a duplicate where it is not.
/// </remarks>
public interface IRequestHeaders
{
    /// <summary>How many field lines named <paramref name="name"/> the request carries (0 when absent).</summary>
    int GetValueCount(string name);

    /// <summary>The value of field line <paramref name="index"/> (0-based, below <see cref="GetValueCount"/>) named <paramref name="name"/>.</summary>
    ReadOnlySpan<char> GetValue(string name, int index);
}
