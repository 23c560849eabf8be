namespace ApiFilter.Schema;

/// <summary>
/// The <c>format</c> values the validator can assert (JSON Schema 2020-12 section 7.3, OpenAPI 3.x
/// data types). Any other format name is an annotation only.
/// </summary>
public enum SchemaFormat : byte
{
    /// <summary>No format, or one the validator does not know (annotation only).</summary>
    None = 0,
    /// <summary>RFC 3339 <c>date-time</c>.</summary>
    DateTime,
    /// <summary>RFC 3339 <c>full-date</c>.</summary>
    Date,
    /// <summary>RFC 3339 <c>full-time</c>.</summary>
    Time,
    /// <summary>RFC 3339 appendix A <c>duration</c>.</summary>
    Duration,
    /// <summary>RFC 5321 mailbox.</summary>
    Email,
    /// <summary>RFC 6531 mailbox.</summary>
    IdnEmail,
    /// <summary>RFC 1123 host name.</summary>
    Hostname,
    /// <summary>RFC 5890 internationalized host name.</summary>
    IdnHostname,
    /// <summary>RFC 2673 dotted-quad IPv4 address.</summary>
    Ipv4,
    /// <summary>RFC 4291 IPv6 address.</summary>
    Ipv6,
    /// <summary>RFC 3986 URI (absolute).</summary>
    Uri,
    /// <summary>RFC 3986 URI reference.</summary>
    UriReference,
    /// <summary>RFC 3987 IRI.</summary>
    Iri,
    /// <summary>RFC 3987 IRI reference.</summary>
    IriReference,
    /// <summary>RFC 6570 URI template.</summary>
    UriTemplate,
    /// <summary>RFC 4122 UUID.</summary>
    Uuid,
    /// <summary>OpenAPI <c>byte</c>: base64 (RFC 4648 section 4).</summary>
    Byte,
    /// <summary>OpenAPI <c>binary</c>: any octets (annotation only).</summary>
    Binary,
    /// <summary>OpenAPI <c>int32</c>: an integer in the signed 32-bit range.</summary>
    Int32,
    /// <summary>OpenAPI <c>int64</c>: an integer in the signed 64-bit range.</summary>
    Int64,
    /// <summary>OpenAPI <c>float</c>: a number within the IEEE 754 binary32 range.</summary>
    Float,
    /// <summary>OpenAPI <c>double</c>: a number within the IEEE 754 binary64 range.</summary>
    Double,
    /// <summary>An ECMA-262 regular expression.</summary>
    Regex,
    /// <summary>RFC 6901 JSON Pointer.</summary>
    JsonPointer,
    /// <summary>Relative JSON Pointer (draft-handrews-relative-json-pointer-01).</summary>
    RelativeJsonPointer,
    /// <summary>OpenAPI <c>password</c>: a hint to hide the value (annotation only).</summary>
    Password,
}
