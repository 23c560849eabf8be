using ApiFilter.Forms;
using ApiFilter.Pipeline;

namespace ApiFilter.Contract;

/// <summary>
/// One media type a request body or response may have, compiled: the range to match the
/// <c>Content-Type</c> against, which guard reads it, and the schema entry that judges it.
/// </summary>
internal sealed class ContractMediaType
{
    public ContractMediaType(MediaTypeModel model, BodyKind kind, int schemaEntry)
    {
        Model = model;
        Type = model.Type;
        Subtype = model.Subtype;
        Kind = kind;
        SchemaEntry = schemaEntry;
        // more specific ranges win (RFC 9110 section 12.5.1): exact, then type/*, then */*
        Specificity = Type == "*" ? 0 : Subtype == "*" ? 1 : 2;
    }

    public MediaTypeModel Model { get; }

    /// <summary>Lower-case type, or <c>*</c>.</summary>
    public string Type { get; }

    /// <summary>Lower-case subtype, or <c>*</c>.</summary>
    public string Subtype { get; }

    /// <summary>Which guard reads a body of this type; <see cref="BodyKind.None"/> for types no guard reads.</summary>
    public BodyKind Kind { get; }

    /// <summary>Entry of the schema program that judges the body, or -1 when the media type declares no schema.</summary>
    public int SchemaEntry { get; }

    /// <summary>2 for an exact type, 1 for <c>type/*</c>, 0 for <c>*/*</c>.</summary>
    public int Specificity { get; }

    /// <summary>For <c>application/x-www-form-urlencoded</c>: the fields of the body's object schema.</summary>
    public FormFields? Form { get; init; }

    /// <summary>For XML bodies: how the document maps onto the schema (OpenAPI XML Object).</summary>
    public Xml.XmlMapping? Xml { get; init; }

    /// <summary>For <c>multipart/form-data</c>: the parts the body may have.</summary>
    public Multipart.MultipartFormDescription? Multipart { get; init; }

    /// <summary>True when <paramref name="type"/>/<paramref name="subtype"/> (any case) falls in this range.</summary>
    public bool Matches(ReadOnlySpan<char> type, ReadOnlySpan<char> subtype) =>
        Type == "*"
        || type.Equals(Type, StringComparison.OrdinalIgnoreCase) && (Subtype == "*" || subtype.Equals(Subtype, StringComparison.OrdinalIgnoreCase));

    /// <summary>The most specific entry of <paramref name="media"/> that matches the media type, or null.</summary>
    public static ContractMediaType? Select(ContractMediaType[] media, ReadOnlySpan<char> type, ReadOnlySpan<char> subtype)
    {
        ContractMediaType? best = null;
        foreach (var candidate in media)
        {
            if (candidate.Matches(type, subtype) && (best is null || candidate.Specificity > best.Specificity))
            {
                best = candidate;
            }
        }

        return best;
    }
}
