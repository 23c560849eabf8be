namespace ApiFilter.Tokens;

/// <summary>A key or key set could not be loaded: bad JSON, a missing or malformed member, a key too weak to use.</summary>
public sealed class JsonWebKeyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JsonWebKeyException()
    {
    }

    /// <summary>Creates the exception with a message saying which key and what is wrong.</summary>
    public JsonWebKeyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public JsonWebKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
