using System.Runtime.CompilerServices;
using System.Text;
using ApiFilter.Contract;
using ApiFilter.Parameters;
using ApiFilter.Tokens;

namespace ApiFilter.Pipeline.Security;

/// <summary>
/// An <c>apiKey</c> scheme: the key is read from the header, query parameter or cookie the contract
/// names and checked against an <see cref="ApiKeyStore"/>. The key's value never appears in a
/// violation, a challenge or a log line.
/// </summary>
/// <remarks>
/// There is no registered HTTP authentication scheme for API keys, yet a 401 must carry a
/// <c>WWW-Authenticate</c> field (RFC 9110 section 15.5.2). The challenge is
/// <c>ApiKey realm="…", in="header", name="X-API-Key"</c>: valid auth-scheme syntax (RFC 9110 section
/// 11.3), ignored by clients that do not know it, and it tells a developer where the contract expects
/// the key, which the published contract says anyway.
/// </remarks>
internal sealed class ApiKeyVerifier : SchemeVerifier
{
    private readonly ApiKeyStore _store;
    private readonly string _name;
    private readonly ParameterLocation _location;

    public ApiKeyVerifier(SecuritySchemeModel scheme, string realm, ApiKeyStore store)
        : base(scheme, realm)
    {
        _store = store;
        _name = scheme.ApiKeyName!;
        _location = scheme.ApiKeyLocation!.Value;
        Location = _location switch
        {
            ParameterLocation.Query => "query",
            ParameterLocation.Cookie => "cookie",
            _ => "header",
        };
        Challenge = "ApiKey realm=" + Quote(realm) + ", in=" + Quote(Location) + ", name=" + Quote(_name);
    }

    public override string Location { get; }

    public override string CredentialName => _name;

    public override string Challenge { get; }

    [SkipLocalsInit]
    public override CredentialOutcome Check(in HttpMessageView request, string[] scopes)
    {
        return _location switch
        {
            ParameterLocation.Query => FromQuery(request.Query),
            ParameterLocation.Cookie => FromCookie(request.Headers),
            _ => FromHeader(request.Headers),
        };
    }

    private CredentialOutcome FromHeader(IRequestHeaders? headers)
    {
        var count = headers?.GetValueCount(_name) ?? 0;
        if (count == 0)
        {
            return CredentialOutcome.Absent;
        }

        if (count > 1)
        {
            return CredentialOutcome.Malformed("The API key header was sent more than once");
        }

        var value = headers!.GetValue(_name, 0).Trim(" \t");
        return value.IsEmpty ? CredentialOutcome.Malformed("The API key is empty") : Verify(value, percentDecode: false);
    }

    private CredentialOutcome FromQuery(string? query)
    {
        var found = false;
        var rest = query.AsSpan();
        if (rest.StartsWith('?'))
        {
            rest = rest[1..];
        }

        ReadOnlySpan<char> key = default;
        while (true)
        {
            var end = rest.IndexOf('&');
            var pair = end < 0 ? rest : rest[..end];
            var equals = pair.IndexOf('=');
            // names are compared as sent: a key name needing percent-encoding is not expected in practice
            if ((equals < 0 ? pair : pair[..equals]).SequenceEqual(_name))
            {
                if (found)
                {
                    return CredentialOutcome.Malformed("The API key query parameter was sent more than once");
                }

                found = true;
                key = equals < 0 ? default : pair[(equals + 1)..];
            }

            if (end < 0)
            {
                break;
            }

            rest = rest[(end + 1)..];
        }

        if (!found)
        {
            return CredentialOutcome.Absent;
        }

        return key.IsEmpty ? CredentialOutcome.Malformed("The API key is empty") : Verify(key, percentDecode: true);
    }

    private CredentialOutcome FromCookie(IRequestHeaders? headers)
    {
        var found = false;
        var lines = headers?.GetValueCount("Cookie") ?? 0;
        ReadOnlySpan<char> key = default;
        for (var line = 0; line < lines; line++)
        {
            var rest = headers!.GetValue("Cookie", line);
            while (!rest.IsEmpty)
            {
                var end = rest.IndexOf(';');
                var pair = (end < 0 ? rest : rest[..end]).Trim(' ');
                rest = end < 0 ? default : rest[(end + 1)..];
                var equals = pair.IndexOf('=');
                if (equals > 0 && pair[..equals].SequenceEqual(_name))
                {
                    if (found)
                    {
                        // two cookies of the same name (different paths or domains) are ambiguous
                        return CredentialOutcome.Malformed("The API key cookie was sent more than once");
                    }

                    found = true;
                    key = pair[(equals + 1)..];
                    // cookie-value may be wrapped in DQUOTEs (RFC 6265 section 4.1.1)
                    if (key.Length >= 2 && key[0] == '"' && key[^1] == '"')
                    {
                        key = key[1..^1];
                    }
                }
            }
        }

        if (!found)
        {
            return CredentialOutcome.Absent;
        }

        return key.IsEmpty ? CredentialOutcome.Malformed("The API key is empty") : Verify(key, percentDecode: false);
    }

    [SkipLocalsInit]
    private CredentialOutcome Verify(ReadOnlySpan<char> key, bool percentDecode)
    {
        if (key.Length > ApiKeyStore.MaxKeyBytes)
        {
            return Wrong;
        }

        Span<byte> utf8 = stackalloc byte[ApiKeyStore.MaxKeyBytes * 3];
        int written;
        if (percentDecode)
        {
            // a query value is percent-decoded once, '+' as a space, as the parameter checker does
            if (!PercentDecoding.TryDecode(key, utf8, plusIsSpace: true, out written))
            {
                return CredentialOutcome.Malformed("The API key is not valid percent-encoded UTF-8");
            }
        }
        else if (!Encoding.UTF8.TryGetBytes(key, utf8, out written))
        {
            return Wrong;
        }

        return _store.Verify(utf8[..written]) ? CredentialOutcome.Valid : Wrong;
    }

    private static CredentialOutcome Wrong => new(CredentialStatus.Invalid, ViolationCodes.AuthApiKey, "The API key is not valid");
}
