namespace ApiFilter.Policy;

/// <summary>
/// The contract's security requirements cannot be enforced with the policy's <c>auth</c> section: a
/// scheme an operation needs has no settings, or settings of the wrong kind. Thrown when the
/// <see cref="Pipeline.RequestFilter"/> is built, so the filter never starts half-protected. The
/// message names the scheme, its type, the operations needing it, and how to configure it or switch
/// authentication off (<c>auth.mode: off</c>).
/// </summary>
public sealed class AuthenticationConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AuthenticationConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the error that caused it.</summary>
    public AuthenticationConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public AuthenticationConfigurationException()
        : base("The contract's security requirements cannot be enforced with this policy.")
    {
    }
}
