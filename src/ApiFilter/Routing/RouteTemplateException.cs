namespace ApiFilter.Routing;

/// <summary>
/// A path template or server base path that cannot be routed strictly: malformed braces, dot or
/// empty segments, adjacent parameters, or two templates that match the same requests with the
/// same method. A load-time error of the contract.
/// </summary>
public sealed class RouteTemplateException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RouteTemplateException()
    {
        Template = "";
    }

    /// <summary>Creates the exception with a message.</summary>
    public RouteTemplateException(string message)
        : base(message)
    {
        Template = "";
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public RouteTemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
        Template = "";
    }

    /// <summary>Creates the exception for <paramref name="template"/>.</summary>
    public RouteTemplateException(string template, string message)
        : base(message)
    {
        Template = template;
    }

    /// <summary>The template (or base path) at fault.</summary>
    public string Template { get; }
}
