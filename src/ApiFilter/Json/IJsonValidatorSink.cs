using ApiFilter.Pipeline;

namespace ApiFilter.Json;

/// <summary>
/// A token receiver that judges the value it receives (the schema validator): the
/// <see cref="JsonGuard"/> feeds it in the same pass as its threat limits and refuses the body when
/// it reports violations.
/// </summary>
public interface IJsonValidatorSink : IJsonTokenSink
{
    /// <summary>
    /// Called once after the last token of a complete value. True when the value is valid; false
    /// when it is not (see <see cref="Violations"/>).
    /// </summary>
    bool Finish();

    /// <summary>The violations found so far, in the order found; empty while the value is valid.</summary>
    IReadOnlyList<Violation> Violations { get; }
}
