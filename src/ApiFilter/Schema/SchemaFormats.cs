namespace ApiFilter.Schema;

/// <summary>
/// Checks of <c>format</c> values on UTF-8 strings and number literals. Pure functions over spans;
/// no allocation.
/// </summary>
/// <remarks>
/// Formats follow JSON Schema 2020-12 section 7.3 and the OpenAPI data types. The internationalized
/// forms (idn-hostname, idn-email, iri) implement a documented subset of IDNA2008 and RFC 3987;
/// see the notes on each check.
/// </remarks>
public static class SchemaFormats
{
    private static ReadOnlySpan<byte> Int32Min => "-2147483648"u8;

    private static ReadOnlySpan<byte> Int32Max => "2147483647"u8;

    private static ReadOnlySpan<byte> Int64Min => "-9223372036854775808"u8;

    private static ReadOnlySpan<byte> Int64Max => "9223372036854775807"u8;

    /// <summary>Maps a <c>format</c> name to the format it asserts; false for a name the validator does not know.</summary>
    public static bool TryParse(string name, out SchemaFormat format)
    {
        format = name switch
        {
            "date-time" => SchemaFormat.DateTime,
            "date" => SchemaFormat.Date,
            "time" => SchemaFormat.Time,
            "duration" => SchemaFormat.Duration,
            "email" => SchemaFormat.Email,
            "idn-email" => SchemaFormat.IdnEmail,
            "hostname" => SchemaFormat.Hostname,
            "idn-hostname" => SchemaFormat.IdnHostname,
            "ipv4" => SchemaFormat.Ipv4,
            "ipv6" => SchemaFormat.Ipv6,
            "uri" => SchemaFormat.Uri,
            "uri-reference" => SchemaFormat.UriReference,
            "iri" => SchemaFormat.Iri,
            "iri-reference" => SchemaFormat.IriReference,
            "uri-template" => SchemaFormat.UriTemplate,
            "uuid" => SchemaFormat.Uuid,
            "byte" => SchemaFormat.Byte,
            "binary" => SchemaFormat.Binary,
            "password" => SchemaFormat.Password,
            "int32" => SchemaFormat.Int32,
            "int64" => SchemaFormat.Int64,
            "float" => SchemaFormat.Float,
            "double" => SchemaFormat.Double,
            "regex" => SchemaFormat.Regex,
            "json-pointer" => SchemaFormat.JsonPointer,
            "relative-json-pointer" => SchemaFormat.RelativeJsonPointer,
            _ => SchemaFormat.None,
        };
        return format != SchemaFormat.None;
    }

    /// <summary>True when <paramref name="format"/> constrains string values.</summary>
    public static bool AppliesToStrings(SchemaFormat format) => format is not (SchemaFormat.None or SchemaFormat.Int32
        or SchemaFormat.Int64 or SchemaFormat.Float or SchemaFormat.Double);

    /// <summary>True when <paramref name="format"/> constrains number values (int32, int64, float, double).</summary>
    public static bool AppliesToNumbers(SchemaFormat format) => format is SchemaFormat.Int32 or SchemaFormat.Int64
        or SchemaFormat.Float or SchemaFormat.Double;

    /// <summary>True when the unescaped UTF-8 string <paramref name="utf8"/> is valid for <paramref name="format"/>.</summary>
    public static bool IsValidString(SchemaFormat format, ReadOnlySpan<byte> utf8) => format switch
    {
        SchemaFormat.DateTime => FormatDateTime.IsDateTime(utf8),
        SchemaFormat.Date => FormatDateTime.IsDate(utf8),
        SchemaFormat.Time => FormatDateTime.IsTime(utf8),
        SchemaFormat.Duration => FormatDateTime.IsDuration(utf8),
        SchemaFormat.Email => FormatNetwork.IsEmail(utf8, international: false),
        SchemaFormat.IdnEmail => FormatNetwork.IsEmail(utf8, international: true),
        SchemaFormat.Hostname => FormatNetwork.IsHostname(utf8),
        SchemaFormat.IdnHostname => FormatIdn.IsIdnHostname(utf8),
        SchemaFormat.Ipv4 => FormatNetwork.IsIpv4(utf8),
        SchemaFormat.Ipv6 => FormatNetwork.IsIpv6(utf8),
        SchemaFormat.Uri => FormatUri.IsUri(utf8, requireScheme: true, iri: false),
        SchemaFormat.UriReference => FormatUri.IsUri(utf8, requireScheme: false, iri: false),
        SchemaFormat.Iri => FormatUri.IsUri(utf8, requireScheme: true, iri: true),
        SchemaFormat.IriReference => FormatUri.IsUri(utf8, requireScheme: false, iri: true),
        SchemaFormat.UriTemplate => FormatUri.IsUriTemplate(utf8),
        SchemaFormat.Uuid => FormatText.IsUuid(utf8),
        SchemaFormat.Byte => FormatText.IsBase64(utf8),
        SchemaFormat.Regex => EcmaRegexTranslator.IsValid(utf8),
        SchemaFormat.JsonPointer => FormatText.IsJsonPointer(utf8),
        SchemaFormat.RelativeJsonPointer => FormatText.IsRelativeJsonPointer(utf8),
        // binary and password are annotations; number formats do not constrain strings
        _ => true,
    };

    /// <summary>True when the RFC 8259 number literal <paramref name="literal"/> is valid for <paramref name="format"/>.</summary>
    public static bool IsValidNumber(SchemaFormat format, ReadOnlySpan<byte> literal) => format switch
    {
        SchemaFormat.Int32 => JsonNumberMath.IsIntegral(literal)
            && JsonNumberMath.Compare(literal, Int32Min) >= 0 && JsonNumberMath.Compare(literal, Int32Max) <= 0,
        SchemaFormat.Int64 => JsonNumberMath.IsIntegral(literal)
            && JsonNumberMath.Compare(literal, Int64Min) >= 0 && JsonNumberMath.Compare(literal, Int64Max) <= 0,
        // finite after IEEE 754 round-to-nearest, which .NET's parser implements exactly (values past the
        // largest finite number by less than half a unit in the last place still round to it)
        SchemaFormat.Float => float.TryParse(literal, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var single)
            && float.IsFinite(single),
        SchemaFormat.Double => double.TryParse(literal, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value),
        _ => true,
    };
}
