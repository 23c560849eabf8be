namespace ApiFilter.Schema;

/// <summary>Which way a value travels, for <c>readOnly</c> and <c>writeOnly</c> (OpenAPI 3.x Schema Object).</summary>
public enum ValidationDirection : byte
{
    /// <summary>Neither: <c>readOnly</c> and <c>writeOnly</c> are annotations only.</summary>
    None,

    /// <summary>A request: a <c>readOnly</c> property present is refused, and is not required.</summary>
    Request,

    /// <summary>A response: a <c>writeOnly</c> property present is refused, and is not required.</summary>
    Response,
}
