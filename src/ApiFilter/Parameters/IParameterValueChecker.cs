using ApiFilter.Json;
using ApiFilter.Pipeline;

namespace ApiFilter.Parameters;

/// <summary>
/// Receives each decoded parameter value so the schema validator can check it: plugged into
/// <see cref="OperationParameters.Check(ReadOnlySpan{char}, ReadOnlySpan{Routing.PathCapture}, ReadOnlySpan{char}, Pipeline.IRequestHeaders?, IParameterValueChecker?, out Pipeline.Violation?)"/>.
/// Hot code: implementations allocate nothing on the allow path.
/// </summary>
/// <remarks>
/// For each parameter present in the request, in the operation's declaration order: either
/// <see cref="Begin"/>, the value's tokens into the returned sink, then <see cref="End"/>; or, for a
/// parameter declared with <c>content</c>, one <see cref="Content"/> call. The parameter index is
/// the position in the list given to <see cref="ParameterCompiler.Compile"/>. When a sink method
/// returns false, the producer stops at once (no <see cref="End"/>) and the check fails with the
/// checker's own violations.
/// </remarks>
public interface IParameterValueChecker
{
    /// <summary>A value of parameter <paramref name="parameterIndex"/> follows; returns where its tokens go, or null not to check it.</summary>
    IJsonTokenSink? Begin(int parameterIndex);

    /// <summary>The value is complete; false when it was refused.</summary>
    bool End(int parameterIndex);

    /// <summary>
    /// The value of a <c>content</c> parameter (<see cref="ParameterDefinition.ContentMediaType"/>),
    /// percent-decoded once, as UTF-8: a document of that media type (run a <c>JsonGuard</c> over
    /// <c>new ReadOnlySequence&lt;byte&gt;(document)</c> for <c>application/json</c>). The memory is
    /// pooled and valid only during the call. Returns false when the document was refused.
    /// </summary>
    bool Content(int parameterIndex, ReadOnlyMemory<byte> document);

    /// <summary>
    /// A query or cookie name that no parameter declares, let through by the options, decoded once as
    /// UTF-8. False, with the violation, to refuse the request. The default accepts every name.
    /// </summary>
    bool UndeclaredName(ParameterLocation location, ReadOnlySpan<byte> name, out Violation? violation)
    {
        violation = null;
        return true;
    }
}
