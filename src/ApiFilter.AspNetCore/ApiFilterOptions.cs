using ApiFilter.Json;
using ApiFilter.Xml;

namespace ApiFilter.AspNetCore;

/// <summary>Options for the ApiFilter middleware.</summary>
public sealed class ApiFilterOptions
{
    /// <summary>JSON threat limits.</summary>
    public JsonThreatLimits Json { get; set; } = JsonThreatLimits.Default;

    /// <summary>XML threat limits.</summary>
    public XmlThreatLimits Xml { get; set; } = XmlThreatLimits.Default;
}
