using System.Runtime.CompilerServices;
using System.Text;
using ApiFilter.Contract;
using ApiFilter.Pipeline.Security;
using ApiFilter.Policy;
using ApiFilter.Tokens;

namespace ApiFilter.Pipeline;

/// <summary>
/// The authentication half of the filter: the contract's <c>security</c> requirements enforced with
/// the credentials the policy's <c>auth</c> section configures. Runs after the parameters, before the
/// body plan.
/// </summary>
/// <remarks>
/// Schemes whose keys come from a <see cref="JsonWebKeySource"/> (a polled <c>jwks</c> file, a <c>jwksUri</c>, an
/// issuer's discovery document) are loaded by <see cref="InitializeAsync"/>, which the host awaits before serving;
/// the filter owns the sources and <see cref="Dispose"/> stops them.
/// </remarks>
public sealed partial class RequestFilter : IDisposable
{
    /// <summary>Per operation index: its compiled security, or null when it needs none (or auth is off).</summary>
    private readonly OperationSecurity?[] _security;

    /// <summary>The key sources the verifiers use, by scheme name; set once while the constructor compiles the security.</summary>
    private Dictionary<string, JsonWebKeySource> _keySources = new(StringComparer.Ordinal);

    /// <summary>The key source of each JWT scheme whose keys are kept fresh (by contract scheme name); empty when all keys are fixed.</summary>
    public IReadOnlyDictionary<string, JsonWebKeySource> KeySources => _keySources;

    /// <summary>
    /// Loads the first key set of every key source (concurrently) and starts their refresh schedules. Await it before
    /// serving. A source that cannot load keeps retrying in the background; until it has keys its scheme refuses
    /// every token (401 <c>auth.jwt.key</c>): the filter fails closed per request rather than refusing to start.
    /// </summary>
    /// <returns>The names of the schemes whose source has no key yet.</returns>
    public async Task<IReadOnlyList<string>> InitializeAsync(CancellationToken cancellationToken = default)
    {
        var names = new List<string>(_keySources.Count);
        var loads = new List<Task<bool>>(_keySources.Count);
        foreach (var (name, source) in _keySources)
        {
            names.Add(name);
            loads.Add(source.InitializeAsync(cancellationToken));
        }

        var loaded = await Task.WhenAll(loads).ConfigureAwait(false);
        var empty = new List<string>();
        for (var i = 0; i < loaded.Length; i++)
        {
            if (!loaded[i] || _keySources[names[i]].Current.Keys.Count == 0)
            {
                empty.Add(names[i]);
            }
        }

        return empty;
    }

    /// <summary>Stops and disposes the key sources (their timers and HTTP clients).</summary>
    public void Dispose()
    {
        foreach (var source in _keySources.Values)
        {
            source.Dispose();
        }
    }

    /// <summary>
    /// Compiles every operation's effective requirements once (cold path). Every scheme a requirement
    /// names must be configured, with settings of its kind; otherwise nothing is built and the
    /// exception lists every gap, so the filter never starts without the checks the contract asks for.
    /// </summary>
    private OperationSecurity?[] CompileSecurity(ApiContract? contract, AuthenticationPolicy auth)
    {
        if (contract is null || auth.Mode == EnforcementMode.Off)
        {
            return [];
        }

        var sources = new Dictionary<string, JsonWebKeySource>(StringComparer.Ordinal);
        try
        {
            var result = CompileSecurity(contract, auth, sources);
            _keySources = sources;
            return result;
        }
        catch
        {
            // a filter that is not built owns nothing: stop what was started for it
            foreach (var source in sources.Values)
            {
                source.Dispose();
            }

            throw;
        }
    }

