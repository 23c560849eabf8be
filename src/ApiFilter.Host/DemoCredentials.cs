namespace ApiFilter.Host;

/// <summary>The access tokens <c>apifilter demo</c> prints for its examples.</summary>
/// <param name="Token">Valid, scopes <c>orders:write orders:read</c>.</param>
/// <param name="ReadOnlyToken">Valid, scope <c>orders:read</c> only.</param>
/// <param name="ExpiredToken">Signed by the demo key, expired an hour ago.</param>
/// <param name="ForgedToken">The demo key's id, another key's signature.</param>
internal sealed record DemoCredentials(string Token, string ReadOnlyToken, string ExpiredToken, string ForgedToken);
