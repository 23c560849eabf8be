using System.Runtime.CompilerServices;
using ApiFilter.Json;
using ApiFilter.Pipeline.Security;
using ApiFilter.Tokens;

namespace ApiFilter.Pipeline;

/// <summary>
/// PKCE at the edge of an authorization server (RFC 7636; RFC 9700 section 2.1.1 makes it required and S256 only):
/// the operations the policy's <c>auth.pkce</c> names are checked from the request head, before the requirements.
/// </summary>
public sealed partial class RequestFilter
{
    /// <summary>The token operations of <c>auth.pkce.token</c>: their form bodies get a <see cref="PkceTokenRequestSink"/>.</summary>
    private readonly HashSet<Contract.ContractOperation> _pkceTokenOperations;

    private readonly InstancePool<PkceTokenRequestSink> _pkceSinks;

    private static HashSet<Contract.ContractOperation> PkceTokenOperations(Contract.ApiContract? contract, OperationSecurity?[] security)
    {
        var operations = new HashSet<Contract.ContractOperation>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < security.Length; i++)
        {
            if (security[i]?.Pkce == PkceRole.Token)
            {
                operations.Add(contract!.Operation(i));
            }
        }

        return operations;
    }

    /// <summary>
    /// For a token operation's form body, puts the PKCE verifier check in front of <paramref name="sink"/>: the
    /// head check only sees a query, the parameters of a token request travel in the body (RFC 6749 section 4.1.3).
    /// </summary>
    private IJsonValidatorSink? WithPkce(IJsonValidatorSink? sink, Contract.ContractOperation? operation)
    {
        if (operation is null || _pkceTokenOperations.Count == 0 || !_pkceTokenOperations.Contains(operation))
        {
            return sink;
        }

        var pkce = _pkceSinks.Rent();
        pkce.Reset(sink, Policy.Auth.Mode == ApiFilter.Policy.EnforcementMode.Report ? _report : null);
        return pkce;
    }

    /// <summary>The longest query value read for PKCE: a verifier's 128 characters (a challenge has 43).</summary>
    private const int MaxPkceValueChars = PkceRules.MaxVerifierLength;

    /// <summary>Runs the PKCE check of <paramref name="role"/>; allocates nothing when it allows.</summary>
    [SkipLocalsInit]
    private Verdict CheckPkce(in HttpMessageView request, PkceRole role)
    {
        Span<char> first = stackalloc char[MaxPkceValueChars];
        Span<char> second = stackalloc char[MaxPkceValueChars];
        var query = request.Query.AsSpan();
        if (role == PkceRole.Authorize)
        {
            var challenge = QueryValue(query, "code_challenge", first, out var challengeLength);
            if (challenge == QueryValueStatus.Unreadable)
            {
                return PkceRefused(ViolationCodes.AuthPkceChallenge, "code_challenge", "The code_challenge parameter is repeated or not a challenge");
            }

            var method = QueryValue(query, "code_challenge_method", second, out var methodLength);
            if (method == QueryValueStatus.Unreadable)
            {
                return PkceRefused(ViolationCodes.AuthPkceMethod, "code_challenge_method", "The code_challenge_method parameter is repeated or not S256");
            }

            return PkceRules.CheckAuthorizationRequest(first[..challengeLength], second[..methodLength]) switch
            {
                PkceStatus.Valid => Verdict.Allow,
                PkceStatus.MissingChallenge => PkceRefused(ViolationCodes.AuthPkceChallenge, "code_challenge", "The authorization request has no code_challenge; PKCE is required (RFC 9700 section 2.1.1)"),
                PkceStatus.InvalidChallenge => PkceRefused(ViolationCodes.AuthPkceChallenge, "code_challenge", "The code_challenge is not the base64url SHA-256 value S256 makes (RFC 7636 section 4.2)"),
                PkceStatus.MissingChallengeMethod => PkceRefused(ViolationCodes.AuthPkceMethod, "code_challenge_method", "The authorization request has no code_challenge_method, which means plain; only S256 is accepted (RFC 9700 section 2.1.1)"),
                _ => PkceRefused(ViolationCodes.AuthPkceMethod, "code_challenge_method", "Only code_challenge_method S256 is accepted (RFC 9700 section 2.1.1)"),
            };
        }

        // the token request: the verifier is checked when the grant type is visible from the head (see PkceSettings.Token)
        var grant = QueryValue(query, "grant_type", first, out var grantLength);
        if (grant != QueryValueStatus.Found || !first[..grantLength].SequenceEqual("authorization_code"))
        {
            return Verdict.Allow;
        }

        var verifier = QueryValue(query, "code_verifier", second, out var verifierLength);
        var status = verifier == QueryValueStatus.Unreadable ? PkceStatus.InvalidVerifier : PkceRules.CheckTokenRequest(second[..verifierLength]);
        return status switch
        {
            PkceStatus.Valid => Verdict.Allow,
            PkceStatus.MissingVerifier => PkceRefused(ViolationCodes.AuthPkceVerifier, "code_verifier", "The authorization code token request has no code_verifier (RFC 7636 section 4.5)"),
            _ => PkceRefused(ViolationCodes.AuthPkceVerifier, "code_verifier", "The code_verifier is not 43 to 128 unreserved characters (RFC 7636 section 4.1)"),
        };
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Verdict PkceRefused(string code, string parameter, string message)
    {
        var refusal = Verdict.Refuse(new Violation(code, "/" + parameter, message, -1, "query", null));
        if (Policy.Auth.Mode == ApiFilter.Policy.EnforcementMode.Report)
        {
            Report(refusal.FirstViolation!);
            return Verdict.Allow;
        }

        return refusal;
    }

    private enum QueryValueStatus : byte
    {
        Absent,
        Found,
        /// <summary>Repeated (RFC 6749 section 3.1: a parameter must not be sent twice), too long, or not decodable to ASCII.</summary>
        Unreadable,
    }

    /// <summary>
    /// The percent-decoded value of query parameter <paramref name="name"/> into <paramref name="destination"/>.
    /// Names are compared as sent: the PKCE parameter names need no encoding. Linear in the query length.
    /// </summary>
    private static QueryValueStatus QueryValue(ReadOnlySpan<char> query, string name, Span<char> destination, out int length)
    {
        length = 0;
        if (query.StartsWith('?'))
        {
            query = query[1..];
        }

        var status = QueryValueStatus.Absent;
        while (!query.IsEmpty)
        {
            var end = query.IndexOf('&');
            var pair = end < 0 ? query : query[..end];
            query = end < 0 ? default : query[(end + 1)..];
            var equals = pair.IndexOf('=');
            var key = equals < 0 ? pair : pair[..equals];
            if (!key.SequenceEqual(name))
            {
                continue;
            }

            if (status != QueryValueStatus.Absent)
            {
                return QueryValueStatus.Unreadable;
            }

            status = Decode(equals < 0 ? default : pair[(equals + 1)..], destination, out length) ? QueryValueStatus.Found : QueryValueStatus.Unreadable;
        }

        return status;
    }

    /// <summary>Form-style percent-decoding ('+' is a space) of an ASCII value; false when it does not fit or decodes outside ASCII.</summary>
    private static bool Decode(ReadOnlySpan<char> value, Span<char> destination, out int length)
    {
        length = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%')
            {
                if (i + 2 >= value.Length || !char.IsAsciiHexDigit(value[i + 1]) || !char.IsAsciiHexDigit(value[i + 2]))
                {
                    return false;
                }

                c = (char)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2]));
                i += 2;
            }
            else if (c == '+')
            {
                c = ' ';
            }

            if (c > '~' || length == destination.Length)
            {
                return false;
            }

            destination[length++] = c;
        }

        return true;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