    private static OperationSecurity?[] CompileSecurity(ApiContract contract, AuthenticationPolicy auth, Dictionary<string, JsonWebKeySource> sources)
    {
        var pkce = PkceRoles(contract, auth.Pkce);
        var operations = contract.Operations;
        var result = new OperationSecurity?[operations.Count];
        var verifiers = new Dictionary<string, SchemeVerifier>(StringComparer.Ordinal);
        // scheme name -> what is wrong with it and the operations that need it, in first-seen order
        var gaps = new Dictionary<string, (string Problem, List<string> Operations)>(StringComparer.Ordinal);
        for (int i = 0; i < result.Length; i++)
        {
            var operation = operations[i];
            var security = operation.Model.Security;
            var role = pkce[i];
            if (security.Count == 0)
            {
                if (role != PkceRole.None)
                {
                    result[i] = new OperationSecurity([], true, "", "", "query") { Pkce = role };
                }

                continue;
            }

            var alternatives = new List<SecurityAlternative>();
            var anonymous = false;
            var complete = true;
            foreach (var requirement in security)
            {
                if (requirement.Schemes.Count == 0)
                {
                    anonymous = true;
                    continue;
                }

                var schemeVerifiers = new List<SchemeVerifier>();
                var scopes = new List<string[]>();
                foreach (var (name, scopeList) in requirement.Schemes)
                {
                    var verifier = Verifier(contract.Model, name, scopeList, auth, verifiers, sources, out var problem);
                    if (verifier is null)
                    {
                        if (!gaps.TryGetValue(name, out var gap))
                        {
                            gaps[name] = gap = (problem!, []);
                        }

                        if (!gap.Operations.Contains(operation.Label))
                        {
                            gap.Operations.Add(operation.Label);
                        }

                        complete = false;
                        continue;
                    }

                    schemeVerifiers.Add(verifier);
                    scopes.Add([.. scopeList]);
                }

                alternatives.Add(new SecurityAlternative([.. schemeVerifiers], [.. scopes]));
            }

            if (complete)
            {
                result[i] = Compile(operation, alternatives, anonymous, role);
            }
        }

        if (gaps.Count > 0)
        {
            var message = new StringBuilder("The contract's security requirements cannot be enforced with the policy's auth section:");
            foreach (var (name, (problem, needing)) in gaps)
            {
                message.Append("\n  - ").Append(problem).Append("; needed by ").Append(string.Join(", ", needing));
            }

            message.Append("\nConfigure each scheme under auth.schemes.<name> (JWT bearer: issuers, audiences, algorithms and jwks or secretFile;")
                .Append(" apiKey: keys; http basic: users), or set auth.mode: off to leave authentication to the upstream.");
            throw new AuthenticationConfigurationException(message.ToString());
        }

        return result;
    }

    /// <summary>The PKCE role of each operation; every operationId the policy names must exist in the contract.</summary>
    private static PkceRole[] PkceRoles(ApiContract contract, PkceSettings pkce)
    {
        var operations = contract.Operations;
        var roles = new PkceRole[operations.Count];
        if (pkce.IsEmpty)
        {
            return roles;
        }

        var missing = new List<string>();
        Assign(pkce.Authorize, PkceRole.Authorize, "auth.pkce.authorize");
        Assign(pkce.Token, PkceRole.Token, "auth.pkce.token");
        if (missing.Count > 0)
        {
            throw new AuthenticationConfigurationException("The policy's PKCE checks name operations the contract does not declare: "
                + string.Join(", ", missing) + ". Name each operation by its operationId.");
        }

        return roles;

        void Assign(IReadOnlyList<string> ids, PkceRole role, string key)
        {
            foreach (var id in ids)
            {
                var found = false;
                for (var i = 0; i < operations.Count; i++)
                {
                    if (operations[i].Model.OperationId == id)
                    {
                        roles[i] = role;
                        found = true;
                    }
                }

                if (!found)
                {
                    missing.Add($"{key}: {id}");
                }
            }
        }
    }

