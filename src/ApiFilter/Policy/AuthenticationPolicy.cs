namespace ApiFilter.Policy;

/// <summary>
/// How the contract's security requirements are enforced (the policy's <c>auth</c> section): the
/// mode, the realm named in challenges, and the verification settings of each security scheme the
/// contract declares, by scheme name. Immutable; build in code with <c>with</c> expressions.
/// </summary>
/// <remarks>
/// In <see cref="EnforcementMode.Block"/> (the default) and <see cref="EnforcementMode.Report"/>
/// mode every scheme an operation's requirements name must have settings here, or the
/// <see cref="Pipeline.RequestFilter"/> refuses to be built (<see cref="AuthenticationConfigurationException"/>):
/// a contract that says "authenticated" is never served unauthenticated by accident.
/// <see cref="EnforcementMode.Off"/> leaves authentication to the upstream.
/// </remarks>
public sealed record AuthenticationPolicy
{
    /// <summary>Block mode, realm <c>api</c>, no scheme configured.</summary>
    public static AuthenticationPolicy Default { get; } = new();

    /// <summary>Block (refuse), Report (log the refusal, let the request pass) or Off (do not check). Default Block.</summary>
    public EnforcementMode Mode { get; init; } = EnforcementMode.Block;

    /// <summary>The <c>realm</c> auth-param of every challenge (RFC 9110 section 11.5). Default <c>api</c>.</summary>
    public string Realm { get; init; } = "api";

    /// <summary>Verification settings per contract security scheme name (case-sensitive, as the contract spells it).</summary>
    public IReadOnlyDictionary<string, AuthSchemeSettings> Schemes { get; init; } = new Dictionary<string, AuthSchemeSettings>(StringComparer.Ordinal);

    /// <summary>The operations checked for PKCE (RFC 7636, RFC 9700 section 2.1.1). Default none.</summary>
    public PkceSettings Pkce { get; init; } = PkceSettings.None;

    /// <summary>Checks the values are usable.</summary>
    /// <exception cref="ArgumentException">The realm is empty or holds a quote, backslash or control character, or a scheme's settings are null.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Realm);
        ArgumentNullException.ThrowIfNull(Schemes);
        ArgumentNullException.ThrowIfNull(Pkce);
        // the realm goes into a quoted-string as is (RFC 9110 section 5.6.4): no escaping needed when it has no '"', '\' or controls
        foreach (var c in Realm)
        {
            if (c is '"' or '\\' || char.IsControl(c) || c > '~')
            {
                ThrowHelper.ThrowArgument(nameof(Realm), "The realm must be printable ASCII without '\"' or '\\'.");
            }
        }

        if (Realm.Length == 0)
        {
            ThrowHelper.ThrowArgument(nameof(Realm), "The realm must not be empty.");
        }

        foreach (var (name, settings) in Schemes)
        {
            if (settings is null)
            {
                ThrowHelper.ThrowArgument(nameof(Schemes), $"The settings of scheme '{name}' are null.");
            }
        }
    }
}
