using Microsoft.AspNetCore.Builder;

namespace ApiFilter.AspNetCore;

/// <summary>Adds the ApiFilter middleware to a pipeline.</summary>
public static class ApiFilterApplicationBuilderExtensions
{
    /// <summary>
    /// Judges every request before the rest of the pipeline sees it: refusals are answered with
    /// RFC 9457 problem details and never reach later middleware. Requires <c>AddApiFilter()</c>.
    /// </summary>
    public static IApplicationBuilder UseApiFilter(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<ApiFilterMiddleware>();
    }
}
