namespace ApiFilter.Policy;

/// <summary>Whether a JWT bearer scheme checks a sender constraint (DPoP, RFC 9449; certificate binding, RFC 8705).</summary>
public enum TokenBindingMode
{
    /// <summary>
    /// Not offered. A token that carries this kind of confirmation is still refused: a sender-constrained token
    /// presented without its proof must not pass as a bearer token (RFC 9449 section 7.2, RFC 8705 section 3).
    /// </summary>
    Off = 0,

    /// <summary>Checked when the token is bound; an unbound token is accepted as a plain bearer token.</summary>
    Allowed,

    /// <summary>Every token must be bound and the binding must hold.</summary>
    Required,
}