    private static OperationSecurity Compile(ContractOperation operation, List<SecurityAlternative> alternatives, bool anonymous, PkceRole pkce)
    {
        var challenges = new List<string>();
        var accepted = new List<string>();
        string? location = null;
        foreach (var alternative in alternatives)
        {
            foreach (var verifier in alternative.Verifiers)
            {
                location ??= verifier.Location;
                if (!challenges.Contains(verifier.Challenge))
                {
                    challenges.Add(verifier.Challenge);
                }

                var description = $"{verifier.Scheme.Name} ({verifier.Location} {verifier.CredentialName})";
                if (!accepted.Contains(description))
                {
                    accepted.Add(description);
                }
            }
        }

        var message = $"{operation.Label} requires credentials: {string.Join(", ", accepted)}.";
        return new OperationSecurity([.. alternatives], anonymous, string.Join(", ", challenges), message, location ?? "header") { Pkce = pkce };
    }

    /// <summary>The shared verifier of scheme <paramref name="name"/>, or null with what is wrong.</summary>
    private static SchemeVerifier? Verifier(ContractModel model, string name, IReadOnlyList<string> scopes, AuthenticationPolicy auth,
        Dictionary<string, SchemeVerifier> verifiers, Dictionary<string, JsonWebKeySource> sources, out string? problem)
    {
        problem = null;
        var scheme = model.SecuritySchemes[name];
        var kind = KindName(scheme);
        if (scopes.Count > 0 && scheme.Kind is not (SecuritySchemeKind.OAuth2 or SecuritySchemeKind.OpenIdConnect)
            && !(scheme.Kind == SecuritySchemeKind.Http && scheme.Scheme == "bearer"))
        {
            // OpenAPI 3.1 lets requirements list roles for any scheme; an API key or a password carries no role to check
            problem = $"scheme '{name}' ({kind}) is required with roles [{string.Join(", ", scopes)}], which only a token's scopes can prove";
            return null;
        }

        if (verifiers.TryGetValue(name, out var existing))
        {
            return existing;
        }

        if (!auth.Schemes.TryGetValue(name, out var settings))
        {
            problem = $"scheme '{name}' ({kind}) is not configured";
            return null;
        }

        SchemeVerifier? verifier = null;
        try
        {
            verifier = (scheme.Kind, scheme.Scheme, settings) switch
            {
                (SecuritySchemeKind.Http, "bearer", JwtBearerSettings jwt) => Bearer(scheme, auth.Realm, jwt),
                (SecuritySchemeKind.OAuth2 or SecuritySchemeKind.OpenIdConnect, _, JwtBearerSettings jwt) => Bearer(scheme, auth.Realm, jwt),
                (SecuritySchemeKind.Http, "basic", BasicAuthSettings basic) => new BasicVerifier(scheme, auth.Realm, basic.Users),
                (SecuritySchemeKind.ApiKey, _, ApiKeySettings keys) => new ApiKeyVerifier(scheme, auth.Realm, keys.Keys),
                _ => null,
            };
        }
        catch (ArgumentException e)
        {
            problem = $"scheme '{name}' ({kind}): {e.Message}";
            return null;
        }

        if (verifier is null)
        {
            var supported = scheme.Kind is SecuritySchemeKind.ApiKey or SecuritySchemeKind.OAuth2 or SecuritySchemeKind.OpenIdConnect
                || (scheme.Kind == SecuritySchemeKind.Http && scheme.Scheme is "bearer" or "basic");
            problem = supported
                ? $"scheme '{name}' ({kind}) is configured with {settings.Describe()}, which do not fit it"
                : $"scheme '{name}' ({kind}) cannot be checked by the filter (supported: http bearer and basic, apiKey, oauth2 and openIdConnect with JWT access tokens)";
            return null;
        }

        verifiers.Add(name, verifier);
        if (verifier is BearerVerifier { KeySource: { } source })
        {
            sources.Add(name, source);
        }

        return verifier;
    }

