using ApiFilter.Policy;

namespace ApiFilter.AspNetCore;

/// <summary>Options for the ApiFilter middleware.</summary>
public sealed class ApiFilterOptions
{
    /// <summary>The policy enforced on every request. Default <see cref="FilterPolicy.Default"/>.</summary>
    public FilterPolicy Policy { get; set; } = FilterPolicy.Default;

    /// <summary>
    /// The compiled OpenAPI contract to enforce (see <c>ContractLoader</c> and <c>ContractCompiler</c>);
    /// null for threat limits only.
    /// </summary>
    public Contract.ApiContract? Contract { get; set; }

    /// <summary>
    /// When true (default), Kestrel's request buffer and HTTP/2 stream window are raised to fit the
    /// largest body the policy buffers (see <see cref="KestrelBufferSizing"/>). Turn off only if the
    /// server is configured by hand with at least those sizes.
    /// </summary>
    public bool SizeKestrelBuffers { get; set; } = true;
}
