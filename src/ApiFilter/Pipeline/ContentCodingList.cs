using ApiFilter.Policy;

namespace ApiFilter.Pipeline;

/// <summary>
/// Reads a <c>Content-Encoding</c> value: a comma-separated list of codings in the order they were
/// applied (RFC 9110 section 8.4). Span-only; allocates only to describe a refusal.
/// </summary>
internal static class ContentCodingList
{
    /// <summary>More stacked codings than this is refused: no legitimate client nests deeper.</summary>
    public const int MaxCodings = 3;

    /// <summary>More list members than this (identity included) is refused as well.</summary>
    public const int MaxListMembers = 8;

    /// <summary>Checks every coding is known and allowed; returns a refusal, or null, and whether any real coding is present.</summary>
    public static Violation? Check(ReadOnlySpan<char> header, ContentCodings allowed, out bool hasCoding)
    {
        hasCoding = false;
        var count = 0;
        var members = 0;
        foreach (var range in header.Split(','))
        {
            if (++members > MaxListMembers)
            {
                return new Violation(ViolationCodes.BodyEncoding, "", $"A Content-Encoding list longer than {MaxListMembers} members.");
            }

            var token = header[range].Trim();
            if (token.IsEmpty || token.Equals("identity", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var coding = Parse(token);
            if (coding == ContentCodings.None)
            {
                return new Violation(ViolationCodes.BodyEncoding, "", $"Content-Encoding '{token}' is not supported.");
            }

            if ((allowed & coding) == 0)
            {
                return new Violation(ViolationCodes.BodyEncoding, "", $"Content-Encoding '{token}' is not allowed by the policy.");
            }

            if (++count > MaxCodings)
            {
                return new Violation(ViolationCodes.BodyEncoding, "", $"More than {MaxCodings} stacked content codings.");
            }

            hasCoding = true;
        }

        return null;
    }

    /// <summary>Maps a coding token to its flag; <see cref="ContentCodings.None"/> when unknown.</summary>
    public static ContentCodings Parse(ReadOnlySpan<char> token)
    {
        if (token.Equals("gzip", StringComparison.OrdinalIgnoreCase) || token.Equals("x-gzip", StringComparison.OrdinalIgnoreCase))
        {
            return ContentCodings.Gzip;
        }

        if (token.Equals("deflate", StringComparison.OrdinalIgnoreCase))
        {
            return ContentCodings.Deflate;
        }

        return token.Equals("br", StringComparison.OrdinalIgnoreCase) ? ContentCodings.Brotli : ContentCodings.None;
    }
}
