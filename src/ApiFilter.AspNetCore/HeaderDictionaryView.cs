using ApiFilter.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace ApiFilter.AspNetCore;

/// <summary>
/// The request's header dictionary seen through <see cref="IRequestHeaders"/>: lookups go straight
/// to Kestrel's dictionary (<see cref="StringValues"/> is a struct), so nothing is allocated. One
/// instance per thread is reused: the filter reads headers only inside its synchronous planning step.
/// </summary>
internal sealed class HeaderDictionaryView : IRequestHeaders
{
    [ThreadStatic]
    private static HeaderDictionaryView? s_current;

    private IHeaderDictionary? _headers;

    /// <summary>The calling thread's view, pointed at <paramref name="headers"/>; call <see cref="Release"/> after planning.</summary>
    public static HeaderDictionaryView For(IHeaderDictionary headers)
    {
        var view = s_current ??= new HeaderDictionaryView();
        view._headers = headers;
        return view;
    }

    /// <summary>Forgets the dictionary so a finished request is not kept alive.</summary>
    public void Release() => _headers = null;

    /// <inheritdoc/>
    public int GetValueCount(string name) =>
        _headers is not null && _headers.TryGetValue(name, out var values) ? values.Count : 0;

    /// <inheritdoc/>
    public ReadOnlySpan<char> GetValue(string name, int index) =>
        _headers is not null && _headers.TryGetValue(name, out var values) && (uint)index < (uint)values.Count ? values[index] : default;
}
