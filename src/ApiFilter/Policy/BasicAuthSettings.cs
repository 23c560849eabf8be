using ApiFilter.Tokens;

namespace ApiFilter.Policy;

/// <summary>User names and salted PBKDF2 password hashes for an http <c>basic</c> scheme (RFC 7617).</summary>
public sealed record BasicAuthSettings : AuthSchemeSettings
{
    /// <summary>The accepted users.</summary>
    public required BasicCredentialStore Users { get; init; }

    /// <inheritdoc/>
    public override string Describe() => "HTTP Basic credentials";
}
