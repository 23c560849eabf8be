namespace ApiFilter.Parameters;

/// <summary>A parameter declaration that cannot be enforced strictly; a load-time error of the contract.</summary>
public sealed class ParameterContractException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ParameterContractException()
    {
        Pointer = "";
    }

    /// <summary>Creates the exception with a message.</summary>
    public ParameterContractException(string message)
        : base(message)
    {
        Pointer = "";
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ParameterContractException(string message, Exception innerException)
        : base(message, innerException)
    {
        Pointer = "";
    }

    /// <summary>Creates the exception for the parameter at <paramref name="pointer"/>.</summary>
    public ParameterContractException(string pointer, string message)
        : base(message)
    {
        Pointer = pointer;
    }

    /// <summary>JSON Pointer of the parameter in the contract document.</summary>
    public string Pointer { get; }
}
