using ApiFilter.Parameters;

namespace ApiFilter.Forms;

/// <summary>
/// How one field of a form body is serialized: the <c>style</c> and <c>explode</c> of its OpenAPI 3.x
/// <c>encoding</c> entry (section 4.8.15; default form, explode true).
/// </summary>
/// <param name="Style">Form, spaceDelimited, pipeDelimited or deepObject.</param>
/// <param name="Explode">Whether arrays repeat the field (<c>tag=a&amp;tag=b</c>).</param>
public readonly record struct FormFieldEncoding(ParameterStyle Style, bool Explode);
