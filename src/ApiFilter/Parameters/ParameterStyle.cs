namespace ApiFilter.Parameters;

/// <summary>
/// How a parameter value is serialized (OpenAPI 3.1 section 4.8.12.4, <c>style</c>), plus the
/// Swagger 2.0 <c>collectionFormat: tsv</c> that has no 3.x style.
/// </summary>
public enum ParameterStyle : byte
{
    /// <summary><c>simple</c> (RFC 6570 <c>{id}</c>): comma-separated; default for path and header.</summary>
    Simple,
    /// <summary><c>label</c> (RFC 6570 <c>{.id}</c>): dot-prefixed.</summary>
    Label,
    /// <summary><c>matrix</c> (RFC 6570 <c>{;id}</c>): semicolon-prefixed name=value pairs.</summary>
    Matrix,
    /// <summary><c>form</c> (RFC 6570 <c>{?id}</c>): name=value; default for query and cookie.</summary>
    Form,
    /// <summary><c>spaceDelimited</c>: array items separated by spaces (2.0 <c>ssv</c>).</summary>
    SpaceDelimited,
    /// <summary><c>pipeDelimited</c>: array items separated by <c>|</c> (2.0 <c>pipes</c>).</summary>
    PipeDelimited,
    /// <summary><c>deepObject</c>: <c>name[key]=value</c> for object members.</summary>
    DeepObject,
    /// <summary>Swagger 2.0 <c>collectionFormat: tsv</c>: array items separated by tabs.</summary>
    TabDelimited,
}
