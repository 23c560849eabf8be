namespace ApiFilter.Tokens;

/// <summary>Outcome of <see cref="Base64Url.TryDecode"/>.</summary>
public enum Base64UrlDecodeStatus
{
    /// <summary>The whole input decoded.</summary>
    Done = 0,

    /// <summary>A byte outside the base64url alphabet (RFC 4648 section 5): padding, whitespace, '+', '/', controls, non-ASCII.</summary>
    InvalidCharacter,

    /// <summary>The input length leaves one character over (length mod 4 is 1), which no byte sequence encodes to.</summary>
    InvalidLength,

    /// <summary>The last character carries bits that are not zero, so another spelling decodes to the same bytes (RFC 4648 section 3.5).</summary>
    NonCanonical,

    /// <summary>The destination is shorter than <see cref="Base64Url.GetDecodedLength"/>.</summary>
    DestinationTooSmall,
}
