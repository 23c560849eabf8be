namespace ApiFilter.Schema;

/// <summary>One reason a schema cannot be compiled strictly.</summary>
/// <param name="Location">Where: the schema document's URI and a JSON Pointer into it (<c>file.json#/properties/a/pattern</c>).</param>
/// <param name="Message">What is wrong.</param>
public sealed record SchemaProblem(string Location, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Location}: {Message}";
}