    /// <summary>A bearer verifier over a new key source when the settings name one (the source is disposed if the verifier cannot be built).</summary>
    private static BearerVerifier Bearer(SecuritySchemeModel scheme, string realm, JwtBearerSettings settings)
    {
        var source = settings.KeySource is { } options ? new JsonWebKeySource(options) : null;
        try
        {
            return new BearerVerifier(scheme, realm, settings.CreateValidator(source), settings);
        }
        catch
        {
            source?.Dispose();
            throw;
        }
    }

    private static string KindName(SecuritySchemeModel scheme) => scheme.Kind switch
    {
        SecuritySchemeKind.ApiKey => $"apiKey in {scheme.ApiKeyLocation?.ToString().ToLowerInvariant()} '{scheme.ApiKeyName}'",
        SecuritySchemeKind.Http => "http " + scheme.Scheme,
        SecuritySchemeKind.OAuth2 => "oauth2",
        SecuritySchemeKind.OpenIdConnect => "openIdConnect",
        _ => "mutualTLS",
    };

    /// <summary>
    /// Checks the request's credentials against the operation's requirements: the first requirement
    /// whose every scheme accepts allows. Allocates nothing when it allows.
    /// </summary>
    /// <remarks>
    /// An optional requirement (<c>{}</c>) lets a request without any credential pass, but not one
    /// whose credential is present and wrong: an upstream that reads optional credentials would
    /// otherwise receive a forged or expired one unchecked. So <c>{}</c> only stands in for "absent".
    /// </remarks>
    private Verdict CheckSecurity(in HttpMessageView request, OperationSecurity security)
    {
        if (security.Pkce != PkceRole.None)
        {
            var pkce = CheckPkce(request, security.Pkce);
            if (!pkce.IsAllowed)
            {
                return pkce;
            }
        }

        var best = default(CredentialOutcome);
        SchemeVerifier? bestVerifier = null;
        string[]? bestScopes = null;
        foreach (var alternative in security.Alternatives)
        {
            var verifiers = alternative.Verifiers;
            var scopes = alternative.Scopes;
            var satisfied = true;
            for (int i = 0; i < verifiers.Length; i++)
            {
                var outcome = verifiers[i].Check(request, scopes[i]);
                if (outcome.IsValid)
                {
                    continue;
                }

                // the most specific failure is reported: insufficient scope over an invalid credential over a malformed one over none
                if (outcome.Status > best.Status)
                {
                    best = outcome;
                    bestVerifier = verifiers[i];
                    bestScopes = scopes[i];
                }

                satisfied = false;
                break;
            }

            if (satisfied)
            {
                return Verdict.Allow;
            }
        }

        if (security.AllowsAnonymous && best.Status <= CredentialStatus.Absent)
        {
            return Verdict.Allow;
        }

        var refusal = RefuseCredentials(security, best, bestVerifier!, bestScopes!);
        if (Policy.Auth.Mode == EnforcementMode.Report)
        {
            Report(refusal.FirstViolation!);
            return Verdict.Allow;
        }

        return refusal;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Verdict RefuseCredentials(OperationSecurity security, in CredentialOutcome outcome, SchemeVerifier verifier, string[] scopes)
    {
        if (outcome.Status == CredentialStatus.Absent)
        {
            return Verdict.RefuseWithChallenge(401, security.MissingChallenge,
                new Violation(ViolationCodes.AuthMissing, "", security.MissingMessage, -1, security.MissingLocation, null));
        }

        var status = outcome.Status switch
        {
            CredentialStatus.Malformed => 400,
            CredentialStatus.InsufficientScope => 403,
            _ => 401,
        };
        var message = outcome.Status == CredentialStatus.InsufficientScope
            ? $"{outcome.Description}: scheme {verifier.Scheme.Name} requires {string.Join(' ', scopes)}."
            : $"{outcome.Description} (scheme {verifier.Scheme.Name}, {verifier.Location} {verifier.CredentialName}).";
        return Verdict.RefuseWithChallenge(status, verifier.ChallengeFor(outcome, scopes),
            new Violation(outcome.Code, "", message, -1, verifier.Location, verifier.Scheme.Pointer));
    }
}
